// Routing policy: priority and age across queues, strategies, bullseye,
// overflow, exits, callbacks, transfers, live config changes, EWT.
#include <cmath>

#include "core/test_util.h"

namespace switchyard::core {
namespace {

using testing::EngineTest;

TEST_F(EngineTest, PriorityBeatsAgeAcrossQueues) {
  SkillId s = skill("s");
  QueueId normal = queue("normal", {{s, 1}});
  QueueConfig vip;
  vip.name = "vip";
  vip.skills = {{s, 1}};
  vip.priority = 5;
  QueueId v = *engine.configure_queue(vip);
  auto old = contact(normal);
  clock.advance_ms(30'000);
  auto young_vip = contact(v);
  clock.advance_ms(1'000);
  auto urgent = contact(normal, /*priority=*/10);
  agent("a", {{s, 1}});
  EXPECT_EQ(cstate(urgent.id), ContactState::kOffered);  // 0+10 > 5+0 > 0+0
  agent("b", {{s, 1}});
  EXPECT_EQ(cstate(young_vip.id), ContactState::kOffered);
  agent("c", {{s, 1}});
  EXPECT_EQ(cstate(old.id), ContactState::kOffered);
}

TEST_F(EngineTest, QueueWeightScalesWaitAcrossQueues) {
  SkillId s = skill("s");
  QueueId a_q = queue("plain", {{s, 1}});
  QueueConfig heavy;
  heavy.name = "heavy";
  heavy.skills = {{s, 1}};
  heavy.weight = 3.0;
  QueueId h = *engine.configure_queue(heavy);
  auto older = contact(a_q);
  clock.advance_ms(20'000);
  auto newer = contact(h);
  clock.advance_ms(11'000);  // plain waited 31 s (x1), heavy 11 s (x3 = 33)
  agent("a", {{s, 1}});
  EXPECT_EQ(cstate(newer.id), ContactState::kOffered);
  EXPECT_EQ(cstate(older.id), ContactState::kQueued);
}

TEST_F(EngineTest, LongestIdleIsTheDefaultStrategy) {
  SkillId s = skill("s");
  QueueId q = queue("q", {{s, 1}});
  AgentId a = agent("a", {{s, 1}});
  clock.advance_ms(1'000);
  AgentId b = agent("b", {{s, 1}});
  // a becomes busy, then free again after b: b is now the longest idle.
  auto c1 = contact(q);
  ASSERT_EQ(c1.agent, a);
  ASSERT_TRUE(engine.accept(a, c1.id));
  clock.advance_ms(1'000);
  ASSERT_TRUE(engine.end_contact(a, c1.id));
  clock.advance_ms(1'000);
  EXPECT_EQ(contact(q).agent, b);
}

TEST_F(EngineTest, HighestProficiencyStrategy) {
  SkillId s = skill("s");
  QueueConfig qc;
  qc.name = "q";
  qc.skills = {{s, 1}};
  qc.strategy = Strategy::kHighestProficiency;
  QueueId q = *engine.configure_queue(qc);
  agent("novice", {{s, 1}});
  AgentId expert = agent("expert", {{s, 5}});
  agent("mid", {{s, 3}});
  EXPECT_EQ(contact(q).agent, expert);
}

TEST_F(EngineTest, FewestContactsTodayStrategy) {
  SkillId s = skill("s");
  QueueConfig qc;
  qc.name = "q";
  qc.skills = {{s, 1}};
  qc.strategy = Strategy::kFewestContacts;
  qc.acw_ms = 0;
  QueueId q = *engine.configure_queue(qc);
  AgentId a = agent("a", {{s, 1}});
  AgentId b = agent("b", {{s, 1}});
  for (int i = 0; i < 2; ++i) {
    auto c = contact(q);
    ASSERT_EQ(c.agent, i == 0 ? a : b);  // tie on 0 -> longest idle; then b has fewer
    ASSERT_TRUE(engine.accept(c.agent, c.id));
    ASSERT_TRUE(engine.end_contact(c.agent, c.id));
  }
  auto c = contact(q);  // a: 1 today, b: 1 today -> longest idle = a
  ASSERT_TRUE(engine.accept(c.agent, c.id));
  ASSERT_TRUE(engine.end_contact(c.agent, c.id));
  EXPECT_EQ(c.agent, a);
  EXPECT_EQ(contact(q).agent, b);  // b has 1, a has 2
}

TEST_F(EngineTest, RoundRobinStrategyCyclesThroughAgents) {
  SkillId s = skill("s");
  QueueConfig qc;
  qc.name = "q";
  qc.skills = {{s, 1}};
  qc.strategy = Strategy::kRoundRobin;
  QueueId q = *engine.configure_queue(qc);
  AgentId a = agent("a", {{s, 1}}), b = agent("b", {{s, 1}}), c = agent("c", {{s, 1}});
  std::vector<AgentId> got;
  for (int i = 0; i < 4; ++i) {
    auto r = contact(q);
    got.push_back(r.agent);
    ASSERT_TRUE(engine.abandon(r.id));
  }
  EXPECT_EQ(got, (std::vector<AgentId>{a, b, c, a}));
}

TEST_F(EngineTest, LeastOccupiedStrategy) {
  SkillId s = skill("s");
  QueueConfig qc;
  qc.name = "q";
  qc.skills = {{s, 1}};
  qc.strategy = Strategy::kLeastOccupied;
  qc.acw_ms = 0;
  QueueId q = *engine.configure_queue(qc);
  const int64_t t0 = clock.now_ms();
  AgentId a = agent("a", {{s, 1}});
  AgentId b = agent("b", {{s, 1}});
  at(t0 + 10'000);
  auto c1 = contact(q);  // both idle since t0, occupancy 0: the tie goes to a
  ASSERT_EQ(c1.agent, a);
  ASSERT_TRUE(engine.accept(a, c1.id));
  at(t0 + 70'000);
  ASSERT_TRUE(engine.end_contact(a, c1.id));  // a: 60 s busy
  at(t0 + 100'000);
  auto c2 = contact(q);
  ASSERT_EQ(c2.agent, b);  // b has never been busy
  ASSERT_TRUE(engine.accept(b, c2.id));
  at(t0 + 101'000);
  ASSERT_TRUE(engine.end_contact(b, c2.id));  // b: 1 s busy, free again last
  at(t0 + 102'000);
  // a is the longest idle (free since 70 s), b the least occupied.
  EXPECT_LT(engine.agent(b)->occupancy, engine.agent(a)->occupancy);
  EXPECT_EQ(contact(q).agent, b);
}

TEST_F(EngineTest, BullseyeRelaxesProficiencyForWaitingContacts) {
  SkillId s = skill("s");
  QueueConfig qc;
  qc.name = "q";
  qc.skills = {{s, 4}};
  qc.bullseye = {BullseyeStep{.after_ms = 10'000, .min_proficiency = 2, .alternative_skills = {},
                              .add_queues = {}, .add_sites = {}}};
  QueueId q = *engine.configure_queue(qc);
  AgentId weak = agent("weak", {{s, 2}});
  auto c = contact(q);
  EXPECT_EQ(c.state, ContactState::kQueued);
  at(clock.now_ms() + 9'999);
  EXPECT_EQ(cstate(c.id), ContactState::kQueued);
  at(clock.now_ms() + 1);
  EXPECT_EQ(engine.contact(c.id)->agent, weak);
  EXPECT_EQ(sink.last<ev::BullseyeStep>()->step, 1);
}

TEST_F(EngineTest, BullseyeAlternativeSkillsAndAddedQueues) {
  SkillId es = skill("spanish"), en = skill("english"), tech = skill("tech");
  QueueId tq = queue("tech", {{tech, 1}});
  QueueConfig qc;
  qc.name = "es";
  qc.skills = {{es, 3}};
  qc.bullseye = {
      BullseyeStep{.after_ms = 5'000, .min_proficiency = {}, .alternative_skills = {{{en, 4}}},
                   .add_queues = {}, .add_sites = {}},
      BullseyeStep{.after_ms = 20'000, .min_proficiency = {}, .alternative_skills = {},
                   .add_queues = {tq}, .add_sites = {}}};
  QueueId q = *engine.configure_queue(qc);
  auto c1 = contact(q);
  auto c2 = contact(q);
  AgentId techie = agent("techie", {{tech, 1}});
  AgentId english = agent("english", {{en, 4}});
  EXPECT_EQ(cstate(c1.id), ContactState::kQueued);
  at(clock.now_ms() + 5'000);
  EXPECT_EQ(engine.contact(c1.id)->agent, english);
  EXPECT_EQ(cstate(c2.id), ContactState::kQueued);
  at(clock.now_ms() + 15'000);
  EXPECT_EQ(engine.contact(c2.id)->agent, techie);
}

TEST_F(EngineTest, AgentSideSeesOnlyContactsAtItsStep) {
  // A free agent eligible only from step 1 must skip a fresh contact but take
  // an older one in the same queue that reached step 1.
  SkillId s = skill("s");
  QueueConfig qc;
  qc.name = "q";
  qc.skills = {{s, 5}};
  qc.bullseye = {BullseyeStep{.after_ms = 10'000, .min_proficiency = 1, .alternative_skills = {},
                              .add_queues = {}, .add_sites = {}}};
  QueueId q = *engine.configure_queue(qc);
  auto old = contact(q);
  at(clock.now_ms() + 12'000);
  auto fresh = contact(q, /*priority=*/1);
  AgentId weak = agent("weak", {{s, 1}});
  EXPECT_EQ(engine.contact(old.id)->agent, weak);
  EXPECT_EQ(cstate(fresh.id), ContactState::kQueued);
}

TEST_F(EngineTest, SitesLimitAgentsUntilAStepAddsASite) {
  SkillId s = skill("s");
  SiteId paris = *engine.define_site("paris"), lyon = *engine.define_site("lyon");
  QueueConfig qc;
  qc.name = "q";
  qc.skills = {{s, 1}};
  qc.sites = {paris};
  qc.bullseye = {BullseyeStep{.after_ms = 30'000, .min_proficiency = {}, .alternative_skills = {},
                              .add_queues = {}, .add_sites = {lyon}}};
  QueueId q = *engine.configure_queue(qc);
  AgentConfig ac;
  ac.name = "lyon1";
  ac.site = lyon;
  ac.skills = {{s, 5}};
  AgentId l = *engine.configure_agent(ac);
  ASSERT_TRUE(engine.login(l));
  auto c = contact(q);
  EXPECT_EQ(c.state, ContactState::kQueued);
  at(clock.now_ms() + 30'000);
  EXPECT_EQ(engine.contact(c.id)->agent, l);
}

// A queue with a backup team and thresholds of 60 s (10 s for "vip"), and
// `helpers` agents of the backup team with a skill the queue does not need.
struct OverflowCenter {
  QueueId q = kNoId;
  std::vector<AgentId> helpers;
};

OverflowCenter overflow_center(Engine& engine, int helpers, bool use_ewt = false) {
  OverflowCenter c;
  SkillId s = *engine.define_skill("s"), other = *engine.define_skill("other");
  TeamId backup = *engine.define_team("backup");
  QueueConfig qc;
  qc.name = "q";
  qc.skills = {{s, 1}};
  qc.acw_ms = 0;
  qc.overflow.threshold_ms = 60'000;
  qc.overflow.group_thresholds = {{"vip", 10'000}};
  qc.overflow.backup_teams = {backup};
  qc.overflow.use_ewt = use_ewt;
  c.q = *engine.configure_queue(qc);
  for (int i = 0; i < helpers; ++i) {
    AgentConfig ac;
    ac.name = "helper" + std::to_string(i);
    ac.team = backup;
    ac.skills = {{other, 1}};
    c.helpers.push_back(*engine.configure_agent(ac));
    EXPECT_TRUE(engine.login(c.helpers.back()));
  }
  return c;
}

TEST_F(EngineTest, OverflowModeLetsBackupAgentsServeTheLineOldestFirst) {
  OverflowCenter oc = overflow_center(engine, 1);
  AgentId helper = oc.helpers[0];
  auto standard = contact(oc.q, 0, "standard");
  clock.advance_ms(1'000);
  auto vip = contact(oc.q, 0, "vip");
  at(clock.now_ms() + 10'000);  // the VIP passed its 10 s: overflow mode
  EXPECT_EQ(sink.count<ev::QueueOverflowStarted>(), 1u);
  EXPECT_TRUE(engine.contact(vip.id)->overflowed);
  // The backup agent takes the head of the line, not only the overflowed VIP.
  EXPECT_EQ(engine.contact(standard.id)->agent, helper);
  EXPECT_FALSE(engine.contact(standard.id)->overflowed);
  EXPECT_EQ(cstate(vip.id), ContactState::kQueued);
  EXPECT_TRUE(engine.queue(oc.q)->overflowing);  // the VIP still waits
  ASSERT_TRUE(engine.accept(helper, standard.id));
  clock.advance_ms(1'000);
  ASSERT_TRUE(engine.end_contact(helper, standard.id));
  EXPECT_EQ(engine.contact(vip.id)->agent, helper);  // next in line
  EXPECT_FALSE(engine.queue(oc.q)->overflowing);     // the line is empty
  EXPECT_EQ(sink.count<ev::QueueOverflowEnded>(), 1u);
}

TEST_F(EngineTest, OverflowModeEndsOnlyWhenNoContactHasWaitedHalfItsThreshold) {
  OverflowCenter oc = overflow_center(engine, 1);
  AgentId helper = oc.helpers[0];
  const int64_t t0 = clock.now_ms();
  auto c1 = contact(oc.q);
  at(t0 + 20'000);
  auto c2 = contact(oc.q);
  at(t0 + 45'000);
  auto c3 = contact(oc.q);
  at(t0 + 60'000);  // c1 passes 60 s: overflow mode, the helper takes c1
  EXPECT_EQ(engine.contact(c1.id)->agent, helper);
  // c2 has waited 40 s, more than half its threshold: the mode holds.
  EXPECT_TRUE(engine.queue(oc.q)->overflowing);
  EXPECT_EQ(sink.count<ev::QueueOverflowEnded>(), 0u);
  ASSERT_TRUE(engine.accept(helper, c1.id));
  at(t0 + 70'000);
  ASSERT_TRUE(engine.end_contact(helper, c1.id));
  // Still in overflow mode: the free helper takes c2, though c2 is not past
  // its own threshold. Then only c3 waits, for 25 s < 30 s: recovered.
  EXPECT_EQ(engine.contact(c2.id)->agent, helper);
  EXPECT_FALSE(engine.contact(c2.id)->overflowed);
  EXPECT_FALSE(engine.queue(oc.q)->overflowing);
  EXPECT_EQ(sink.count<ev::QueueOverflowEnded>(), 1u);
  ASSERT_TRUE(engine.accept(helper, c2.id));
  at(t0 + 80'000);
  ASSERT_TRUE(engine.end_contact(helper, c2.id));
  EXPECT_EQ(cstate(c3.id), ContactState::kQueued);  // not overflowing: no backup help
  at(t0 + 105'000);                                  // c3 passes 60 s
  EXPECT_EQ(engine.contact(c3.id)->agent, helper);
  EXPECT_EQ(sink.count<ev::QueueOverflowStarted>(), 2u);
  // Replay checks each start and end against the state it rebuilds.
  ManualClock replay_clock(0);
  Engine copy(replay_clock);
  for (const Event& e : sink.events) ASSERT_TRUE(copy.replay(e)) << e.seq;
  EXPECT_EQ(copy.dump_state(), engine.dump_state());
}

TEST_F(EngineTest, OverflowAtArrivalWhenTheEwtExceedsTheThreshold) {
  OverflowCenter oc = overflow_center(engine, 0, /*use_ewt=*/true);
  AgentId a = agent("a", {{*engine.find_skill("s"), 1}});
  // Teach the estimator an AHT of 100 s; contacts that find a free agent have EWT 0.
  for (int i = 0; i < 3; ++i) {
    auto c = contact(oc.q);
    ASSERT_EQ(c.agent, a);
    ASSERT_TRUE(engine.accept(a, c.id));
    clock.advance_ms(100'000);
    ASSERT_TRUE(engine.end_contact(a, c.id));
  }
  EXPECT_EQ(sink.count<ev::ContactOverflowed>(), 0u);
  auto busy = contact(oc.q);
  ASSERT_TRUE(engine.accept(a, busy.id));
  AgentConfig hc;
  hc.name = "helper";
  hc.team = *engine.find_team("backup");
  AgentId helper = *engine.configure_agent(hc);
  ASSERT_TRUE(engine.login(helper));
  // One agent, busy, AHT 100 s: about 70 s predicted, past the 60 s threshold.
  auto w = contact(oc.q, 0, "standard");
  EXPECT_GT(w.ewt_ms, 60'000);
  EXPECT_EQ(w.state, ContactState::kOffered);
  EXPECT_EQ(w.agent, helper);
  EXPECT_TRUE(engine.contact(w.id)->overflowed);
  EXPECT_EQ(sink.count<ev::QueueOverflowStarted>(), 1u);
  // A VIP predicted past its 10 s: the same at once.
  ASSERT_TRUE(engine.accept(helper, w.id));
  auto v = contact(oc.q, 0, "vip");
  EXPECT_EQ(v.state, ContactState::kQueued);  // nobody free
  EXPECT_TRUE(engine.contact(v.id)->overflowed);
  EXPECT_TRUE(engine.queue(oc.q)->overflowing);
}

TEST_F(EngineTest, OverflowToBackupQueueAgents) {
  SkillId s = skill("s"), t = skill("t");
  QueueId tq = queue("t", {{t, 1}});
  QueueConfig qc;
  qc.name = "q";
  qc.skills = {{s, 1}};
  qc.overflow.threshold_ms = 30'000;
  qc.overflow.backup_queues = {tq};
  QueueId q = *engine.configure_queue(qc);
  auto c = contact(q);
  AgentId tagent = agent("t1", {{t, 1}});
  EXPECT_EQ(cstate(c.id), ContactState::kQueued);
  at(clock.now_ms() + 30'000);
  EXPECT_EQ(engine.contact(c.id)->agent, tagent);
  EXPECT_TRUE(engine.contact(c.id)->overflowed);
}

TEST_F(EngineTest, MaxWaitExitActions) {
  SkillId s = skill("s"), t = skill("t");
  QueueId target = queue("target", {{t, 1}});
  QueueConfig qc;
  qc.name = "q";
  qc.skills = {{s, 1}};
  qc.max_wait_ms = 60'000;
  qc.exit_action = ExitAction::kOverflow;
  qc.exit_target = target;
  QueueId q = *engine.configure_queue(qc);
  auto moved = contact(q);
  at(clock.now_ms() + 60'000);
  auto v = engine.contact(moved.id);
  EXPECT_EQ(v->queue, target);
  EXPECT_EQ(v->history, (std::vector<QueueId>{q, target}));
  EXPECT_EQ(v->position_ms, moved.id ? 1'000'000 : 0);  // keeps its place

  qc.exit_action = ExitAction::kEnd;
  ASSERT_TRUE(engine.configure_queue(qc));
  auto ends = contact(q);
  at(clock.now_ms() + 60'000);
  EXPECT_FALSE(engine.contact(ends.id).has_value());
  EXPECT_EQ(sink.last<ev::ContactExpired>()->wait_ms, 60'000);

  qc.exit_action = ExitAction::kCallback;
  ASSERT_TRUE(engine.configure_queue(qc));
  auto cb = contact(q);
  at(clock.now_ms() + 60'000);
  EXPECT_TRUE(engine.contact(cb.id)->callback);
  at(clock.now_ms() + 600'000);  // a callback waits on
  EXPECT_EQ(cstate(cb.id), ContactState::kQueued);
}

TEST_F(EngineTest, PositionsAreExactFromEitherEndOfALongLine) {
  SkillId s = skill("s");
  QueueId q = queue("q", {{s, 1}});
  std::vector<ContactId> ids;
  for (int i = 0; i < 101; ++i) {
    auto r = contact(q, i % 7 == 0 ? 1 : 0);  // some jump the line
    EXPECT_GT(r.position, 0u);
    ids.push_back(r.id);
    clock.advance_ms(10);
  }
  // Expected order: priority 1 first (by arrival), then priority 0.
  std::vector<ContactId> order;
  for (int i = 0; i < 101; ++i)
    if (i % 7 == 0) order.push_back(ids[i]);
  for (int i = 0; i < 101; ++i)
    if (i % 7 != 0) order.push_back(ids[i]);
  for (size_t k = 0; k < order.size(); ++k) EXPECT_EQ(engine.wait_estimate(order[k])->position, k + 1);
}

TEST_F(EngineTest, CallbackKeepsItsPlaceInLine) {
  SkillId s = skill("s");
  QueueId q = queue("q", {{s, 1}});
  auto first = contact(q);
  clock.advance_ms(1'000);
  auto second = contact(q);
  ASSERT_TRUE(engine.request_callback(first.id));
  EXPECT_EQ(engine.wait_estimate(first.id)->position, 1u);
  EXPECT_EQ(engine.wait_estimate(second.id)->position, 2u);
  AgentId a = agent("a", {{s, 1}});
  EXPECT_EQ(engine.contact(first.id)->agent, a);
  EXPECT_TRUE(engine.contact(first.id)->callback);
  auto err = engine.request_callback(second.id);
  EXPECT_TRUE(err);
  EXPECT_FALSE(engine.request_callback(second.id));  // already a callback
}

TEST_F(EngineTest, TransferKeepsHistoryAndOptionallyItsPlace) {
  SkillId s = skill("s"), t = skill("t");
  QueueId q = queue("q", {{s, 1}});
  QueueId tq = queue("t", {{t, 1}});
  AgentId a1 = agent("a1", {{s, 1}});
  AgentId a2 = agent("a2", {{s, 1}});
  const int64_t t0 = clock.now_ms();
  auto kept = contact(q);  // arrives first
  ASSERT_TRUE(engine.accept(kept.agent, kept.id));
  clock.advance_ms(1'000);
  auto moved = contact(q);  // arrives second
  ASSERT_TRUE(engine.accept(moved.agent, moved.id));
  ASSERT_EQ((std::vector<AgentId>{kept.agent, moved.agent}), (std::vector<AgentId>{a1, a2}));
  clock.advance_ms(1'000);
  auto waiting = contact(tq);  // arrives third, straight into the target queue
  clock.advance_ms(5'000);
  ASSERT_TRUE(engine.transfer(a1, kept.id, tq, /*keep_place=*/true));
  ASSERT_TRUE(engine.transfer(a2, moved.id, tq, /*keep_place=*/false));
  EXPECT_EQ(state(a1), AgentState::kAvailable);  // ACW 0: free at once
  auto v = engine.contact(kept.id);
  EXPECT_EQ(v->state, ContactState::kQueued);
  EXPECT_EQ(v->history, (std::vector<QueueId>{q, tq}));
  EXPECT_EQ(v->position_ms, t0);  // its original arrival
  EXPECT_EQ(engine.contact(moved.id)->position_ms, t0 + 7'000);
  // With keep_place it goes ahead of the contact that arrived after it;
  // without, to the back of the line.
  EXPECT_EQ(engine.wait_estimate(kept.id)->position, 1u);
  EXPECT_EQ(engine.wait_estimate(waiting.id)->position, 2u);
  EXPECT_EQ(engine.wait_estimate(moved.id)->position, 3u);
  EXPECT_EQ(sink.count(EventType::kContactCompleted), 0u);
  AgentId b = agent("b", {{t, 1}});
  EXPECT_EQ(engine.contact(kept.id)->agent, b);  // the head of the line
  EXPECT_EQ(engine.transfer(a1, kept.id, q, false).error().code, ErrorCode::kIllegalState);
}

TEST_F(EngineTest, TransferToAnAgentWaitsForThatAgentThenForAnyone) {
  SkillId s = skill("s"), t = skill("t");
  QueueId q = queue("q", {{s, 1}});
  AgentId a1 = agent("a1", {{s, 1}});
  auto c1 = contact(q);
  ASSERT_EQ(c1.agent, a1);
  ASSERT_TRUE(engine.accept(a1, c1.id));
  AgentId a2 = agent("a2", {{s, 1}});
  auto c2 = contact(q);
  ASSERT_EQ(c2.agent, a2);
  ASSERT_TRUE(engine.accept(a2, c2.id));
  AgentId a3 = agent("a3", {{s, 1}});  // free, and eligible for q
  AgentId b = agent("b", {{t, 1}});    // free, not eligible for q

  // To a busy agent: a3 is free but not offered it; a2 is when it is free.
  ASSERT_TRUE(engine.transfer(a1, c1.id, Engine::TransferTo{kNoId, a2, 30'000, false}));
  EXPECT_EQ(sink.count(EventType::kContactReserved), 1u);
  EXPECT_EQ(cstate(c1.id), ContactState::kQueued);
  EXPECT_EQ(engine.contact(c1.id)->history, (std::vector<QueueId>{q, q}));
  EXPECT_EQ(state(a3), AgentState::kAvailable);
  clock.advance_ms(5'000);
  ASSERT_TRUE(engine.end_contact(a2, c2.id));  // ACW 0: a2 free
  EXPECT_EQ(cstate(c1.id), ContactState::kOffered);
  EXPECT_EQ(engine.contact(c1.id)->agent, a2);
  ASSERT_TRUE(engine.accept(a2, c1.id));

  // To an agent outside the queue's skills: offered to it at once.
  ASSERT_TRUE(engine.transfer(a2, c1.id, Engine::TransferTo{kNoId, b, 30'000, false}));
  EXPECT_EQ(engine.contact(c1.id)->agent, b);
  ASSERT_TRUE(engine.accept(b, c1.id));

  // A missed offer ends the wait: back to the line, for anyone (a3).
  ASSERT_TRUE(engine.transfer(b, c1.id, Engine::TransferTo{kNoId, a2, 30'000, false}));
  ASSERT_EQ(engine.contact(c1.id)->agent, a2);
  ASSERT_TRUE(engine.reject(a2, c1.id));
  EXPECT_EQ(engine.contact(c1.id)->agent, a3);
  ASSERT_TRUE(engine.accept(a3, c1.id));

  // The wait lapses: a2 stays not ready, a1 takes it after 10 s.
  ASSERT_TRUE(engine.set_not_ready(a2, "break"));
  ASSERT_TRUE(engine.transfer(a3, c1.id, Engine::TransferTo{kNoId, a2, 10'000, true}));
  EXPECT_EQ(cstate(c1.id), ContactState::kQueued);
  EXPECT_EQ(state(a1), AgentState::kAvailable);
  clock.advance_ms(9'999);
  engine.advance();
  EXPECT_EQ(cstate(c1.id), ContactState::kQueued);
  clock.advance_ms(1);
  engine.advance();
  EXPECT_EQ(cstate(c1.id), ContactState::kOffered);
  EXPECT_EQ(engine.contact(c1.id)->agent, a1);
  ASSERT_TRUE(engine.accept(a1, c1.id));

  // The agent logging out ends the wait at once.
  ASSERT_TRUE(engine.transfer(a1, c1.id, Engine::TransferTo{kNoId, a2, 600'000, false}));
  EXPECT_EQ(cstate(c1.id), ContactState::kQueued);
  ASSERT_TRUE(engine.logout(a2));
  EXPECT_EQ(sink.count(EventType::kContactReserved), 7u);  // five transfers, the lapse, the logout
  EXPECT_EQ(cstate(c1.id), ContactState::kOffered);
  AgentId taker = engine.contact(c1.id)->agent;
  EXPECT_TRUE(taker == a1 || taker == a3);
  ASSERT_TRUE(engine.accept(taker, c1.id));

  // Refused: oneself, a logged-out agent, a bad wait, an unknown agent.
  auto err = [&](Engine::TransferTo to) { return engine.transfer(taker, c1.id, to).error(); };
  EXPECT_EQ(err({kNoId, taker, 30'000, false}).field, "to_agent");
  EXPECT_EQ(err({kNoId, a2, 30'000, false}).code, ErrorCode::kIllegalState);
  EXPECT_EQ(err({kNoId, b, 0, false}).field, "wait_ms");
  EXPECT_EQ(err({kNoId, b, Engine::kMaxTransferWaitMs + 1, false}).field, "wait_ms");
  EXPECT_EQ(err({kNoId, 999, 30'000, false}).code, ErrorCode::kNotFound);
  EXPECT_EQ(cstate(c1.id), ContactState::kAccepted);
}

TEST_F(EngineTest, ConfigChangeAppliesToWaitingContacts) {
  SkillId s = skill("s");
  QueueConfig qc;
  qc.name = "q";
  qc.skills = {{s, 5}};
  QueueId q = *engine.configure_queue(qc);
  AgentId weak = agent("weak", {{s, 2}});
  auto c = contact(q);
  at(clock.now_ms() + 40'000);
  EXPECT_EQ(cstate(c.id), ContactState::kQueued);
  // Add a step that is already past for this contact: it applies at once.
  qc.bullseye = {BullseyeStep{.after_ms = 30'000, .min_proficiency = 2, .alternative_skills = {},
                              .add_queues = {}, .add_sites = {}}};
  ASSERT_TRUE(engine.configure_queue(qc));
  EXPECT_EQ(engine.contact(c.id)->agent, weak);
}

TEST_F(EngineTest, AgentSkillChangeAppliesAtOnce) {
  SkillId s = skill("s");
  QueueId q = queue("q", {{s, 3}});
  AgentId a = agent("a", {{s, 1}});
  auto c = contact(q);
  EXPECT_EQ(cstate(c.id), ContactState::kQueued);
  AgentConfig ac = *engine.agent_config(a);
  ac.skills = {{s, 3}};
  ASSERT_TRUE(engine.configure_agent(ac));
  EXPECT_EQ(engine.contact(c.id)->agent, a);
}

TEST_F(EngineTest, EwtGrowsWithPositionAndIsZeroWithAFreeAgent) {
  SkillId s = skill("s");
  QueueConfig qc;
  qc.name = "q";
  qc.skills = {{s, 1}};
  qc.acw_ms = 0;
  QueueId q = *engine.configure_queue(qc);
  AgentId a = agent("a", {{s, 1}});
  // Teach the estimator an AHT of 100 s.
  for (int i = 0; i < 3; ++i) {
    auto c = contact(q);
    EXPECT_EQ(c.ewt_ms, 0);
    ASSERT_TRUE(engine.accept(a, c.id));
    clock.advance_ms(100'000);
    ASSERT_TRUE(engine.end_contact(a, c.id));
  }
  auto busy = contact(q);
  ASSERT_TRUE(engine.accept(a, busy.id));
  auto w1 = contact(q);
  auto w2 = contact(q);
  auto w3 = contact(q);
  // One agent, AHT 100 s, nothing waited yet: the staffing rate, median of
  // the Erlang(k+1) wait.
  auto median = [](double n) { return n * std::pow(1.0 - 1.0 / (9.0 * n), 3.0) * 100'000; };
  EXPECT_NEAR(w1.ewt_ms, median(1), 1);
  EXPECT_NEAR(w2.ewt_ms, median(2), 1);
  EXPECT_NEAR(w3.ewt_ms, median(3), 1);
  EXPECT_LT(w1.ewt_ms, w2.ewt_ms);
  EXPECT_LT(w2.ewt_ms, w3.ewt_ms);
  EXPECT_EQ(engine.wait_estimate(w3.id)->position, 3u);
  auto qv = engine.queue(q);
  EXPECT_EQ(qv->waiting, 3u);
  EXPECT_EQ(qv->staffed, 1u);
  EXPECT_EQ(qv->agents_by_state[static_cast<int>(AgentState::kBusy)], 1u);
  // The one-pass view of every queue says the same.
  auto all = engine.queue_views();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].agents_by_state, qv->agents_by_state);
  EXPECT_EQ(all[0].waiting, 3u);
  EXPECT_EQ(all[0].ewt_ms, qv->ewt_ms);
}

TEST_F(EngineTest, GroupViewsCoverTheWaitingContactsOfEachGroupOverAllQueues) {
  SkillId s = skill("s");
  QueueConfig qc;
  qc.name = "q1";
  qc.skills = {{s, 1}};
  QueueId q1 = *engine.configure_queue(qc);
  qc.name = "q2";
  QueueId q2 = *engine.configure_queue(qc);
  contact(q1, 0, "vip");
  clock.advance_ms(30'000);
  contact(q2, 0, "vip");
  contact(q2, 0, "gold");
  contact(q1);  // no group: in no group view
  clock.advance_ms(10'000);
  engine.advance();  // views read the engine's time
  auto groups = engine.group_views();
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].group, "gold");
  EXPECT_EQ(groups[0].waiting, 1u);
  EXPECT_EQ(groups[0].longest_wait_ms, 10'000);
  EXPECT_EQ(groups[1].group, "vip");
  EXPECT_EQ(groups[1].waiting, 2u);
  EXPECT_EQ(groups[1].longest_wait_ms, 40'000);
  EXPECT_EQ(groups[1].ewt_ms, std::max(engine.queue(q1)->ewt_ms, engine.queue(q2)->ewt_ms));
}

}  // namespace
}  // namespace switchyard::core
