// The history module: the contacts projection built from a real engine's
// events, on SQLite and PostgreSQL.
#include "history/history_projection.h"

#include <gtest/gtest.h>

#include "core/engine.h"
#include "core/test_util.h"
#include "eventlog/schema.h"
#include "history/contact_history.h"
#include "storage/db_test_util.h"
#include "storage/sql_util.h"

namespace switchyard::history {
namespace {

using namespace core;
using core::testing::RecordingSink;
using storage::testing::Backends;
using storage::testing::BackendNames;
constexpr int64_t kT0 = 1'700'000'000'000;

// A small center driven through every kind of contact outcome.
struct Center {
  Center() : engine(clock, &sink) {
    english = *engine.define_skill("english");
    QueueConfig q;
    q.skills = {{english, 1}};
    q.acw_ms = 10'000;
    q.name = "sales";
    sales = *engine.configure_queue(q);
    q.name = "support";
    support = *engine.configure_queue(q);
    q.name = "closed";
    q.open = false;
    closed = *engine.configure_queue(q);
    AgentConfig a;
    a.skills = {{english, 3}};
    a.name = "a1";
    a1 = *engine.configure_agent(a);
    a.name = "a2";
    a2 = *engine.configure_agent(a);
    at(kT0);
    EXPECT_TRUE(engine.login(a1));
    at(kT0 + 10);
    EXPECT_TRUE(engine.login(a2));

    at(kT0 + 1'000);
    c1 = contact(sales, "alice", "vip");  // offered to a1 at once
    at(kT0 + 3'000);
    EXPECT_TRUE(engine.accept(a1, c1));
    at(kT0 + 4'000);
    c2 = contact(sales, "alice", "");  // offered to a2
    at(kT0 + 5'000);
    EXPECT_TRUE(engine.accept(a2, c2));
    at(kT0 + 6'000);
    c3 = contact(sales, "bob", "");  // both busy: waits
    at(kT0 + 36'000);
    EXPECT_TRUE(engine.abandon(c3));
    at(kT0 + 60'000);
    EXPECT_TRUE(engine.end_contact(a1, c1));
    at(kT0 + 62'000);
    EXPECT_TRUE(engine.end_wrapup(a1, c1, "sold"));
    at(kT0 + 70'000);
    EXPECT_TRUE(engine.transfer(a2, c2, support, true));  // a1 is free: offered to a1
    at(kT0 + 72'000);
    EXPECT_TRUE(engine.accept(a1, c2));
    at(kT0 + 100'000);  // a2's 10 s ACW ended at 80 s
    EXPECT_TRUE(engine.end_contact(a1, c2));
    EXPECT_TRUE(engine.end_wrapup(a1, c2, "fixed"));
    at(kT0 + 120'000);
    c4 = contact(closed, "alice", "");  // refused: queue closed
  }

  void at(int64_t t) {
    clock.set_ms(t);
    engine.advance();
  }
  ContactId contact(QueueId q, std::string customer, std::string group) {
    ContactSpec s;
    s.queue = q;
    s.customer_id = std::move(customer);
    s.customer_group = std::move(group);
    s.attributes = {{"lang", "en"}};
    auto r = engine.create_contact(s);
    EXPECT_TRUE(r) << r.error().message;
    return r->id;
  }
  // The body of the last event of type T about contact `c`.
  template <typename T>
  T last(ContactId c) const {
    for (auto it = sink.events.rbegin(); it != sink.events.rend(); ++it)
      if (const T* b = it->as<T>(); b && b->contact == c) return *b;
    ADD_FAILURE() << "no " << to_string(event_type_of<T>) << " for contact " << c;
    return T{};
  }
  uint64_t last_seq_of(ContactId c) const {
    uint64_t seq = 0;
    for (const Event& e : sink.events)
      if (e.contact() == c) seq = e.seq;
    return seq;
  }

  ManualClock clock{kT0};
  RecordingSink sink;
  Engine engine;
  SkillId english = 0;
  QueueId sales = 0, support = 0, closed = 0;
  AgentId a1 = 0, a2 = 0;
  ContactId c1 = 0, c2 = 0, c3 = 0, c4 = 0;
};

// Applies the log in batches of varying size (1, 2, 3, ... events), as the
// projection host does.
void apply_all(HistoryProjection& p, storage::SqlDriver& db, const std::vector<Event>& events) {
  size_t i = 0, size = 1;
  while (i < events.size()) {
    size_t n = std::min(size, events.size() - i);
    auto r = p.apply(db, std::span<const Event>(events).subspan(i, n));
    ASSERT_TRUE(r) << r.error().message;
    i += n;
    ++size;
  }
}

template <typename B>
class ProjectionTest : public storage::testing::DbFixture<B> {
 protected:
  std::vector<const storage::ModuleSchema*> schemas() const override {
    return {&eventlog::schema(), &history::schema()};
  }
  void SetUp() override {
    storage::testing::DbFixture<B>::SetUp();
    eventlog::EventLog log(this->db());
    auto cp = projection_.start(this->db(), log);
    ASSERT_TRUE(cp);
    ASSERT_EQ(*cp, 0u);
  }
  void apply(const std::vector<Event>& events) { apply_all(projection_, this->db(), events); }
  HistoryProjection projection_;
};
TYPED_TEST_SUITE(ProjectionTest, Backends, BackendNames);

TYPED_TEST(ProjectionTest, ContactHistoryFollowsTheEvents) {
  Center c;
  ASSERT_EQ(c.engine.contact(c.c4), std::nullopt);  // refused: never lived
  this->apply(c.sink.events);
  HistoryRepository s(this->db());

  auto history = s.customer_contacts("alice", 10).value();
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].id, c.c4);  // newest first
  EXPECT_EQ(history[1].id, c.c2);
  EXPECT_EQ(history[2].id, c.c1);
  auto two = s.customer_contacts("alice", 2).value();
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[1].id, c.c2);
  EXPECT_TRUE(s.customer_contacts("nobody", 10).value().empty());
  // by creation time: [from, to), oldest first, bounded
  auto all = s.created_between(0, INT64_MAX, 100).value();
  ASSERT_GE(all.size(), 3u);
  for (size_t i = 1; i < all.size(); ++i) EXPECT_LE(all[i - 1].created_ms, all[i].created_ms);
  EXPECT_EQ(s.created_between(0, INT64_MAX, 1).value().size(), 1u);
  const int64_t t = history[1].created_ms;  // c2's
  const auto at_t = s.created_between(t, t + 1, 100).value();
  EXPECT_FALSE(at_t.empty());
  for (const ContactRecord& r : at_t) EXPECT_EQ(r.created_ms, t);
  EXPECT_TRUE(s.created_between(t, t, 100).value().empty());

  const ContactRecord& r1 = history[2];
  EXPECT_EQ(r1.state, ContactState::kCompleted);
  EXPECT_EQ(r1.customer_id, "alice");
  EXPECT_EQ(r1.customer_group, "vip");
  EXPECT_EQ(r1.channel, Channel::kVoice);
  EXPECT_EQ(r1.queue, c.sales);
  EXPECT_EQ(r1.first_queue, c.sales);
  EXPECT_EQ(r1.agent, c.a1);
  EXPECT_EQ(r1.created_ms, kT0 + 1'000);
  EXPECT_EQ(r1.answered_ms, kT0 + 3'000);
  EXPECT_EQ(r1.ended_ms, kT0 + 62'000);
  EXPECT_EQ(r1.wait_ms, 2'000);
  EXPECT_EQ(r1.wait_ms, c.last<ev::ContactAccepted>(c.c1).wait_ms);
  EXPECT_EQ(r1.talk_ms, 57'000);
  EXPECT_EQ(r1.acw_ms, 2'000);
  EXPECT_EQ(r1.disposition, "sold");
  {
    int64_t announced = c.last<ev::ContactCreated>(c.c1).ewt_ms;
    EXPECT_EQ(r1.ewt_ms, announced >= 0 ? std::optional<int64_t>(announced) : std::nullopt);
  }
  EXPECT_EQ(r1.transfers, 0);
  EXPECT_EQ(r1.updated_seq, c.last_seq_of(c.c1));

  const ContactRecord& r2 = history[1];
  EXPECT_EQ(r2.state, ContactState::kCompleted);
  EXPECT_EQ(r2.first_queue, c.sales);
  EXPECT_EQ(r2.queue, c.support);
  EXPECT_EQ(r2.transfers, 1);
  EXPECT_EQ(r2.agent, c.a1);
  EXPECT_EQ(r2.answered_ms, kT0 + 5'000);  // the first answer
  EXPECT_EQ(r2.wait_ms, 1'000 + 2'000);    // in sales, then in support
  EXPECT_EQ(r2.talk_ms, 65'000 + 28'000);  // a2, then a1
  EXPECT_EQ(r2.acw_ms, 10'000);            // a2's ACW after the transfer; a1 ended at once
  EXPECT_EQ(r2.disposition, "fixed");
  EXPECT_EQ(r2.ended_ms, kT0 + 100'000);
  EXPECT_EQ(r2.updated_seq, c.last_seq_of(c.c2));

  const ContactRecord& r4 = history[0];
  EXPECT_EQ(r4.state, ContactState::kRefused);
  EXPECT_EQ(r4.reason, c.last<ev::ContactRefused>(c.c4).reason);
  EXPECT_FALSE(r4.reason.empty());
  EXPECT_EQ(r4.queue, c.closed);
  EXPECT_EQ(r4.ended_ms, kT0 + 120'000);
  EXPECT_FALSE(r4.answered_ms.has_value());

  auto r3 = s.contact(c.c3).value();
  ASSERT_TRUE(r3);
  EXPECT_EQ(r3->customer_id, "bob");
  EXPECT_EQ(r3->state, ContactState::kAbandoned);
  EXPECT_EQ(r3->wait_ms, 30'000);
  EXPECT_EQ(r3->ended_ms, kT0 + 36'000);
  EXPECT_FALSE(r3->answered_ms.has_value());
  EXPECT_EQ(r3->agent, kNoId);
  EXPECT_FALSE(s.contact(12345).value().has_value());
}

// The list a quality evaluator browses: answered contacts that ended, newest end first, filtered,
// paged by a cursor of (end, id); epoch milliseconds past 2^31 (PostgreSQL types them BIGINT).
TYPED_TEST(ProjectionTest, EndedContactsNewestFirstFilteredAndPaged) {
  Center c;
  this->apply(c.sink.events);
  HistoryRepository s(this->db());
  const auto ids = [](const std::vector<ContactRecord>& v) {
    std::vector<core::ContactId> out;
    for (const ContactRecord& r : v) out.push_back(r.id);
    return out;
  };
  const auto all = s.ended_between({.from_ms = 0, .to_ms = INT64_MAX}).value();
  ASSERT_EQ(ids(all), (std::vector<core::ContactId>{c.c2, c.c1}));  // c3 abandoned, c4 refused: never answered
  EXPECT_EQ(ids(s.ended_between({.from_ms = 0, .to_ms = INT64_MAX, .limit = 1}).value()),
            (std::vector<core::ContactId>{c.c2}));
  const std::pair<int64_t, core::ContactId> after_c2{*all[0].ended_ms, c.c2};
  EXPECT_EQ(ids(s.ended_between({.from_ms = 0, .to_ms = INT64_MAX, .before = after_c2}).value()),
            (std::vector<core::ContactId>{c.c1}));
  // [from, to) on the end
  EXPECT_EQ(ids(s.ended_between({.from_ms = kT0 + 62'000, .to_ms = kT0 + 100'000}).value()),
            (std::vector<core::ContactId>{c.c1}));
  EXPECT_EQ(ids(s.ended_between({.from_ms = 0, .to_ms = INT64_MAX, .queue = c.support}).value()),
            (std::vector<core::ContactId>{c.c2}));
  EXPECT_EQ(ids(s.ended_between({.from_ms = 0, .to_ms = INT64_MAX, .agents = {c.a1}}).value()),
            (std::vector<core::ContactId>{c.c2, c.c1}));
  EXPECT_TRUE(s.ended_between({.from_ms = 0, .to_ms = INT64_MAX, .agents = {c.a2}}).value().empty());
  EXPECT_EQ(ids(s.ended_between({.from_ms = 0, .to_ms = INT64_MAX, .channel = Channel::kVoice}).value()),
            (std::vector<core::ContactId>{c.c2, c.c1}));
  EXPECT_TRUE(s.ended_between({.from_ms = 0, .to_ms = INT64_MAX, .channel = Channel::kChat}).value().empty());
  // one contact (the quality module's row of it); one never answered is not there
  EXPECT_EQ(ids(s.ended_between({.from_ms = 0, .to_ms = INT64_MAX, .contact = c.c1}).value()),
            (std::vector<core::ContactId>{c.c1}));
  EXPECT_TRUE(s.ended_between({.from_ms = 0, .to_ms = INT64_MAX, .contact = c.c3}).value().empty());
}

TYPED_TEST(ProjectionTest, InFlightStatesAndFlags) {
  // Offered, then rejected back to the queue, then a callback, then overflowed.
  ManualClock clock(kT0);
  RecordingSink sink;
  Engine engine(clock, &sink);
  EngineSettings settings;
  settings.missed_backoff_ms = 60'000;  // the agent cannot take it again during the test
  ASSERT_TRUE(engine.set_settings(settings));
  SkillId sk = *engine.define_skill("s");
  QueueConfig q;
  q.name = "q";
  q.skills = {{sk, 1}};
  q.overflow.threshold_ms = 5'000;
  q.overflow.backup_teams = {*engine.define_team("backup")};
  QueueId qid = *engine.configure_queue(q);
  AgentConfig a;
  a.name = "a";
  a.skills = {{sk, 1}};
  AgentId aid = *engine.configure_agent(a);
  ASSERT_TRUE(engine.login(aid));
  ContactSpec spec;
  spec.queue = qid;
  spec.customer_id = "carol";
  ContactId cid = engine.create_contact(spec)->id;
  this->apply(sink.events);
  HistoryRepository repo(this->db());
  auto offered = repo.contact(cid).value();
  ASSERT_TRUE(offered);
  EXPECT_EQ(offered->state, ContactState::kOffered);
  EXPECT_EQ(offered->agent, aid);

  size_t done = sink.events.size();
  ASSERT_TRUE(engine.reject(aid, cid));
  ASSERT_TRUE(engine.request_callback(cid));
  clock.set_ms(kT0 + 6'000);
  engine.advance();
  std::vector<Event> more(sink.events.begin() + static_cast<long>(done), sink.events.end());
  ASSERT_FALSE(more.empty());
  this->apply(more);
  auto waiting = repo.contact(cid).value();
  ASSERT_TRUE(waiting);
  EXPECT_EQ(waiting->state, ContactState::kQueued);
  EXPECT_EQ(waiting->agent, kNoId);
  EXPECT_TRUE(waiting->callback);
  EXPECT_TRUE(waiting->overflowed);
  EXPECT_FALSE(waiting->ended_ms.has_value());
}

// The host may hand a projection events it applied already (after a crash
// between a read and the checkpoint): the guards make that a no-op.
TYPED_TEST(ProjectionTest, ApplyingEventsAgainChangesNothing) {
  Center c;
  this->apply(c.sink.events);
  HistoryRepository s(this->db());
  auto before = s.customer_contacts("alice", 10).value();
  this->apply(c.sink.events);  // everything once more
  auto after = s.customer_contacts("alice", 10).value();
  ASSERT_EQ(before.size(), after.size());
  for (size_t i = 0; i < before.size(); ++i) {
    EXPECT_EQ(before[i].wait_ms, after[i].wait_ms);
    EXPECT_EQ(before[i].talk_ms, after[i].talk_ms);
    EXPECT_EQ(before[i].transfers, after[i].transfers);
    EXPECT_EQ(before[i].state, after[i].state);
  }
}

// The checkpoint commits with the rows; another version of the rules clears
// the table and starts again from 0 (the host then rebuilds from the log).
TYPED_TEST(ProjectionTest, CheckpointAndRebuildOnAVersionChange) {
  Center c;
  this->apply(c.sink.events);
  eventlog::EventLog log(this->db());
  HistoryProjection again;
  EXPECT_EQ(again.start(this->db(), log).value(), c.sink.events.back().seq);
  this->raw("UPDATE history_checkpoint SET version = 0");
  EXPECT_EQ(again.start(this->db(), log).value(), 0u);
  EXPECT_EQ(this->count("contacts"), 0);
  EXPECT_EQ(this->raw("SELECT version FROM history_checkpoint"), std::to_string(HistoryProjection::kVersion));
  apply_all(again, this->db(), c.sink.events);
  EXPECT_EQ(HistoryRepository(this->db()).customer_contacts("alice", 10).value().size(), 3u);
}

}  // namespace
}  // namespace switchyard::history
