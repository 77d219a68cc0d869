// The event-log module (events, snapshots, idempotency keys, its
// migrations) on SQLite and PostgreSQL.
#include "eventlog/event_log.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "audit/audit_log.h"
#include "codec/event_json.h"
#include "codec/event_testing.h"
#include "eventlog/idempotency.h"
#include "eventlog/schema.h"
#include "eventlog/snapshots.h"
#include "storage/db_test_util.h"

namespace switchyard::eventlog {
namespace {

using namespace core;
using codec::testing::expect_same_event;
using storage::testing::Backends;
using storage::testing::BackendNames;

constexpr int64_t kT0 = 1'700'000'000'000;

// An event of type `t` with every field set (codec/event_testing.h).
Event full_event(EventType t, uint64_t seq) { return codec::testing::sample_event(t, seq); }

std::vector<Event> load_all(EventLog& s, uint64_t after = 0) {
  std::vector<Event> out;
  auto r = s.load(after, [&](Event&& e) {
    out.push_back(std::move(e));
    return true;
  });
  EXPECT_TRUE(r) << r.error().message;
  return out;
}

// Plain events (agent_ready) with seqs first..first+n-1.
struct Batch {
  std::vector<Event> events;
  std::vector<IdempotencyEntry> idempotency;
  std::vector<audit::AuditEntry> audit;
};
Batch plain_batch(uint64_t first, size_t n) {
  Batch b;
  for (size_t i = 0; i < n; ++i) {
    uint64_t seq = first + i;
    b.events.push_back(Event{seq, kT0 + static_cast<int64_t>(seq), ev::AgentReady{static_cast<AgentId>(i % 7)}});
  }
  return b;
}

// What the server's commit thread does: events, keys and audit entries in
// one transaction.
Result<void> commit(EventLog& log, storage::SqlDriver& db, const Batch& b) {
  storage::Transaction tx;
  if (auto r = log.stage_append(tx, b.events); !r) return r;
  for (const auto& k : b.idempotency) IdempotencyKeys::stage(tx, k);
  for (const auto& a : b.audit) audit::AuditLog::stage(tx, a);
  auto r = tx.run(db);
  log.committed(r.has_value());
  return r;
}

template <typename B>
class StoreTest : public storage::testing::DbFixture<B> {
 protected:
  std::vector<const storage::ModuleSchema*> schemas() const override {
    return {&eventlog::schema(), &audit::AuditLog::schema()};
  }
  void SetUp() override {
    storage::testing::DbFixture<B>::SetUp();
    log_ = std::make_unique<EventLog>(this->db());
  }
  void reopen() {
    log_.reset();
    storage::testing::DbFixture<B>::reopen();
    log_ = std::make_unique<EventLog>(this->db());
  }
  Result<void> commit(const Batch& b) { return eventlog::commit(*log_, this->db(), b); }
  std::unique_ptr<EventLog> log_;
};
TYPED_TEST_SUITE(StoreTest, Backends, BackendNames);

TYPED_TEST(StoreTest, OpensEmptyAtLatestSchema) {
  EventLog& s = *this->log_;
  const int latest = eventlog::schema().migrations.back().version;
  EXPECT_EQ(storage::schema_version(this->db(), "eventlog").value(), latest);
  EXPECT_EQ(this->count("module_migrations WHERE module = 'eventlog'"), latest);
  EXPECT_EQ(s.last_seq().value(), 0u);
  EXPECT_EQ(s.first_seq().value(), 0u);
  EXPECT_TRUE(load_all(s).empty());
  EXPECT_FALSE(SnapshotStore(this->db()).latest().value().has_value());
  // Opening again applies nothing twice.
  this->reopen();
  EXPECT_EQ(this->count("module_migrations WHERE module = 'eventlog'"), latest);
}

TYPED_TEST(StoreTest, EveryEventTypeRoundTrips) {
  Batch b;
  for (int i = 0; i < core::kEventTypeCount; ++i)
    b.events.push_back(full_event(static_cast<EventType>(i), static_cast<uint64_t>(i) + 1));
  // Blank optional fields: no agent, zero values, empty strings.
  b.events.push_back(Event{b.events.size() + 1, -5, ev::ContactAbandoned{1, 0, kNoId, 0}});
  b.events.push_back(Event{b.events.size() + 1, -5, ev::WrapUpEnded{1, 0, 0, 0, ""}});
  SY_ASSERT_OK(this->commit(b));
  EXPECT_EQ(this->log_->last_seq().value(), b.events.size());
  std::vector<Event> back = load_all(*this->log_);
  ASSERT_EQ(back.size(), b.events.size());
  for (size_t i = 0; i < back.size(); ++i) expect_same_event(b.events[i], back[i]);
}

TYPED_TEST(StoreTest, LoadsAfterSeqInOrderAndStopsWhenAsked) {
  EventLog& s = *this->log_;
  SY_ASSERT_OK(this->commit(plain_batch(1, 4)));
  SY_ASSERT_OK(this->commit(plain_batch(5, 1)));
  SY_ASSERT_OK(this->commit(plain_batch(6, 5)));
  std::vector<Event> tail = load_all(s, 5);
  ASSERT_EQ(tail.size(), 5u);
  for (size_t i = 0; i < tail.size(); ++i) EXPECT_EQ(tail[i].seq, 6 + i);
  EXPECT_TRUE(load_all(s, 10).empty());
  int seen = 0;
  SY_ASSERT_OK(s.load(0, [&](Event&& e) {
    ++seen;
    return e.seq < 3;
  }));
  EXPECT_EQ(seen, 3);
}

TYPED_TEST(StoreTest, LoadsAcrossPages) {
  EventLog& s = *this->log_;
  constexpr size_t kTotal = 25'003;  // more than two pages of 10,000
  for (uint64_t first = 1; first <= kTotal; first += 5'000)
    SY_ASSERT_OK(this->commit(plain_batch(first, std::min<size_t>(5'000, kTotal - first + 1))));
  uint64_t expect = 1;
  SY_ASSERT_OK(s.load(0, [&](Event&& e) {
    EXPECT_EQ(e.seq, expect);
    ++expect;
    return true;
  }));
  EXPECT_EQ(expect, kTotal + 1);
}

TYPED_TEST(StoreTest, SeqMustContinueTheLog) {
  EventLog& s = *this->log_;
  SY_ASSERT_OK(this->commit(plain_batch(1, 3)));
  auto dup = this->commit(plain_batch(3, 2));
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
  auto gap = this->commit(plain_batch(5, 1));
  ASSERT_FALSE(gap);
  EXPECT_EQ(gap.error().code, ErrorCode::kIllegalState);
  Batch holes = plain_batch(4, 3);
  holes.events[2].seq = 9;
  auto bad = this->commit(holes);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  auto zero = this->commit(plain_batch(0, 1));
  ASSERT_FALSE(zero);
  EXPECT_EQ(zero.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.last_seq().value(), 3u);
  SY_ASSERT_OK(this->commit(plain_batch(4, 1)));
  // Another connection reads the log's end from the database.
  auto other_db = this->open_another();
  ASSERT_TRUE(other_db);
  EventLog other(*other_db);
  auto again = commit(other, *other_db, plain_batch(4, 1));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
}

TYPED_TEST(StoreTest, DuplicateSeqFromAStaleWriterIsAlreadyExists) {
  // Two writers: the cached next seq of `a` is stale, so the database's
  // primary key is what catches the duplicate.
  EventLog& a = *this->log_;
  SY_ASSERT_OK(this->commit(plain_batch(1, 1)));
  auto b_db = this->open_another();
  ASSERT_TRUE(b_db);
  EventLog b(*b_db);
  SY_ASSERT_OK(commit(b, *b_db, plain_batch(2, 1)));
  auto r = this->commit(plain_batch(2, 2));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAlreadyExists) << r.error().message;
  EXPECT_EQ(a.last_seq().value(), 2u);
  // After a failed commit the log re-reads its end.
  SY_ASSERT_OK(this->commit(plain_batch(3, 1)));
}

IdempotencyEntry key(std::string caller, std::string k, ContactId contact, uint64_t seq, int64_t created_ms,
                     std::string hash = "h") {
  return IdempotencyEntry{std::move(caller), std::move(k), std::move(hash), contact, seq, created_ms};
}

TYPED_TEST(StoreTest, CommitIsAllOrNothing) {
  EventLog& s = *this->log_;
  IdempotencyKeys keys(this->db());
  audit::AuditLog audit(this->db());
  Batch first = plain_batch(1, 2);
  first.idempotency.push_back(key("ann", "req-1", 42, 1, kT0));
  SY_ASSERT_OK(this->commit(first));

  Batch second;
  second.events.push_back(full_event(EventType::kContactCreated, 3));
  second.events.push_back(full_event(EventType::kAgentReady, 4));
  second.audit.push_back({0, kT0, "admin", "queue.configure", "queue:sales", "{}", 3});
  second.idempotency.push_back(key("ann", "req-2", 43, 3, kT0));
  second.audit.push_back({0, kT0, "admin", std::string("bad\0text", 8), "", "", 3});  // refused: the whole batch fails
  auto r = this->commit(second);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << r.error().message;
  EXPECT_EQ(s.last_seq().value(), 2u);
  EXPECT_FALSE(keys.find("ann", "req-2").value().has_value());
  EXPECT_TRUE(audit.list(0, 10).value().empty());

  second.audit.pop_back();  // the same batch without the bad entry: seqs were not used up
  SY_ASSERT_OK(this->commit(second));
  EXPECT_EQ(s.last_seq().value(), 4u);
  EXPECT_EQ(keys.find("ann", "req-2").value()->contact, 43u);
  EXPECT_EQ(audit.list(0, 10).value().size(), 1u);
}

TYPED_TEST(StoreTest, IdempotencyKeysAreScopedPerCaller) {
  IdempotencyKeys keys(this->db());
  EXPECT_FALSE(keys.find("ann", "k").value().has_value());
  Batch b = plain_batch(1, 1);
  b.idempotency = {key("ann", "k", UINT64_MAX - 1, 1, kT0, "abc"), key("bob", "k", 5, 1, kT0),
                   key("ann", "old", 7, 1, kT0 - 100'000), key("ann", "", 8, 1, kT0)};
  SY_ASSERT_OK(this->commit(b));
  auto k = keys.find("ann", "k").value();
  ASSERT_TRUE(k);
  EXPECT_EQ(*k, key("ann", "k", UINT64_MAX - 1, 1, kT0, "abc"));
  EXPECT_EQ(keys.find("bob", "k").value()->contact, 5u);  // same key, another caller
  EXPECT_FALSE(keys.find("cat", "k").value().has_value());
  EXPECT_EQ(keys.find("ann", "").value()->contact, 8u);
  // An idempotency-only batch needs no events. A key stored again (an
  // expired one not yet pruned) is replaced, never a failed commit.
  Batch keys_only;
  keys_only.idempotency = {key("ann", "k", 9, 1, kT0 + 5, "new")};
  SY_ASSERT_OK(this->commit(keys_only));
  EXPECT_EQ(*keys.find("ann", "k").value(), key("ann", "k", 9, 1, kT0 + 5, "new"));
  size_t since_t0 = 0;
  SY_ASSERT_OK(keys.for_each_since(kT0, [&](const IdempotencyEntry&) { return ++since_t0, true; }));
  EXPECT_EQ(since_t0, 3u);
  EXPECT_EQ(keys.delete_before(kT0 - 1, 100).value(), 1u);
  EXPECT_FALSE(keys.find("ann", "old").value().has_value());
  EXPECT_TRUE(keys.find("ann", "k").value().has_value());
  // At most max_rows at a time, the oldest first.
  EXPECT_EQ(keys.delete_before(kT0 + 1, 100).value(), 2u);  // bob/k and ann/"" (kT0)
  Batch more;
  more.idempotency = {key("bob", "a", 10, 2, kT0 + 3, "h"), key("bob", "b", 11, 3, kT0 + 1, "h"),
                      key("bob", "c", 12, 4, kT0 + 2, "h")};
  SY_ASSERT_OK(this->commit(more));
  EXPECT_EQ(keys.delete_before(kT0 + 3, 1).value(), 1u);
  EXPECT_FALSE(keys.find("bob", "b").value().has_value());
  EXPECT_TRUE(keys.find("bob", "c").value().has_value());
  EXPECT_EQ(keys.delete_before(kT0 + 3, 10).value(), 1u);  // "c"; "a" is not older than kT0 + 3
  EXPECT_TRUE(keys.find("bob", "a").value().has_value());
  EXPECT_EQ(keys.delete_before(kT0 + 3, 10).value(), 0u);
}

TYPED_TEST(StoreTest, SnapshotsKeepTheNewestFew) {
  SnapshotStore s(this->db());
  std::string blob;
  for (int i = 0; i < 256; ++i) blob.push_back(static_cast<char>(i));  // NULs and high bytes
  blob += blob;
  for (uint64_t seq : {10, 20, 30, 40}) SY_ASSERT_OK(s.save(seq, blob + std::to_string(seq)));
  EXPECT_EQ(this->count("snapshots"), SnapshotStore::kKept);
  auto latest = s.latest().value();
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->seq, 40u);
  EXPECT_EQ(latest->blob, blob + "40");
  EXPECT_EQ(s.oldest_seq().value(), 20u);
  SY_ASSERT_OK(s.save(40, "replaced"));
  EXPECT_EQ(s.latest().value()->blob, "replaced");
  SY_ASSERT_OK(s.save(5, "older than all kept"));
  EXPECT_EQ(s.latest().value()->seq, 40u);
  EXPECT_EQ(this->count("snapshots"), SnapshotStore::kKept);
  SY_ASSERT_OK(s.save(50, ""));
  EXPECT_EQ(s.latest().value()->blob, "");
}

TYPED_TEST(StoreTest, EverythingSurvivesReopen) {
  Batch b;
  for (int i = 0; i < core::kEventTypeCount; ++i)
    b.events.push_back(full_event(static_cast<EventType>(i), static_cast<uint64_t>(i) + 1));
  b.idempotency.push_back(key("ann", "req", 5, 13, kT0));
  b.audit.push_back({0, kT0, "system", "engine.start", "", "", 1});
  SY_ASSERT_OK(this->commit(b));
  SY_ASSERT_OK(SnapshotStore(this->db()).save(13, "snap"));

  this->reopen();
  EventLog& s = *this->log_;
  std::vector<Event> back = load_all(s);
  ASSERT_EQ(back.size(), b.events.size());
  for (size_t i = 0; i < back.size(); ++i) expect_same_event(b.events[i], back[i]);
  EXPECT_EQ(IdempotencyKeys(this->db()).find("ann", "req").value()->seq, 13u);
  EXPECT_EQ(audit::AuditLog(this->db()).list(0, 10).value().at(0).action, "engine.start");
  EXPECT_EQ(SnapshotStore(this->db()).latest().value()->blob, "snap");
  EXPECT_EQ(s.first_seq().value(), 1u);
  EXPECT_EQ(s.first_seq_at(kT0 + 3).value(), 3u);
  EXPECT_FALSE(s.first_seq_at(kT0 + 1'000'000).value().has_value());
  // The log continues where it ended.
  SY_ASSERT_OK(this->commit(plain_batch(b.events.size() + 1, 1)));
  // A bounded load stops at until_seq.
  std::vector<uint64_t> seqs;
  SY_ASSERT_OK(s.load(2, [&](Event&& e) { seqs.push_back(e.seq); return true; }, 5));
  EXPECT_EQ(seqs, (std::vector<uint64_t>{3, 4, 5}));
}

TYPED_TEST(StoreTest, RefusesADatabaseFromANewerBinary) {
  this->raw("INSERT INTO module_migrations (module, version, name) VALUES ('eventlog', 999, 'from the future')");
  auto db = storage::open_database(this->url_);
  ASSERT_TRUE(db);
  auto r = storage::migrate(**db, eventlog::schema());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kIllegalState);
  EXPECT_NE(r.error().message.find("999"), std::string::npos);
}

}  // namespace
}  // namespace switchyard::eventlog
