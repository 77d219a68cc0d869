// The Store suite, part 1: event log, projection, snapshots, idempotency,
// durability, migrations. Runs on SQLite and PostgreSQL (store_test_util.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "codec/event_testing.h"
#include "core/engine.h"
#include "core/test_util.h"
#include "storage/migrations.h"
#include "storage/store_test_util.h"

namespace switchyard::storage::testing {
namespace {

using namespace core;
using codec::testing::expect_same_event;

constexpr int64_t kT0 = 1'700'000'000'000;

// An event of type `t` with every field set (contact ids beyond INT64_MAX:
// stored bit-for-bit).
Event full_event(EventType t, uint64_t seq) { return codec::testing::sample_event(t, seq); }

std::vector<Event> load_all(Store& s, uint64_t after = 0) {
  std::vector<Event> out;
  auto r = s.load_events(after, [&](Event&& e) {
    out.push_back(std::move(e));
    return true;
  });
  EXPECT_TRUE(r) << r.error().message;
  return out;
}

// Plain events (agent_ready) with seqs first..first+n-1.
Batch plain_batch(uint64_t first, size_t n) {
  Batch b;
  for (size_t i = 0; i < n; ++i) {
    uint64_t seq = first + i;
    b.events.push_back(Event{seq, kT0 + static_cast<int64_t>(seq), ev::AgentReady{static_cast<AgentId>(i % 7)}});
  }
  return b;
}

template <typename B>
class StoreTest : public StoreFixture<B> {};
TYPED_TEST_SUITE(StoreTest, Backends, BackendNames);

TYPED_TEST(StoreTest, OpensEmptyAtLatestSchema) {
  Store& s = *this->store_;
  const char* want = std::is_same_v<TypeParam, Sqlite> ? "sqlite" : "postgresql";
  EXPECT_EQ(s.backend(), want);
  EXPECT_EQ(s.schema_version().value(), migrations().back().version);
  EXPECT_EQ(this->count("schema_migrations"), static_cast<int64_t>(migrations().size()));
  EXPECT_EQ(s.last_seq().value(), 0u);
  EXPECT_TRUE(load_all(s).empty());
  EXPECT_FALSE(s.load_latest_snapshot().value().has_value());
  // Opening again applies nothing twice.
  this->reopen();
  EXPECT_EQ(this->count("schema_migrations"), static_cast<int64_t>(migrations().size()));
}

TYPED_TEST(StoreTest, EveryEventTypeRoundTrips) {
  Batch b;
  for (int i = 0; i < kEventTypeCount; ++i)
    b.events.push_back(full_event(static_cast<EventType>(i), static_cast<uint64_t>(i) + 1));
  // Blank optional fields: no agent, zero values, empty strings.
  b.events.push_back(Event{b.events.size() + 1, -5, ev::ContactAbandoned{1, 0, kNoId, 0}});
  b.events.push_back(Event{b.events.size() + 1, -5, ev::WrapUpEnded{1, 0, 0, 0, ""}});
  SY_ASSERT_OK(this->store_->commit(b));
  EXPECT_EQ(this->store_->last_seq().value(), b.events.size());
  std::vector<Event> back = load_all(*this->store_);
  ASSERT_EQ(back.size(), b.events.size());
  for (size_t i = 0; i < back.size(); ++i) expect_same_event(b.events[i], back[i]);
}

TYPED_TEST(StoreTest, LoadsAfterSeqInOrderAndStopsWhenAsked) {
  Store& s = *this->store_;
  SY_ASSERT_OK(s.commit(plain_batch(1, 4)));
  SY_ASSERT_OK(s.commit(plain_batch(5, 1)));
  SY_ASSERT_OK(s.commit(plain_batch(6, 5)));
  std::vector<Event> tail = load_all(s, 5);
  ASSERT_EQ(tail.size(), 5u);
  for (size_t i = 0; i < tail.size(); ++i) EXPECT_EQ(tail[i].seq, 6 + i);
  EXPECT_TRUE(load_all(s, 10).empty());
  int seen = 0;
  SY_ASSERT_OK(s.load_events(0, [&](Event&& e) {
    ++seen;
    return e.seq < 3;
  }));
  EXPECT_EQ(seen, 3);
}

TYPED_TEST(StoreTest, LoadsAcrossPages) {
  Store& s = *this->store_;
  constexpr size_t kTotal = 25'003;  // more than two pages of 10,000
  for (uint64_t first = 1; first <= kTotal; first += 5'000)
    SY_ASSERT_OK(s.commit(plain_batch(first, std::min<size_t>(5'000, kTotal - first + 1))));
  uint64_t expect = 1;
  SY_ASSERT_OK(s.load_events(0, [&](Event&& e) {
    EXPECT_EQ(e.seq, expect);
    ++expect;
    return true;
  }));
  EXPECT_EQ(expect, kTotal + 1);
}

TYPED_TEST(StoreTest, SeqMustContinueTheLog) {
  Store& s = *this->store_;
  SY_ASSERT_OK(s.commit(plain_batch(1, 3)));
  auto dup = s.commit(plain_batch(3, 2));
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
  auto gap = s.commit(plain_batch(5, 1));
  ASSERT_FALSE(gap);
  EXPECT_EQ(gap.error().code, ErrorCode::kIllegalState);
  Batch holes = plain_batch(4, 3);
  holes.events[2].seq = 9;
  auto bad = s.commit(holes);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  auto zero = s.commit(plain_batch(0, 1));
  ASSERT_FALSE(zero);
  EXPECT_EQ(zero.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.last_seq().value(), 3u);
  SY_ASSERT_OK(s.commit(plain_batch(4, 1)));
  // Another handle reads the log's end from the database.
  auto other = this->open_another();
  ASSERT_TRUE(other);
  auto again = other->commit(plain_batch(4, 1));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
}

TYPED_TEST(StoreTest, DuplicateSeqFromAStaleWriterIsAlreadyExists) {
  // Two writers: the cached next seq of `a` is stale, so the database's
  // primary key is what catches the duplicate.
  Store& a = *this->store_;
  SY_ASSERT_OK(a.commit(plain_batch(1, 1)));
  auto b = this->open_another();
  ASSERT_TRUE(b);
  SY_ASSERT_OK(b->commit(plain_batch(2, 1)));
  auto r = a.commit(plain_batch(2, 2));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAlreadyExists) << r.error().message;
  EXPECT_EQ(a.last_seq().value(), 2u);
  // After a failed commit the store re-reads the end of the log.
  SY_ASSERT_OK(a.commit(plain_batch(3, 1)));
}

TYPED_TEST(StoreTest, CommitIsAllOrNothing) {
  Store& s = *this->store_;
  Batch first = plain_batch(1, 2);
  first.idempotency.push_back({"req-1", 42, 1, kT0});
  SY_ASSERT_OK(s.commit(first));

  Batch second;
  second.events.push_back(full_event(EventType::kContactCreated, 3));
  second.events.push_back(full_event(EventType::kAgentReady, 4));
  second.audit.push_back({0, kT0, "admin", "queue.configure", "queue:sales", "{}", 3});
  second.idempotency.push_back({"req-2", 43, 3, kT0});
  second.idempotency.push_back({"req-1", 44, 3, kT0});  // taken: the whole batch fails
  auto r = s.commit(second);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAlreadyExists) << r.error().message;
  EXPECT_EQ(s.last_seq().value(), 2u);
  EXPECT_FALSE(s.find_idempotency("req-2").value().has_value());
  EXPECT_TRUE(s.list_audit(0, 10).value().empty());
  EXPECT_FALSE(s.contact_record(UINT64_MAX - 3).value().has_value());

  second.idempotency.pop_back();  // the same batch without the conflict: seqs were not used up
  SY_ASSERT_OK(s.commit(second));
  EXPECT_EQ(s.last_seq().value(), 4u);
  EXPECT_EQ(s.find_idempotency("req-2").value()->contact, 43u);
  EXPECT_EQ(s.list_audit(0, 10).value().size(), 1u);
  EXPECT_TRUE(s.contact_record(UINT64_MAX - 3).value().has_value());
}

TYPED_TEST(StoreTest, Idempotency) {
  Store& s = *this->store_;
  EXPECT_FALSE(s.find_idempotency("k").value().has_value());
  Batch b = plain_batch(1, 1);
  b.idempotency = {{"k", UINT64_MAX - 1, 1, kT0}, {"old", 7, 1, kT0 - 100'000}, {"", 8, 1, kT0}};
  SY_ASSERT_OK(s.commit(b));
  auto k = s.find_idempotency("k").value();
  ASSERT_TRUE(k);
  EXPECT_EQ(k->key, "k");
  EXPECT_EQ(k->contact, UINT64_MAX - 1);
  EXPECT_EQ(k->seq, 1u);
  EXPECT_EQ(k->created_ms, kT0);
  EXPECT_EQ(s.find_idempotency("").value()->contact, 8u);
  // An audit-only or idempotency-only batch needs no events.
  Batch keys_only;
  keys_only.idempotency = {{"k", 9, 1, kT0}};
  auto dup = s.commit(keys_only);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(s.delete_idempotency_before(kT0 - 1).value(), 1u);
  EXPECT_FALSE(s.find_idempotency("old").value().has_value());
  EXPECT_TRUE(s.find_idempotency("k").value().has_value());
}

TYPED_TEST(StoreTest, SnapshotsKeepTheNewestFew) {
  Store& s = *this->store_;
  std::string blob;
  for (int i = 0; i < 256; ++i) blob.push_back(static_cast<char>(i));  // NULs and high bytes
  blob += blob;
  for (uint64_t seq : {10, 20, 30, 40})
    SY_ASSERT_OK(s.save_snapshot(seq, blob + std::to_string(seq)));
  EXPECT_EQ(this->count("snapshots"), Store::kKeptSnapshots);
  auto latest = s.load_latest_snapshot().value();
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->seq, 40u);
  EXPECT_EQ(latest->blob, blob + "40");
  SY_ASSERT_OK(s.save_snapshot(40, "replaced"));
  EXPECT_EQ(s.load_latest_snapshot().value()->blob, "replaced");
  SY_ASSERT_OK(s.save_snapshot(5, "older than all kept"));
  EXPECT_EQ(s.load_latest_snapshot().value()->seq, 40u);
  EXPECT_EQ(this->count("snapshots"), Store::kKeptSnapshots);
  SY_ASSERT_OK(s.save_snapshot(50, ""));
  EXPECT_EQ(s.load_latest_snapshot().value()->blob, "");
}

TYPED_TEST(StoreTest, EverythingSurvivesReopen) {
  Batch b;
  for (int i = 0; i < kEventTypeCount; ++i)
    b.events.push_back(full_event(static_cast<EventType>(i), static_cast<uint64_t>(i) + 1));
  b.idempotency.push_back({"req", 5, 13, kT0});
  b.audit.push_back({0, kT0, "system", "engine.start", "", "", 1});
  SY_ASSERT_OK(this->store_->commit(b));
  SY_ASSERT_OK(this->store_->save_snapshot(13, "snap"));
  User u;
  u.username = "root";
  u.role = "admin";
  SY_ASSERT_OK(this->store_->create_user(u));

  this->reopen();
  Store& s = *this->store_;
  std::vector<Event> back = load_all(s);
  ASSERT_EQ(back.size(), b.events.size());
  for (size_t i = 0; i < back.size(); ++i) expect_same_event(b.events[i], back[i]);
  EXPECT_EQ(s.find_idempotency("req").value()->seq, 13u);
  EXPECT_EQ(s.list_audit(0, 10).value().at(0).action, "engine.start");
  EXPECT_EQ(s.load_latest_snapshot().value()->blob, "snap");
  EXPECT_TRUE(s.find_user_by_name("root").value().has_value());
  // The log continues where it ended.
  SY_ASSERT_OK(s.commit(plain_batch(b.events.size() + 1, 1)));
}

TYPED_TEST(StoreTest, RefusesADatabaseFromANewerBinary) {
  this->store_.reset();
  this->raw("INSERT INTO schema_migrations (version, name) VALUES (999, 'from the future')");
  auto s = Store::open(this->url_);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kIllegalState);
  EXPECT_NE(s.error().message.find("999"), std::string::npos);
}

}  // namespace
}  // namespace switchyard::storage::testing
