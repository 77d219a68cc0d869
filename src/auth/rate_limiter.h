#pragma once
// Login rate limiting: at most `max_failures` failed attempts per key (e.g.
// "user|ip", or "ip" alone) within `window_ms`; past that the key is locked
// for `lockout_ms`. Attempts are reserved before they run and counted while
// in flight, so concurrent attempts cannot exceed the limit: a key with
// `max_failures` attempts in flight refuses the next one until they end.
// Time is passed in (ms). Not thread-safe: the caller serialises access.
#include <cstdint>
#include <string>
#include <unordered_map>

namespace switchyard::auth {

class RateLimiter {
 public:
  RateLimiter(int max_failures, int64_t window_ms, int64_t lockout_ms)
      : max_failures_(max_failures), window_ms_(window_ms), lockout_ms_(lockout_ms) {}

  enum class Outcome {
    kFailure,          // counts toward the limit
    kSuccess,          // clears the key's failures
    kSuccessKeepsCount,// ends the attempt without clearing (per-address keys:
                       //   one good login must not wipe another account's guesses)
    kCancelled,        // never ran (another key refused it)
  };

  // Reserves an attempt for `key` at `now_ms`: false (nothing reserved) when
  // the key is locked, or when its failures in the window plus the attempts
  // in flight reach max_failures. Every true must be followed by finish().
  bool try_begin(const std::string& key, int64_t now_ms);
  void finish(const std::string& key, int64_t now_ms, Outcome outcome);
  // Milliseconds until `key` may try again: the lockout left, or 1 s when
  // only attempts in flight fill it; 0 when an attempt may begin.
  int64_t retry_after_ms(const std::string& key, int64_t now_ms) const;
  // Drops idle entries (no lock, no attempt in flight, window over).
  void prune(int64_t now_ms);
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    int failures = 0;
    int in_flight = 0;
    int64_t window_start_ms = 0;
    int64_t locked_until_ms = 0;
  };
  void roll_window(Entry& e, int64_t now_ms) const;
  int max_failures_;
  int64_t window_ms_;
  int64_t lockout_ms_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace switchyard::auth
