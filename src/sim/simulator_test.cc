#include "sim/simulator.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "sim/report.h"
#include "sim/scenario.h"
#include "sim/sim_test_util.h"

namespace switchyard::sim {
namespace {

// Several queues exercising every exit action, a length limit, bullseye,
// overflow, chat capacity, shifts (one past midnight), answer delays and
// missed offers.
constexpr const char* kMulti = R"(
[simulation]
duration_s = 43200
seed = 5
interval_s = 900
[routing]
offer_timeout_s = 8
max_misses = 2
acw_s = 10
[[skills]]
name = "a"
[[skills]]
name = "b"
[[skills]]
name = "c"
[[customer_groups]]
name = "vip"
share = 0.2
priority = 5
[[queues]]
name = "qa"
skills = [{ skill = "a", min = 3 }]
max_length = 15
arrivals = { rate_per_hour = 120 }
handle_time = { dist = "lognormal", mean_s = 200, sd_s = 80 }
patience = { mean_s = 150 }
[[queues.bullseye]]
after_s = 20
min_proficiency = 1
[[queues.bullseye]]
after_s = 60
add_queues = ["qb"]
[queues.overflow]
threshold_s = 40
group_thresholds = { vip = 5 }
backup_teams = ["flex"]
[[queues]]
name = "qb"
skills = ["b"]
max_wait_s = 120
exit = "overflow"
exit_target = "qa"
arrivals = { profile = [10, 40, 25, 5] }
handle_time = { mean_s = 150 }
patience = { mean_s = 300 }
[[queues]]
name = "qend"
skills = ["b"]
max_wait_s = 60
exit = "end"
arrivals = { rate_per_hour = 30 }
handle_time = { dist = "constant", mean_s = 100 }
[[queues]]
name = "qcb"
skills = ["a"]
max_wait_s = 90
exit = "callback"
arrivals = { rate_per_hour = 40 }
handle_time = { mean_s = 120 }
patience = { mean_s = 200 }
[[queues]]
name = "chat"
channel = "chat"
skills = ["c"]
acw_s = 0
arrivals = { rate_per_hour = 60 }
handle_time = { mean_s = 400 }
patience = { mean_s = 500 }
[[agents]]
name = "alpha"
count = 6
team = "main"
skills = { a = 4, b = 2 }
shift = ["00:00", "08:00"]
[[agents]]
name = "beta"
count = 5
team = "main"
skills = { b = 4, a = 1 }
shift = ["22:00", "07:00"]
answer_delay_s = 3
[[agents]]
name = "flex"
count = 3
team = "flex"
skills = { a = 2, b = 2, c = 3 }
capacity = { chat = 3 }
shift_start = "01:00"
shift_end = "09:00"
answer_delay_s = 10   # slower than the offer timeout: misses, then not ready
[[agents]]
name = "chatters"
count = 2
skills = { c = 4 }
capacity = { chat = 3 }
)";

std::unique_ptr<Simulator> run(const std::string& text, std::optional<uint64_t> seed = {}) {
  SimOptions o;
  o.seed = seed;
  return testing::run_scenario(text, o);
}

TEST(SimulatorTest, SameSeedSameReport) {
  auto a = run(kMulti);
  auto b = run(kMulti);
  auto c = run(kMulti, 6);
  EXPECT_EQ(report_json(*a), report_json(*b));
  EXPECT_EQ(a->engine().state_digest(), b->engine().state_digest());
  EXPECT_NE(report_json(*a), report_json(*c));
  EXPECT_EQ(c->stats().seed, 6u);
}

TEST(SimulatorTest, ConservationAcrossQueues) {
  auto sim = run(kMulti);
  const metrics::KpiCollector& k = sim->kpis();
  const SimStats& st = sim->stats();
  const metrics::KpiCounters& o = k.overall();
  EXPECT_GT(o.offered, 1000u);
  EXPECT_EQ(st.stalled_timers, 0u);
  EXPECT_EQ(st.arrivals, o.offered + o.refused);
  EXPECT_EQ(static_cast<int64_t>(o.offered),
            static_cast<int64_t>(o.answered + o.abandoned + o.expired) + o.waiting);
  EXPECT_EQ(static_cast<int64_t>(st.live_contacts), o.waiting + static_cast<int64_t>(o.answered - o.handled));
  uint64_t moved = 0, offered = 0;
  for (size_t i = 0; i < sim->scenario().queues.size(); ++i) {
    const metrics::KpiCounters& q = k.queue(sim->queue_id(i));
    EXPECT_EQ(static_cast<int64_t>(q.offered),
              static_cast<int64_t>(q.answered + q.abandoned + q.expired + q.moved_out) + q.waiting)
        << sim->scenario().queues[i].config.name;
    moved += q.moved_out;
    offered += q.offered;
  }
  EXPECT_EQ(offered, o.offered + moved);  // a moved contact is offered twice
  // Every feature was exercised.
  EXPECT_GT(o.refused, 0u);
  EXPECT_GT(o.expired, 0u);
  EXPECT_GT(moved, 0u);
  EXPECT_GT(o.callbacks, 0u);
  EXPECT_GT(o.overflowed, 0u);
  EXPECT_GT(o.abandoned, 0u);
  EXPECT_GT(st.rejected_commands, 0u);  // late accepts after offer timeouts
  const metrics::KpiFigures f = metrics::derive(o);
  EXPECT_GT(f.occupancy, 0.3);
  EXPECT_LE(f.occupancy, 1.0);
  EXPECT_GT(f.ewt_samples, 0u);
}

TEST(SimulatorTest, AgentsLogOutAfterTheirShift) {
  auto sim = run(kMulti);
  core::Engine& eng = sim->engine();
  // All shifted groups ended hours before the end (12:00); "chatters" have no shift.
  for (const char* name : {"alpha-1", "alpha-6", "beta-1", "beta-5", "flex-1", "flex-3"}) {
    auto id = eng.find_agent(name);
    ASSERT_TRUE(id.has_value()) << name;
    EXPECT_EQ(eng.agent(*id)->state, core::AgentState::kLoggedOut) << name;
  }
  auto chatter = eng.find_agent("chatters-1");
  ASSERT_TRUE(chatter.has_value());
  EXPECT_NE(eng.agent(*chatter)->state, core::AgentState::kLoggedOut);
  // Beta works from 00:00 (yesterday's shift) to 07:00: 7 h logged in each.
  const metrics::KpiCollector& k = sim->kpis();
  int64_t logged_in = 0;
  for (auto s : {core::AgentState::kAvailable, core::AgentState::kNotReady, core::AgentState::kReserved,
                 core::AgentState::kBusy, core::AgentState::kWrapUp}) {
    logged_in += k.agent_state_ms(*eng.find_agent("beta-1"), s);
  }
  EXPECT_GE(logged_in, 7 * 3'600'000);
  EXPECT_LT(logged_in, 7 * 3'600'000 + 1'800'000);  // plus finishing the last contact
}

TEST(SimulatorTest, OvernightShiftLogsInAgainInTheEvening) {
  // Logged in at 00:00 (yesterday's shift), out at 02:00, in again at 22:00.
  auto sim = run(R"(
[simulation]
duration_s = 86400
[[skills]]
name = "a"
[[queues]]
name = "q"
skills = ["a"]
arrivals = { rate_per_hour = 20 }
handle_time = { mean_s = 60 }
[[agents]]
name = "night"
count = 2
skills = { a = 3 }
shift = ["22:00", "02:00"]
)");
  EXPECT_EQ(sim->stats().rejected_commands, 0u);
  core::Engine& eng = sim->engine();
  const core::AgentId a = *eng.find_agent("night-1");
  EXPECT_NE(eng.agent(a)->state, core::AgentState::kLoggedOut);
  int64_t logged_in = 0;
  for (auto s : {core::AgentState::kAvailable, core::AgentState::kReserved, core::AgentState::kBusy,
                 core::AgentState::kWrapUp, core::AgentState::kNotReady}) {
    logged_in += sim->kpis().agent_state_ms(a, s);
  }
  EXPECT_GE(logged_in, 4 * 3'600'000);
  EXPECT_LT(logged_in, 4 * 3'600'000 + 600'000);
}

// On-duty periods with a break; per-queue interval figures; talk time per
// interval (handle_factor).
TEST(SimulatorTest, OnDutyPeriodsAndPerQueueIntervals) {
  auto sc = parse_scenario(R"(
[simulation]
duration_s = 14400
interval_s = 3600
[[skills]]
name = "a"
[[queues]]
name = "q"
skills = ["a"]
sl_target_s = 20
arrivals = { rate_per_hour = 60 }
handle_time = { dist = "constant", mean_s = 30 }
[[agents]]
name = "a"
count = 2
skills = { a = 3 }
on_duty = [[0, 1800], [1800, 3600], [7200, 10800]]
)", "t.toml");
  ASSERT_TRUE(sc.has_value()) << sc.error().message;
  sc->queues[0].handle_factor = {1, 1, 1, 2};  // 60 s in the fourth hour
  SimOptions opts;
  opts.per_queue_intervals = true;
  Simulator sim(std::move(*sc), opts);
  ASSERT_TRUE(sim.setup().has_value());
  sim.run();
  EXPECT_EQ(sim.stats().rejected_commands, 0u);
  const metrics::KpiCollector& k = sim.kpis();
  const core::AgentId a = *sim.engine().find_agent("a-1");
  int64_t logged_in = 0;
  for (auto s : {core::AgentState::kAvailable, core::AgentState::kReserved, core::AgentState::kBusy,
                 core::AgentState::kWrapUp, core::AgentState::kNotReady}) {
    logged_in += k.agent_state_ms(a, s);
  }
  // 00:00-01:00 (two touching periods: no log-out between) and 02:00-03:00.
  EXPECT_GE(logged_in, 2 * 3'600'000);
  EXPECT_LT(logged_in, 2 * 3'600'000 + 120'000);
  const core::QueueId q = sim.queue_id(0);
  const metrics::KpiFigures h0 = metrics::derive(k.queue_interval(q, 0));
  const metrics::KpiFigures h1 = metrics::derive(k.queue_interval(q, 1));
  const metrics::KpiFigures h2 = metrics::derive(k.queue_interval(q, 2));
  const metrics::KpiFigures h3 = metrics::derive(k.queue_interval(q, 3));
  EXPECT_GT(h0.offered, 30u);
  EXPECT_GT(h0.service_level, 0.9);  // 2 agents, 0.5 Erlang
  EXPECT_GT(h1.offered, 30u);
  EXPECT_LT(h1.service_level, 0.05);  // nobody on duty (all wait past 02:00)
  EXPECT_GT(h2.answered, 30u);
  EXPECT_EQ(h3.answered, 0u);  // the agents left at 03:00
  EXPECT_NEAR(h2.avg_talk_s, 30, 1e-9);
  // The per-interval counts add up to the queue's.
  uint64_t offered = 0;
  for (size_t i = 0; i < 4; ++i) offered += k.queue_interval(q, i).offered;
  EXPECT_EQ(offered, k.queue(q).offered);
}

TEST(SimulatorTest, HandleFactorScalesTalkTimePerInterval) {
  auto sc = parse_scenario(R"(
[simulation]
duration_s = 7200
interval_s = 3600
[[queues]]
name = "q"
arrivals = { rate_per_hour = 30 }
handle_time = { dist = "constant", mean_s = 30 }
[[agents]]
name = "a"
count = 3
)", "t.toml");
  ASSERT_TRUE(sc.has_value()) << sc.error().message;
  sc->queues[0].handle_factor = {1, 2.5};
  SimOptions opts;
  opts.per_queue_intervals = true;
  Simulator sim(std::move(*sc), opts);
  ASSERT_TRUE(sim.setup().has_value());
  sim.run();
  const core::QueueId q = sim.queue_id(0);
  EXPECT_NEAR(metrics::derive(sim.kpis().queue_interval(q, 0)).avg_talk_s, 30, 1e-9);
  EXPECT_NEAR(metrics::derive(sim.kpis().queue_interval(q, 1)).avg_talk_s, 75, 1e-9);
}

TEST(SimulatorTest, ReportKeys) {
  auto sim = run(kMulti);
  ReportOptions ro;
  ro.wall_s = 0.5;
  const std::string j = report_json(*sim, ro);
  for (const char* key : {"\"overall\"", "\"queues\"", "\"qa\"", "\"chat\"", "\"service_level\"", "\"asa_s\"",
                          "\"aht_s\"", "\"occupancy\"", "\"p_wait\"", "\"abandon_rate\"", "\"ewt_mae_s\"",
                          "\"ewt_baseline_mae_s\"", "\"events\"", "\"wall_s\"", "\"events_per_s\""}) {
    EXPECT_NE(j.find(key), std::string::npos) << key;
  }
  const std::string t = report_table(*sim, ro);
  EXPECT_NE(t.find("overall"), std::string::npos);
  EXPECT_NE(t.find("qcb"), std::string::npos);
}

// Customers coming back: a population far larger than the run's draws (no
// two fresh contacts share a customer), everyone answered (no patience, ample
// agents), repeats 10 minutes after the end, arrivals only in the first half
// of the day so that every chain of repeats ends within it. Then every
// repeat arrival is a repeat by the FCR rule and marks exactly one earlier
// contact unresolved, and the repeat rate is about the repeat probability.
TEST(SimulatorTest, CustomersComeBackAndTheirRepeatsAreCounted) {
  auto sim = run(R"(
[simulation]
duration_s = 86400
interval_s = 43200
[customers]
count = 1000000000
repeat_probability = 0.3
repeat_after = { dist = "constant", mean_s = 600 }
[[customer_groups]]
name = "vip"
share = 0.25
[[queues]]
name = "q"
arrivals = { profile = [1500, 0] }
handle_time = { mean_s = 180 }
[[agents]]
name = "a"
count = 30
)");
  const SimStats& st = sim->stats();
  const metrics::KpiCounters& all = sim->kpis().overall();
  EXPECT_GT(st.repeat_arrivals, 300u);
  EXPECT_EQ(st.live_contacts, 0u);
  EXPECT_EQ(all.abandoned, 0u);
  EXPECT_EQ(all.handled, st.arrivals);
  EXPECT_EQ(all.fcr_eligible, st.arrivals);  // every contact has a customer id
  EXPECT_EQ(all.repeats, st.repeat_arrivals);
  EXPECT_EQ(all.unresolved, all.repeats);
  const metrics::KpiFigures f = metrics::derive(all);
  EXPECT_NEAR(f.repeat_rate, 0.3, 0.03);
  EXPECT_NEAR(f.fcr, 0.7, 0.03);
  // The report shows them.
  const std::string j = report_json(*sim, ReportOptions{});
  for (const char* key : {"\"fcr\"", "\"repeat_rate\"", "\"fcr_eligible\"", "\"repeat_arrivals\""})
    EXPECT_NE(j.find(key), std::string::npos) << key;
  EXPECT_NE(report_table(*sim, ReportOptions{}).find("FCR%"), std::string::npos);
}

// Each customer keeps its group: every contact of a customer has the same.
TEST(SimulatorTest, ACustomersGroupIsTheCustomers) {
  struct Groups final : core::EventSink {
    std::map<std::string, std::set<std::string>> of;
    void on_event(const core::Event& e) override {
      if (auto* c = e.as<core::ev::ContactCreated>()) of[c->spec.customer_id].insert(c->spec.customer_group);
    }
  } groups;
  auto sim = testing::run_scenario(R"(
[simulation]
duration_s = 86400
[customers]
count = 50
repeat_probability = 0.5
repeat_after = { dist = "constant", mean_s = 60 }
[[customer_groups]]
name = "vip"
share = 0.3
[[queues]]
name = "q"
arrivals = { rate_per_hour = 20 }
handle_time = { mean_s = 180 }
[[agents]]
name = "a"
count = 5
)",
                                   {}, &groups);
  ASSERT_EQ(groups.of.size(), 50u);
  int vip = 0;
  for (const auto& [customer, gs] : groups.of) {
    EXPECT_EQ(customer.rfind("cust-", 0), 0u);
    EXPECT_EQ(gs.size(), 1u) << customer;
    vip += gs.contains("vip");
  }
  EXPECT_GT(vip, 5);
  EXPECT_LT(vip, 25);
}

TEST(SimulatorTest, EngineRefusalNamesTheQueue) {
  // A chat queue overflowing into a voice queue: the engine refuses it.
  auto sc = parse_scenario(R"(
[[skills]]
name = "a"
[[queues]]
name = "v"
skills = ["a"]
arrivals = { rate_per_hour = 1 }
handle_time = { mean_s = 1 }
[[queues]]
name = "c"
channel = "chat"
exit = "overflow"
exit_target = "v"
max_wait_s = 10
arrivals = { rate_per_hour = 1 }
handle_time = { mean_s = 1 }
)", "x");
  ASSERT_TRUE(sc.has_value());
  Simulator sim(std::move(*sc));
  auto r = sim.setup();
  ASSERT_FALSE(r) << "the engine must refuse a cross-channel exit target";
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, "exit_target");
  EXPECT_NE(r.error().message.find("queue 'c'"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("another channel"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace switchyard::sim
