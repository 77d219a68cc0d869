#include "auth/rate_limiter.h"

#include <gtest/gtest.h>

namespace switchyard::auth {
namespace {

TEST(RateLimiter, LocksAfterTooManyFailuresThenReleases) {
  RateLimiter rl(3, 60'000, 300'000);
  const std::string k = "ann|127.0.0.1";
  EXPECT_TRUE(rl.allow(k, 0));
  rl.record_failure(k, 1'000);
  rl.record_failure(k, 2'000);
  EXPECT_TRUE(rl.allow(k, 2'500));
  rl.record_failure(k, 3'000);
  EXPECT_FALSE(rl.allow(k, 3'001));
  EXPECT_EQ(rl.retry_after_ms(k, 4'000), 299'000);
  EXPECT_TRUE(rl.allow(k, 303'000));
  EXPECT_TRUE(rl.allow("bob|127.0.0.1", 3'001));  // other keys unaffected
}

TEST(RateLimiter, FailuresOutsideTheWindowDoNotAddUpAndSuccessClears) {
  RateLimiter rl(3, 60'000, 300'000);
  const std::string k = "k";
  rl.record_failure(k, 0);
  rl.record_failure(k, 1'000);
  rl.record_failure(k, 70'000);  // window restarted
  EXPECT_TRUE(rl.allow(k, 70'001));
  rl.record_failure(k, 71'000);
  rl.record_success(k);
  rl.record_failure(k, 72'000);
  EXPECT_TRUE(rl.allow(k, 72'001));
}

TEST(RateLimiter, PruneBoundsMemory) {
  RateLimiter rl(3, 1'000, 1'000);
  for (int i = 0; i < 1000; ++i) rl.record_failure("k" + std::to_string(i), 0);
  EXPECT_EQ(rl.size(), 1000u);
  rl.prune(10'000);
  EXPECT_EQ(rl.size(), 0u);
}

}  // namespace
}  // namespace switchyard::auth
