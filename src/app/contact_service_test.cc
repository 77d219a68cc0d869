// ContactService: the behaviour behind POST /contacts, GET /contacts/{id},
// the contact actions, abandon / callback, the customer's history and an
// agent's offers.
#include "app/contact_service_fixture.h"

namespace switchyard::app::testing {
namespace {

using core::ContactState;

// ---- create -----------------------------------------------------------------------

TEST_F(ContactServiceTest, CreateTakesTheQueuesChannelWhenNoneIsGiven) {
  auto chat = create(admin_, spec(kChat));
  ASSERT_TRUE(chat) << chat.error().message;
  EXPECT_FALSE(chat->replay);
  ASSERT_TRUE(chat->contact.live);
  EXPECT_EQ(chat->contact.live->channel, core::Channel::kChat);
  EXPECT_EQ(chat->contact.state, ContactState::kQueued);
  EXPECT_EQ(chat->position, 1u);
  EXPECT_FALSE(chat->ewt_ms) << "nobody staffed: unknown";

  auto voice = create(admin_, spec(kBilling));
  ASSERT_TRUE(voice);
  EXPECT_EQ(voice->contact.live->channel, core::Channel::kVoice);
  EXPECT_NE(voice->contact.id, chat->contact.id);
}

TEST_F(ContactServiceTest, AnExplicitChannelMustBeTheQueuesChannel) {
  CreateContact in = spec(kChat);
  in.channel_given = true;
  in.spec.channel = core::Channel::kVoice;
  EXPECT_TRUE(IsError(create(admin_, in), ErrorCode::kInvalidArgument, "channel"));
  EXPECT_EQ(waiting(kChat), 0u);

  in.spec.channel = core::Channel::kChat;
  auto ok = create(admin_, in);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->contact.live->channel, core::Channel::kChat);
}

TEST_F(ContactServiceTest, CreateInAnUnknownQueueIsNotFound) {
  EXPECT_TRUE(IsError(create(admin_, spec(77)), ErrorCode::kNotFound, "queue"));
}

TEST_F(ContactServiceTest, OnlyAdminsAndIntegrationsCreateContacts) {
  for (const char* user : {"agent01", "lead.red", "quality", "wfm", "reporting"})
    EXPECT_TRUE(IsError(create(caller(user), spec(kBilling)), ErrorCode::kPermissionDenied, "")) << user;
  EXPECT_EQ(waiting(kBilling), 0u);
  auto r = create(integration(), spec(kBilling));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(waiting(kBilling), 1u);
}

TEST_F(ContactServiceTest, AClosedQueueRefusesWithItsReason) {
  auto q = call<QueueInfo>([&](Reply<QueueInfo> r) { config_->queue(admin_, kSales, std::move(r)); });
  ASSERT_TRUE(q);
  Configure<core::QueueConfig> closed{q->config, false, kSales, "closed"};
  closed.config.open = false;
  ASSERT_TRUE(call<QueueInfo>([&](Reply<QueueInfo> r) { config_->configure_queue(admin_, closed, std::move(r)); }));

  auto r = create(admin_, spec(kSales));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->contact.state, ContactState::kRefused);
  EXPECT_EQ(r->refused_reason, "queue_closed");
  EXPECT_EQ(r->position, 0u);
  EXPECT_FALSE(r->contact.live);
}

TEST_F(ContactServiceTest, AFreeAgentIsOfferedTheContactAtOnce) {
  login_agent(agent_id(1));
  auto r = create(admin_, spec(kBilling));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->contact.state, ContactState::kOffered);
  EXPECT_EQ(r->contact.live->agent, agent_id(1));
  EXPECT_EQ(r->position, 0u);
  EXPECT_EQ(r->ewt_ms, 0);
}

// ---- get --------------------------------------------------------------------------------

TEST_F(ContactServiceTest, GetALiveContact) {
  core::ContactId first = create_contact(kTech);
  core::ContactId id = create_contact(kTech);
  auto r = get(admin_, id);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->id, id);
  EXPECT_EQ(r->state, ContactState::kQueued);
  ASSERT_TRUE(r->live);
  EXPECT_EQ(r->live->queue, kTech);
  EXPECT_EQ(r->live->customer_id, "cust-1");
  ASSERT_TRUE(r->wait);
  EXPECT_EQ(r->wait->position, 2u);
  EXPECT_FALSE(r->record);
  EXPECT_EQ(get(admin_, first)->wait->position, 1u);
}

TEST_F(ContactServiceTest, GetAnUnknownContactIsNotFound) {
  EXPECT_TRUE(IsError(get(admin_, 0xdead'0000'0001ull), ErrorCode::kNotFound, "id"));
}

TEST_F(ContactServiceTest, GetRightAfterWrapUpFindsItInHistory) {
  login_agent(agent_id(1));
  for (int i = 0; i < 5; ++i) {
    core::ContactId id = create_contact(kBilling, "cust-" + std::to_string(i));
    ASSERT_EQ(act(ContactAction::kAccept, id, agent_id(1)).state, ContactState::kAccepted);
    ASSERT_EQ(act(ContactAction::kEnd, id, agent_id(1)).state, ContactState::kWrapUp);  // ACW 10 s (demo)
    ActOnContact wrap{ContactAction::kWrapUp, id, agent_id(1), "sold", core::kNoId, false};
    auto done = act_with(admin_, wrap);
    ASSERT_TRUE(done) << done.error().message;
    EXPECT_EQ(done->state, ContactState::kCompleted);
    EXPECT_FALSE(done->live);
    // Read-your-writes: no waiting, the projection has it when get answers.
    auto r = get(admin_, id);
    ASSERT_TRUE(r) << "contact " << i << ": " << r.error().message;
    EXPECT_EQ(r->state, ContactState::kCompleted);
    EXPECT_FALSE(r->live);
    ASSERT_TRUE(r->record);
    EXPECT_EQ(r->record->id, id);
    EXPECT_EQ(r->record->agent, agent_id(1));
    EXPECT_EQ(r->record->disposition, "sold");
    EXPECT_EQ(r->record->customer_id, "cust-" + std::to_string(i));
    EXPECT_TRUE(r->record->ended_ms);
  }
}

TEST_F(ContactServiceTest, GetOfALiveContactIsScoped) {
  core::ContactId id = accepted_by_agent01();
  for (const char* user : {"agent01", "lead.red", "quality", "reporting", "admin"})
    EXPECT_TRUE(get(caller(user), id)) << user;
  EXPECT_TRUE(get(integration(), id));
  for (const char* user : {"agent02", "agent11", "lead.blue"})
    EXPECT_TRUE(IsError(get(caller(user), id), ErrorCode::kPermissionDenied, "id")) << user;
  EXPECT_TRUE(IsError(get(caller("wfm"), id), ErrorCode::kPermissionDenied, "")) << "wfm reads no contacts";

  // Nobody holds a queued contact: only roles that see every contact.
  core::ContactId queued = create_contact(kTech);
  EXPECT_TRUE(get(caller("quality"), queued));
  for (const char* user : {"agent01", "lead.red"})
    EXPECT_TRUE(IsError(get(caller(user), queued), ErrorCode::kPermissionDenied, "id")) << user;
}

TEST_F(ContactServiceTest, GetOfAnEndedContactIsScoped) {
  core::ContactId id = accepted_by_agent01();
  act(ContactAction::kEnd, id, agent_id(1));
  act(ContactAction::kWrapUp, id, agent_id(1));
  for (const char* user : {"agent01", "lead.red", "quality", "admin"}) {
    auto r = get(caller(user), id);
    ASSERT_TRUE(r) << user << ": " << r.error().message;
    EXPECT_EQ(r->state, ContactState::kCompleted);
    EXPECT_TRUE(r->record);
  }
  for (const char* user : {"agent02", "lead.blue"})
    EXPECT_TRUE(IsError(get(caller(user), id), ErrorCode::kPermissionDenied, "id")) << user;

  // Abandoned while queued: nobody's contact.
  core::ContactId gone = create_contact(kTech);
  ASSERT_TRUE(abandon(admin_, gone));
  auto r = get(caller("quality"), gone);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->state, ContactState::kAbandoned);
  EXPECT_TRUE(IsError(get(caller("lead.red"), gone), ErrorCode::kPermissionDenied, "id"));
}

// ---- actions ------------------------------------------------------------------------------

TEST_F(ContactServiceTest, AnAgentHandlesItsContactFromOfferToWrapUp) {
  Caller me = caller("agent01");
  login_agent(agent_id(1));
  core::ContactId id = create_contact(kBilling);
  auto r = act_as(me, ContactAction::kAccept, id);  // the caller's own agent
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->state, ContactState::kAccepted);
  EXPECT_EQ(r->live->agent, agent_id(1));

  ASSERT_TRUE(act_as(me, ContactAction::kHold, id));
  EXPECT_TRUE(IsError(act_as(me, ContactAction::kHold, id), ErrorCode::kIllegalState, "contact")) << "held twice";
  ASSERT_TRUE(act_as(me, ContactAction::kResume, id));
  EXPECT_TRUE(IsError(act_as(me, ContactAction::kResume, id), ErrorCode::kIllegalState, "contact"));
  advance(3'000);
  r = act_as(me, ContactAction::kEnd, id);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->state, ContactState::kWrapUp);
  ActOnContact wrap{ContactAction::kWrapUp, id, std::nullopt, "resolved", core::kNoId, false};
  r = act_with(me, wrap);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->state, ContactState::kCompleted);

  auto rec = get(me, id);
  ASSERT_TRUE(rec && rec->record);
  EXPECT_EQ(rec->record->disposition, "resolved");
  EXPECT_EQ(rec->record->talk_ms, 3'000);
}

TEST_F(ContactServiceTest, ActionsInTheWrongStateAreIllegal) {
  login_agent(agent_id(1));
  login_agent(agent_id(2), false);  // logged in, not ready: nothing is offered to it
  core::ContactId id = create_contact(kBilling);
  ASSERT_EQ(get_contact(id).live->agent, agent_id(1));
  using A = ContactAction;
  for (A a : {A::kHold, A::kResume, A::kEnd})
    EXPECT_TRUE(IsError(act_as(admin_, a, id, agent_id(1)), ErrorCode::kIllegalState, "contact"))
        << static_cast<int>(a) << " before accept";
  EXPECT_TRUE(IsError(act_as(admin_, A::kWrapUp, id, agent_id(1)), ErrorCode::kIllegalState, "contact"));
  EXPECT_TRUE(IsError(act_as(admin_, A::kAccept, id, agent_id(2)), ErrorCode::kIllegalState, "contact"))
      << "offered to another agent";
  EXPECT_TRUE(IsError(act_as(admin_, A::kReject, id, agent_id(2)), ErrorCode::kIllegalState, "contact"));
  ASSERT_TRUE(act_as(admin_, A::kAccept, id, agent_id(1)));
  EXPECT_TRUE(IsError(act_as(admin_, A::kAccept, id, agent_id(1)), ErrorCode::kIllegalState, "contact"));
  EXPECT_TRUE(IsError(act_as(admin_, A::kReject, id, agent_id(1)), ErrorCode::kIllegalState, "contact"));
  EXPECT_TRUE(IsError(act_as(admin_, A::kAccept, 0xbad'0000'0001ull, agent_id(1)), ErrorCode::kNotFound, "contact"));
  ActOnContact long_disposition{A::kWrapUp, id, agent_id(1), std::string(65, 'x'), core::kNoId, false};
  ASSERT_TRUE(act_as(admin_, A::kEnd, id, agent_id(1)));
  EXPECT_TRUE(IsError(act_with(admin_, long_disposition), ErrorCode::kInvalidArgument, "disposition"));
  EXPECT_EQ(get_contact(id).state, ContactState::kWrapUp);
}

TEST_F(ContactServiceTest, TheActingAgentMustBeInTheCallersScope) {
  login_agent(agent_id(1));
  core::ContactId id = create_contact(kBilling);
  using A = ContactAction;
  EXPECT_TRUE(IsError(act_as(caller("agent02"), A::kAccept, id, agent_id(1)), ErrorCode::kPermissionDenied, "agent"));
  EXPECT_TRUE(IsError(act_as(caller("agent02"), A::kAccept, id), ErrorCode::kIllegalState, "contact"))
      << "its own agent: not offered to it";
  EXPECT_TRUE(IsError(act_as(caller("lead.blue"), A::kAccept, id, agent_id(1)), ErrorCode::kPermissionDenied, "agent"));
  EXPECT_TRUE(IsError(act_as(caller("lead.red"), A::kAccept, id), ErrorCode::kInvalidArgument, "agent"))
      << "a lead has no agent of its own";
  EXPECT_TRUE(IsError(act_as(admin_, A::kAccept, id), ErrorCode::kInvalidArgument, "agent"));
  EXPECT_TRUE(IsError(act_as(admin_, A::kAccept, id, 99), ErrorCode::kNotFound, "agent"));
  for (const char* user : {"quality", "wfm", "reporting"})
    EXPECT_TRUE(IsError(act_as(caller(user), A::kAccept, id, agent_id(1)), ErrorCode::kPermissionDenied, ""))
        << user;
  EXPECT_TRUE(IsError(act_as(integration(), A::kAccept, id, agent_id(1)), ErrorCode::kPermissionDenied, ""));
  EXPECT_EQ(get_contact(id).state, ContactState::kOffered) << "nothing happened";

  auto r = act_as(caller("lead.red"), A::kAccept, id, agent_id(1));  // the lead's team
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->state, ContactState::kAccepted);
}

TEST_F(ContactServiceTest, ARejectedOfferGoesToTheNextFreeAgent) {
  login_agent(agent_id(1));
  login_agent(agent_id(2));
  core::ContactId id = create_contact(kBilling);
  core::AgentId first = get_contact(id).live->agent;
  ASSERT_TRUE(first == agent_id(1) || first == agent_id(2));
  core::AgentId other = first == agent_id(1) ? agent_id(2) : agent_id(1);
  auto r = act_as(admin_, ContactAction::kReject, id, first);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->state, ContactState::kOffered);
  EXPECT_EQ(r->live->agent, other);
}

TEST_F(ContactServiceTest, TransferKeepsThePlaceWhenAsked) {
  // Two billing contacts accepted at t0, then a tech contact arrives at
  // t0 + 5 s (no tech agent is logged in). A transfer with keep_place goes
  // ahead of it; one without goes behind.
  login_agent(agent_id(1));
  login_agent(agent_id(2));
  core::ContactId kept = create_contact(kBilling, "kept");
  core::ContactId plain = create_contact(kBilling, "plain");
  core::AgentId kept_agent = get_contact(kept).live->agent, plain_agent = get_contact(plain).live->agent;
  act(ContactAction::kAccept, kept, kept_agent);
  act(ContactAction::kAccept, plain, plain_agent);
  advance(5'000);
  core::ContactId waiting_one = create_contact(kTech, "waiting");

  ActOnContact t{ContactAction::kTransfer, kept, kept_agent, {}, kTech, true};
  auto r = act_with(admin_, t);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->state, ContactState::kQueued);
  EXPECT_EQ(r->live->queue, kTech);
  EXPECT_EQ(r->live->position_ms, kStartMs);
  EXPECT_EQ(r->wait->position, 1u) << "kept its place: ahead of the later arrival";
  advance(1'000);
  t = {ContactAction::kTransfer, plain, plain_agent, {}, kTech, false};
  r = act_with(admin_, t);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->wait->position, 3u) << "a new place: behind";
  EXPECT_EQ(get_contact(waiting_one).wait->position, 2u);
  EXPECT_EQ(get_contact(kept).live->history, (std::vector<core::QueueId>{kBilling, kTech}));
}

TEST_F(ContactServiceTest, TransferErrors) {
  core::ContactId id = accepted_by_agent01();
  ActOnContact t{ContactAction::kTransfer, id, agent_id(1), {}, kChat, false};
  EXPECT_TRUE(IsError(act_with(admin_, t), ErrorCode::kInvalidArgument, "target")) << "another channel";
  t.target = 42;
  EXPECT_TRUE(IsError(act_with(admin_, t), ErrorCode::kNotFound, "target"));
  t.target = kTech;
  t.agent = agent_id(2);
  EXPECT_TRUE(IsError(act_with(admin_, t), ErrorCode::kIllegalState, "contact")) << "not this agent's";
  t.agent = agent_id(1);
  EXPECT_TRUE(IsError(act_with(caller("agent02"), t), ErrorCode::kPermissionDenied, "agent"));
  EXPECT_EQ(get_contact(id).state, ContactState::kAccepted);
}

// ---- the customer's side --------------------------------------------------------------

TEST_F(ContactServiceTest, AbandonWhileQueuedOrRinging) {
  core::ContactId queued = create_contact(kTech);
  EXPECT_TRUE(IsError(abandon(caller("agent01"), queued), ErrorCode::kPermissionDenied, ""));
  EXPECT_TRUE(IsError(abandon(caller("lead.red"), queued), ErrorCode::kPermissionDenied, ""));
  auto r = abandon(integration(), queued);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->state, ContactState::kAbandoned);
  EXPECT_FALSE(r->live);
  EXPECT_TRUE(IsError(abandon(admin_, queued), ErrorCode::kNotFound, "contact")) << "no longer live";
  auto rec = get(admin_, queued);
  ASSERT_TRUE(rec && rec->record);
  EXPECT_EQ(rec->record->state, ContactState::kAbandoned);

  login_agent(agent_id(1));
  core::ContactId ringing = create_contact(kBilling);
  ASSERT_EQ(get_contact(ringing).state, ContactState::kOffered);
  ASSERT_TRUE(abandon(admin_, ringing));
  auto offers_left = offers(admin_, agent_id(1));
  ASSERT_TRUE(offers_left);
  EXPECT_TRUE(offers_left->empty());

  core::ContactId talking = create_contact(kBilling);
  act(ContactAction::kAccept, talking, agent_id(1));
  EXPECT_TRUE(IsError(abandon(admin_, talking), ErrorCode::kIllegalState, "contact"));
}

TEST_F(ContactServiceTest, ACallbackKeepsThePlace) {
  core::ContactId first = create_contact(kTech);
  core::ContactId second = create_contact(kTech);
  EXPECT_TRUE(IsError(callback(caller("agent01"), first), ErrorCode::kPermissionDenied, ""));
  auto r = callback(integration(), first);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->state, ContactState::kQueued);
  EXPECT_TRUE(r->live->callback);
  EXPECT_EQ(r->wait->position, 1u);
  EXPECT_EQ(get_contact(second).wait->position, 2u);
  EXPECT_TRUE(IsError(callback(admin_, first), ErrorCode::kIllegalState, "contact")) << "already a callback";

  core::ContactId chat = create_contact(kChat);
  EXPECT_TRUE(IsError(callback(admin_, chat), ErrorCode::kInvalidArgument, "contact")) << "voice only";
  EXPECT_TRUE(IsError(callback(admin_, 0xbad'0000'0001ull), ErrorCode::kNotFound, "contact"));
  login_agent(agent_id(1));
  core::ContactId offered = create_contact(kBilling);
  EXPECT_TRUE(IsError(callback(admin_, offered), ErrorCode::kIllegalState, "contact"));
}

// ---- customer history and offers -------------------------------------------------------

TEST_F(ContactServiceTest, CustomerHistoryIsNewestFirstAndScoped) {
  // c1: billing, agent01 (red), finished. c2: chat, agent11 (blue), live.
  // c3: tech, abandoned.
  login_agent(agent_id(1));
  core::ContactId c1 = create_contact(kBilling, "cust-42");
  act(ContactAction::kAccept, c1, agent_id(1));
  act(ContactAction::kEnd, c1, agent_id(1));
  act(ContactAction::kWrapUp, c1, agent_id(1));
  advance(1'000);
  login_agent(agent_id(11));
  core::ContactId c2 = create_contact(kChat, "cust-42");
  ASSERT_EQ(get_contact(c2).live->agent, agent_id(11));
  act(ContactAction::kAccept, c2, agent_id(11));
  advance(1'000);
  core::ContactId c3 = create_contact(kTech, "cust-42");
  ASSERT_TRUE(abandon(admin_, c3));
  create_contact(kTech, "someone-else");

  auto ids = [](const Result<std::vector<history::ContactRecord>>& r) {
    std::vector<core::ContactId> out;
    if (r)
      for (const auto& rec : *r) out.push_back(rec.id);
    return out;
  };
  using Ids = std::vector<core::ContactId>;
  EXPECT_EQ(ids(customer(admin_, "cust-42")), (Ids{c3, c2, c1}));
  EXPECT_EQ(ids(customer(admin_, "cust-42", 2)), (Ids{c3, c2}));
  EXPECT_EQ(ids(customer(caller("quality"), "cust-42")), (Ids{c3, c2, c1}));
  EXPECT_EQ(ids(customer(integration(), "cust-42")), (Ids{c3, c2, c1}));
  EXPECT_EQ(ids(customer(caller("agent01"), "cust-42")), (Ids{c1})) << "no live contact of the customer: own only";
  EXPECT_EQ(ids(customer(caller("agent02"), "cust-42")), Ids{});
  EXPECT_EQ(ids(customer(caller("lead.red"), "cust-42")), (Ids{c1}));
  // agent11 holds c2, a live contact of this customer: the contact at hand
  // opens the customer's whole history, to them and to their team lead.
  EXPECT_EQ(ids(customer(caller("agent11"), "cust-42")), (Ids{c3, c2, c1}));
  EXPECT_EQ(ids(customer(caller("lead.blue"), "cust-42")), (Ids{c3, c2, c1}));
  EXPECT_TRUE(IsError(customer(caller("wfm"), "cust-42"), ErrorCode::kPermissionDenied, ""));
  EXPECT_EQ(ids(customer(admin_, "nobody")), Ids{});

  auto recs = customer(admin_, "cust-42");
  ASSERT_TRUE(recs);
  EXPECT_EQ((*recs)[0].state, ContactState::kAbandoned);
  EXPECT_EQ((*recs)[1].state, ContactState::kAccepted) << "live contacts are there too";
  EXPECT_EQ((*recs)[2].state, ContactState::kCompleted);

  // Once c2 is finished the history narrows back to agent11's own contacts.
  act(ContactAction::kEnd, c2, agent_id(11));
  act(ContactAction::kWrapUp, c2, agent_id(11));
  EXPECT_EQ(ids(customer(caller("agent11"), "cust-42")), (Ids{c2}));
  EXPECT_EQ(ids(customer(caller("lead.blue"), "cust-42")), (Ids{c2}));
}

TEST_F(ContactServiceTest, OffersOfAnAgentAreScoped) {
  login_agent(agent_id(1));
  core::ContactId id = create_contact(kBilling);
  auto mine = offers(caller("agent01"), agent_id(1));
  ASSERT_TRUE(mine) << mine.error().message;
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].id, id);
  EXPECT_EQ((*mine)[0].state, ContactState::kOffered);
  EXPECT_TRUE(offers(caller("lead.red"), agent_id(1)));
  EXPECT_TRUE(offers(admin_, agent_id(1)));
  EXPECT_TRUE(IsError(offers(caller("agent02"), agent_id(1)), ErrorCode::kPermissionDenied, "id"));
  EXPECT_TRUE(IsError(offers(caller("lead.blue"), agent_id(1)), ErrorCode::kPermissionDenied, "id"));
  EXPECT_TRUE(IsError(offers(caller("quality"), agent_id(1)), ErrorCode::kPermissionDenied, ""));
  EXPECT_TRUE(IsError(offers(admin_, 99), ErrorCode::kNotFound, "id"));

  act(ContactAction::kAccept, id, agent_id(1));
  mine = offers(caller("agent01"), agent_id(1));
  ASSERT_TRUE(mine);
  EXPECT_TRUE(mine->empty()) << "accepted: no longer an offer";
}

// ---- timers -----------------------------------------------------------------------------

// Regression: an offer that times out puts the contact back in line, and a
// free agent gets it at once (not at the next unrelated event).
TEST_F(ContactServiceTest, AnOfferThatTimesOutIsOfferedToAnotherFreeAgentAtOnce) {
  login_agent(agent_id(1));
  login_agent(agent_id(2));
  core::ContactId id = create_contact(kBilling);
  core::AgentId first = get_contact(id).live->agent;
  core::AgentId other = first == agent_id(1) ? agent_id(2) : agent_id(1);

  advance(19'000);
  EXPECT_EQ(get_contact(id).live->agent, first) << "still ringing before the 20 s timeout";
  advance(1'001);
  ContactInfo now = get_contact(id);
  EXPECT_EQ(now.state, ContactState::kOffered);
  ASSERT_TRUE(now.live);
  EXPECT_EQ(now.live->agent, other);
  auto theirs = offers(admin_, other);
  ASSERT_TRUE(theirs);
  ASSERT_EQ(theirs->size(), 1u);
  EXPECT_EQ((*theirs)[0].id, id);
  auto missed = call<AgentInfo>([&](Reply<AgentInfo> r) { config_->agent(admin_, first, std::move(r)); });
  ASSERT_TRUE(missed);
  EXPECT_EQ(missed->live.consecutive_misses, 1);
}

}  // namespace
}  // namespace switchyard::app::testing
