// ContactService: idempotency keys (per caller, bound to the request, in
// memory while their commit may be in flight, in the store until their TTL,
// pruned in chunks).
#include <set>
#include <thread>
#include <vector>

#include "app/contact_service_fixture.h"

namespace switchyard::app::testing {
namespace {

using core::ContactState;

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

}  // namespace
}  // namespace switchyard::app::testing
