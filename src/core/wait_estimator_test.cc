#include "core/wait_estimator.h"

#include <gtest/gtest.h>

namespace switchyard::core {
namespace {

TEST(WaitEstimator, UnknownWithoutDataThenStaffingPrior) {
  WaitEstimator w;
  EXPECT_EQ(w.estimate_ms(0, 5), -1);
  w.on_handled(100'000);
  EXPECT_EQ(w.aht_ms(), 100'000);
  EXPECT_EQ(w.estimate_ms(0, 0), -1);         // nobody staffed, nothing measured
  EXPECT_EQ(w.estimate_ms(0, 4), 25'000);     // 4 agents, AHT 100 s: one departure per 25 s
  EXPECT_EQ(w.estimate_ms(3, 4), 100'000);
}

TEST(WaitEstimator, MeasuredDepartureRateDominatesWithData) {
  WaitEstimator w;
  w.on_handled(100'000);  // prior says 1 per 25 s with 4 agents
  const int64_t tau = 600'000;
  int64_t t = 0;
  w.observe_time(t, 0, tau);
  // The line actually moves once every 10 s for an hour.
  for (int i = 0; i < 360; ++i) {
    t += 10'000;
    w.on_departure(t, 5, tau, true);
  }
  EXPECT_NEAR(static_cast<double>(w.estimate_ms(0, 4)), 10'000.0, 600.0);
  EXPECT_NEAR(static_cast<double>(w.estimate_ms(9, 4)), 100'000.0, 6'000.0);
}

TEST(WaitEstimator, IdleTimeAndInstantRoutesDoNotCount) {
  WaitEstimator w;
  const int64_t tau = 600'000;
  w.observe_time(0, 0, tau);
  w.on_departure(0, 1, tau, false);
  EXPECT_EQ(w.departures(), 0.0);
  w.observe_time(1'000'000, 0, tau);  // a long empty period
  EXPECT_EQ(w.busy_ms(), 0.0);
}

TEST(WaitEstimator, BaselineIsAsteriskExponentialAverage) {
  WaitEstimator w;
  w.on_answer(40'000);
  EXPECT_EQ(w.baseline_ms(), 10'000);  // (3*0 + 40000)/4
  w.on_answer(20'000);
  EXPECT_EQ(w.baseline_ms(), 12'500);  // (3*10000 + 20000)/4
}

}  // namespace
}  // namespace switchyard::core
