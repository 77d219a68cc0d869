// The boards (docs/api.md "Boards"): ideas, questions to management, focus groups, lost & found.
#include <boost/json.hpp>

#include <cstdint>

#include "api/api.h"
#include "app/board_service.h"
#include "api/errors.h"
#include "api/parse.h"

namespace switchyard::api {

namespace json = boost::json;
using auth::Permission;

namespace {

json::value opt_ms(const std::optional<int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); }

json::object post_json(const app::PostView& v) {
  const comms::Post& p = v.post;
  json::array members;
  for (const std::string& m : p.members) members.emplace_back(m);
  json::value answer = nullptr;
  if (p.answer) answer = json::object{{"body", *p.answer}, {"by", p.answer_by}, {"created_ms", opt_ms(p.answer_ms)}};
  return json::object{{"id", p.id},
                      {"board", comms::to_string(p.board)},
                      {"title", p.title},
                      {"body", p.body},
                      {"category", p.category},
                      {"site", p.site},
                      {"author", p.author.empty() ? json::value(nullptr) : json::value(p.author)},
                      {"anonymous", p.anonymous},
                      {"mine", v.mine},
                      {"status", p.status},
                      {"status_reason", p.status_reason},
                      {"status_by", p.status_by.empty() ? json::value(nullptr) : json::value(p.status_by)},
                      {"status_ms", opt_ms(p.status_ms)},
                      {"votes", p.votes},
                      {"my_vote", v.my_vote},
                      {"comments", p.comments},
                      {"views", p.views},
                      {"members", std::move(members)},
                      {"answer", std::move(answer)},
                      {"created_ms", p.created_ms},
                      {"updated_ms", p.updated_ms}};
}

json::object comment_json(const comms::PostComment& c) {
  return json::object{{"id", c.id},
                      {"author", c.author.empty() ? json::value(nullptr) : json::value(c.author)},
                      {"body", c.body},
                      {"created_ms", c.created_ms}};
}

Result<comms::Board> board_param(const http::Request& req) {
  auto name = path_text(req, "board");
  if (!name) return std::unexpected(name.error());
  auto b = comms::board_from_string(*name);
  if (!b) return make_error(ErrorCode::kNotFound, "idea, question, focus or lost_found", "board");
  return *b;
}

// The body's one required text field `key`.
Result<std::string> text_body(const std::string& body, std::string_view key) {
  auto o = object_body(body, {key});
  if (!o) return std::unexpected(o.error());
  auto v = opt_string(*o, key);
  if (!v) return std::unexpected(v.error());
  return std::move(*v);
}

}  // namespace

void add_board_routes(Routes& r, app::BoardService& boards) {
  app::BoardService* b = &boards;
  auto post_answer = [](http::Respond respond, int status = 200) {
    return json_answer<app::PostView>(std::move(respond), status, post_json);
  };
  // Runs `f(id)` for the post of the path, or answers the error.
  auto with_id = [](http::Request& req, http::Respond& respond, auto f) {
    auto id = row_id(req);
    if (!id) return respond(error_response(id.error()));
    f(*id);
  };

  r.add("GET", "/api/v1/comms/boards/{board}", Permission::kReadComms,
        [b](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto board = board_param(req);
          if (!board) return respond(error_response(board.error()));
          comms::PostQuery q;
          q.board = *board;
          q.top = *board == comms::Board::kIdea || *board == comms::Board::kQuestion;
          if (const std::string* s = req.query_param("sort")) {
            if (*s != "top" && *s != "new")
              return respond(error_response(Error{ErrorCode::kInvalidArgument, "top or new", "sort"}));
            q.top = *s == "top";
          }
          if (const std::string* s = req.query_param("status")) q.status = *s;
          if (const std::string* s = req.query_param("q")) {
            auto text = clean_text(*s, "q");
            if (!text) return respond(error_response(text.error()));
            q.text = std::move(*text);
          }
          auto mine = query_int(req, "mine", 0, 0, 1);
          if (const std::string* s = req.query_param("mine"); s && (*s == "true" || *s == "false")) mine = *s == "true";
          if (!mine) return respond(error_response(mine.error()));
          auto limit = query_int(req, "limit", 50, 1, 200);
          if (!limit) return respond(error_response(limit.error()));
          auto offset = query_int(req, "offset", 0, 0, INT32_MAX);
          if (!offset) return respond(error_response(offset.error()));
          q.limit = static_cast<size_t>(*limit);
          q.offset = static_cast<size_t>(*offset);
          b->list(c, std::move(q), *mine == 1, json_answer<app::PostList>(respond, 200, [](const app::PostList& l) {
                    json::array a;
                    for (const auto& p : l.items) a.push_back(post_json(p));
                    return json::object{{"items", std::move(a)}, {"total", l.total}};
                  }));
        });
  r.add("POST", "/api/v1/comms/boards/{board}", Permission::kReadComms,
        [b, post_answer](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto board = board_param(req);
          if (!board) return respond(error_response(board.error()));
          auto body = object_body(req.body, {"title", "body", "category", "anonymous", "members"});
          if (!body) return respond(error_response(body.error()));
          comms::Post p;
          p.board = *board;
          for (auto [key, out] : {std::pair{"title", &p.title}, std::pair{"body", &p.body},
                                  std::pair{"category", &p.category}}) {
            auto v = opt_string(*body, key);
            if (!v) return respond(error_response(v.error()));
            *out = std::move(*v);
          }
          auto anonymous = opt_bool(*body, "anonymous", false);
          if (!anonymous) return respond(error_response(anonymous.error()));
          p.anonymous = *anonymous;
          auto members = opt_strings(*body, "members");
          if (!members) return respond(error_response(members.error()));
          p.members = std::move(*members);
          b->create(c, std::move(p), post_answer(respond, 201));
        });
  r.add("GET", "/api/v1/comms/posts/{id}", Permission::kReadComms,
        [b, post_answer, with_id](const app::Caller& c, http::Request&& req, http::Respond respond) {
          with_id(req, respond, [&](int64_t id) { b->get(c, id, post_answer(respond)); });
        });
  r.add("PATCH", "/api/v1/comms/posts/{id}", Permission::kReadComms,
        [b, post_answer, with_id](const app::Caller& c, http::Request&& req, http::Respond respond) {
          with_id(req, respond, [&](int64_t id) {
            auto body = object_body(req.body, {"title", "body", "category"});
            if (!body) return respond(error_response(body.error()));
            std::optional<std::string> fields[3];
            const char* keys[] = {"title", "body", "category"};
            for (size_t i = 0; i < 3; ++i)
              if (body->contains(keys[i])) {
                auto v = opt_string(*body, keys[i]);
                if (!v) return respond(error_response(v.error()));
                fields[i] = std::move(*v);
              }
            b->edit(c, id, std::move(fields[0]), std::move(fields[1]), std::move(fields[2]), post_answer(respond));
          });
        });
  r.add("DELETE", "/api/v1/comms/posts/{id}", Permission::kReadComms,
        [b, with_id](const app::Caller& c, http::Request&& req, http::Respond respond) {
          with_id(req, respond,
                  [&](int64_t id) { b->remove(c, id, answer<void>(respond, [] { return no_content(); })); });
        });
  r.add("POST", "/api/v1/comms/posts/{id}/status", Permission::kReadComms,
        [b, post_answer, with_id](const app::Caller& c, http::Request&& req, http::Respond respond) {
          with_id(req, respond, [&](int64_t id) {
            auto body = object_body(req.body, {"status", "reason"});
            if (!body) return respond(error_response(body.error()));
            auto status = need_string(*body, "status");
            if (!status) return respond(error_response(status.error()));
            auto reason = opt_string(*body, "reason");
            if (!reason) return respond(error_response(reason.error()));
            b->set_status(c, id, std::move(*status), std::move(*reason), post_answer(respond));
          });
        });
  r.add("PUT", "/api/v1/comms/posts/{id}/vote", Permission::kReadComms,
        [b, post_answer, with_id](const app::Caller& c, http::Request&& req, http::Respond respond) {
          with_id(req, respond, [&](int64_t id) {
            auto body = object_body(req.body, {"vote"});
            if (!body) return respond(error_response(body.error()));
            const json::value* v = body->if_contains("vote");
            if (!v || !v->is_bool())
              return respond(error_response(Error{ErrorCode::kInvalidArgument, "true or false", "vote"}));
            b->vote(c, id, v->as_bool(), post_answer(respond));
          });
        });
  r.add("GET", "/api/v1/comms/posts/{id}/comments", Permission::kReadComms,
        [b, with_id](const app::Caller& c, http::Request&& req, http::Respond respond) {
          with_id(req, respond, [&](int64_t id) {
            b->comments(c, id, json_answer<std::vector<comms::PostComment>>(respond, 200, [](const auto& v) {
                          json::array a;
                          for (const auto& x : v) a.push_back(comment_json(x));
                          return json::object{{"items", std::move(a)}};
                        }));
          });
        });
  r.add("POST", "/api/v1/comms/posts/{id}/comments", Permission::kReadComms,
        [b, with_id](const app::Caller& c, http::Request&& req, http::Respond respond) {
          with_id(req, respond, [&](int64_t id) {
            auto text = text_body(req.body, "body");
            if (!text) return respond(error_response(text.error()));
            b->comment(c, id, std::move(*text), json_answer<comms::PostComment>(respond, 201, comment_json));
          });
        });
  r.add("POST", "/api/v1/comms/posts/{id}/answer", Permission::kModerateBoards,
        [b, post_answer, with_id](const app::Caller& c, http::Request&& req, http::Respond respond) {
          with_id(req, respond, [&](int64_t id) {
            auto text = text_body(req.body, "body");
            if (!text) return respond(error_response(text.error()));
            b->answer(c, id, std::move(*text), post_answer(respond));
          });
        });
  r.add("PUT", "/api/v1/comms/posts/{id}/members", Permission::kReadComms,
        [b, post_answer, with_id](const app::Caller& c, http::Request&& req, http::Respond respond) {
          with_id(req, respond, [&](int64_t id) {
            auto body = object_body(req.body, {"members"});
            if (!body) return respond(error_response(body.error()));
            if (!body->contains("members"))
              return respond(error_response(Error{ErrorCode::kInvalidArgument, "an array of user names", "members"}));
            auto members = opt_strings(*body, "members");
            if (!members) return respond(error_response(members.error()));
            b->set_members(c, id, std::move(*members), post_answer(respond));
          });
        });
}

}  // namespace switchyard::api
