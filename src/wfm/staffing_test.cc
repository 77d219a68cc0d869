// Tests of the staffing requirement per interval and its batch (staffing.h),
// and of the ASA / abandonment targets of required_agents (erlang.h).
//
// Hand-checked values are the reference vectors of erlang_test.cc (computed
// independently with mpmath; docs/kpis.md "Worked examples"): the classic
// queue of 100 calls in 30 min, AHT 180 s (A = 10 Erlangs), T = 20 s.
//   Erlang C, n = 11..15: SL 38.96 / 64.02 / 79.56 / 88.84 / 94.15 %,
//                         ASA 122.78 / 40.44 / 17.12 / 7.84 / 3.67 s.
//   Erlang A (patience 120 s), n = 8..14: abandon 25.80 / 19.22 / 13.75 /
//     9.42 / 6.16 / 3.84 / 2.28 %, ASA 29.27 / 20.94 / 14.55 / 9.78 / 6.33 /
//     3.94 / 2.35 s.
#include "wfm/staffing.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace switchyard::wfm {
namespace {

Workload classic(double patience_s = 0) {
  return Workload{
      .calls = 100, .interval_s = 1800, .aht_s = 180, .target_s = 20, .patience_s = patience_s};
}

StaffingGoal sl(double target, double cap = 1, double shrink = 0) {
  return {.target_sl = target, .max_occupancy = cap, .shrinkage = shrink};
}
StaffingGoal asa(double target_s, double cap = 1, double shrink = 0) {
  return {.max_occupancy = cap,
          .shrinkage = shrink,
          .target = StaffingTarget::kAsa,
          .target_asa_s = target_s};
}
StaffingGoal abandon(double target, double cap = 1) {
  return {.max_occupancy = cap, .target = StaffingTarget::kAbandonRate, .target_abandon = target};
}

int agents(const Workload& w, const StaffingGoal& g) {
  auto r = staff_interval(w, g);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().field + ": " + r.error().message);
  return r ? r->agents : -1;
}

// The smallest n >= 1 whose full evaluation meets the goal, by scanning.
int brute_force(const Workload& w, const StaffingGoal& g) {
  for (int n = 1;; ++n) {
    auto f = evaluate(w, n);
    EXPECT_TRUE(f.has_value());
    if (!f || meets_goal(*f, g)) return n;
  }
}

TEST(StaffInterval, ClassicServiceLevel) {
  // SL(13) = 79.56 % < 80 % <= SL(14) = 88.84 %.
  auto r = staff_interval(classic(), sl(0.8, 1, 0.3));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->agents, 14);
  EXPECT_EQ(r->scheduled_agents, 20);  // 14 / 0.7 = 20 exactly, not 21
  EXPECT_NEAR(r->service_level, 0.88835001917946688, 1e-12);
  EXPECT_NEAR(r->asa_s, 7.8359370117772429, 1e-11);
  EXPECT_NEAR(r->occupancy, 10.0 / 14, 1e-15);
  EXPECT_DOUBLE_EQ(r->traffic_erlangs, 10);
  EXPECT_EQ(r->abandon_rate, 0);
  EXPECT_EQ(agents(classic(), sl(0.79)), 13);  // 79.56 % >= 79 %
  EXPECT_EQ(agents(classic(), sl(0.9)), 15);   // 88.84 % < 90 % <= 94.15 %
}

TEST(StaffInterval, AsaTargetErlangC) {
  EXPECT_EQ(agents(classic(), asa(20)), 13);   // 17.12 s
  EXPECT_EQ(agents(classic(), asa(17)), 14);   // 17.12 > 17 >= 7.84
  EXPECT_EQ(agents(classic(), asa(5)), 15);    // 3.67 s
  EXPECT_EQ(agents(classic(), asa(200)), 11);  // the first stable count: 122.78 s
  auto r = staff_interval(classic(), asa(20, 1, 0.3));
  ASSERT_TRUE(r.has_value());
  EXPECT_NEAR(r->asa_s, 17.116227182189576, 1e-11);
  EXPECT_EQ(r->scheduled_agents, 19);  // 13 / 0.7 = 18.57 -> 19
}

TEST(StaffInterval, ErlangATargets) {
  // Abandonment: 9.42 % at 11, 13.75 % at 10; 3.84 % at 13, 6.16 % at 12.
  EXPECT_EQ(agents(classic(120), abandon(0.10)), 11);
  EXPECT_EQ(agents(classic(120), abandon(0.05)), 13);
  EXPECT_EQ(agents(classic(120), abandon(0.30)), 8);  // 25.80 % at 8
  // ASA of answered contacts: 9.78 s at 11, 14.55 s at 10; 3.94 s at 13.
  EXPECT_EQ(agents(classic(120), asa(10)), 11);
  EXPECT_EQ(agents(classic(120), asa(6)), 13);
  // Service level (erlang_test: SL(11) = 74.2 %, SL(12) = 82.6 %).
  EXPECT_EQ(agents(classic(120), sl(0.8)), 12);
  auto r = staff_interval(classic(120), abandon(0.05));
  ASSERT_TRUE(r.has_value());
  EXPECT_NEAR(r->abandon_rate, 0.0384263748146683, 1e-12);
  EXPECT_NEAR(r->asa_s, 3.93884316078895, 1e-10);
  EXPECT_NEAR(r->service_level, 0.888550498551229, 1e-12);
  EXPECT_NEAR(r->occupancy, 0.739672019373332, 1e-12);
}

TEST(StaffInterval, OccupancyCapBinds) {
  // ASA <= 20 s needs 13, but 10 / 13 = 76.9 % > 75 %: 14 (71.4 %).
  EXPECT_EQ(agents(classic(), asa(20, 0.75)), 14);
  // A loose SL target: the cap alone decides. 10 / 0.6 = 16.7 -> 17.
  EXPECT_EQ(agents(classic(), sl(0.5, 0.6)), 17);
  // An exact tie counts as met: 10 / 20 = 0.5 exactly.
  EXPECT_EQ(agents(classic(), sl(0.5, 0.5)), 20);
  // Erlang A: abandonment 25.8 % at 8 meets a 30 % target, but occupancy
  // 92.75 % > 90 % until 9 (89.76 %).
  EXPECT_EQ(agents(classic(120), abandon(0.30, 0.9)), 9);
}

TEST(StaffInterval, ShrinkageRounding) {
  // 14 on the phones: ceil(14 / (1 - s)), an exact quotient not rounded up.
  for (auto [shrink, scheduled] :
       {std::pair{0.0, 14}, {0.3, 20}, {0.5, 28}, {0.35, 22}, {0.125, 16}, {0.2, 18}}) {
    auto r = staff_interval(classic(), sl(0.8, 1, shrink));
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->agents, 14);
    EXPECT_EQ(r->scheduled_agents, scheduled) << shrink;
  }
}

TEST(StaffInterval, ZeroVolumeNeedsNobody) {
  for (double patience : {0.0, 60.0}) {
    Workload w = classic(patience);
    w.calls = 0;
    for (const StaffingGoal& g : {sl(0.8, 0.85, 0.3), asa(15), abandon(0.05)}) {
      if (patience == 0 && g.target == StaffingTarget::kAbandonRate) continue;
      auto r = staff_interval(w, g);
      ASSERT_TRUE(r.has_value());
      EXPECT_EQ(r->agents, 0);
      EXPECT_EQ(r->scheduled_agents, 0);
      EXPECT_EQ(r->service_level, 1);
      EXPECT_EQ(r->occupancy, 0);
    }
  }
  // A tiny volume still needs one agent.
  Workload w = classic();
  w.calls = 1e-6;
  EXPECT_EQ(agents(w, sl(0.8)), 1);
}

TEST(StaffInterval, SearchMatchesBruteForceForEveryTarget) {
  for (double patience : {0.0, 30.0, 300.0}) {
    for (double calls : {0.4, 6.0, 100.0, 420.0}) {
      for (double cap : {1.0, 0.85}) {
        std::vector<StaffingGoal> goals = {sl(0.8, cap), sl(0.95, cap), asa(5, cap), asa(60, cap)};
        if (patience > 0) {
          goals.push_back(abandon(0.02, cap));
          goals.push_back(abandon(0.2, cap));
        }
        for (const StaffingGoal& g : goals) {
          Workload w = classic(patience);
          w.calls = calls;
          const int expected = brute_force(w, g);
          EXPECT_EQ(agents(w, g), expected)
              << patience << " " << calls << " " << cap << " " << static_cast<int>(g.target);
          // The hint changes the cost, never the answer.
          for (int hint : {1, expected - 1, expected, expected + 1, 5 * expected + 7}) {
            auto s = required_agents(w, g, hint);
            ASSERT_TRUE(s.has_value());
            EXPECT_EQ(s->figures.agents, expected) << hint;
          }
        }
      }
    }
  }
}

TEST(StaffInterval, AbandonTargetNeedsPatience) {
  auto r = staff_interval(classic(), abandon(0.05));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, "patience_s");
}

TEST(StaffInterval, ErrorsNameTheField) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto field = [](const Workload& w, const StaffingGoal& g) {
    auto r = staff_interval(w, g);
    EXPECT_FALSE(r.has_value());
    return r ? std::string() : r.error().field;
  };
  EXPECT_EQ(field(classic(), asa(0)), "target_asa_s");
  EXPECT_EQ(field(classic(), asa(-3)), "target_asa_s");
  EXPECT_EQ(field(classic(), asa(nan)), "target_asa_s");
  EXPECT_EQ(field(classic(), asa(std::numeric_limits<double>::infinity())), "target_asa_s");
  EXPECT_EQ(field(classic(60), abandon(0)), "target_abandon");
  EXPECT_EQ(field(classic(60), abandon(1)), "target_abandon");
  EXPECT_EQ(field(classic(60), abandon(nan)), "target_abandon");
  StaffingGoal bad_kind = sl(0.8);
  bad_kind.target = static_cast<StaffingTarget>(7);
  EXPECT_EQ(field(classic(), bad_kind), "target");
  EXPECT_EQ(field(classic(), sl(0.8, 0)), "max_occupancy");
  EXPECT_EQ(field(classic(), sl(0.8, 1, 1)), "shrinkage");
  Workload w = classic();
  w.aht_s = 0;
  EXPECT_EQ(field(w, sl(0.8)), "aht_s");
  w = classic();
  w.calls = 0;  // checked even without calls
  w.aht_s = -1;
  EXPECT_EQ(field(w, sl(0.8)), "aht_s");
  EXPECT_EQ(field(classic(), sl(1)), "target_sl");  // unreachable with calls
  // The target's own bound is only checked for its kind: a bad target_sl is
  // ignored under an ASA target.
  StaffingGoal g = asa(20);
  g.target_sl = 7;
  EXPECT_EQ(agents(classic(), g), 13);
}

// A day of 96 intervals with a daily shape and random noise; some zeros.
QueueForecast random_queue(std::mt19937_64& rng, double patience, const StaffingGoal& goal) {
  std::uniform_real_distribution<double> u(0, 1);
  QueueForecast q;
  q.interval_s = 900;
  q.patience_s = patience;
  q.goal = goal;
  const double peak = 5 + 295 * u(rng);
  for (int i = 0; i < 96; ++i) {
    const double shape = std::max(0.0, std::sin(3.14159265 * (i - 28) / 60));
    q.calls.push_back(u(rng) < 0.1 ? 0.0 : std::round(peak * shape * (0.8 + 0.4 * u(rng))));
    q.aht_s.push_back(120 + 300 * u(rng));
  }
  return q;
}

TEST(StaffQueues, BatchEqualsSingleCallsOnARandomGrid) {
  std::mt19937_64 rng(20261201);
  std::vector<QueueForecast> queues;
  for (int k = 0; k < 12; ++k) {
    queues.push_back(random_queue(rng, 0, sl(0.8, 0.9, 0.3)));
    queues.push_back(random_queue(rng, 0, asa(30, 1, 0.25)));
    queues.push_back(random_queue(rng, 90 + 10 * k, sl(0.8, 0.85)));
    queues.push_back(random_queue(rng, 200, abandon(0.05, 1)));
  }
  queues.push_back(random_queue(rng, 150, asa(15)));
  auto batch = staff_queues(queues);
  ASSERT_TRUE(batch.has_value()) << batch.error().field << ": " << batch.error().message;
  ASSERT_EQ(batch->size(), queues.size());
  int zeros = 0, nonzero = 0;
  for (size_t q = 0; q < queues.size(); ++q) {
    ASSERT_EQ((*batch)[q].size(), 96u);
    for (size_t i = 0; i < 96; ++i) {
      const Workload w{.calls = queues[q].calls[i],
                       .interval_s = 900,
                       .aht_s = queues[q].aht_s[i],
                       .target_s = 20,
                       .patience_s = queues[q].patience_s};
      auto one = staff_interval(w, queues[q].goal);
      ASSERT_TRUE(one.has_value());
      const IntervalRequirement& b = (*batch)[q][i];
      EXPECT_EQ(b.agents, one->agents) << q << " " << i;
      EXPECT_EQ(b.scheduled_agents, one->scheduled_agents) << q << " " << i;
      EXPECT_EQ(b.service_level, one->service_level) << q << " " << i;
      EXPECT_EQ(b.asa_s, one->asa_s) << q << " " << i;
      EXPECT_EQ(b.occupancy, one->occupancy) << q << " " << i;
      EXPECT_EQ(b.abandon_rate, one->abandon_rate) << q << " " << i;
      (w.calls == 0 ? zeros : nonzero) += 1;
      if (w.calls > 0 && q % 4 == 0 && i % 8 == 0) {
        // And the answer is the goal's minimum (spot check against a scan).
        EXPECT_EQ(b.agents, brute_force(w, queues[q].goal)) << q << " " << i;
      }
    }
  }
  EXPECT_GT(zeros, 100);
  EXPECT_GT(nonzero, 2000);
}

TEST(StaffQueues, ErrorsNameQueueAndInterval) {
  std::mt19937_64 rng(7);
  std::vector<QueueForecast> queues = {random_queue(rng, 0, sl(0.8)),
                                       random_queue(rng, 0, sl(0.8))};
  auto field = [&]() {
    auto r = staff_queues(queues);
    EXPECT_FALSE(r.has_value());
    return r ? std::string() : r.error().field;
  };
  queues[1].calls[17] = -1;
  EXPECT_EQ(field(), "queues[1].calls[17]");
  queues[1].calls[17] = 10;
  queues[1].aht_s[50] = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(field(), "queues[1].aht_s[50]");
  queues[1].aht_s[50] = 180;
  queues[1].aht_s.pop_back();
  EXPECT_EQ(field(), "queues[1].aht_s");
  queues[1].aht_s.push_back(180);
  queues[0].goal = abandon(0.05);  // Erlang C
  EXPECT_EQ(field(), "queues[0].patience_s");
  queues[0].patience_s = 60;
  queues[0].goal.target_abandon = 2;
  EXPECT_EQ(field(), "queues[0].goal.target_abandon");
  queues[0].goal = sl(0.8);
  queues[0].interval_s = 0;
  EXPECT_EQ(field(), "queues[0].interval_s");
  queues[0].interval_s = 900;
  queues[0].target_s = -1;
  EXPECT_EQ(field(), "queues[0].target_s");
  queues[0].target_s = 20;
  EXPECT_TRUE(staff_queues(queues).has_value());
  EXPECT_TRUE(staff_queues({}).has_value());
}

// The overload that writes into a kept result gives exactly what the
// returning one does, whatever the result held before (more or fewer rows,
// stale rows from another forecast), and an error's field is the same.
TEST(StaffQueues, IntoAKeptResultEqualsTheReturnedOne) {
  std::mt19937_64 rng(11);
  std::vector<QueueForecast> queues;
  for (int k = 0; k < 4; ++k) {
    queues.push_back(random_queue(rng, 0, sl(0.8, 0.9)));
    queues.push_back(random_queue(rng, 120, sl(0.8, 0.9)));
    queues.push_back(random_queue(rng, 120, asa(20, 0.9)));
  }
  auto expect_same = [](const std::vector<std::vector<IntervalRequirement>>& a,
                        const std::vector<std::vector<IntervalRequirement>>& b) {
    ASSERT_EQ(a.size(), b.size());
    for (size_t q = 0; q < a.size(); ++q) {
      ASSERT_EQ(a[q].size(), b[q].size()) << q;
      for (size_t i = 0; i < a[q].size(); ++i) {
        EXPECT_EQ(a[q][i].agents, b[q][i].agents) << q << " " << i;
        EXPECT_EQ(a[q][i].scheduled_agents, b[q][i].scheduled_agents) << q << " " << i;
        EXPECT_EQ(a[q][i].traffic_erlangs, b[q][i].traffic_erlangs) << q << " " << i;
        EXPECT_EQ(a[q][i].service_level, b[q][i].service_level) << q << " " << i;
        EXPECT_EQ(a[q][i].asa_s, b[q][i].asa_s) << q << " " << i;
        EXPECT_EQ(a[q][i].occupancy, b[q][i].occupancy) << q << " " << i;
        EXPECT_EQ(a[q][i].abandon_rate, b[q][i].abandon_rate) << q << " " << i;
      }
    }
  };
  auto fresh = staff_queues(queues);
  ASSERT_TRUE(fresh.has_value());
  std::vector<std::vector<IntervalRequirement>> kept;
  ASSERT_TRUE(staff_queues(queues, kept).has_value());
  expect_same(*fresh, kept);
  ASSERT_TRUE(staff_queues(queues, kept).has_value());  // again, storage reused
  expect_same(*fresh, kept);
  // From a result with stale and extra rows, and one with fewer rows.
  std::vector<QueueForecast> more = queues;
  more.push_back(random_queue(rng, 60, abandon(0.05)));
  ASSERT_TRUE(staff_queues(more, kept).has_value());
  ASSERT_EQ(kept.size(), more.size());
  ASSERT_TRUE(staff_queues(queues, kept).has_value());
  expect_same(*fresh, kept);
  std::vector<std::vector<IntervalRequirement>> fewer(2, std::vector<IntervalRequirement>(500));
  ASSERT_TRUE(staff_queues(queues, fewer).has_value());
  expect_same(*fresh, fewer);
  // Errors are the returning overload's.
  queues[2].calls[40] = -1;
  auto bad = staff_queues(queues, kept);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().field, "queues[2].calls[40]");
  EXPECT_EQ(bad.error().message, staff_queues(queues).error().message);
}

}  // namespace
}  // namespace switchyard::wfm
