#include "auth/rate_limiter.h"

#include <algorithm>

namespace switchyard::auth {

bool RateLimiter::allow(const std::string& key, int64_t now_ms) { return retry_after_ms(key, now_ms) == 0; }

int64_t RateLimiter::retry_after_ms(const std::string& key, int64_t now_ms) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) return 0;
  return std::max<int64_t>(0, it->second.locked_until_ms - now_ms);
}

void RateLimiter::record_failure(const std::string& key, int64_t now_ms) {
  Entry& e = entries_[key];
  if (now_ms - e.window_start_ms > window_ms_) {
    e.failures = 0;
    e.window_start_ms = now_ms;
  }
  if (++e.failures >= max_failures_) {
    e.locked_until_ms = now_ms + lockout_ms_;
    e.failures = 0;
    e.window_start_ms = now_ms;
  }
}

void RateLimiter::prune(int64_t now_ms) {
  std::erase_if(entries_, [&](const auto& kv) {
    const Entry& e = kv.second;
    return e.locked_until_ms <= now_ms && now_ms - e.window_start_ms > window_ms_;
  });
}

}  // namespace switchyard::auth
