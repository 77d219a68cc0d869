#include "metrics/kpi_collector.h"

#include <gtest/gtest.h>

#include <memory>

namespace switchyard::metrics {
namespace {

using core::AgentState;
using core::Event;
namespace ev = core::ev;

// Builds events by hand; seq is filled in order.
class Feed {
 public:
  explicit Feed(KpiCollector& k) : k_(k) {}
  void ev(int64_t t_ms, core::EventBody body) { k_.on_event(Event{++seq_, t_ms, std::move(body)}); }
  void queue(core::QueueId q, const std::string& name, int64_t sl_ms,
             std::vector<core::SkillRequirement> skills = {}) {
    core::QueueConfig cfg;
    cfg.name = name;
    cfg.sl_target_ms = sl_ms;
    cfg.skills = std::move(skills);
    ev(0, core::ev::QueueConfigured{q, cfg});
  }
  void agent(core::AgentId a, std::vector<core::AgentSkill> skills) {
    core::AgentConfig cfg;
    cfg.name = "a" + std::to_string(a);
    cfg.skills = std::move(skills);
    ev(0, core::ev::AgentConfigured{a, cfg});
  }
  void state(core::AgentId a, int64_t t_ms, AgentState to, AgentState from) {
    ev(t_ms, core::ev::AgentStateChanged{a, to, from, ""});
  }

 private:
  KpiCollector& k_;
  uint64_t seq_ = 0;
};

constexpr core::ContactId cid(uint32_t slot, uint32_t gen = 1) {
  return (static_cast<core::ContactId>(gen) << 32) | slot;
}

core::ContactSpec in(core::QueueId q) {
  core::ContactSpec s;
  s.queue = q;
  return s;
}

TEST(KpiCollectorTest, SingleQueueFigures) {
  KpiCollector k;
  Feed f(k);
  f.queue(0, "sales", 20'000);
  // c1: waits 15 s (in SL), talks 60 s, 10 s ACW.
  f.ev(0, ev::ContactCreated{cid(1), in(0), 10'000, 5'000});
  // c2: short abandon after 3 s.  c3: abandons after 30 s.
  f.ev(1'000, ev::ContactCreated{cid(2), in(0), -1, 0});
  f.ev(2'000, ev::ContactCreated{cid(3), in(0), -1, 0});
  // c4: answered at once, talk 100 s, hold 20 s, no ACW (no kWrapUpEnded).
  f.ev(3'000, ev::ContactCreated{cid(4), in(0), 0, 15'000});
  f.ev(3'000, ev::ContactOffered{cid(4), 7, 0});
  f.ev(3'000, ev::ContactAccepted{cid(4), 7, 0, 0});
  // c5: waits 30 s (outside SL), no prediction of ours.
  f.ev(4'000, ev::ContactCreated{cid(5), in(0), -1, 20'000});
  f.ev(4'000, ev::ContactAbandoned{cid(2), 0, core::kNoId, 3'000});
  f.ev(15'000, ev::ContactAccepted{cid(1), 8, 0, 15'000});
  f.ev(32'000, ev::ContactAbandoned{cid(3), 0, core::kNoId, 30'000});
  f.ev(34'000, ev::ContactAccepted{cid(5), 9, 0, 30'000});
  f.ev(75'000, ev::ContactEnded{cid(1), 8, 0, 60'000, 0});
  f.ev(85'000, ev::WrapUpEnded{cid(1), 8, 0, 10'000, ""});
  f.ev(85'000, ev::ContactCompleted{cid(1), 8, 0});
  f.ev(123'000, ev::ContactEnded{cid(4), 7, 0, 100'000, 20'000});
  f.ev(123'000, ev::ContactCompleted{cid(4), 7, 0});

  for (const KpiCounters* c : {&k.overall(), &k.queue(0)}) {
    const KpiFigures x = derive(*c);
    EXPECT_EQ(x.offered, 5u);
    EXPECT_EQ(x.answered, 3u);
    EXPECT_EQ(x.abandoned, 2u);
    EXPECT_EQ(x.short_abandoned, 1u);
    EXPECT_EQ(x.handled, 2u);
    EXPECT_EQ(x.waiting, 0);
    EXPECT_DOUBLE_EQ(x.service_level, 2.0 / 4.0);
    EXPECT_DOUBLE_EQ(x.asa_s, 15.0);
    EXPECT_DOUBLE_EQ(x.avg_wait_s, 78.0 / 5.0);
    EXPECT_DOUBLE_EQ(x.max_wait_s, 30.0);
    EXPECT_DOUBLE_EQ(x.p_wait, 4.0 / 5.0);
    EXPECT_DOUBLE_EQ(x.aht_s, 95.0);
    EXPECT_DOUBLE_EQ(x.avg_talk_s, 80.0);
    EXPECT_DOUBLE_EQ(x.avg_hold_s, 10.0);
    EXPECT_DOUBLE_EQ(x.avg_acw_s, 5.0);
    EXPECT_DOUBLE_EQ(x.abandon_rate, 0.4);
    EXPECT_EQ(x.ewt_samples, 2u);
    EXPECT_DOUBLE_EQ(x.ewt_mae_s, 2.5);
    EXPECT_DOUBLE_EQ(x.ewt_baseline_mae_s, 35.0 / 3.0);
  }
  EXPECT_EQ(k.queue(0).held, 1u);
  EXPECT_EQ(k.queue_name(0), "sales");
  EXPECT_EQ(k.sl_target_ms(0), 20'000);
}

TEST(KpiCollectorTest, ShortAbandonThresholdAndSlTargetFromConfig) {
  KpiOptions o;
  o.short_abandon_ms = 0;  // nothing is short
  KpiCollector k(o);
  Feed f(k);
  f.queue(0, "q", 10'000);
  f.ev(0, ev::ContactCreated{cid(1), in(0), 0, 0});
  f.ev(0, ev::ContactCreated{cid(2), in(0), 0, 0});
  f.ev(10'000, ev::ContactAccepted{cid(1), core::kNoId, 0, 10'000});  // exactly T: in SL
  f.ev(1'000, ev::ContactAbandoned{cid(2), 0, core::kNoId, 1'000});
  const KpiFigures x = derive(k.queue(0));
  EXPECT_EQ(x.short_abandoned, 0u);
  EXPECT_DOUBLE_EQ(x.service_level, 0.5);
}

TEST(KpiCollectorTest, OccupancyFromAgentStates) {
  KpiCollector k;
  Feed f(k);
  f.queue(0, "skilled", 20'000, {{0, 2}});
  f.queue(1, "any", 20'000);
  f.agent(0, {{0, 3}});
  f.agent(1, {{0, 1}});
  f.state(0, 0, AgentState::kAvailable, AgentState::kLoggedOut);
  f.state(0, 10'000, AgentState::kReserved, AgentState::kAvailable);
  f.state(0, 12'000, AgentState::kBusy, AgentState::kReserved);
  f.state(0, 42'000, AgentState::kWrapUp, AgentState::kBusy);
  f.state(0, 52'000, AgentState::kAvailable, AgentState::kWrapUp);
  f.state(1, 0, AgentState::kAvailable, AgentState::kLoggedOut);
  f.state(1, 20'000, AgentState::kBusy, AgentState::kAvailable);
  f.state(1, 80'000, AgentState::kNotReady, AgentState::kBusy);
  k.close_time(100'000);
  // agent 0: on contacts 40 s, ready idle 60 s. agent 1: 60 s, 20 s, 20 s not ready.
  EXPECT_EQ(k.agent_state_ms(0, AgentState::kBusy), 30'000);
  EXPECT_EQ(k.agent_state_ms(0, AgentState::kReserved), 2'000);
  EXPECT_EQ(k.agent_state_ms(1, AgentState::kNotReady), 20'000);
  EXPECT_DOUBLE_EQ(derive(k.overall()).occupancy, 100.0 / 180.0);
  EXPECT_DOUBLE_EQ(derive(k.overall()).utilisation, 180.0 / 200.0);
  EXPECT_DOUBLE_EQ(derive(k.queue(0)).occupancy, 0.4);  // agent 1 lacks proficiency
  EXPECT_DOUBLE_EQ(derive(k.queue(1)).occupancy, 100.0 / 180.0);
  // close_time is repeatable and time only moves on.
  k.close_time(100'000);
  EXPECT_DOUBLE_EQ(derive(k.queue(0)).occupancy, 0.4);
}

TEST(KpiCollectorTest, WarmupIgnoresEarlyArrivalsAndClipsAgentTime) {
  KpiOptions o;
  o.stats_from_ms = 10'000;
  KpiCollector k(o);
  Feed f(k);
  f.queue(0, "q", 20'000);
  f.state(0, 0, AgentState::kAvailable, AgentState::kLoggedOut);
  f.ev(5'000, ev::ContactCreated{cid(1), in(0), 0, 0});
  f.ev(12'000, ev::ContactAccepted{cid(1), 0, 0, 7'000});
  f.state(0, 12'000, AgentState::kBusy, AgentState::kAvailable);
  f.ev(11'000, ev::ContactCreated{cid(2), in(0), 0, 0});
  f.ev(20'000, ev::ContactAbandoned{cid(2), 0, core::kNoId, 9'000});
  k.close_time(20'000);
  const KpiFigures x = derive(k.overall());
  EXPECT_EQ(x.offered, 1u);
  EXPECT_EQ(x.answered, 0u);
  EXPECT_EQ(x.abandoned, 1u);
  EXPECT_DOUBLE_EQ(x.occupancy, 8.0 / 10.0);
}

TEST(KpiCollectorTest, MovesAndTransfersAttributeToQueues) {
  KpiCollector k;
  Feed f(k);
  f.queue(0, "a", 20'000);
  f.queue(1, "b", 20'000);
  f.queue(2, "c", 20'000);
  f.ev(0, ev::ContactCreated{cid(1), in(0), 20'000, 0});
  f.ev(10'000, ev::ContactMoved{cid(1), 0, 1});
  EXPECT_EQ(k.queue(1).waiting, 1);
  EXPECT_EQ(k.overall().waiting, 1);
  f.ev(25'000, ev::ContactAccepted{cid(1), 3, 1, 15'000});
  f.ev(60'000, ev::ContactTransferred{cid(1), 3, 1, 2, false});
  EXPECT_EQ(k.overall().waiting, 0);
  EXPECT_EQ(k.queue(2).waiting, 1);
  f.ev(70'000, ev::ContactAccepted{cid(1), 4, 2, 10'000});

  EXPECT_EQ(k.queue(0).offered, 1u);
  EXPECT_EQ(k.queue(0).moved_out, 1u);
  EXPECT_EQ(k.queue(0).answered, 0u);
  EXPECT_EQ(k.queue(0).waiting, 0);
  EXPECT_EQ(k.queue(1).offered, 1u);
  EXPECT_EQ(k.queue(1).answered, 1u);
  EXPECT_EQ(k.queue(1).wait_answered_ms, 15'000);
  EXPECT_EQ(k.queue(1).transferred, 1u);
  EXPECT_EQ(k.queue(2).offered, 1u);
  EXPECT_EQ(k.queue(2).answered, 1u);
  EXPECT_EQ(k.queue(2).waiting, 0);
  const KpiFigures x = derive(k.overall());
  EXPECT_EQ(x.offered, 1u);
  EXPECT_EQ(x.answered, 1u);
  EXPECT_DOUBLE_EQ(x.asa_s, 25.0);
  EXPECT_DOUBLE_EQ(x.service_level, 0.0);
  EXPECT_DOUBLE_EQ(x.transfer_rate, 1.0);
  // EWT credited to the queue of arrival, against the total wait.
  EXPECT_EQ(k.queue(0).ewt_samples, 1u);
  EXPECT_EQ(k.queue(0).ewt_abs_err_ms, 5'000);
}

TEST(KpiCollectorTest, RefusedAndExpiredAndConservation) {
  KpiCollector k;
  Feed f(k);
  f.queue(0, "q", 20'000);
  f.ev(0, ev::ContactRefused{cid(9), in(0), ""});
  f.ev(0, ev::ContactCreated{cid(1), in(0), 0, 0});
  f.ev(0, ev::ContactCreated{cid(2), in(0), 0, 0});
  f.ev(0, ev::ContactCreated{cid(3), in(0), 0, 0});
  f.ev(60'000, ev::ContactExpired{cid(1), 0, 60'000});
  f.ev(1'000, ev::ContactAccepted{cid(2), core::kNoId, 0, 1'000});
  const KpiCounters& c = k.queue(0);
  EXPECT_EQ(c.refused, 1u);
  EXPECT_EQ(c.offered, 3u);
  EXPECT_EQ(c.expired, 1u);
  EXPECT_EQ(c.waiting, 1);
  EXPECT_EQ(c.offered, c.answered + c.abandoned + c.expired + c.moved_out + c.waiting);
  EXPECT_EQ(k.overall().refused, 1u);
}

TEST(KpiCollectorTest, AbsurdPredictionsAreCappedAtOneDay) {
  KpiCollector k;
  Feed f(k);
  f.queue(0, "q", 20'000);
  f.ev(0, ev::ContactCreated{cid(1), in(0), INT64_MAX, 8'515'031'371'609'252'570});
  f.ev(0, ev::ContactCreated{cid(2), in(0), INT64_MAX, INT64_MAX});
  f.ev(1'000, ev::ContactAccepted{cid(1), core::kNoId, 0, 1'000});
  f.ev(1'000, ev::ContactAccepted{cid(2), core::kNoId, 0, 1'000});
  EXPECT_EQ(k.overall().ewt_abs_err_ms, 2 * (86'400'000 - 1'000));
  EXPECT_EQ(k.overall().ewt_baseline_abs_err_ms, 2 * (86'400'000 - 1'000));
}

TEST(KpiCollectorTest, SlotReuseWithNewGeneration) {
  KpiCollector k;
  Feed f(k);
  f.queue(0, "q", 20'000);
  f.ev(0, ev::ContactCreated{cid(1, 1), in(0), 0, 0});
  f.ev(1'000, ev::ContactAbandoned{cid(1, 1), 0, core::kNoId, 1'000});
  f.ev(2'000, ev::ContactCreated{cid(1, 2), in(0), 0, 0});
  f.ev(2'500, ev::ContactAbandoned{cid(1, 1), 0, core::kNoId, 500});  // stale id: ignored
  f.ev(3'000, ev::ContactAccepted{cid(1, 2), core::kNoId, 0, 1'000});
  EXPECT_EQ(k.overall().abandoned, 1u);
  EXPECT_EQ(k.overall().answered, 1u);
}

TEST(KpiCollectorTest, IntervalRollups) {
  KpiOptions o;
  o.interval_ms = 900'000;
  o.per_queue_intervals = true;
  KpiCollector k(o);
  Feed f(k);
  f.queue(0, "q", 20'000);
  f.state(0, 0, AgentState::kAvailable, AgentState::kLoggedOut);
  f.ev(100'000, ev::ContactCreated{cid(1), in(0), 0, 0});
  f.ev(899'000, ev::ContactCreated{cid(2), in(0), 0, 0});
  f.ev(950'000, ev::ContactCreated{cid(3), in(0), 0, 0});
  // c2 arrives in interval 0 and is answered in interval 1: counted in 0.
  f.ev(910'000, ev::ContactAccepted{cid(2), 0, 0, 11'000});
  f.state(0, 910'000, AgentState::kBusy, AgentState::kAvailable);
  f.ev(960'000, ev::ContactAbandoned{cid(3), 0, core::kNoId, 10'000});
  k.close_time(1'000'000);
  ASSERT_EQ(k.interval_count(), 2u);
  EXPECT_EQ(k.interval(0).offered, 2u);
  EXPECT_EQ(k.interval(0).answered, 1u);
  EXPECT_EQ(k.interval(1).offered, 1u);
  EXPECT_EQ(k.interval(1).abandoned, 1u);
  EXPECT_EQ(k.interval(0).idle_ms, 900'000);
  EXPECT_EQ(k.interval(1).idle_ms, 10'000);
  EXPECT_EQ(k.interval(1).busy_ms, 90'000);
  EXPECT_EQ(k.queue_interval(0, 0).answered, 1u);
  EXPECT_EQ(k.queue_interval(0, 1).abandoned, 1u);
}

}  // namespace
}  // namespace switchyard::metrics
