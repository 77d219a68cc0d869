#include "metrics/kpi_collector.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <tuple>

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
  // Agent `a` in `team` at `site` from t_ms on.
  void placed(core::AgentId a, core::TeamId team, core::SiteId site, int64_t t_ms = 0) {
    core::AgentConfig cfg;
    cfg.team = team;
    cfg.site = site;
    ev(t_ms, core::ev::AgentConfigured{a, cfg});
  }
  void state(core::AgentId a, int64_t t_ms, AgentState to, AgentState from) {
    ev(t_ms, core::ev::AgentStateChanged{a, to, from, ""});
  }
  // Contact `c` of `customer` arrives at t in queue q, agent a answers at
  // once, talks 60 s and wraps up for 10 s with `disposition`: completed
  // at t + 70 s.
  void handled(core::ContactId c, int64_t t, core::QueueId q, const std::string& customer, core::AgentId a = 0,
               const std::string& disposition = "", const std::string& group = "") {
    core::ContactSpec s;
    s.queue = q;
    s.customer_id = customer;
    s.customer_group = group;
    ev(t, ev::ContactCreated{c, s, -1, -1});
    ev(t, ev::ContactAccepted{c, a, q, 0});
    ev(t + 60'000, ev::ContactEnded{c, a, q, 60'000, 0});
    ev(t + 70'000, ev::WrapUpEnded{c, a, q, 10'000, disposition});
    ev(t + 70'000, ev::ContactCompleted{c, a, q});
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

constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kWeekMs = 7 * kDayMs;
constexpr int64_t kHandleMs = 70'000;  // Feed::handled: arrival to completion

// Bins keyed by (dimension, id, arrival day); `per_call` counter sets per
// bins() call (at most 2, as the projections' bins).
class DayBins final : public KpiBins {
 public:
  explicit DayBins(int per_call = 1) : per_call_(per_call) {}
  void bins(Dim d, uint32_t id, int64_t arrival_ms, KpiTargets& out) override {
    for (int i = 0; i < per_call_; ++i) out.add(&cells[{d, id, arrival_ms / kDayMs, i}]);
  }
  void agent_time(Dim, uint32_t, AgentState, int64_t, int64_t) override {}
  const KpiCounters& at(Dim d, uint32_t id, int64_t day) { return cells[{d, id, day, 0}]; }
  std::map<std::tuple<Dim, uint32_t, int64_t, int>, KpiCounters> cells;

 private:
  int per_call_;
};

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

// ---- FCR and repeat contacts (docs/kpis.md, "FCR") --------------------------

TEST(KpiCollectorFcrTest, ARepeatWithinTheWindowMarksTheEarlierContactUnresolved) {
  KpiOptions o;
  o.interval_ms = kDayMs;
  o.per_queue_intervals = true;
  KpiCollector k(o);
  Feed f(k);
  f.queue(0, "q", 20'000);
  f.handled(cid(1), 0, 0, "alice");  // ends at 70 s
  // Exactly the window after that end: a repeat (day 7).
  const int64_t t2 = kHandleMs + kWeekMs;
  f.handled(cid(2), t2, 0, "alice");
  // One ms more than the window after the second one's end: not a repeat.
  f.handled(cid(3), t2 + kHandleMs + kWeekMs + 1, 0, "alice");
  // Another customer in between: not a repeat of alice.
  f.handled(cid(4), kDayMs, 0, "bob");
  for (const KpiCounters* c : {&k.overall(), &k.queue(0)}) {
    EXPECT_EQ(c->fcr_eligible, 4u);
    EXPECT_EQ(c->repeats, 1u);
    EXPECT_EQ(c->unresolved, 1u);
    const KpiFigures x = derive(*c);
    EXPECT_DOUBLE_EQ(x.fcr, 3.0 / 4.0);
    EXPECT_DOUBLE_EQ(x.repeat_rate, 1.0 / 4.0);
  }
  // The repeat counts where the repeat arrived (day 7); "unresolved" where
  // the first contact arrived (day 0).
  EXPECT_EQ(k.interval(0).unresolved, 1u);
  EXPECT_EQ(k.interval(0).repeats, 0u);
  EXPECT_EQ(k.interval(7).repeats, 1u);
  EXPECT_EQ(k.interval(7).unresolved, 0u);
  EXPECT_EQ(k.queue_interval(0, 0).unresolved, 1u);
  EXPECT_EQ(k.queue_interval(0, 7).repeats, 1u);
  EXPECT_EQ(k.interval(1).fcr_eligible, 1u);  // bob
  EXPECT_EQ(k.interval(1).unresolved + k.interval(1).repeats, 0u);
}

TEST(KpiCollectorFcrTest, ArrivingBeforeThePreviousOneEndedIsARepeatToo) {
  KpiCollector k;
  Feed f(k);
  f.queue(0, "q", 20'000);
  core::ContactSpec s = in(0);
  s.customer_id = "alice";
  f.ev(0, ev::ContactCreated{cid(1), s, -1, -1});
  f.ev(0, ev::ContactAccepted{cid(1), 0, 0, 0});
  f.handled(cid(2), 10'000, 0, "alice", 1);  // while the first is on the line; ends first
  f.ev(100'000, ev::ContactEnded{cid(1), 0, 0, 100'000, 0});
  f.ev(100'000, ev::ContactCompleted{cid(1), 0, 0});  // no wrap-up (no ACW)
  // In the order of their ends: cid(1) repeats cid(2).
  EXPECT_EQ(k.overall().fcr_eligible, 2u);
  EXPECT_EQ(k.overall().repeats, 1u);
  EXPECT_EQ(k.overall().unresolved, 1u);
}

TEST(KpiCollectorFcrTest, TheTopicIsTheQueueTheContactWasHandledIn) {
  KpiCollector k;
  Feed f(k);
  f.queue(0, "billing", 20'000);
  f.queue(1, "tech", 20'000);
  f.handled(cid(1), 0, 0, "alice");
  f.handled(cid(2), kDayMs, 1, "alice");  // another queue: another topic
  EXPECT_EQ(k.overall().fcr_eligible, 2u);
  EXPECT_EQ(k.overall().repeats, 0u);
  // Created in billing, transferred to tech and completed there: a repeat
  // on tech, none on billing.
  core::ContactSpec s = in(0);
  s.customer_id = "alice";
  const int64_t t = 2 * kDayMs;
  f.ev(t, ev::ContactCreated{cid(3), s, -1, -1});
  f.ev(t, ev::ContactAccepted{cid(3), 0, 0, 0});
  f.ev(t + 30'000, ev::ContactEnded{cid(3), 0, 0, 30'000, 0});
  f.ev(t + 30'000, ev::ContactTransferred{cid(3), 0, 0, 1, false});
  f.ev(t + 30'000, ev::WrapUpEnded{cid(3), 0, 0, 0, "transferred"});
  f.ev(t + 40'000, ev::ContactAccepted{cid(3), 1, 1, 10'000});
  f.ev(t + 100'000, ev::ContactEnded{cid(3), 1, 1, 60'000, 0});
  f.ev(t + 110'000, ev::WrapUpEnded{cid(3), 1, 1, 10'000, ""});
  f.ev(t + 110'000, ev::ContactCompleted{cid(3), 1, 1});
  EXPECT_EQ(k.overall().fcr_eligible, 3u);  // the transferred contact once
  EXPECT_EQ(k.overall().handled, 4u);       // interactions: it twice
  EXPECT_EQ(k.queue(0).fcr_eligible, 1u);
  EXPECT_EQ(k.queue(1).fcr_eligible, 2u);
  EXPECT_EQ(k.queue(1).repeats, 1u);
  EXPECT_EQ(k.queue(1).unresolved, 1u);
  EXPECT_EQ(k.queue(0).repeats + k.queue(0).unresolved, 0u);
}

TEST(KpiCollectorFcrTest, TheTopicCanBeTheDispositionOfTheLastWrapUp) {
  KpiOptions o;
  o.fcr_topic = FcrTopic::kDisposition;
  KpiCollector k(o);
  Feed f(k);
  f.queue(0, "billing", 20'000);
  f.queue(1, "tech", 20'000);
  f.handled(cid(1), 0, 0, "alice", 0, "refund");
  f.handled(cid(2), kDayMs, 1, "alice", 1, "refund");       // same topic in another queue: repeat
  f.handled(cid(3), 2 * kDayMs, 0, "alice", 0, "invoice");  // another disposition: not
  f.handled(cid(4), 3 * kDayMs, 0, "alice", 0, "");         // none: takes no part
  EXPECT_EQ(k.overall().fcr_eligible, 3u);
  EXPECT_EQ(k.overall().repeats, 1u);
  EXPECT_EQ(k.overall().unresolved, 1u);
  EXPECT_EQ(k.queue(0).unresolved, 1u);  // cid(1), handled in billing
  EXPECT_EQ(k.queue(1).repeats, 1u);
  EXPECT_EQ(to_string(FcrTopic::kDisposition), "disposition");
  EXPECT_EQ(fcr_topic_from_string("queue"), FcrTopic::kQueue);
  EXPECT_FALSE(fcr_topic_from_string("topic"));
}

TEST(KpiCollectorFcrTest, ContactsWithoutCustomerOrNeverHandledTakeNoPart) {
  KpiCollector k;
  Feed f(k);
  f.queue(0, "q", 20'000);
  f.handled(cid(1), 0, 0, "");  // no customer id
  f.handled(cid(2), 1'000, 0, "");
  core::ContactSpec s = in(0);
  s.customer_id = "alice";
  f.ev(2'000, ev::ContactCreated{cid(3), s, -1, -1});
  f.ev(5'000, ev::ContactAbandoned{cid(3), 0, core::kNoId, 3'000});
  f.ev(6'000, ev::ContactCreated{cid(4), s, -1, -1});
  f.ev(9'000, ev::ContactExpired{cid(4), 0, 3'000});
  f.handled(cid(5), 10'000, 0, "alice");  // her first handled contact: no repeat
  EXPECT_EQ(k.overall().handled, 3u);
  EXPECT_EQ(k.overall().fcr_eligible, 1u);
  EXPECT_EQ(k.overall().repeats, 0u);
  EXPECT_EQ(k.customers().open_count(), 0u);
  EXPECT_EQ(k.customers().latest_count(), 1u);
}

// The earlier contact's "unresolved" goes to its own bins: its arrival day,
// queue, channel, group, agent and that agent's team and site then; the
// repeat's to the repeat's.
TEST(KpiCollectorFcrTest, UnresolvedCountsInTheEarlierContactsBins) {
  DayBins bins;
  KpiCollector k({}, &bins);
  Feed f(k);
  f.queue(0, "q", 20'000);
  f.placed(1, 5, 6);
  f.placed(2, 7, 8);
  f.handled(cid(1), 0, 0, "alice", 1, "", "vip");
  f.placed(1, 9, 6, kDayMs);  // agent 1 moves to another team: its earlier contact stays in team 5
  f.handled(cid(2), 2 * kDayMs, 0, "alice", 2, "", "vip");
  const uint32_t vip = k.customers().intern_group("vip");
  for (auto [d, id] : {std::pair{Dim::kCenter, 0u}, {Dim::kQueue, 0u}, {Dim::kChannel, 0u}, {Dim::kGroup, vip},
                       {Dim::kAgent, 1u}, {Dim::kTeam, 5u}, {Dim::kSite, 6u}}) {
    EXPECT_EQ(bins.at(d, id, 0).fcr_eligible, 1u) << to_string(d);
    EXPECT_EQ(bins.at(d, id, 0).unresolved, 1u) << to_string(d);
    EXPECT_EQ(bins.at(d, id, 0).repeats, 0u) << to_string(d);
  }
  for (auto [d, id] : {std::pair{Dim::kCenter, 0u}, {Dim::kQueue, 0u}, {Dim::kGroup, vip}, {Dim::kAgent, 2u},
                       {Dim::kTeam, 7u}, {Dim::kSite, 8u}}) {
    EXPECT_EQ(bins.at(d, id, 2).fcr_eligible, 1u) << to_string(d);
    EXPECT_EQ(bins.at(d, id, 2).repeats, 1u) << to_string(d);
    EXPECT_EQ(bins.at(d, id, 2).unresolved, 0u) << to_string(d);
  }
  EXPECT_EQ(bins.at(Dim::kTeam, 9, 0).unresolved, 0u);
}

// Contacts before stats_from_ms are remembered, not counted: a repeat after
// it counts, the earlier contact's "unresolved" does not. learn() gives the
// same memory as on_event() for them.
TEST(KpiCollectorFcrTest, EarlierContactsAreRememberedNotCounted) {
  KpiOptions o;
  o.stats_from_ms = kDayMs;
  auto run = [&](bool learn) {
    auto k = std::make_unique<KpiCollector>(o);
    uint64_t seq = 0;
    auto feed = [&](int64_t t, core::EventBody b) {
      Event e{++seq, t, std::move(b)};
      if (learn && t < kDayMs) k->learn(e);
      else k->on_event(e);
    };
    core::ContactSpec s = in(0);
    s.customer_id = "alice";
    s.customer_group = "vip";
    feed(0, ev::ContactCreated{cid(1), s, -1, -1});
    feed(0, ev::ContactAccepted{cid(1), 0, 0, 0});
    feed(60'000, ev::ContactEnded{cid(1), 0, 0, 60'000, 0});
    feed(70'000, ev::ContactCompleted{cid(1), 0, 0});
    // Open across stats_from_ms: arrived before, completes after.
    feed(kDayMs - 10'000, ev::ContactCreated{cid(2), s, -1, -1});
    feed(kDayMs - 10'000, ev::ContactAccepted{cid(2), 0, 0, 0});
    feed(kDayMs + 10'000, ev::ContactEnded{cid(2), 0, 0, 20'000, 0});
    feed(kDayMs + 10'000, ev::ContactCompleted{cid(2), 0, 0});
    // After: repeats cid(2).
    feed(2 * kDayMs, ev::ContactCreated{cid(3), s, -1, -1});
    feed(2 * kDayMs, ev::ContactAccepted{cid(3), 0, 0, 0});
    feed(2 * kDayMs + 60'000, ev::ContactEnded{cid(3), 0, 0, 60'000, 0});
    feed(2 * kDayMs + 60'000, ev::ContactCompleted{cid(3), 0, 0});
    return k;
  };
  for (bool learn : {false, true}) {
    auto k = run(learn);
    EXPECT_EQ(k->overall().offered, 1u) << learn;
    EXPECT_EQ(k->overall().fcr_eligible, 1u) << learn;
    EXPECT_EQ(k->overall().repeats, 1u) << learn;
    EXPECT_EQ(k->overall().unresolved, 0u) << learn;
    EXPECT_EQ(k->group_name(0), "vip");
  }
}

// A new collector takes over an old one's memory (the live projection's
// new day), or one restored from a durable checkpoint.
TEST(KpiCollectorFcrTest, MemoryCarriesOverOrIsRestored) {
  KpiCollector day1;
  Feed f1(day1);
  f1.handled(cid(1), 0, 0, "alice");
  KpiCollector day2;
  day2.set_customers(std::move(day1.customers()));
  Feed f2(day2);
  f2.handled(cid(2), kDayMs, 0, "alice");
  EXPECT_EQ(day2.overall().repeats, 1u);

  KpiCollector restored;
  CustomerMemory& m = restored.customers();
  m.restore("alice", "0", HandledContact{.arrival_ms = kDayMs, .end_ms = kDayMs + kHandleMs, .queue = 0});
  Feed f3(restored);
  f3.handled(cid(3), 2 * kDayMs, 0, "alice");
  EXPECT_EQ(restored.overall().repeats, 1u);
  EXPECT_EQ(m.latest("alice", "0")->arrival_ms, 2 * kDayMs);
}

TEST(KpiCollectorFcrTest, MemoryForgetsWhatNoLaterContactCanRepeat) {
  CustomerMemory m;
  m.track_changes(true);
  const int64_t w = kWeekMs;
  m.handled("alice", "0", HandledContact{.arrival_ms = 0, .end_ms = 1'000}, w);
  m.handled("bob", "0", HandledContact{.arrival_ms = 0, .end_ms = 5 * kDayMs}, w);
  m.open(cid(9), OpenContact{"carol", 2 * kDayMs, core::Channel::kVoice, core::kNoId, core::kNoId, ""});
  // carol's open contact (arrived on day 2) may repeat alice's until day 2 + w.
  m.prune(8 * kDayMs, w);
  EXPECT_EQ(m.latest_count(), 2u);
  m.close(cid(9));
  m.prune(8 * kDayMs + 3'600'000, w);  // an hour later: nothing holds alice's back
  EXPECT_EQ(m.latest_count(), 1u);
  EXPECT_FALSE(m.latest("alice", "0"));
  EXPECT_EQ(m.take_pruned_before(), 8 * kDayMs + 3'600'000 - w);
  EXPECT_FALSE(m.take_pruned_before());
  auto changed = m.take_changed();
  ASSERT_EQ(changed.size(), 1u);  // alice's is gone
  EXPECT_EQ(changed[0], (std::pair<std::string, std::string>{"bob", "0"}));
  EXPECT_TRUE(m.take_changed().empty());
  // Pruning scans at most once an hour of event time.
  m.handled("dave", "0", HandledContact{.arrival_ms = 0, .end_ms = 0}, w);
  m.prune(8 * kDayMs + 3'600'000 + 1, w);
  EXPECT_TRUE(m.latest("dave", "0"));
}

TEST(KpiCollectorTest, CustomerGroupsCountEachContactOnceLikeTheCenter) {
  DayBins bins;
  KpiCollector k({}, &bins);
  Feed f(k);
  f.queue(0, "a", 10'000);
  f.queue(1, "b", 10'000);
  core::ContactSpec vip = in(0);
  vip.customer_group = "vip";
  f.ev(0, ev::ContactCreated{cid(1), vip, -1, -1});
  f.ev(0, ev::ContactCreated{cid(2), vip, -1, -1});
  f.ev(0, ev::ContactCreated{cid(3), in(0), -1, -1});  // no group
  f.ev(5'000, ev::ContactMoved{cid(1), 0, 1});
  f.ev(8'000, ev::ContactAccepted{cid(1), 0, 1, 3'000});
  f.ev(30'000, ev::ContactAbandoned{cid(2), 0, core::kNoId, 30'000});
  vip.queue = 1;
  f.ev(40'000, ev::ContactRefused{cid(4), vip, "queue_full"});
  const uint32_t g = k.customers().intern_group("vip");
  EXPECT_EQ(g, 0u);
  EXPECT_EQ(k.group_name(g), "vip");
  const KpiCounters& c = bins.at(Dim::kGroup, g, 0);
  EXPECT_EQ(c.offered, 2u);  // once each, though cid(1) entered two queues
  EXPECT_EQ(c.answered, 1u);
  EXPECT_EQ(c.answered_in_sl, 1u);  // 8 s in total
  EXPECT_EQ(c.abandoned, 1u);
  EXPECT_EQ(c.refused, 1u);
  EXPECT_EQ(c.waiting, 0);
  EXPECT_DOUBLE_EQ(derive(c).service_level, 0.5);
  EXPECT_DOUBLE_EQ(derive(c).abandon_rate, 0.5);
  EXPECT_EQ(bins.cells.size(), 6u);  // center, channel, one group, queues a and b, agent 0
}

// An FCR count touches every counter set there is: the collector's own four
// and two in each dimension. KpiTargets must hold them all (a set it drops
// is silently missing from a report).
TEST(KpiCollectorTest, TheLargestFanOutFitsKpiTargets) {
  DayBins bins(2);
  KpiOptions o;
  o.interval_ms = kDayMs;
  o.per_queue_intervals = true;
  KpiCollector k(o, &bins);
  Feed f(k);
  f.queue(0, "q", 20'000);
  f.placed(0, 1, 2);
  f.handled(cid(1), 0, 0, "alice", 0, "", "vip");
  int sets = 0;
  for (const auto& [key, c] : bins.cells) sets += static_cast<int>(c.fcr_eligible);
  sets += static_cast<int>(k.overall().fcr_eligible + k.interval(0).fcr_eligible + k.queue(0).fcr_eligible +
                           k.queue_interval(0, 0).fcr_eligible);
  EXPECT_EQ(sets, 4 + 2 * kDimCount);
  EXPECT_EQ(sets, KpiTargets::kMax);
}

}  // namespace
}  // namespace switchyard::metrics
