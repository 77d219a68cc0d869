#include "core/wait_estimator.h"

#include <gtest/gtest.h>

#include <cmath>

namespace switchyard::core {
namespace {

constexpr int64_t kTau = 600'000;
constexpr WaitEstimator::Predictions kNone{-1, -1, -1};
using P = WaitEstimator;

// Median of an Erlang(n, rate) wait in the approximation the estimator uses.
double median_ms(double n, double per_departure_ms) {
  return n * std::pow(1.0 - 1.0 / (9.0 * n), 3.0) * per_departure_ms;
}

TEST(WaitEstimator, UnknownWithoutDataThenStaffingRate) {
  WaitEstimator w;
  EXPECT_EQ(w.estimate_ms(0, 5), -1);
  w.on_handled(100'000);
  EXPECT_EQ(w.aht_ms(), 100'000);
  EXPECT_EQ(w.estimate_ms(0, 0), -1);  // nobody staffed
  // 4 agents, AHT 100 s: one departure per 25 s.
  EXPECT_NEAR(w.estimate_ms(0, 4), median_ms(1, 25'000), 1);
  EXPECT_NEAR(w.estimate_ms(3, 4), median_ms(4, 25'000), 1);
  EXPECT_EQ(w.best(), P::kRate);
}

TEST(WaitEstimator, MeasuredDepartureRateOutweighsTheStaffingPrior) {
  WaitEstimator w;
  w.on_handled(100'000);  // prior: 1 per 25 s with 4 agents
  int64_t t = 0;
  w.observe_time(t, 0, kTau);
  // The line moves once every 10 s for an hour (abandonment: nothing served).
  for (int i = 0; i < 360; ++i) {
    t += 10'000;
    w.on_departure(t, 5, kTau, 30'000, 2, /*served=*/false, kNone);
  }
  // About 60 departures remembered (tau = 10 min of busy time) against the
  // prior's 2: within 5% of the measured 10 s, far from the prior's 25 s.
  EXPECT_NEAR(static_cast<double>(w.estimate_ms(0, 4)), median_ms(1, 10'000), 0.05 * median_ms(1, 10'000));
  EXPECT_NEAR(static_cast<double>(w.estimate_ms(9, 4)), median_ms(10, 10'000), 0.05 * median_ms(10, 10'000));
}

TEST(WaitEstimator, DelayHistoryPredictors) {
  WaitEstimator w;
  w.on_handled(100'000);
  w.observe_time(0, 0, kTau);
  // Served after 12 s with 2 ahead: 4 s per place; 12 s recent wait.
  w.on_departure(12'000, 3, kTau, 12'000, 2, true, kNone);
  auto p = w.predict(4, 4);
  EXPECT_EQ(p[P::kPlace], 20'000);
  EXPECT_EQ(p[P::kRecent], 12'000);
  // A contact served at once is a zero wait for kRecent (weight 1/4).
  w.on_departure(12'001, 1, kTau, 0, 0, true, kNone);
  EXPECT_EQ(w.predict(0, 4)[P::kRecent], 9'000);
  EXPECT_EQ(w.predict(0, 0)[P::kRecent], -1);  // nobody staffed
}

TEST(WaitEstimator, TheMostAccurateRecentPredictorIsAnnounced) {
  WaitEstimator w;
  w.on_handled(100'000);
  w.observe_time(0, 0, kTau);
  w.on_departure(1, 1, kTau, 10'000, 0, true, kNone);
  // Waits keep coming out at 10 s; kPlace predicted 10 s, kRecent 30 s, kRate 50 s.
  for (int i = 0; i < 50; ++i) w.on_departure(2 + i, 1, kTau, 10'000, 0, true, {10'000, 30'000, 50'000});
  EXPECT_EQ(w.best(), P::kPlace);
  EXPECT_EQ(w.estimate_ms(0, 4), w.predict(0, 4)[P::kPlace]);
  // The regime changes: now kRecent is right, and after enough samples it wins.
  for (int i = 0; i < 200; ++i) w.on_departure(100 + i, 1, kTau, 30'000, 0, true, {10'000, 30'000, 50'000});
  EXPECT_EQ(w.best(), P::kRecent);
  // Contacts served without waiting do not judge the predictors.
  auto before = w.state().error_ms;
  w.on_departure(500, 1, kTau, 0, 0, true, {0, 99'999, 99'999});
  EXPECT_EQ(w.state().error_ms, before);
}

TEST(WaitEstimator, InstantRoutesAndIdleTimeDoNotCountAsDepartures) {
  WaitEstimator w;
  w.observe_time(0, 0, kTau);
  w.on_departure(0, 1, kTau, 0, 0, true, kNone);
  EXPECT_EQ(w.state().departures, 0.0);
  w.observe_time(1'000'000, 0, kTau);  // a long empty period
  EXPECT_EQ(w.state().busy_ms, 0.0);
}

TEST(WaitEstimator, NobodyStaffedIsUnknownAndEstimatesAreCapped) {
  WaitEstimator w;
  w.on_handled(100'000);
  w.observe_time(0, 0, kTau);
  w.on_departure(1'000, 1, kTau, 1'000, 0, false, kNone);
  w.observe_time(72'000'000, 5, kTau);  // twenty hours with a line and no departure
  EXPECT_EQ(w.estimate_ms(5, 0), -1);
  EXPECT_LE(w.estimate_ms(1'000'000, 1), 86'400'000);
  EXPECT_GT(w.estimate_ms(1'000'000, 1), 0);
}

TEST(WaitEstimator, StateRoundTrips) {
  WaitEstimator w;
  w.on_handled(90'000);
  w.observe_time(0, 0, kTau);
  w.on_departure(5'000, 2, kTau, 5'000, 1, true, {1, 2, 3});
  WaitEstimator copy;
  copy.restore(w.state());
  EXPECT_EQ(copy.predict(3, 7), w.predict(3, 7));
  EXPECT_EQ(copy.best(), w.best());
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
