#include "app/key_filter.h"

#include <functional>

namespace switchyard::app {

namespace {
// Two independent 64-bit hashes of `key` (FNV-1a and std::hash), combined as
// h1 + i * h2 for the i-th probe (Kirsch and Mitzenmacher).
std::pair<uint64_t, uint64_t> hashes(std::string_view key) {
  uint64_t fnv = 14695981039346656037ull;
  for (unsigned char c : key) fnv = (fnv ^ c) * 1099511628211ull;
  uint64_t h2 = std::hash<std::string_view>{}(key) | 1;  // odd: probes cover the table
  return {fnv, h2};
}
}  // namespace

KeyFilter::KeyFilter(uint64_t bits, int64_t ttl_ms)
    : bits_(std::max<uint64_t>(64, (bits + 63) / 64 * 64)), width_ms_(std::max<int64_t>(1, ttl_ms / 2)) {}

int64_t KeyFilter::epoch_of(int64_t t_ms) const {
  return t_ms / width_ms_ - (t_ms % width_ms_ < 0 ? 1 : 0);
}

bool KeyFilter::test(const Generation& g, uint64_t h1, uint64_t h2) const {
  if (g.words.empty()) return false;
  for (int i = 0; i < kHashes; ++i) {
    uint64_t bit = (h1 + static_cast<uint64_t>(i) * h2) % bits_;
    if (!(g.words[bit / 64] >> (bit % 64) & 1)) return false;
  }
  return true;
}

bool KeyFilter::maybe_contains(std::string_view key, int64_t now_ms) {
  if (!ready_) return true;
  auto [h1, h2] = hashes(key);
  const int64_t now = epoch_of(now_ms);
  std::lock_guard lk(mu_);
  for (const Generation& g : gens_)
    if (g.epoch >= now - 2 && g.epoch <= now && test(g, h1, h2)) return true;
  return false;
}

void KeyFilter::add(std::string_view key, int64_t added_ms) {
  auto [h1, h2] = hashes(key);
  const int64_t e = epoch_of(added_ms);
  std::lock_guard lk(mu_);
  Generation& g = gens_[static_cast<size_t>(((e % 3) + 3) % 3)];
  if (g.epoch > e) return;  // the slot holds a newer epoch: this key's TTL is over
  if (g.epoch < e) {        // an epoch older than any kept: reuse the slot
    g.epoch = e;
    g.words.assign(bits_ / 64, 0);
  }
  for (int i = 0; i < kHashes; ++i) {
    uint64_t bit = (h1 + static_cast<uint64_t>(i) * h2) % bits_;
    g.words[bit / 64] |= uint64_t{1} << (bit % 64);
  }
}

}  // namespace switchyard::app
