// ContactService: the behaviour behind POST /contacts, GET /contacts/{id},
// the contact actions, abandon / callback, the customer's history and an
// agent's offers.
#include <set>
#include <thread>

#include "app/app_test_util.h"
#include "eventlog/idempotency.h"

namespace switchyard::app::testing {
namespace {

using core::ContactState;

class ContactServiceTest : public AppFixture {
 protected:
  void SetUp() override {
    contact_options().recent_window_ms = 1'000;     // keys leave memory after 1 s (manual clock)
    contact_options().idempotency_ttl_ms = 60'000;  // and the store after 1 min
    contact_options().prune_chunk = 2;              // several transactions in a test
    AppFixture::SetUp();
  }

  Result<CreatedContact> create(const Caller& c, CreateContact in) {
    return call<CreatedContact>([&](Reply<CreatedContact> r) { contacts_->create(c, std::move(in), std::move(r)); });
  }
  static CreateContact spec(core::QueueId q, const std::string& customer = "cust-1", const std::string& key = {},
                            const std::string& hash = {}) {
    CreateContact in;
    in.spec.queue = q;
    in.spec.customer_id = customer;
    in.idempotency_key = key;
    in.request_hash = hash;
    return in;
  }
  Result<ContactInfo> get(const Caller& c, core::ContactId id) {
    return call<ContactInfo>([&](Reply<ContactInfo> r) { contacts_->get(c, id, std::move(r)); });
  }
  Result<ContactInfo> act_as(const Caller& c, ContactAction action, core::ContactId id,
                             std::optional<core::AgentId> agent = std::nullopt) {
    ActOnContact in;
    in.action = action;
    in.contact = id;
    in.agent = agent;
    return act_with(c, in);
  }
  Result<ContactInfo> act_with(const Caller& c, ActOnContact in) {
    return call<ContactInfo>([&](Reply<ContactInfo> r) { contacts_->act(c, in, std::move(r)); });
  }
  Result<ContactInfo> abandon(const Caller& c, core::ContactId id) {
    return call<ContactInfo>([&](Reply<ContactInfo> r) { contacts_->abandon(c, id, std::move(r)); });
  }
  Result<ContactInfo> callback(const Caller& c, core::ContactId id) {
    return call<ContactInfo>([&](Reply<ContactInfo> r) { contacts_->request_callback(c, id, std::move(r)); });
  }
  Result<std::vector<history::ContactRecord>> customer(const Caller& c, const std::string& id, size_t limit = 100) {
    return call<std::vector<history::ContactRecord>>(
        [&](Reply<std::vector<history::ContactRecord>> r) { contacts_->customer_history(c, id, limit, std::move(r)); });
  }
  Result<std::vector<ContactInfo>> offers(const Caller& c, core::AgentId a) {
    return call<std::vector<ContactInfo>>(
        [&](Reply<std::vector<ContactInfo>> r) { contacts_->offers(c, a, std::move(r)); });
  }
  uint32_t waiting(core::QueueId q) {
    auto v = on_engine<uint32_t>([q](server::TaskContext& ctx) -> Result<uint32_t> {
      return ctx.engine.queue(q)->waiting;
    });
    EXPECT_TRUE(v);
    return v ? *v : 0;
  }
  // A billing contact accepted by agent01 (logged in first).
  core::ContactId accepted_by_agent01(const std::string& customer = "cust-1") {
    login_agent(agent_id(1));
    core::ContactId id = create_contact(kBilling, customer);
    EXPECT_EQ(act(ContactAction::kAccept, id, agent_id(1)).state, ContactState::kAccepted);
    return id;
  }
};

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

// ---- idempotency --------------------------------------------------------------------

TEST_F(ContactServiceTest, SameKeyAndSameBodyReplaysTheContact) {
  auto first = create(admin_, spec(kBilling, "c", "key-1", "hash-a"));
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_FALSE(first->replay);
  auto again = create(admin_, spec(kBilling, "c", "key-1", "hash-a"));
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(again->replay);
  EXPECT_EQ(again->contact.id, first->contact.id);
  EXPECT_EQ(again->contact.state, ContactState::kQueued);
  EXPECT_EQ(waiting(kBilling), 1u) << "nothing was created by the retry";
}

TEST_F(ContactServiceTest, SameKeyWithAnotherBodyIsUnprocessable) {
  auto first = create(admin_, spec(kBilling, "c", "key-1", "hash-a"));
  ASSERT_TRUE(first);
  EXPECT_TRUE(IsError(create(admin_, spec(kBilling, "other", "key-1", "hash-b")), ErrorCode::kUnprocessable,
                      "Idempotency-Key"));
  EXPECT_EQ(waiting(kBilling), 1u);
  // The key still answers its own request.
  auto again = create(admin_, spec(kBilling, "c", "key-1", "hash-a"));
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->replay);
}

TEST_F(ContactServiceTest, AReplayAfterTheInMemoryWindowComesFromTheStore) {
  auto first = create(admin_, spec(kBilling, "c", "key-1", "hash-a"));
  ASSERT_TRUE(first);
  EXPECT_EQ(contacts_->recent_keys(), 1u);
  advance(5'000);  // past recent_window_ms
  ASSERT_TRUE(create(admin_, spec(kBilling, "d", "key-2", "hash-b")));  // remembering a key evicts old ones
  EXPECT_EQ(contacts_->recent_keys(), 1u) << "key-1 left memory";

  auto replay = create(admin_, spec(kBilling, "c", "key-1", "hash-a"));
  ASSERT_TRUE(replay) << replay.error().message;
  EXPECT_TRUE(replay->replay);
  EXPECT_EQ(replay->contact.id, first->contact.id);
  EXPECT_TRUE(IsError(create(admin_, spec(kBilling, "x", "key-1", "hash-other")), ErrorCode::kUnprocessable,
                      "Idempotency-Key"));
  EXPECT_EQ(waiting(kBilling), 2u);

  // The key is in the store, scoped to its caller, with the request's hash.
  auto stored = eventlog::IdempotencyKeys(db()).find(admin_.identity(), "key-1");
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ((*stored)->request_hash, "hash-a");
  EXPECT_EQ((*stored)->contact, first->contact.id);
}

TEST_F(ContactServiceTest, AKeyPastItsTimeToLiveCreatesANewContact) {
  auto first = create(admin_, spec(kBilling, "c", "key-1", "hash-a"));
  ASSERT_TRUE(first);
  advance(61'000);  // past idempotency_ttl_ms
  auto second = create(admin_, spec(kBilling, "c", "key-1", "hash-a"));
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_FALSE(second->replay);
  EXPECT_NE(second->contact.id, first->contact.id);
}

TEST_F(ContactServiceTest, PruningForgetsExpiredKeysInChunks) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(create(admin_, spec(kBilling, "c", "old-" + std::to_string(i), "h")));
  advance(30'000);
  ASSERT_TRUE(create(admin_, spec(kBilling, "c", "young", "h")));
  advance(31'000);  // the five are past the TTL, "young" is not
  int pauses = 0;
  auto n = contacts_->prune_keys(db(), [&] { ++pauses; });
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(*n, 5u);
  EXPECT_EQ(pauses, 2) << "chunks of 2, 2 and 1: a pause between two";
  eventlog::IdempotencyKeys keys(db());
  EXPECT_FALSE(keys.find(admin_.identity(), "old-0").value().has_value());
  EXPECT_FALSE(keys.find(admin_.identity(), "old-4").value().has_value());
  EXPECT_TRUE(keys.find(admin_.identity(), "young").value().has_value());
  EXPECT_EQ(contacts_->prune_keys(db()).value(), 0u);
}

TEST_F(ContactServiceTest, IdempotencyKeysAreScopedPerCaller) {
  std::vector<Caller> callers = {admin_, integration(1), integration(2)};
  std::vector<core::ContactId> ids;
  for (const Caller& c : callers) {
    auto r = create(c, spec(kBilling, "c", "shared-key", "hash-a"));
    ASSERT_TRUE(r) << c.name << ": " << r.error().message;
    EXPECT_FALSE(r->replay) << c.name << ": another caller's key is not this caller's";
    ids.push_back(r->contact.id);
  }
  EXPECT_NE(ids[0], ids[1]);
  EXPECT_NE(ids[1], ids[2]);
  EXPECT_NE(ids[0], ids[2]);
  // A different body under the same key is fine for another caller too.
  auto other = create(integration(3), spec(kBilling, "z", "shared-key", "hash-z"));
  ASSERT_TRUE(other);
  EXPECT_FALSE(other->replay);
  for (size_t i = 0; i < callers.size(); ++i) {
    auto r = create(callers[i], spec(kBilling, "c", "shared-key", "hash-a"));
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->replay);
    EXPECT_EQ(r->contact.id, ids[i]);
  }
  EXPECT_EQ(waiting(kBilling), 4u);
}

TEST_F(ContactServiceTest, ConcurrentDuplicatesCreateExactlyOneContact) {
  constexpr int kThreads = 4, kPerThread = 6;
  std::vector<Awaited<CreatedContact>> replies(kThreads * kPerThread);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i)
        contacts_->create(admin_, spec(kBilling, "c", "dup-key", "hash-a"), replies[t * kPerThread + i].reply());
    });
  for (auto& th : threads) th.join();
  int created = 0;
  std::set<core::ContactId> ids;
  for (auto& a : replies) {
    auto r = a.wait();
    ASSERT_TRUE(r) << r.error().message;
    if (!r->replay) ++created;
    ids.insert(r->contact.id);
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(ids.size(), 1u) << "every duplicate got the same contact";
  EXPECT_EQ(waiting(kBilling), 1u);
}

TEST_F(ContactServiceTest, ConcurrentRequestsWithOneKeyAndTwoBodies) {
  // In flight together: one creates; the same body replays it, the other
  // body is refused (from memory or from the store, whichever is first).
  constexpr int kEach = 8;
  std::vector<Awaited<CreatedContact>> a(kEach), b(kEach);
  for (int i = 0; i < kEach; ++i) {
    contacts_->create(admin_, spec(kBilling, "a", "k", "hash-a"), a[i].reply());
    contacts_->create(admin_, spec(kBilling, "b", "k", "hash-b"), b[i].reply());
  }
  int created = 0, refused = 0, replayed = 0;
  std::set<core::ContactId> ids;
  for (auto* side : {&a, &b})
    for (auto& w : *side) {
      auto r = w.wait();
      if (!r) {
        EXPECT_TRUE(IsError(r, ErrorCode::kUnprocessable, "Idempotency-Key"));
        ++refused;
        continue;
      }
      ids.insert(r->contact.id);
      (r->replay ? replayed : created)++;
    }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(replayed, kEach - 1);
  EXPECT_EQ(refused, kEach);
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_EQ(waiting(kBilling), 1u);
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
  // c1: billing, agent01 (red). c2: chat, agent11 (blue). c3: tech, abandoned.
  login_agent(agent_id(1));
  core::ContactId c1 = create_contact(kBilling, "cust-42");
  act(ContactAction::kAccept, c1, agent_id(1));
  act(ContactAction::kEnd, c1, agent_id(1));
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
  EXPECT_EQ(ids(customer(caller("agent01"), "cust-42")), (Ids{c1}));
  EXPECT_EQ(ids(customer(caller("agent11"), "cust-42")), (Ids{c2}));
  EXPECT_EQ(ids(customer(caller("agent02"), "cust-42")), Ids{});
  EXPECT_EQ(ids(customer(caller("lead.red"), "cust-42")), (Ids{c1}));
  EXPECT_EQ(ids(customer(caller("lead.blue"), "cust-42")), (Ids{c2}));
  EXPECT_TRUE(IsError(customer(caller("wfm"), "cust-42"), ErrorCode::kPermissionDenied, ""));
  EXPECT_EQ(ids(customer(admin_, "nobody")), Ids{});

  auto recs = customer(admin_, "cust-42");
  ASSERT_TRUE(recs);
  EXPECT_EQ((*recs)[0].state, ContactState::kAbandoned);
  EXPECT_EQ((*recs)[1].state, ContactState::kAccepted) << "live contacts are there too";
  EXPECT_EQ((*recs)[2].state, ContactState::kWrapUp);
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
