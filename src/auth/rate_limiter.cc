#include "auth/rate_limiter.h"

#include <algorithm>

namespace switchyard::auth {

void RateLimiter::roll_window(Entry& e, int64_t now_ms) const {
  if (now_ms - e.window_start_ms > window_ms_) {
    e.failures = 0;
    e.window_start_ms = now_ms;
  }
}

bool RateLimiter::try_begin(const std::string& key, int64_t now_ms) {
  Entry& e = entries_[key];
  if (e.locked_until_ms > now_ms) return false;
  roll_window(e, now_ms);
  if (e.failures + e.in_flight >= max_failures_) return false;
  ++e.in_flight;
  return true;
}

void RateLimiter::finish(const std::string& key, int64_t now_ms, Outcome outcome) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  Entry& e = it->second;
  if (e.in_flight > 0) --e.in_flight;
  switch (outcome) {
    case Outcome::kFailure:
      roll_window(e, now_ms);
      if (++e.failures >= max_failures_) {
        e.locked_until_ms = now_ms + lockout_ms_;
        e.failures = 0;
        e.window_start_ms = now_ms;
      }
      break;
    case Outcome::kSuccess:
      e.failures = 0;
      break;
    case Outcome::kSuccessKeepsCount:
    case Outcome::kCancelled:
      break;
  }
}

int64_t RateLimiter::retry_after_ms(const std::string& key, int64_t now_ms) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) return 0;
  const Entry& e = it->second;
  if (e.locked_until_ms > now_ms) return e.locked_until_ms - now_ms;
  int failures = now_ms - e.window_start_ms > window_ms_ ? 0 : e.failures;
  return failures + e.in_flight >= max_failures_ ? 1'000 : 0;
}

void RateLimiter::prune(int64_t now_ms) {
  std::erase_if(entries_, [&](const auto& kv) {
    const Entry& e = kv.second;
    return e.in_flight == 0 && e.locked_until_ms <= now_ms && now_ms - e.window_start_ms > window_ms_;
  });
}

}  // namespace switchyard::auth
