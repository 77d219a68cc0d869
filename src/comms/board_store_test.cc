// The boards' store on SQLite and PostgreSQL (docs/comms.md "Boards").
#include "comms/board_store.h"

#include <gtest/gtest.h>

#include "storage/db_test_util.h"

namespace switchyard::comms {
namespace {

using storage::testing::Backends;
using storage::testing::BackendNames;

template <typename B>
class BoardStoreTest : public storage::testing::DbFixture<B> {
 protected:
  std::vector<const storage::ModuleSchema*> schemas() const override { return {&BoardRepository::schema()}; }
};
TYPED_TEST_SUITE(BoardStoreTest, Backends, BackendNames);

PostQuery query(Board b, bool top) {
  PostQuery q;
  q.board = b;
  q.top = top;
  return q;
}

// add() and set_members() run in the caller's transaction.
int64_t add(storage::SqlDriver& db, const Post& p) {
  int64_t id = 0;
  EXPECT_TRUE(db.in_transaction([&]() -> Result<void> {
    auto made = BoardRepository(db).add(p);
    if (!made) return std::unexpected(made.error());
    id = *made;
    return {};
  }));
  return id;
}
Result<void> set_members(storage::SqlDriver& db, int64_t id, std::span<const std::string> members) {
  return db.in_transaction([&]() { return BoardRepository(db).set_members(id, members); });
}

Post idea(std::string title, std::string author, int64_t at) {
  Post p;
  p.board = Board::kIdea;
  p.title = std::move(title);
  p.body = "Because.";
  p.author = std::move(author);
  p.status = "new";
  p.created_ms = p.updated_ms = at;
  return p;
}

TYPED_TEST(BoardStoreTest, TheMostVotedRiseAndEachUserVotesOnce) {
  BoardRepository board(this->db());
  const int64_t a = add(this->db(), idea("Quiet room", "agent01", 100));
  const int64_t b = add(this->db(), idea("Second screen", "agent02", 200));
  const int64_t c = add(this->db(), idea("Later shifts in summer", "agent03", 300));
  ASSERT_TRUE(board.vote(a, "agent02", true));
  ASSERT_TRUE(board.vote(a, "agent03", true));
  ASSERT_TRUE(board.vote(a, "agent03", true));  // twice counts once
  ASSERT_TRUE(board.vote(b, "agent01", true));
  ASSERT_TRUE(board.vote(b, "agent01", false));
  ASSERT_TRUE(board.vote(c, "agent01", true));

  PostQuery top = query(Board::kIdea, true);
  auto page = board.list(top).value();
  ASSERT_EQ(page.items.size(), 3u);
  EXPECT_EQ(page.total, 3);
  EXPECT_EQ(page.items[0].id, a);
  EXPECT_EQ(page.items[0].votes, 2);
  EXPECT_EQ(page.items[1].id, c);  // one vote
  EXPECT_EQ(page.items[2].id, b);  // its vote taken back
  EXPECT_EQ(page.items[2].votes, 0);

  PostQuery newest = query(Board::kIdea, false);
  newest.limit = 2;
  newest.offset = 1;
  page = board.list(newest).value();
  EXPECT_EQ(page.total, 3);
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].id, b);
  EXPECT_EQ(page.items[1].id, a);

  const int64_t ids[] = {a, b, c};
  EXPECT_EQ(board.voted("agent01", ids).value(), (std::set<int64_t>{c}));
  EXPECT_EQ(board.vote(999, "agent01", true).error().field, "id");

  PostQuery text = query(Board::kIdea, true);
  text.text = "SCREEN";
  page = board.list(text).value();
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].id, b);
  text.text = "100%";  // a wildcard is taken literally
  EXPECT_EQ(board.list(text).value().total, 0);
}

TYPED_TEST(BoardStoreTest, StatusAnswerCommentsViewsMembersAndRemoval) {
  BoardRepository board(this->db());
  Post q;
  q.board = Board::kQuestion;
  q.title = "Will we get new headsets?";
  q.author = "agent02";
  q.anonymous = true;
  q.status = "open";
  const int64_t id = add(this->db(), q);
  EXPECT_EQ(board.set_status(id, "planned", "", "lead.red", 5).error().field, "status");  // an idea's status
  ASSERT_TRUE(board.set_answer(id, "Yes, in January.", "lead.red", 10));
  auto got = board.get(id).value();
  ASSERT_TRUE(got);
  EXPECT_TRUE(got->anonymous);
  EXPECT_EQ(got->status, "answered");
  EXPECT_EQ(got->answer, std::optional<std::string>("Yes, in January."));
  EXPECT_EQ(got->answer_by, "lead.red");

  ASSERT_TRUE(board.view(id, "agent01"));
  ASSERT_TRUE(board.view(id, "agent01"));
  ASSERT_TRUE(board.view(id, "agent03"));
  EXPECT_TRUE(board.add_comment({0, id, "agent01", "Thanks!", 20}));
  EXPECT_EQ(board.add_comment({0, id, "agent01", "", 21}).error().field, "body");
  EXPECT_EQ(board.add_comment({0, 999, "agent01", "x", 21}).error().code, ErrorCode::kNotFound);
  got = board.get(id).value();
  EXPECT_EQ(got->views, 2);
  EXPECT_EQ(got->comments, 1);
  auto comments = board.comments(id).value();
  ASSERT_EQ(comments.size(), 1u);
  EXPECT_EQ(comments[0].body, "Thanks!");

  Post focus;
  focus.board = Board::kFocus;
  focus.title = "The new IVR";
  focus.author = "lead.red";
  focus.status = "open";
  focus.members = {"agent01", "agent02"};
  const int64_t f = add(this->db(), focus);
  PostQuery mine = query(Board::kFocus, false);
  mine.visible_to = "agent02";
  EXPECT_EQ(board.list(mine).value().total, 1);
  mine.visible_to = "agent03";
  EXPECT_EQ(board.list(mine).value().total, 0);
  const std::string members[] = {"agent03"};
  ASSERT_TRUE(set_members(this->db(), f, members));
  EXPECT_EQ(board.list(mine).value().total, 1);
  EXPECT_EQ(board.get(f).value()->members, (std::vector<std::string>{"agent03"}));
  const std::string twice[] = {"agent03", "agent03"};
  EXPECT_EQ(set_members(this->db(), f, twice).error().field, "members[1]");

  ASSERT_TRUE(board.remove(id));
  EXPECT_FALSE(board.get(id).value());
  EXPECT_TRUE(board.comments(id).value().empty());
  EXPECT_EQ(board.remove(id).error().code, ErrorCode::kNotFound);
}

TEST(BoardRules, EachBoardHasItsStatusesAndFields) {
  Post p = idea("t", "a", 0);
  EXPECT_TRUE(validate(p));
  p.anonymous = true;
  EXPECT_EQ(validate(p).error().field, "anonymous");
  p.anonymous = false;
  p.status = "open";
  EXPECT_EQ(validate(p).error().field, "status");
  p.board = Board::kLostFound;
  p.category = "";
  EXPECT_EQ(validate(p).error().field, "category");
  p.category = "found";
  EXPECT_TRUE(validate(p));
  p.title = "";
  EXPECT_EQ(validate(p).error().field, "title");
  EXPECT_EQ(board_from_string("lost_found"), Board::kLostFound);
  EXPECT_FALSE(board_from_string("ideas"));
  EXPECT_TRUE(votable(Board::kQuestion));
  EXPECT_FALSE(votable(Board::kFocus));
  EXPECT_EQ(statuses(Board::kIdea).front(), "new");
}

}  // namespace
}  // namespace switchyard::comms
