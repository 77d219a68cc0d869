// The knowledge base (docs/api.md "Knowledge base"): search, articles with versions and a diff,
// review, votes, comments, queue links and the agent desk's suggestions.
#include <boost/json.hpp>

#include <cstdint>

#include "api/api.h"
#include "app/kb_service.h"
#include "api/errors.h"
#include "api/parse.h"

namespace switchyard::api {

namespace json = boost::json;
using auth::Permission;

namespace {

json::array strings_json(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.push_back(json::value(s));
  return a;
}

// The first ~200 bytes of the body as plain text (Markdown marks, a link's target and line breaks
// dropped: "[the form](/x)" reads "the form"), cut at a character boundary.
std::string snippet(std::string_view body) {
  std::string out;
  for (size_t i = 0; i < body.size(); ++i) {
    char ch = body[i];
    if (out.size() >= 200 && (static_cast<unsigned char>(ch) & 0xC0) != 0x80) break;
    if (ch == ']' && i + 1 < body.size() && body[i + 1] == '(') {
      const size_t close = body.find(')', i + 2);
      if (close != std::string_view::npos) i = close;
      continue;
    }
    if (ch == '#' || ch == '*' || ch == '_' || ch == '`' || ch == '>' || ch == '[' || ch == ']') continue;
    if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
    if (ch == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += ch;
  }
  return out;
}

// A list item: the article without its body, with a snippet.
json::object article_item(const comms::Article& a) {
  return json::object{{"id", a.id},
                      {"title", a.text.title},
                      {"snippet", snippet(a.text.body)},
                      {"category", a.text.category},
                      {"tags", strings_json(a.text.tags)},
                      {"version", a.version},
                      {"author", a.author},
                      {"reviewer", a.reviewer},
                      {"status", comms::to_string(a.status)},
                      {"created_ms", a.created_ms},
                      {"updated_ms", a.updated_ms},
                      {"views", a.views},
                      {"helpful", a.helpful},
                      {"not_helpful", a.not_helpful}};
}

json::object article_json(const app::ArticleView& v) {
  json::object o = article_item(v.article);
  o.erase("snippet");
  o["body"] = v.article.text.body;
  o["my_vote"] = v.my_vote ? json::value(*v.my_vote) : json::value(nullptr);
  o["queues"] = strings_json(v.queues);
  return o;
}

json::object items(json::array a) { return json::object{{"items", std::move(a)}}; }

json::object article_list(const std::vector<comms::Article>& v) {
  json::array a;
  for (const auto& x : v) a.push_back(article_item(x));
  return items(std::move(a));
}

json::object version_json(const comms::ArticleVersion& v, bool whole) {
  json::object o{{"version", v.version}, {"author", v.author}, {"note", v.note}, {"created_ms", v.created_ms},
                 {"title", v.text.title}};
  if (whole) {
    o["body"] = v.text.body;
    o["category"] = v.text.category;
    o["tags"] = strings_json(v.text.tags);
  }
  return o;
}

json::object comment_json(const comms::Comment& c) {
  return json::object{{"id", c.id}, {"author", c.author}, {"body", c.body}, {"created_ms", c.created_ms}};
}

// title, body, category, tags of a body (title required).
Result<comms::ArticleText> article_text(const json::object& o) {
  comms::ArticleText t;
  auto title = need_string(o, "title");
  if (!title) return std::unexpected(title.error());
  t.title = std::move(*title);
  for (auto [key, out] : {std::pair{"body", &t.body}, std::pair{"category", &t.category}}) {
    auto v = opt_string(o, key);
    if (!v) return std::unexpected(v.error());
    *out = std::move(*v);
  }
  if (const json::value* tags = o.if_contains("tags")) {
    if (!tags->is_array()) return make_error(ErrorCode::kInvalidArgument, "an array of strings", "tags");
    for (size_t i = 0; i < tags->as_array().size(); ++i) {
      const json::value& x = tags->as_array()[i];
      if (!x.is_string()) return make_error(ErrorCode::kInvalidArgument, "a string", "tags[" + std::to_string(i) + "]");
      t.tags.emplace_back(x.as_string());
    }
  }
  return t;
}

Result<int> query_version(const http::Request& req, std::string_view name) {
  const std::string* v = req.query_param(name);
  if (!v) return make_error(ErrorCode::kInvalidArgument, "required", std::string(name));
  auto n = query_int(req, name, 0, 1, INT32_MAX);
  if (!n) return std::unexpected(n.error());
  return static_cast<int>(*n);
}

}  // namespace

void add_kb_routes(Routes& r, app::KbService& kb) {
  app::KbService* k = &kb;
  auto article_answer = [](http::Respond respond, int status) {
    return json_answer<app::ArticleView>(std::move(respond), status, article_json);
  };

  r.add("GET", "/api/v1/kb/articles", Permission::kReadComms,
        [k](const app::Caller& c, http::Request&& req, http::Respond respond) {
          comms::ArticleQuery q;
          auto limit = query_int(req, "limit", 20, 1, 200);
          if (!limit) return respond(error_response(limit.error()));
          q.limit = static_cast<size_t>(*limit);
          if (const std::string* s = req.query_param("q")) q.text = *s;
          if (const std::string* s = req.query_param("category")) q.category = *s;
          if (const std::string* s = req.query_param("tag")) q.tag = *s;
          if (const std::string* s = req.query_param("status"); s && !s->empty()) {
            q.status = comms::article_status_from_string(*s);
            if (!q.status)
              return respond(error_response(Error{ErrorCode::kInvalidArgument, "draft, in_review, published or archived", "status"}));
          }
          for (auto [name, value] : {std::pair{"q", &q.text}, std::pair{"category", &q.category}, std::pair{"tag", &q.tag}})
            if (value->size() > 500 || !clean_text(*value, name))
              return respond(error_response(Error{ErrorCode::kInvalidArgument, "at most 500 bytes of text", name}));
          k->search(c, std::move(q), json_answer<std::vector<comms::Article>>(respond, 200, article_list));
        });
  r.add("GET", "/api/v1/kb/categories", Permission::kReadComms,
        [k](const app::Caller& c, http::Request&&, http::Respond respond) {
          k->categories(c, json_answer<std::vector<comms::CategoryCount>>(respond, 200, [](const auto& v) {
            json::array a;
            for (const auto& x : v) a.push_back(json::object{{"category", x.category}, {"articles", x.articles}});
            return items(std::move(a));
          }));
        });
  r.add("POST", "/api/v1/kb/articles", Permission::kWriteKnowledge,
        [k, article_answer](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto body = object_body(req.body, {"title", "body", "category", "tags", "note"});
          if (!body) return respond(error_response(body.error()));
          auto text = article_text(*body);
          if (!text) return respond(error_response(text.error()));
          auto note = opt_string(*body, "note");
          if (!note) return respond(error_response(note.error()));
          k->create(c, std::move(*text), std::move(*note), article_answer(respond, 201));
        });
  r.add("GET", "/api/v1/kb/articles/{id}", Permission::kReadComms,
        [k, article_answer](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req);
          if (!id) return respond(error_response(id.error()));
          k->get(c, *id, article_answer(respond, 200));
        });
  r.add("PUT", "/api/v1/kb/articles/{id}", Permission::kWriteKnowledge,
        [k, article_answer](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req);
          if (!id) return respond(error_response(id.error()));
          auto body = object_body(req.body, {"base_version", "title", "body", "category", "tags", "note"});
          if (!body) return respond(error_response(body.error()));
          if (!body->contains("base_version"))
            return respond(error_response(Error{ErrorCode::kInvalidArgument, "required: the version this edit is based on", "base_version"}));
          auto base = opt_int(*body, "base_version", 0, 1, INT32_MAX);
          if (!base) return respond(error_response(base.error()));
          auto text = article_text(*body);
          if (!text) return respond(error_response(text.error()));
          auto note = opt_string(*body, "note");
          if (!note) return respond(error_response(note.error()));
          k->edit(c, *id, static_cast<int>(*base), std::move(*text), std::move(*note), article_answer(respond, 200));
        });
  r.add("POST", "/api/v1/kb/articles/{id}/status", Permission::kWriteKnowledge,
        [k, article_answer](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req);
          if (!id) return respond(error_response(id.error()));
          auto body = small_body(req.body, {"status", "reason"});
          if (!body) return respond(error_response(body.error()));
          auto status = need_string(*body, "status");
          if (!status) return respond(error_response(status.error()));
          auto s = comms::article_status_from_string(*status);
          if (!s) return respond(error_response(Error{ErrorCode::kInvalidArgument, "draft, in_review, published or archived", "status"}));
          auto reason = opt_string(*body, "reason");
          if (!reason) return respond(error_response(reason.error()));
          k->set_status(c, *id, *s, std::move(*reason), article_answer(respond, 200));
        });
  r.add("GET", "/api/v1/kb/articles/{id}/versions", Permission::kReadComms,
        [k](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req);
          if (!id) return respond(error_response(id.error()));
          k->versions(c, *id, json_answer<std::vector<comms::ArticleVersion>>(respond, 200, [](const auto& v) {
            json::array a;
            for (const auto& x : v) a.push_back(version_json(x, false));
            return items(std::move(a));
          }));
        });
  r.add("GET", "/api/v1/kb/articles/{id}/versions/{version}", Permission::kReadComms,
        [k](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req);
          if (!id) return respond(error_response(id.error()));
          auto version = row_id(req, "version");
          if (!version || *version > INT32_MAX) return respond(error_response(Error{ErrorCode::kInvalidArgument, "a version number", "version"}));
          k->version(c, *id, static_cast<int>(*version), json_answer<comms::ArticleVersion>(respond, 200, [](const auto& v) {
            return version_json(v, true);
          }));
        });
  r.add("GET", "/api/v1/kb/articles/{id}/diff", Permission::kReadComms,
        [k](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req);
          if (!id) return respond(error_response(id.error()));
          auto from = query_version(req, "from");
          if (!from) return respond(error_response(from.error()));
          auto to = query_version(req, "to");
          if (!to) return respond(error_response(to.error()));
          k->diff(c, *id, *from, *to, json_answer<app::ArticleDiff>(respond, 200, [](const app::ArticleDiff& d) {
            json::array lines;
            for (const auto& l : d.lines) lines.push_back(json::object{{"op", comms::to_string(l.op)}, {"text", l.text}});
            return json::object{{"from", d.from},
                                {"to", d.to},
                                {"title", json::object{{"from", d.title_from}, {"to", d.title_to}}},
                                {"lines", std::move(lines)}};
          }));
        });
  r.add("POST", "/api/v1/kb/articles/{id}/vote", Permission::kReadComms,
        [k, article_answer](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req);
          if (!id) return respond(error_response(id.error()));
          auto body = small_body(req.body, {"helpful"});
          if (!body) return respond(error_response(body.error()));
          const json::value* helpful = body->if_contains("helpful");
          if (!helpful || !helpful->is_bool())
            return respond(error_response(Error{ErrorCode::kInvalidArgument, "true or false", "helpful"}));
          k->vote(c, *id, helpful->as_bool(), article_answer(respond, 200));
        });
  r.add("GET", "/api/v1/kb/articles/{id}/comments", Permission::kReadComms,
        [k](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req);
          if (!id) return respond(error_response(id.error()));
          k->comments(c, *id, json_answer<std::vector<comms::Comment>>(respond, 200, [](const auto& v) {
            json::array a;
            for (const auto& x : v) a.push_back(comment_json(x));
            return items(std::move(a));
          }));
        });
  r.add("POST", "/api/v1/kb/articles/{id}/comments", Permission::kReadComms,
        [k](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req);
          if (!id) return respond(error_response(id.error()));
          auto body = object_body(req.body, {"body"});
          if (!body) return respond(error_response(body.error()));
          auto text = need_string(*body, "body");
          if (!text) return respond(error_response(text.error()));
          k->add_comment(c, *id, std::move(*text), json_answer<comms::Comment>(respond, 201, comment_json));
        });
  r.add("GET", "/api/v1/kb/queues/{queue}/articles", Permission::kReadComms,
        [k](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto queue = path_text(req, "queue");
          if (!queue) return respond(error_response(queue.error()));
          k->queue_articles(c, std::move(*queue), json_answer<std::vector<comms::Article>>(respond, 200, article_list));
        });
  r.add("PUT", "/api/v1/kb/queues/{queue}/articles", Permission::kReviewKnowledge,
        [k](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto queue = path_text(req, "queue");
          if (!queue) return respond(error_response(queue.error()));
          auto body = object_body(req.body, {"articles"});
          if (!body) return respond(error_response(body.error()));
          const json::value* list = body->if_contains("articles");
          if (!list || !list->is_array())
            return respond(error_response(Error{ErrorCode::kInvalidArgument, "an array of article ids", "articles"}));
          std::vector<int64_t> ids;
          for (size_t i = 0; i < list->as_array().size(); ++i) {
            const json::value& x = list->as_array()[i];
            if (!x.is_int64() || x.as_int64() < 1)
              return respond(error_response(Error{ErrorCode::kInvalidArgument, "an article id", "articles[" + std::to_string(i) + "]"}));
            ids.push_back(x.as_int64());
          }
          k->set_queue_articles(c, std::move(*queue), std::move(ids),
                                json_answer<std::vector<comms::Article>>(respond, 200, article_list));
        });
  r.add("GET", "/api/v1/kb/suggestions", Permission::kReadComms,
        [k](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto contact = query_int(req, "contact", 0, 1, INT64_MAX);
          if (!contact || *contact == 0)
            return respond(error_response(Error{ErrorCode::kInvalidArgument, "a contact id", "contact"}));
          auto limit = query_int(req, "limit", 5, 1, 20);
          if (!limit) return respond(error_response(limit.error()));
          k->suggestions(c, static_cast<core::ContactId>(*contact), static_cast<size_t>(*limit),
                         json_answer<std::vector<app::Suggestion>>(respond, 200, [](const auto& v) {
                           json::array a;
                           for (const auto& s : v) {
                             json::object o = article_item(s.article);
                             o["reason"] = s.reason;
                             o["matched"] = strings_json(s.matched);
                             a.push_back(std::move(o));
                           }
                           return items(std::move(a));
                         }));
        });
}

}  // namespace switchyard::api
