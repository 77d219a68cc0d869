#pragma once
// Login rate limiting: at most `max_failures` failed attempts per key (e.g.
// "user|ip") within `window_ms`; past that the key is locked for `lockout_ms`.
// Time is passed in (ms). Not thread-safe: the caller serialises access.
#include <cstdint>
#include <string>
#include <unordered_map>

namespace switchyard::auth {

class RateLimiter {
 public:
  RateLimiter(int max_failures, int64_t window_ms, int64_t lockout_ms)
      : max_failures_(max_failures), window_ms_(window_ms), lockout_ms_(lockout_ms) {}

  // True if an attempt for `key` may proceed at `now_ms`.
  bool allow(const std::string& key, int64_t now_ms);
  // Milliseconds until `key` may try again (0 if allowed).
  int64_t retry_after_ms(const std::string& key, int64_t now_ms) const;
  void record_failure(const std::string& key, int64_t now_ms);
  void record_success(const std::string& key) { entries_.erase(key); }
  // Drops entries idle for longer than the window and lockout (bounded memory).
  void prune(int64_t now_ms);
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    int failures = 0;
    int64_t window_start_ms = 0;
    int64_t locked_until_ms = 0;
  };
  int max_failures_;
  int64_t window_ms_;
  int64_t lockout_ms_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace switchyard::auth
