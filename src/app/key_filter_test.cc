// The filter of used idempotency keys: no false "no" within a key's TTL,
// whatever the order keys are added in; it forgets keys once their TTL is
// over; it says "maybe" to everything until ready.
#include "app/key_filter.h"

#include <gtest/gtest.h>

#include <string>

namespace switchyard::app {
namespace {

constexpr int64_t kTtl = 24 * 3'600'000;

TEST(KeyFilter, NeverForgetsAKeyWithinItsTtl) {
  KeyFilter f(1 << 16, kTtl);
  f.set_ready();
  const int64_t t0 = 1'700'000'000'000;
  for (int i = 0; i < 1000; ++i) f.add("user:1\nk" + std::to_string(i), t0 + i * 60'000);  // over ~17 h
  const int64_t last_added = t0 + 999 * 60'000;
  // At every hour until the last key's TTL ends, every key still in its TTL is a "maybe".
  for (int64_t now = last_added; now < t0 + kTtl; now += 3'600'000) {
    for (int i = 0; i < 1000; ++i) {
      if (now - (t0 + i * 60'000) >= kTtl) continue;
      ASSERT_TRUE(f.maybe_contains("user:1\nk" + std::to_string(i), now)) << i << " at +" << (now - t0);
    }
  }
}

TEST(KeyFilter, KeysLoadedOutOfOrderAreKept) {
  KeyFilter f(1 << 16, kTtl);
  const int64_t now = 1'700'000'000'000;
  f.add("live", now);                   // a live key first...
  f.add("loaded-old", now - kTtl + 1);  // ...then keys from the store, older
  f.add("loaded-mid", now - kTtl / 2);
  f.set_ready();
  EXPECT_TRUE(f.maybe_contains("live", now));
  EXPECT_TRUE(f.maybe_contains("loaded-old", now));
  EXPECT_TRUE(f.maybe_contains("loaded-mid", now));
}

TEST(KeyFilter, SaysNoToUnusedKeysAndForgetsExpiredOnes) {
  KeyFilter f(1 << 20, kTtl);
  const int64_t t0 = 1'700'000'000'000;
  f.add("a", t0);
  EXPECT_TRUE(f.maybe_contains("b", t0)) << "not ready: maybe";
  f.set_ready();
  int false_maybes = 0;
  for (int i = 0; i < 10'000; ++i) false_maybes += f.maybe_contains("unused-" + std::to_string(i), t0);
  EXPECT_LT(false_maybes, 10) << "1 key in 2^20 bits: false positives are rare";
  EXPECT_TRUE(f.maybe_contains("a", t0 + kTtl - 1));
  EXPECT_FALSE(f.maybe_contains("a", t0 + 2 * kTtl)) << "its generation was dropped";
  // Keys older than what is kept are not stored at all.
  f.add("new", t0 + 3 * kTtl);
  f.add("ancient", t0);
  EXPECT_FALSE(f.maybe_contains("ancient", t0 + 3 * kTtl));
  EXPECT_TRUE(f.maybe_contains("new", t0 + 3 * kTtl));
}

}  // namespace
}  // namespace switchyard::app
