#include "app/board_service.h"

#include <algorithm>
#include <memory>

#include "app/directory.h"
#include "audit/audit_log.h"
#include "auth/account_repository.h"
#include "notify/notify_store.h"

namespace switchyard::app {

using auth::Permission;
using comms::Board;
using comms::BoardRepository;
using comms::Post;

namespace {

Result<void> users_only(const Caller& c) {
  if (auto ok = require(c, Permission::kReadComms); !ok) return ok;
  if (c.user_id == 0) return make_error(ErrorCode::kPermissionDenied, "the boards are for users", "");
  return {};
}

bool moderates(const Caller& c) { return c.scope(Permission::kModerateBoards) != auth::Scope::kNone; }
bool is_admin(const Caller& c) { return c.role == auth::Role::kAdmin; }

std::unexpected<Error> denied(std::string message, std::string field = "id") {
  return make_error(ErrorCode::kPermissionDenied, std::move(message), std::move(field));
}

// Whether `c` may see post `p` at all (focus groups: creator, members, admins).
bool sees(const Caller& c, const Post& p) {
  if (p.board != Board::kFocus || is_admin(c) || p.author == c.name) return true;
  return std::find(p.members.begin(), p.members.end(), c.name) != p.members.end();
}

// `p` as `c` reads it: an anonymous author hidden from everyone else.
PostView as_seen(const Caller& c, Post p, bool my_vote) {
  const bool mine = p.author == c.name;
  if (p.anonymous && !mine) p.author.clear();
  return PostView{std::move(p), mine, my_vote};
}

// The user id of each name (kNotFound naming `field`[i] for an unknown one).
Result<std::vector<int64_t>> user_ids(storage::SqlDriver& db, std::span<const std::string> names, const std::string& field) {
  std::vector<int64_t> ids;
  auth::AccountRepository accounts(db);
  for (size_t i = 0; i < names.size(); ++i) {
    auto u = accounts.find_user_by_name(names[i]);
    if (!u) return std::unexpected(u.error());
    if (!*u) return make_error(ErrorCode::kNotFound, "no such user", field + "[" + std::to_string(i) + "]");
    ids.push_back((*u)->id);
  }
  return ids;
}

// The user id of post `id`'s author (anonymous or not), to tell it something; none when the
// author is `except` or no longer a user.
Result<std::vector<int64_t>> author_to_tell(storage::SqlDriver& db, int64_t id, const std::string& except) {
  auto p = BoardRepository(db).get(id);
  if (!p) return std::unexpected(p.error());
  if (!*p || (*p)->author == except) return std::vector<int64_t>{};
  auto u = auth::AccountRepository(db).find_user_by_name((*p)->author);
  if (!u) return std::unexpected(u.error());
  if (!*u) return std::vector<int64_t>{};
  return std::vector<int64_t>{(*u)->id};
}

}  // namespace

std::string post_link(Board b, int64_t id) {
  switch (b) {
    case Board::kIdea: return "/comms/ideas/" + std::to_string(id);
    case Board::kQuestion: return "/comms/questions/" + std::to_string(id);
    case Board::kFocus: return "/comms/focus/" + std::to_string(id);
    case Board::kLostFound: return "/comms/lost-found/" + std::to_string(id);
  }
  return "/comms";
}

void BoardService::told(const std::vector<int64_t>& users) {
  if (notify_ && !users.empty()) notify_(users);
}

Result<PostView> BoardService::view_of(storage::SqlDriver& db, const Caller& c, int64_t id) {
  auto p = BoardRepository(db).get(id);
  if (!p) return std::unexpected(p.error());
  if (!*p || !sees(c, **p)) return make_error(ErrorCode::kNotFound, "no such post", "id");
  const int64_t ids[] = {id};
  auto voted = BoardRepository(db).voted(c.name, ids);
  if (!voted) return std::unexpected(voted.error());
  return as_seen(c, std::move(**p), voted->contains(id));
}

void BoardService::list(const Caller& c, comms::PostQuery q, bool mine, Reply<PostList> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  if (q.board == Board::kFocus && !is_admin(c)) q.visible_to = c.name;
  if (mine) q.author = c.name;
  on_store<PostList>(
      rt_,
      [c, q](storage::SqlDriver& db) -> Result<PostList> {
        BoardRepository board(db);
        auto page = board.list(q);
        if (!page) return std::unexpected(page.error());
        std::vector<int64_t> ids;
        for (const Post& p : page->items) ids.push_back(p.id);
        auto voted = board.voted(c.name, ids);
        if (!voted) return std::unexpected(voted.error());
        PostList out{{}, page->total};
        for (Post& p : page->items) {
          const int64_t id = p.id;
          // An anonymous question asked by the reader is found under "mine" only by its author.
          out.items.push_back(as_seen(c, std::move(p), voted->contains(id)));
        }
        return out;
      },
      std::move(reply));
}

void BoardService::create(const Caller& c, Post p, Reply<PostView> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  if (p.board == Board::kFocus && !moderates(c))
    return reply(denied("focus groups are opened by leads, quality, wfm, reporting and admins", "board"));
  p.author = c.name;
  p.status = std::string(comms::statuses(p.board).front());
  p.created_ms = p.updated_ms = rt_.clock.now_ms();
  p.votes = p.comments = p.views = 0;
  p.answer.reset();
  if (auto ok = comms::validate(p); !ok) return reply(std::unexpected(ok.error()));
  caller_person(rt_, c, [this, c, p = std::move(p), reply = std::move(reply)](Result<Person> me) mutable {
    if (!me) return reply(std::unexpected(me.error()));
    p.site = me->site;
    auto users = std::make_shared<std::vector<int64_t>>();
    on_store<PostView>(
        rt_,
        [this, c, p, users](storage::SqlDriver& db) -> Result<PostView> {
          int64_t id = 0;
          auto done = db.in_transaction([&]() -> Result<void> {
            auto members = user_ids(db, p.members, "members");
            if (!members) return std::unexpected(members.error());
            auto made = BoardRepository(db).add(p);
            if (!made) return std::unexpected(made.error());
            id = *made;
            if (p.board == Board::kQuestion) {  // who asked, for the audit (anonymous or not)
              const std::string detail = p.anonymous ? "anonymous" : "signed";
              if (auto a = audit::AuditLog(db).append({0, p.created_ms, c.name, "comms.question",
                                                       "post:" + std::to_string(id), detail, 0});
                  !a)
                return std::unexpected(a.error());
            }
            std::erase(*members, c.user_id);
            const std::string data =
                notify::encode_data({{"post", id}, {"board", std::string(comms::to_string(p.board))},
                                     {"title", p.title}, {"by", c.name}});
            return add_notifications(db, *members, "comms.focus_invite", data, post_link(p.board, id), p.created_ms,
                                     *users);
          });
          if (!done) return std::unexpected(done.error());
          return view_of(db, c, id);
        },
        [this, users, reply = std::move(reply)](Result<PostView> v) {
          if (v) told(*users);
          reply(std::move(v));
        });
  });
}

void BoardService::get(const Caller& c, int64_t id, Reply<PostView> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  on_store<PostView>(
      rt_,
      [this, c, id](storage::SqlDriver& db) -> Result<PostView> {
        auto seen = view_of(db, c, id);
        if (!seen) return seen;
        if (auto v = BoardRepository(db).view(id, c.name); !v) return std::unexpected(v.error());
        return view_of(db, c, id);
      },
      std::move(reply));
}

void BoardService::edit(const Caller& c, int64_t id, std::optional<std::string> title, std::optional<std::string> body,
                        std::optional<std::string> category, Reply<PostView> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  const int64_t now = rt_.clock.now_ms();
  on_store<PostView>(
      rt_,
      [this, c, id, title = std::move(title), body = std::move(body), category = std::move(category),
       now](storage::SqlDriver& db) -> Result<PostView> {
        auto seen = view_of(db, c, id);
        if (!seen) return seen;
        const Post& p = seen->post;
        if (!seen->mine) return denied("only its author edits a post");
        if (auto ok = BoardRepository(db).edit(id, title.value_or(p.title), body.value_or(p.body),
                                               category.value_or(p.category), now);
            !ok)
          return std::unexpected(ok.error());
        return view_of(db, c, id);
      },
      std::move(reply));
}

void BoardService::remove(const Caller& c, int64_t id, Reply<void> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  on_store<void>(
      rt_,
      [this, c, id](storage::SqlDriver& db) -> Result<void> {
        auto seen = view_of(db, c, id);
        if (!seen) return std::unexpected(seen.error());
        if (!seen->mine && !is_admin(c)) return denied("only its author or an admin deletes a post");
        return BoardRepository(db).remove(id);
      },
      std::move(reply));
}

void BoardService::set_status(const Caller& c, int64_t id, std::string status, std::string reason,
                              Reply<PostView> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  const int64_t now = rt_.clock.now_ms();
  auto users = std::make_shared<std::vector<int64_t>>();
  on_store<PostView>(
      rt_,
      [this, c, id, status = std::move(status), reason = std::move(reason), now,
       users](storage::SqlDriver& db) -> Result<PostView> {
        auto seen = view_of(db, c, id);
        if (!seen) return seen;
        const Post& p = seen->post;
        if (!moderates(c) && !(p.board == Board::kLostFound && seen->mine))
          return denied("statuses are set by leads, quality, wfm, reporting and admins");
        if (p.board == Board::kIdea && status == "declined" && reason.empty())
          return make_error(ErrorCode::kInvalidArgument, "declining an idea needs a reason", "reason");
        if (p.board == Board::kQuestion && status == "answered")
          return make_error(ErrorCode::kInvalidArgument, "a question is answered by answering it", "status");
        auto done = db.in_transaction([&]() -> Result<void> {
          if (auto ok = BoardRepository(db).set_status(id, status, reason, c.name, now); !ok) return ok;
          auto author = author_to_tell(db, id, c.name);
          if (!author) return std::unexpected(author.error());
          const std::string data = notify::encode_data({{"post", id},
                                                        {"board", std::string(comms::to_string(p.board))},
                                                        {"title", p.title},
                                                        {"status", status},
                                                        {"reason", reason},
                                                        {"by", c.name}});
          return add_notifications(db, *author, "comms.post_status", data, post_link(p.board, id), now, *users);
        });
        if (!done) return std::unexpected(done.error());
        return view_of(db, c, id);
      },
      [this, users, reply = std::move(reply)](Result<PostView> v) {
        if (v) told(*users);
        reply(std::move(v));
      });
}

void BoardService::vote(const Caller& c, int64_t id, bool on, Reply<PostView> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  on_store<PostView>(
      rt_,
      [this, c, id, on](storage::SqlDriver& db) -> Result<PostView> {
        auto seen = view_of(db, c, id);
        if (!seen) return seen;
        if (!comms::votable(seen->post.board))
          return make_error(ErrorCode::kInvalidArgument, "only ideas and questions take votes", "vote");
        if (seen->mine) return make_error(ErrorCode::kConflict, "not on your own post", "vote");
        if (auto ok = BoardRepository(db).vote(id, c.name, on); !ok) return std::unexpected(ok.error());
        return view_of(db, c, id);
      },
      std::move(reply));
}

void BoardService::comments(const Caller& c, int64_t id, Reply<std::vector<comms::PostComment>> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  on_store<std::vector<comms::PostComment>>(
      rt_,
      [this, c, id](storage::SqlDriver& db) -> Result<std::vector<comms::PostComment>> {
        if (auto seen = view_of(db, c, id); !seen) return std::unexpected(seen.error());
        BoardRepository board(db);
        auto list = board.comments(id);
        if (!list) return list;
        // An anonymous asker's own comments would name it: they are as anonymous as its question.
        auto raw = board.get(id);
        if (!raw) return std::unexpected(raw.error());
        if (*raw && (*raw)->anonymous && (*raw)->author != c.name)
          for (comms::PostComment& x : *list)
            if (x.author == (*raw)->author) x.author.clear();
        return list;
      },
      std::move(reply));
}

void BoardService::comment(const Caller& c, int64_t id, std::string body, Reply<comms::PostComment> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  comms::PostComment made{0, id, c.name, std::move(body), rt_.clock.now_ms()};
  on_store<comms::PostComment>(
      rt_,
      [this, c, made](storage::SqlDriver& db) mutable -> Result<comms::PostComment> {
        if (auto seen = view_of(db, c, made.post); !seen) return std::unexpected(seen.error());
        auto id = BoardRepository(db).add_comment(made);
        if (!id) return std::unexpected(id.error());
        made.id = *id;
        return made;
      },
      std::move(reply));
}

void BoardService::answer(const Caller& c, int64_t id, std::string body, Reply<PostView> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  if (!moderates(c)) return reply(denied("questions are answered by leads, quality, wfm, reporting and admins"));
  const int64_t now = rt_.clock.now_ms();
  auto users = std::make_shared<std::vector<int64_t>>();
  on_store<PostView>(
      rt_,
      [this, c, id, body = std::move(body), now, users](storage::SqlDriver& db) -> Result<PostView> {
        auto seen = view_of(db, c, id);
        if (!seen) return seen;
        if (seen->post.board != Board::kQuestion)
          return make_error(ErrorCode::kInvalidArgument, "only questions are answered", "id");
        auto done = db.in_transaction([&]() -> Result<void> {
          if (auto ok = BoardRepository(db).set_answer(id, body, c.name, now); !ok) return ok;
          auto author = author_to_tell(db, id, c.name);
          if (!author) return std::unexpected(author.error());
          const std::string data = notify::encode_data({{"post", id}, {"title", seen->post.title}, {"by", c.name}});
          return add_notifications(db, *author, "comms.answer", data, post_link(Board::kQuestion, id), now, *users);
        });
        if (!done) return std::unexpected(done.error());
        return view_of(db, c, id);
      },
      [this, users, reply = std::move(reply)](Result<PostView> v) {
        if (v) told(*users);
        reply(std::move(v));
      });
}

void BoardService::set_members(const Caller& c, int64_t id, std::vector<std::string> members, Reply<PostView> reply) {
  if (auto ok = users_only(c); !ok) return reply(std::unexpected(ok.error()));
  const int64_t now = rt_.clock.now_ms();
  auto users = std::make_shared<std::vector<int64_t>>();
  on_store<PostView>(
      rt_,
      [this, c, id, members = std::move(members), now, users](storage::SqlDriver& db) -> Result<PostView> {
        auto seen = view_of(db, c, id);
        if (!seen) return seen;
        const Post& p = seen->post;
        if (p.board != Board::kFocus) return make_error(ErrorCode::kInvalidArgument, "only focus groups have members", "id");
        if (!seen->mine && !is_admin(c)) return denied("only its creator or an admin invites to a focus group");
        auto done = db.in_transaction([&]() -> Result<void> {
          auto ids = user_ids(db, members, "members");
          if (!ids) return std::unexpected(ids.error());
          if (auto ok = BoardRepository(db).set_members(id, members); !ok) return ok;
          std::vector<int64_t> fresh;  // the newly invited, but the one inviting
          for (size_t i = 0; i < members.size(); ++i)
            if ((*ids)[i] != c.user_id && std::find(p.members.begin(), p.members.end(), members[i]) == p.members.end())
              fresh.push_back((*ids)[i]);
          const std::string data = notify::encode_data(
              {{"post", id}, {"board", std::string(comms::to_string(p.board))}, {"title", p.title}, {"by", c.name}});
          return add_notifications(db, fresh, "comms.focus_invite", data, post_link(p.board, id), now, *users);
        });
        if (!done) return std::unexpected(done.error());
        return view_of(db, c, id);
      },
      [this, users, reply = std::move(reply)](Result<PostView> v) {
        if (v) told(*users);
        reply(std::move(v));
      });
}

}  // namespace switchyard::app
