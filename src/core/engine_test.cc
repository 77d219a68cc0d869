// Engine basics: lifecycle, agent states, capacity, typed errors.
#include "core/test_util.h"

namespace switchyard::core {
namespace {

using testing::EngineTest;

TEST_F(EngineTest, ContactLifecycleThroughWrapUp) {
  SkillId s = skill("billing");
  QueueConfig qc;
  qc.name = "billing";
  qc.skills = {{s, 1}};
  qc.acw_ms = 5'000;
  QueueId q = *engine.configure_queue(qc);
  AgentId a = agent("ann", {{s, 3}});
  EXPECT_EQ(state(a), AgentState::kAvailable);

  ContactReceipt r = contact(q);
  EXPECT_EQ(r.state, ContactState::kOffered);
  EXPECT_EQ(r.agent, a);
  EXPECT_EQ(r.ewt_ms, 0);
  EXPECT_EQ(state(a), AgentState::kReserved);

  clock.advance_ms(2'000);
  ASSERT_TRUE(engine.accept(a, r.id));
  EXPECT_EQ(sink.last<ev::ContactAccepted>()->wait_ms, 2'000);  // waited while ringing
  EXPECT_EQ(state(a), AgentState::kBusy);
  EXPECT_EQ(cstate(r.id), ContactState::kAccepted);

  clock.advance_ms(60'000);
  ASSERT_TRUE(engine.hold(a, r.id));
  clock.advance_ms(10'000);
  ASSERT_TRUE(engine.resume(a, r.id));
  EXPECT_EQ(sink.last<ev::ContactResumed>()->hold_ms, 10'000);
  clock.advance_ms(30'000);
  ASSERT_TRUE(engine.end_contact(a, r.id));
  const auto* ended = sink.last<ev::ContactEnded>();
  EXPECT_EQ(ended->talk_ms, 90'000);
  EXPECT_EQ(ended->hold_ms, 10'000);
  EXPECT_EQ(state(a), AgentState::kWrapUp);
  EXPECT_EQ(cstate(r.id), ContactState::kWrapUp);

  at(clock.now_ms() + 4'999);
  EXPECT_EQ(state(a), AgentState::kWrapUp);
  at(clock.now_ms() + 1);
  EXPECT_EQ(state(a), AgentState::kAvailable);
  EXPECT_EQ(sink.last<ev::WrapUpEnded>()->acw_ms, 5'000);
  EXPECT_EQ(sink.count(EventType::kContactCompleted), 1u);
  EXPECT_FALSE(engine.contact(r.id).has_value());
  EXPECT_EQ(engine.live_contacts(), 0u);
  EXPECT_EQ(engine.agent(a)->contacts_today, 1u);
}

TEST_F(EngineTest, EndWrapUpEarlyWithDisposition) {
  SkillId s = skill("s");
  QueueConfig qc;
  qc.name = "q";
  qc.skills = {{s, 1}};
  qc.acw_ms = 60'000;
  QueueId q = *engine.configure_queue(qc);
  AgentId a = agent("a", {{s, 1}});
  auto r = contact(q);
  ASSERT_TRUE(engine.accept(a, r.id));
  ASSERT_TRUE(engine.end_contact(a, r.id));
  clock.advance_ms(3'000);
  ASSERT_TRUE(engine.end_wrapup(a, r.id, "resolved"));
  EXPECT_EQ(sink.last<ev::WrapUpEnded>()->disposition, "resolved");
  EXPECT_EQ(state(a), AgentState::kAvailable);
  // The stale ACW timer must not fire anything later.
  size_t n = sink.events.size();
  at(clock.now_ms() + 120'000);
  EXPECT_EQ(sink.events.size(), n);
}

TEST_F(EngineTest, ContactsWaitWhenNoAgentAndGoToTheNextFreeAgent) {
  SkillId s = skill("s");
  QueueId q = queue("q", {{s, 1}});
  auto c1 = contact(q);
  clock.advance_ms(1'000);
  auto c2 = contact(q);
  EXPECT_EQ(c1.state, ContactState::kQueued);
  EXPECT_EQ(c1.position, 1u);
  EXPECT_EQ(c2.position, 2u);
  EXPECT_EQ(engine.wait_estimate(c2.id)->position, 2u);
  AgentId a = agent("a", {{s, 2}});
  EXPECT_EQ(cstate(c1.id), ContactState::kOffered);  // oldest first
  EXPECT_EQ(cstate(c2.id), ContactState::kQueued);
  EXPECT_EQ(engine.wait_estimate(c2.id)->position, 1u);
  EXPECT_EQ(engine.agent(a)->contacts, std::vector<ContactId>{c1.id});
}

TEST_F(EngineTest, NotReadyAgentsGetNoOffersAndReasonIsKept) {
  SkillId s = skill("s");
  QueueId q = queue("q", {{s, 1}});
  AgentId a = agent("a", {{s, 1}});
  ASSERT_TRUE(engine.set_not_ready(a, "lunch"));
  EXPECT_EQ(state(a), AgentState::kNotReady);
  EXPECT_EQ(engine.agent(a)->reason, "lunch");
  auto c = contact(q);
  EXPECT_EQ(c.state, ContactState::kQueued);
  ASSERT_TRUE(engine.set_ready(a));
  EXPECT_EQ(cstate(c.id), ContactState::kOffered);
}

TEST_F(EngineTest, LogoutRefusedWhileHoldingContacts) {
  SkillId s = skill("s");
  QueueId q = queue("q", {{s, 1}});
  AgentId a = agent("a", {{s, 1}});
  auto c = contact(q);
  auto r = engine.logout(a);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kIllegalState);
  ASSERT_TRUE(engine.abandon(c.id));
  EXPECT_EQ(state(a), AgentState::kAvailable);
  EXPECT_TRUE(engine.logout(a));
  EXPECT_EQ(state(a), AgentState::kLoggedOut);
}

TEST_F(EngineTest, SkillAndProficiencyDecideEligibility) {
  SkillId sales = skill("sales"), tech = skill("tech");
  QueueId q = queue("q", {{sales, 3}, {tech, 2}});
  AgentId low = agent("low", {{sales, 2}, {tech, 5}});
  AgentId only_sales = agent("only_sales", {{sales, 5}});
  auto c = contact(q);
  EXPECT_EQ(c.state, ContactState::kQueued);
  AgentId ok = agent("ok", {{sales, 3}, {tech, 2}});
  EXPECT_EQ(engine.contact(c.id)->agent, ok);
  (void)low;
  (void)only_sales;
}

TEST_F(EngineTest, MultiChannelCapacityAndVoiceBlocking) {
  SkillId s = skill("s");
  QueueId chat = queue("chat", {{s, 1}}, Channel::kChat);
  QueueId voice = queue("voice", {{s, 1}}, Channel::kVoice);
  AgentConfig ac;
  ac.name = "a";
  ac.skills = {{s, 1}};
  ac.capacity = {1, 3, 0, 0, 0};
  AgentId a = *engine.configure_agent(ac);
  ASSERT_TRUE(engine.login(a));
  std::vector<ContactId> chats;
  for (int i = 0; i < 4; ++i) chats.push_back(contact(chat).id);
  EXPECT_EQ(engine.agent(a)->load[1], 3);
  EXPECT_EQ(cstate(chats[3]), ContactState::kQueued);
  // Voice is blocked while chats are open (voice_blocks_others).
  auto v = contact(voice);
  EXPECT_EQ(v.state, ContactState::kQueued);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(engine.accept(a, chats[i]));
    ASSERT_TRUE(engine.end_contact(a, chats[i]));
  }
  // Freed chat capacity goes to the waiting chat first? Both wait: the voice
  // contact is older than... no: chat 4 is older, so it takes the first slot.
  EXPECT_EQ(cstate(chats[3]), ContactState::kOffered);
  ASSERT_TRUE(engine.accept(a, chats[3]));
  ASSERT_TRUE(engine.end_contact(a, chats[3]));
  EXPECT_EQ(cstate(v.id), ContactState::kOffered);
  EXPECT_EQ(engine.agent(a)->load[0], 1);
}

TEST_F(EngineTest, WithoutVoiceBlockingChatsRunBesideACall) {
  EngineSettings st;
  st.voice_blocks_others = false;
  ASSERT_TRUE(engine.set_settings(st));
  SkillId s = skill("s");
  QueueId chat = queue("chat", {{s, 1}}, Channel::kChat);
  QueueId voice = queue("voice", {{s, 1}}, Channel::kVoice);
  AgentConfig ac;
  ac.name = "a";
  ac.skills = {{s, 1}};
  ac.capacity = {1, 2, 0, 0, 0};
  AgentId a = *engine.configure_agent(ac);
  ASSERT_TRUE(engine.login(a));
  auto v = contact(voice);
  auto c = contact(chat);
  EXPECT_EQ(v.state, ContactState::kOffered);
  EXPECT_EQ(c.state, ContactState::kOffered);
  EXPECT_EQ(engine.agent(a)->load[0] + engine.agent(a)->load[1], 2);
}

TEST_F(EngineTest, MissedOffersBackOffThenNotReady) {
  miss_settings(10'000, 5'000, 2);
  SkillId s = skill("s");
  QueueId q = queue("q", {{s, 1}});
  AgentId a = agent("a", {{s, 1}});
  auto c = contact(q);
  ASSERT_EQ(c.agent, a);
  ASSERT_TRUE(engine.reject(a, c.id));
  EXPECT_EQ(cstate(c.id), ContactState::kQueued);  // back in line, place kept
  EXPECT_TRUE(engine.agent(a)->in_backoff);
  at(clock.now_ms() + 4'999);
  EXPECT_EQ(cstate(c.id), ContactState::kQueued);
  at(clock.now_ms() + 1);
  EXPECT_EQ(cstate(c.id), ContactState::kOffered);  // offered again after back-off
  at(clock.now_ms() + 10'000);                       // no answer: second miss
  EXPECT_EQ(sink.count(EventType::kOfferTimedOut), 1u);
  EXPECT_EQ(state(a), AgentState::kNotReady);
  EXPECT_EQ(engine.agent(a)->reason, "missed");
  EXPECT_EQ(cstate(c.id), ContactState::kQueued);
  EXPECT_EQ(engine.contact(c.id)->position_ms, 1'000'000);
}

TEST_F(EngineTest, AcceptResetsMissCounter) {
  miss_settings(EngineSettings{}.offer_timeout_ms, 0, 2);
  SkillId s = skill("s");
  QueueId q = queue("q", {{s, 1}});
  AgentId a = agent("a", {{s, 1}});
  auto c = contact(q);
  ASSERT_TRUE(engine.reject(a, c.id));
  EXPECT_EQ(engine.agent(a)->consecutive_misses, 1);
  ASSERT_TRUE(engine.accept(a, c.id));  // re-offered at once (no back-off)
  EXPECT_EQ(engine.agent(a)->consecutive_misses, 0);
}

TEST_F(EngineTest, AbandonWhileRingingFreesTheAgentWithoutAMiss) {
  SkillId s = skill("s");
  QueueId q = queue("q", {{s, 1}});
  AgentId a = agent("a", {{s, 1}});
  auto c = contact(q);
  clock.advance_ms(3'000);
  ASSERT_TRUE(engine.abandon(c.id));
  EXPECT_EQ(sink.last<ev::ContactAbandoned>()->wait_ms, 3'000);
  EXPECT_EQ(sink.last<ev::ContactAbandoned>()->agent, a);
  EXPECT_EQ(state(a), AgentState::kAvailable);
  EXPECT_EQ(engine.agent(a)->consecutive_misses, 0);
}

TEST_F(EngineTest, TypedErrorsNeverCrash) {
  SkillId s = skill("s");
  QueueId q = queue("q", {{s, 1}});
  AgentId a = agent("a", {{s, 1}});
  auto code = [](auto r) { return r ? ErrorCode::kInternal : r.error().code; };
  EXPECT_EQ(code(engine.login(999)), ErrorCode::kNotFound);
  EXPECT_EQ(code(engine.login(a)), ErrorCode::kIllegalState);
  EXPECT_EQ(code(engine.accept(a, 12345)), ErrorCode::kNotFound);
  EXPECT_EQ(code(engine.abandon(0)), ErrorCode::kNotFound);
  EXPECT_EQ(code(engine.set_not_ready(a, "")), ErrorCode::kInvalidArgument);
  auto c = contact(q);
  EXPECT_EQ(code(engine.end_contact(a, c.id)), ErrorCode::kIllegalState);  // still ringing
  EXPECT_EQ(code(engine.hold(a, c.id)), ErrorCode::kIllegalState);
  EXPECT_EQ(code(engine.end_wrapup(a, c.id)), ErrorCode::kIllegalState);
  EXPECT_EQ(code(engine.request_callback(c.id)), ErrorCode::kIllegalState);
  ContactSpec bad;
  bad.queue = 77;
  auto r = engine.create_contact(bad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "queue");
  bad.queue = q;
  bad.channel = Channel::kEmail;
  EXPECT_EQ(engine.create_contact(bad).error().field, "channel");

  QueueConfig qc;
  qc.name = "";
  EXPECT_EQ(engine.configure_queue(qc).error().field, "name");
  qc.name = "x";
  qc.skills = {{s, 9}};
  EXPECT_EQ(engine.configure_queue(qc).error().field, "skills[0].min_proficiency");
  qc.skills = {{42, 1}};
  EXPECT_EQ(engine.configure_queue(qc).error().field, "skills[0].skill");
  qc.skills = {};
  qc.bullseye = {BullseyeStep{.after_ms = 10, .min_proficiency = {}, .alternative_skills = {},
                              .add_queues = {}, .add_sites = {}},
                 BullseyeStep{.after_ms = 5, .min_proficiency = {}, .alternative_skills = {},
                              .add_queues = {}, .add_sites = {}}};
  EXPECT_EQ(engine.configure_queue(qc).error().field, "bullseye[1].after_ms");
  qc.bullseye = {};
  qc.exit_action = ExitAction::kOverflow;
  qc.max_wait_ms = 1000;
  qc.exit_target = 99;
  EXPECT_EQ(engine.configure_queue(qc).error().field, "exit_target");
  qc.exit_action = ExitAction::kNone;
  qc.weight = -1;
  EXPECT_EQ(engine.configure_queue(qc).error().field, "weight");
  AgentConfig ac;
  ac.name = "b";
  ac.capacity = {2, 1, 1, 1, 1};
  EXPECT_EQ(engine.configure_agent(ac).error().field, "capacity.voice");
  EngineSettings es;
  es.offer_timeout_ms = -5;
  EXPECT_EQ(engine.set_settings(es).error().field, "offer_timeout_ms");
  // Nothing above changed state: the engine still routes.
  EXPECT_EQ(cstate(c.id), ContactState::kOffered);
  EXPECT_TRUE(engine.accept(a, c.id));
}

TEST_F(EngineTest, MaxLengthAndClosedQueueRefuseWithReason) {
  SkillId s = skill("s");
  QueueConfig qc;
  qc.name = "q";
  qc.skills = {{s, 1}};
  qc.max_length = 2;
  QueueId q = *engine.configure_queue(qc);
  contact(q);
  contact(q);
  auto r = contact(q);
  EXPECT_EQ(r.state, ContactState::kRefused);
  EXPECT_EQ(r.reason, "queue_full");
  EXPECT_NE(r.id, kNoContact);
  EXPECT_EQ(sink.last<ev::ContactRefused>()->reason, "queue_full");
  qc.open = false;
  qc.max_length = 0;
  ASSERT_TRUE(engine.configure_queue(qc));
  EXPECT_EQ(contact(q).reason, "queue_closed");
}

TEST_F(EngineTest, EventsAreNumberedWithoutGapsAndStateChangesReported) {
  SkillId s = skill("s");
  QueueId q = queue("q", {{s, 1}});
  AgentId a = agent("a", {{s, 1}});
  auto c = contact(q);
  ASSERT_TRUE(engine.accept(a, c.id));
  ASSERT_TRUE(engine.end_contact(a, c.id));
  for (size_t i = 0; i < sink.events.size(); ++i) EXPECT_EQ(sink.events[i].seq, i + 1);
  std::vector<AgentState> seen;
  for (const Event& e : sink.events)
    if (const auto* c = e.as<ev::AgentStateChanged>()) seen.push_back(c->state);
  EXPECT_EQ(seen, (std::vector<AgentState>{AgentState::kAvailable, AgentState::kReserved,
                                           AgentState::kBusy, AgentState::kWrapUp,
                                           AgentState::kAvailable}));  // zero-length ACW still shows
}


TEST_F(EngineTest, NeverLoggedInAgentIsLoggedOutSinceItsCreation) {
  clock.set_ms(5'000'000);
  SkillId s = skill("s");
  AgentId a = agent("a", {{s, 1}}, /*login=*/false);
  clock.set_ms(9'000'000);
  engine.advance();
  EXPECT_EQ(state(a), AgentState::kLoggedOut);
  EXPECT_EQ(engine.agent(a)->state_since_ms, 5'000'000);  // not the epoch
  AgentConfig ac = *engine.agent_config(a);
  ac.skills = {{s, 2}};
  ASSERT_TRUE(engine.configure_agent(ac));  // reconfiguring is no state change
  EXPECT_EQ(engine.agent(a)->state_since_ms, 5'000'000);
  ASSERT_TRUE(engine.login(a));
  EXPECT_EQ(engine.agent(a)->state_since_ms, 9'000'000);
  // A replayed engine and a restored one agree.
  ManualClock c2(0);
  Engine copy(c2);
  for (const Event& e : sink.events) ASSERT_TRUE(copy.replay(e));
  EXPECT_EQ(copy.dump_state(), engine.dump_state());
}

TEST_F(EngineTest, FailedCommandStillFinishesWhatItsTimersStarted) {
  // A command fires the timers due before it, then fails validation. What
  // those timers changed must be finished by that command: the contact whose
  // offer timed out is offered to the free agent at once, and the states
  // are reported, without waiting for another command.
  miss_settings(10'000, 60'000, EngineSettings{}.max_consecutive_misses);
  SkillId s = skill("s");
  QueueId q = queue("q", {{s, 1}});
  AgentId a = agent("a", {{s, 1}});
  auto c = contact(q);
  ASSERT_EQ(c.agent, a);
  AgentId b = agent("b", {{s, 1}});  // free, but c is already ringing at a
  clock.advance_ms(10'000);          // a's offer times out now
  size_t before = sink.events.size();
  auto r = engine.accept(a, c.id);   // too late: fails after firing the timer
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kIllegalState);
  EXPECT_EQ(engine.contact(c.id)->agent, b);
  EXPECT_EQ(state(b), AgentState::kReserved);
  EXPECT_EQ(state(a), AgentState::kAvailable);  // in back-off, but free
  EXPECT_EQ(sink.count<ev::OfferTimedOut>(), 1u);
  EXPECT_GT(sink.events.size(), before);
  // Nothing is left for the next command to do.
  size_t after = sink.events.size();
  engine.advance();
  EXPECT_EQ(sink.events.size(), after);
}

}  // namespace
}  // namespace switchyard::core

namespace switchyard::core {
namespace {

// Every transport gets the same answer: text that no database could store
// (NUL bytes, malformed UTF-8) is refused by the engine, naming the field.
TEST_F(EngineTest, TextThatIsNotCleanUtf8IsRefusedNamingTheField) {
  SkillId s = skill("s");
  QueueId q = queue("q", {{s, 1}});
  AgentId a = agent("a", {{s, 1}});
  auto spec_with = [&](auto edit) {
    ContactSpec c;
    c.queue = q;
    edit(c);
    return engine.create_contact(c);
  };
  const std::pair<std::function<void(ContactSpec&)>, const char*> kCases[] = {
      {[](ContactSpec& c) { c.customer_id = std::string("a\0b", 3); }, "customer_id"},
      {[](ContactSpec& c) { c.customer_group = "\xC3\x28"; }, "customer_group"},
      {[](ContactSpec& c) { c.attributes = {{"note", "\xED\xA0\x80"}}; }, "attributes.note"},
      {[](ContactSpec& c) { c.attributes = {{"\xFF", "x"}}; }, "attributes.<name>"},
  };
  for (const auto& [edit, field] : kCases) {
    auto r = spec_with(edit);
    ASSERT_FALSE(r) << field;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().field, field);
  }
  EXPECT_EQ(engine.define_skill(std::string("x\0", 2)).error().field, "name");
  EXPECT_EQ(engine.set_not_ready(a, "\xC0\xAF").error().field, "reason");
  EXPECT_TRUE(spec_with([](ContactSpec& c) { c.customer_id = "\xE4\xB8\xAD\xE6\x96\x87"; }));
}

}  // namespace
}  // namespace switchyard::core
