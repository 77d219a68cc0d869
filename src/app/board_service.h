#pragma once
// The boards (docs/comms.md "Boards"; docs/api.md "Boards") over module "comms_board"
// (comms/board_store.h): ideas, questions to management, focus groups, lost & found.
//
// Rules (users only, kReadComms; API keys get 403):
// - Everyone reads and posts on ideas, questions and lost & found; focus groups are opened by
//   kModerateBoards and seen only by their creator, their members and admins (others: 404).
// - A question may be anonymous: its author is shown to no one but itself (admins neither), nor
//   on its own comments under that question; the admin audit log keeps who asked (action
//   "comms.question", written with the post).
// - Votes on ideas and questions, one per user, never on one's own post (kConflict "vote").
// - Status changes and answers: kModerateBoards; a lost & found item also by its author.
//   Declining an idea needs a reason. The author is told (comms.post_status, comms.answer).
// - Edits: the author. Deletion: the author or an admin.
// - Focus group members must be users (kNotFound "members[i]"); new members are told
//   (comms.focus_invite).
//
// Threading: every method from any thread; replies on store workers.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "app/caller.h"
#include "app/runtime.h"
#include "comms/board_store.h"

namespace switchyard::app {

struct PostView {
  comms::Post post;      // author "" when hidden from the reader
  bool mine = false;     // the reader wrote it
  bool my_vote = false;  // the reader voted for it
};
struct PostList {
  std::vector<PostView> items;
  int64_t total = 0;
};

class BoardService {
 public:
  explicit BoardService(Runtime& rt) : rt_(rt) {}
  void on_notify(std::function<void(std::span<const int64_t>)> f) { notify_ = std::move(f); }

  // q.visible_to and q.author are set here (`mine`: the caller's posts only).
  void list(const Caller& c, comms::PostQuery q, bool mine, Reply<PostList> reply);
  // From p: board, title, body, category, anonymous, members.
  void create(const Caller& c, comms::Post p, Reply<PostView> reply);
  void get(const Caller& c, int64_t id, Reply<PostView> reply);  // counts the reader's view
  void edit(const Caller& c, int64_t id, std::optional<std::string> title, std::optional<std::string> body,
            std::optional<std::string> category, Reply<PostView> reply);
  void remove(const Caller& c, int64_t id, Reply<void> reply);
  void set_status(const Caller& c, int64_t id, std::string status, std::string reason, Reply<PostView> reply);
  void vote(const Caller& c, int64_t id, bool on, Reply<PostView> reply);
  void comments(const Caller& c, int64_t id, Reply<std::vector<comms::PostComment>> reply);
  void comment(const Caller& c, int64_t id, std::string body, Reply<comms::PostComment> reply);
  void answer(const Caller& c, int64_t id, std::string body, Reply<PostView> reply);
  void set_members(const Caller& c, int64_t id, std::vector<std::string> members, Reply<PostView> reply);

 private:
  // The post as `c` may see it (kNotFound when it may not), on a store worker.
  Result<PostView> view_of(storage::SqlDriver& db, const Caller& c, int64_t id);
  void told(const std::vector<int64_t>& users);

  Runtime& rt_;
  std::function<void(std::span<const int64_t>)> notify_;
};

// The web page of a post (the notifications' link), e.g. "/comms/ideas/7".
std::string post_link(comms::Board b, int64_t id);

}  // namespace switchyard::app
