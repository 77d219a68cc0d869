// Tests of the multi-skill check by simulation (coverage_check.h).
#include "wfm/coverage_check.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "wfm/erlang.h"

namespace switchyard::wfm {
namespace {

constexpr int64_t kHourMs = 3'600'000;

CoverageQueue flat_queue(std::string name, double calls, int intervals, double aht_s = 180) {
  CoverageQueue q;
  q.name = std::move(name);
  q.calls.assign(intervals, calls);
  q.aht_s.assign(intervals, aht_s);
  return q;
}

CoverageAgent agent(std::vector<uint32_t> queues, int64_t from_ms, int64_t to_ms) {
  return CoverageAgent{std::move(queues), {{from_ms, to_ms}}};
}

// answered within T / offered over intervals [from, to), pooled.
double pooled_sl(const std::vector<CoverageCell>& cells, size_t from, size_t to) {
  double offered = 0, in_sl = 0;
  for (size_t i = from; i < to; ++i) {
    offered += cells[i].offered;
    in_sl += cells[i].offered * cells[i].achieved_sl;
  }
  return in_sl / offered;
}

// One queue, 80 calls per 15 min, AHT 180 s (16 Erlangs), 20 dedicated
// agents all day: Erlang C gives SL(20 s) = 83.58 %. 20 replications of a day
// are ~150,000 contacts. The pooled SL of intervals 1..94 (the first starts
// with an empty center, the last holds contacts still waiting at the end)
// over nine disjoint seed sets (1, 21, ..., 161, 20 replications each) was
// 82.45 .. 83.73 %, mean 83.2 %, standard deviation ~0.5 point: at occupancy
// 0.8 consecutive waits are strongly correlated, so the error is ~5x the
// binomial one. The tolerance of 2 points is ~4 standard deviations.
TEST(CoverageCheck, SingleSkillMatchesErlangC) {
  CoverageInput in;
  in.queues.push_back(flat_queue("q", 80, 96));
  for (int a = 0; a < 20; ++a) in.agents.push_back(agent({0}, 0, 24 * kHourMs));
  in.replications = 20;
  in.seed = 1;
  auto r = check_coverage(in);
  ASSERT_TRUE(r.has_value()) << r.error().field << ": " << r.error().message;
  ASSERT_EQ(r->cells.size(), 1u);
  const std::vector<CoverageCell>& cells = r->cells[0];
  ASSERT_EQ(cells.size(), 96u);
  const double erlang =
      evaluate(Workload{.calls = 80, .interval_s = 900, .aht_s = 180, .target_s = 20}, 20)
          ->service_level;
  EXPECT_NEAR(erlang, 0.8358, 1e-4);
  for (const CoverageCell& c : cells) {
    EXPECT_DOUBLE_EQ(c.erlang_agents, 20);
    EXPECT_DOUBLE_EQ(c.erlang_sl, erlang);
    EXPECT_EQ(c.target_sl, 0.8);
  }
  const double sim = pooled_sl(cells, 1, 95);
  std::printf("single skill: simulated SL %.4f, Erlang C %.4f, %llu contacts\n", sim, erlang,
              static_cast<unsigned long long>(r->contacts));
  EXPECT_NEAR(sim, erlang, 0.02);
  EXPECT_GT(r->contacts, 140'000u);
  // Mean offered per interval ~ 80 (Poisson).
  double offered = 0;
  for (const CoverageCell& c : cells) offered += c.offered;
  EXPECT_NEAR(offered / 96, 80, 2);
  // Deterministic: the same input gives the same figures.
  in.replications = 2;
  auto a = check_coverage(in), b = check_coverage(in);
  ASSERT_TRUE(a && b);
  for (size_t i = 0; i < 96; ++i) EXPECT_EQ(a->cells[0][i].achieved_sl, b->cells[0][i].achieved_sl);
}

// Sales (8 Erlangs) has 7 agents of its own: unstable alone. 6 shared agents
// serve sales and support (4 Erlangs, 5 agents of its own) during the first
// four hours only (a break-free plan ending at 04:00). Sales meets ~80 %
// while they are there and collapses after; without them it collapses from
// the start, and support barely changes.
TEST(CoverageCheck, SharedAgentsCarryTheQueueThatNeedsThem) {
  const int intervals = 32;  // 8 hours
  CoverageInput in;
  in.queues.push_back(flat_queue("sales", 40, intervals));
  in.queues.push_back(flat_queue("support", 20, intervals));
  for (int a = 0; a < 7; ++a) in.agents.push_back(agent({0}, 0, 8 * kHourMs));
  for (int a = 0; a < 5; ++a) in.agents.push_back(agent({1}, 0, 8 * kHourMs));
  CoverageInput without = in;
  for (int a = 0; a < 6; ++a) in.agents.push_back(agent({0, 1}, 0, 4 * kHourMs));
  in.replications = without.replications = 8;
  auto with_shared = check_coverage(in);
  auto no_shared = check_coverage(without);
  ASSERT_TRUE(with_shared.has_value()) << with_shared.error().message;
  ASSERT_TRUE(no_shared.has_value()) << no_shared.error().message;
  const auto& sales = with_shared->cells[0];
  const auto& sales_alone = no_shared->cells[0];
  const double first_half = pooled_sl(sales, 1, 16), second_half = pooled_sl(sales, 20, 32);
  const double alone = pooled_sl(sales_alone, 1, 16);
  std::printf("sales SL: shared agents on %.3f, after they leave %.3f, never there %.3f\n",
              first_half, second_half, alone);
  EXPECT_GT(first_half, 0.70);
  EXPECT_LT(second_half, 0.35);
  EXPECT_LT(alone, 0.35);
  EXPECT_GT(first_half - alone, 0.35);
  // Support has 5 agents for 4 Erlangs either way: ~ Erlang C SL(5, 4) = 0.45
  // alone, better with help.
  const double support_alone = pooled_sl(no_shared->cells[1], 1, 32);
  EXPECT_GT(pooled_sl(with_shared->cells[1], 1, 16), support_alone);
  // The Erlang reference splits a shared agent over its two queues:
  // 7 + 6 / 2 = 10 agents for sales while they are on duty, 7 after.
  EXPECT_DOUBLE_EQ(sales[3].erlang_agents, 10);
  EXPECT_DOUBLE_EQ(sales[20].erlang_agents, 7);
  EXPECT_EQ(sales[20].erlang_sl, 0);  // 7 agents for 8 Erlangs: unstable
  EXPECT_GT(sales[3].erlang_sl, 0.5);
}

TEST(CoverageCheck, BreaksAreGaps) {
  // Two agents on duty 0-1 h and 2-3 h (0.13 Erlangs): the 15-minute
  // intervals of the second hour are not answered in time.
  CoverageInput in;
  in.queues.push_back(flat_queue("q", 2, 12, 60));
  for (int a = 0; a < 2; ++a) {
    in.agents.push_back(CoverageAgent{{0}, {{0, kHourMs}, {2 * kHourMs, 3 * kHourMs}}});
  }
  in.replications = 20;
  auto r = check_coverage(in);
  ASSERT_TRUE(r.has_value());
  EXPECT_GT(pooled_sl(r->cells[0], 0, 4), 0.6);
  EXPECT_LT(pooled_sl(r->cells[0], 4, 8), 0.1);
  EXPECT_EQ(r->cells[0][5].erlang_agents, 0);
  EXPECT_EQ(r->cells[0][5].erlang_sl, 0);
  EXPECT_GT(pooled_sl(r->cells[0], 9, 12), 0.6);
}

TEST(CoverageCheck, ErrorsNameTheField) {
  auto field = [](const CoverageInput& in) {
    auto r = check_coverage(in);
    EXPECT_FALSE(r.has_value());
    return r ? std::string() : r.error().field;
  };
  CoverageInput ok;
  ok.queues.push_back(flat_queue("a", 5, 4));
  ok.queues.push_back(flat_queue("b", 5, 4));
  ok.agents.push_back(agent({0, 1}, 0, kHourMs));
  ok.replications = 1;
  ASSERT_TRUE(check_coverage(ok).has_value());
  CoverageInput in = ok;
  in.queues[1].aht_s[2] = 0;
  EXPECT_EQ(field(in), "queues[1].aht_s[2]");
  in = ok;
  in.queues[0].calls[3] = -1;
  EXPECT_EQ(field(in), "queues[0].calls[3]");
  in = ok;
  in.queues[1].calls.push_back(1);
  EXPECT_EQ(field(in), "queues[1].calls");
  in = ok;
  in.queues[1].name = "a";
  EXPECT_EQ(field(in), "queues[1].name");
  in = ok;
  in.agents[0].queues.push_back(2);
  EXPECT_EQ(field(in), "agents[0].queues[2]");
  in = ok;
  in.agents[0].on_duty_ms.push_back({1000, 2000});  // before the previous end
  EXPECT_EQ(field(in), "agents[0].on_duty_ms[1]");
  in = ok;
  in.agents[0].on_duty_ms[0] = {5, 5};
  EXPECT_EQ(field(in), "agents[0].on_duty_ms[0]");
  in = ok;
  in.replications = 0;
  EXPECT_EQ(field(in), "replications");
  in = ok;
  in.interval_ms = 0;
  EXPECT_EQ(field(in), "interval_ms");
  in = ok;
  in.queues[0].target_sl = 0;
  EXPECT_EQ(field(in), "queues[0].target_sl");
  in = ok;
  in.queues.clear();
  EXPECT_EQ(field(in), "queues");
}

}  // namespace
}  // namespace switchyard::wfm
