#pragma once
// Module "comms_board": the boards of docs/comms.md "Boards" — ideas, questions to management,
// focus groups and lost & found — as one kind of post with a per-board list of statuses, votes
// (one per user), comments, unique views and, for focus groups, invited members. Counters (votes,
// comments) live on the post and change in the transaction of what they count, so a list sorted
// by votes reads one table.
//
// Threading: one connection, one thread at a time.
#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "storage/migrate.h"
#include "storage/sql_driver.h"

namespace switchyard::comms {

enum class Board : uint8_t { kIdea, kQuestion, kFocus, kLostFound };
std::string_view to_string(Board b);  // "idea", "question", "focus", "lost_found"
std::optional<Board> board_from_string(std::string_view s);
// A board's statuses; the first is a new post's.
std::span<const std::string_view> statuses(Board b);
bool votable(Board b);  // ideas and questions

struct Post {
  int64_t id = 0;
  Board board = Board::kIdea;
  std::string title, body;
  std::string category;  // lost & found: "lost" or "found"; other boards: free, 0..50 bytes
  std::string site;      // the author's site when posted ("" = none)
  std::string author;
  bool anonymous = false;  // questions only: hidden from peers (the service decides who sees it)
  std::string status;      // one of statuses(board)
  std::string status_reason, status_by;
  std::optional<int64_t> status_ms;
  int64_t votes = 0, comments = 0, views = 0;
  std::optional<std::string> answer;  // questions: the published answer
  std::string answer_by;
  std::optional<int64_t> answer_ms;
  std::vector<std::string> members;  // focus groups: the invited, by name
  int64_t created_ms = 0, updated_ms = 0;
};
// kInvalidArgument naming "title" (1..200 bytes), "body" (0..20,000), "category", "anonymous"
// (only questions), "status" (not of the board), "members[i]" (1..100 bytes, each once).
Result<void> validate(const Post& p);

struct PostComment {
  int64_t id = 0;
  int64_t post = 0;
  std::string author, body;  // body 1..5,000 bytes
  int64_t created_ms = 0;
};

struct PostQuery {
  Board board = Board::kIdea;
  bool top = false;        // most votes first (then newest); else newest first
  std::string status;      // "" = any
  std::string text;        // "" = any; else a case-insensitive substring of title or body
  std::string author;      // "" = anyone's
  std::string visible_to;  // focus groups: only those this user created or is invited to; "" = all
  size_t limit = 50, offset = 0;
};
struct PostPage {
  std::vector<Post> items;
  int64_t total = 0;  // matching, before limit and offset
};

class BoardRepository {
 public:
  explicit BoardRepository(storage::SqlDriver& db) : db_(db) {}
  static const storage::ModuleSchema& schema();  // module "comms_board"

  // Stores `p` (validated; status, counters and answer as given) with its members; returns its id.
  // Several statements: run it in a transaction (the caller's, with what it tells).
  Result<int64_t> add(const Post& p);
  Result<std::optional<Post>> get(int64_t id);
  Result<PostPage> list(const PostQuery& q);
  // Replaces title, body and category; kNotFound "id".
  Result<void> edit(int64_t id, std::string_view title, std::string_view body, std::string_view category,
                    int64_t now_ms);
  // With its votes, comments, views and members; kNotFound "id".
  Result<void> remove(int64_t id);
  // kInvalidArgument "status" when not of the post's board; kNotFound "id".
  Result<void> set_status(int64_t id, std::string_view status, std::string_view reason, std::string_view by,
                          int64_t now_ms);
  // Publishes (or replaces) a question's answer and sets it "answered"; kNotFound "id".
  Result<void> set_answer(int64_t id, std::string_view body, std::string_view by, int64_t now_ms);
  // One vote per user: on adds it (if absent), off removes it (if present); the post's count follows.
  Result<void> vote(int64_t id, std::string_view user, bool on);
  // Of `ids`, those `user` voted for.
  Result<std::set<int64_t>> voted(std::string_view user, std::span<const int64_t> ids);
  // Counts a view once per user.
  Result<void> view(int64_t id, std::string_view user);
  Result<int64_t> add_comment(const PostComment& c);  // validated; the post's count follows
  Result<std::vector<PostComment>> comments(int64_t post);  // oldest first
  // Replaces the members (validated as in validate(Post)); kNotFound "id". Several statements:
  // run it in a transaction.
  Result<void> set_members(int64_t id, std::span<const std::string> members);

 private:
  Result<std::vector<std::string>> members_of(int64_t id);
  storage::SqlDriver& db_;
};

}  // namespace switchyard::comms
