#pragma once
// A fixed-size filter of the idempotency keys used in the last TTL, so that a
// request whose key was never used (nearly all of them) needs no store
// look-up before its contact is created (docs/architecture.md, "The
// application services").
//
// Bloom filters in generations: time is cut into epochs of TTL/2; a key goes
// into the filter of the epoch it was used in, and a filter is kept through
// the two epochs after its own, so a key is remembered for at least one whole
// TTL, as long as the store keeps it. Three filters (epoch mod 3) suffice.
// "Maybe" is always followed by the exact look-up; only "no" skips it, and
// "no" is never wrong for a key within its TTL, whatever the order in which
// keys were added (live ones and ones loaded from the store at start).
//
// Memory is fixed (3 x `bits`); with more keys than it was sized for, "maybe"
// gets frequent and the service falls back to look-ups: slower, never wrong.
// Until ready() (the store's keys of the last TTL loaded after a start) every
// answer is "maybe".
//
// Thread-safety: every method may be called from any thread.
#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string_view>
#include <vector>

namespace switchyard::app {

class KeyFilter {
 public:
  // `bits` per generation (rounded up to 64); `ttl_ms` the keys' lifetime.
  KeyFilter(uint64_t bits, int64_t ttl_ms);

  // False only when `key` was certainly not added within the last TTL (and
  // the filter is ready).
  bool maybe_contains(std::string_view key, int64_t now_ms);
  // Records `key` as used at `added_ms` (now, or a loaded key's creation).
  void add(std::string_view key, int64_t added_ms);
  void set_ready() { ready_ = true; }
  bool ready() const { return ready_; }

 private:
  static constexpr int kHashes = 5;
  static constexpr size_t kGenerations = 3;
  struct Generation {
    int64_t epoch = INT64_MIN;  // INT64_MIN: never used
    std::vector<uint64_t> words;
  };
  int64_t epoch_of(int64_t t_ms) const;
  bool test(const Generation& g, uint64_t h1, uint64_t h2) const;

  const uint64_t bits_;
  const int64_t width_ms_;  // TTL / 2
  std::mutex mu_;
  std::array<Generation, kGenerations> gens_;  // guarded by mu_; epoch e in gens_[e mod 3]
  std::atomic<bool> ready_{false};
};

}  // namespace switchyard::app
