#include "auth/rate_limiter.h"

#include <gtest/gtest.h>

namespace switchyard::auth {
namespace {

using Outcome = RateLimiter::Outcome;

// One whole attempt: reserve, then end it with `outcome`; false if refused.
bool attempt(RateLimiter& rl, const std::string& k, int64_t t, Outcome outcome = Outcome::kFailure) {
  if (!rl.try_begin(k, t)) return false;
  rl.finish(k, t, outcome);
  return true;
}

TEST(RateLimiter, LocksAfterTooManyFailuresThenReleases) {
  RateLimiter rl(3, 60'000, 300'000);
  const std::string k = "ann|127.0.0.1";
  EXPECT_TRUE(attempt(rl, k, 1'000));
  EXPECT_TRUE(attempt(rl, k, 2'000));
  EXPECT_EQ(rl.retry_after_ms(k, 2'500), 0);
  EXPECT_TRUE(attempt(rl, k, 3'000));  // the third failure locks
  EXPECT_FALSE(rl.try_begin(k, 3'001));
  EXPECT_EQ(rl.retry_after_ms(k, 4'000), 299'000);
  EXPECT_TRUE(rl.try_begin(k, 303'000));
  rl.finish(k, 303'000, Outcome::kSuccess);
  EXPECT_TRUE(attempt(rl, "bob|127.0.0.1", 3'001));  // other keys unaffected
}

TEST(RateLimiter, FailuresOutsideTheWindowDoNotAddUpAndSuccessClears) {
  RateLimiter rl(3, 60'000, 300'000);
  const std::string k = "k";
  attempt(rl, k, 0);
  attempt(rl, k, 1'000);
  attempt(rl, k, 70'000);  // window restarted
  EXPECT_EQ(rl.retry_after_ms(k, 70'001), 0);
  attempt(rl, k, 71'000);
  attempt(rl, k, 71'500, Outcome::kSuccess);
  attempt(rl, k, 72'000);
  EXPECT_EQ(rl.retry_after_ms(k, 72'001), 0);
  EXPECT_TRUE(rl.try_begin(k, 72'002));
}

// Attempts in flight count: N concurrent attempts cannot all pass the check
// before the first failure is recorded.
TEST(RateLimiter, ConcurrentAttemptsCannotExceedTheLimit) {
  RateLimiter rl(3, 60'000, 300'000);
  const std::string k = "ann|10.0.0.1";
  int admitted = 0;
  for (int i = 0; i < 10; ++i) admitted += rl.try_begin(k, 1'000) ? 1 : 0;
  EXPECT_EQ(admitted, 3);
  EXPECT_EQ(rl.retry_after_ms(k, 1'000), 1'000);  // full of attempts in flight
  for (int i = 0; i < 3; ++i) rl.finish(k, 1'100, Outcome::kFailure);
  EXPECT_FALSE(rl.try_begin(k, 1'200));  // now locked
  EXPECT_GT(rl.retry_after_ms(k, 1'200), 1'000);
  // A cancelled reservation gives its place back.
  RateLimiter other(2, 60'000, 300'000);
  ASSERT_TRUE(other.try_begin("x", 0));
  ASSERT_TRUE(other.try_begin("x", 0));
  EXPECT_FALSE(other.try_begin("x", 0));
  other.finish("x", 0, Outcome::kCancelled);
  EXPECT_TRUE(other.try_begin("x", 0));
}

TEST(RateLimiter, SuccessKeepsCountLeavesFailuresInPlace) {
  RateLimiter rl(3, 60'000, 300'000);
  attempt(rl, "10.0.0.1", 0);
  attempt(rl, "10.0.0.1", 0);
  attempt(rl, "10.0.0.1", 1, Outcome::kSuccessKeepsCount);
  EXPECT_TRUE(attempt(rl, "10.0.0.1", 2));  // the third failure
  EXPECT_FALSE(rl.try_begin("10.0.0.1", 3));
}

TEST(RateLimiter, PruneBoundsMemory) {
  RateLimiter rl(3, 1'000, 1'000);
  for (int i = 0; i < 1000; ++i) attempt(rl, "k" + std::to_string(i), 0);
  ASSERT_TRUE(rl.try_begin("busy", 0));  // in flight: kept
  EXPECT_EQ(rl.size(), 1001u);
  rl.prune(10'000);
  EXPECT_EQ(rl.size(), 1u);
}

}  // namespace
}  // namespace switchyard::auth
