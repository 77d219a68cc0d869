// Module "notify" on SQLite and PostgreSQL: staged and direct inserts, the
// newest-first list with its bounds, the push read (after an id), unread
// counts, marking read (only one's own) and pruning.
#include <gtest/gtest.h>

#include "notify/notify_store.h"
#include "storage/db_test_util.h"

namespace switchyard::notify {
namespace {

using storage::testing::BackendNames;
using storage::testing::Backends;

template <typename B>
class NotifyStoreTest : public storage::testing::DbFixture<B> {
 protected:
  std::vector<const storage::ModuleSchema*> schemas() const override { return {&NotifyRepository::schema()}; }
  static Notification note(int64_t user, std::string kind, int64_t at) {
    return Notification{0, user, std::move(kind), R"({"leave":1})", "/schedule", at, std::nullopt};
  }
};
TYPED_TEST_SUITE(NotifyStoreTest, Backends, BackendNames);

TYPED_TEST(NotifyStoreTest, ListsNewestFirstAndReadsForThePush) {
  NotifyRepository repo(this->db());
  storage::Transaction tx;
  NotifyRepository::stage(tx, this->note(7, "wfm.leave_decided", 100));
  NotifyRepository::stage(tx, this->note(8, "wfm.leave_requested", 110));
  ASSERT_TRUE(tx.run(this->db()));
  auto third = repo.add(this->note(7, "wfm.swap_taken", 120));
  ASSERT_TRUE(third) << third.error().message;

  auto mine = repo.list(7, false, 0, 50);
  ASSERT_TRUE(mine) << mine.error().message;
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ(mine->at(0).kind, "wfm.swap_taken");
  EXPECT_EQ(mine->at(0).id, *third);
  EXPECT_EQ(mine->at(1).kind, "wfm.leave_decided");
  EXPECT_EQ(mine->at(1).data, R"({"leave":1})");
  EXPECT_EQ(mine->at(1).link, "/schedule");
  EXPECT_EQ(mine->at(1).created_ms, 100);
  EXPECT_FALSE(mine->at(1).read_ms);
  // before_id pages; limit cuts.
  EXPECT_EQ(repo.list(7, false, *third, 50)->size(), 1u);
  EXPECT_EQ(repo.list(7, false, 0, 1)->size(), 1u);
  // The push reads oldest first after the last id it sent.
  auto later = repo.after(7, mine->at(1).id, 10);
  ASSERT_EQ(later->size(), 1u);
  EXPECT_EQ(later->at(0).id, *third);
  EXPECT_TRUE(repo.after(7, *third, 10)->empty());
  EXPECT_EQ(*repo.unread(7), 2);
  EXPECT_EQ(*repo.unread(8), 1);
}

TYPED_TEST(NotifyStoreTest, MarksOnlyTheUsersOwnAndPrunes) {
  NotifyRepository repo(this->db());
  const int64_t a = *repo.add(this->note(7, "x.a", 100));
  const int64_t b = *repo.add(this->note(7, "x.b", 200));
  const int64_t other = *repo.add(this->note(8, "x.c", 300));
  const int64_t ids[] = {a, other};
  EXPECT_EQ(*repo.mark_read(7, ids, 500), 1u);  // user 8's is not user 7's to mark
  EXPECT_EQ(*repo.unread(7), 1);
  EXPECT_EQ(*repo.unread(8), 1);
  EXPECT_EQ(*repo.mark_read(7, ids, 600), 0u);  // already read: unchanged
  auto unread = repo.list(7, true, 0, 50);
  ASSERT_EQ(unread->size(), 1u);
  EXPECT_EQ(unread->at(0).id, b);
  EXPECT_EQ(*repo.list(7, false, 0, 50)->at(1).read_ms, 500);
  EXPECT_EQ(*repo.mark_all_read(7, 700), 1u);
  EXPECT_EQ(*repo.unread(7), 0);
  EXPECT_EQ(*repo.prune(250), 2u);
  EXPECT_TRUE(repo.list(7, false, 0, 50)->empty());
  EXPECT_EQ(repo.list(8, false, 0, 50)->size(), 1u);
}

}  // namespace
}  // namespace switchyard::notify
