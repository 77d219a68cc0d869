// Survey routes (docs/api.md, "Surveys"): a token for a handled contact
// (integrations), the public form and answer (the token is the credential),
// and each queue's form. parse -> app::SurveyService -> render.
#include <boost/json.hpp>

#include "api/api.h"
#include "app/survey_service.h"
#include "api/cors.h"
#include "api/errors.h"
#include "api/parse.h"
#include "api/render.h"

namespace switchyard::api {

namespace json = boost::json;
using auth::Permission;

namespace {

std::string_view state_name(app::SurveyState s) {
  switch (s) {
    case app::SurveyState::kOpen: return "open";
    case app::SurveyState::kAnswered: return "answered";
    case app::SurveyState::kExpired: return "expired";
  }
  return "open";
}

json::object form_json(const surveys::SurveyForm& f) {
  json::array extra;
  for (const std::string& q : f.extra) extra.emplace_back(q);
  return json::object{{"enabled", f.enabled}, {"question", f.question}, {"questions", std::move(extra)},
                      {"ttl_s", f.ttl_s}};
}

// A list of clean strings at `key` (absent: empty).
Result<std::vector<std::string>> texts(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  const json::value* v = o.if_contains(key);
  if (!v) return out;
  if (!v->is_array()) return make_error(ErrorCode::kInvalidArgument, "must be an array of strings", std::string(key));
  for (const json::value& x : v->as_array()) {
    if (!x.is_string()) return make_error(ErrorCode::kInvalidArgument, "must be an array of strings", std::string(key));
    auto t = clean_text(x.as_string(), key);
    if (!t) return std::unexpected(t.error());
    out.push_back(std::move(*t));
  }
  return out;
}

Result<app::SurveyAnswer> read_answer(const std::string& body) {
  auto o = small_body(body, {"rating", "answers", "comment"});
  if (!o) return std::unexpected(o.error());
  app::SurveyAnswer a;
  const json::value* r = o->if_contains("rating");
  if (!r || !r->is_int64()) return make_error(ErrorCode::kInvalidArgument, "an integer 1..5 is required", "rating");
  a.rating = static_cast<int>(std::clamp<int64_t>(r->as_int64(), -1, 6));
  auto answers = texts(*o, "answers");
  if (!answers) return std::unexpected(answers.error());
  a.answers = std::move(*answers);
  auto comment = opt_string(*o, "comment");
  if (!comment) return std::unexpected(comment.error());
  auto clean = clean_text(*comment, "comment");
  if (!clean) return std::unexpected(clean.error());
  a.comment = std::move(*clean);
  return a;
}

Result<surveys::SurveyForm> read_form(const std::string& body) {
  auto o = small_body(body, {"enabled", "question", "questions", "ttl_s"});
  if (!o) return std::unexpected(o.error());
  surveys::SurveyForm f;
  auto enabled = opt_bool(*o, "enabled", true);
  if (!enabled) return std::unexpected(enabled.error());
  f.enabled = *enabled;
  if (o->contains("question")) {
    auto q = need_string(*o, "question");
    if (!q) return std::unexpected(q.error());
    auto clean = clean_text(*q, "question");
    if (!clean) return std::unexpected(clean.error());
    f.question = std::move(*clean);
  }
  auto extra = texts(*o, "questions");
  if (!extra) return std::unexpected(extra.error());
  f.extra = std::move(*extra);
  if (const json::value* t = o->if_contains("ttl_s")) {
    if (!t->is_int64()) return make_error(ErrorCode::kInvalidArgument, "must be an integer (seconds)", "ttl_s");
    f.ttl_s = t->as_int64();
  }
  return f;
}

}  // namespace

void add_survey_routes(Routes& r, app::SurveyService& surveys, app::Catalog& catalog, std::shared_ptr<const Cors> cors) {
  // The form is also read and answered from the chat widget on other origins.
  r.add_public("OPTIONS", "/api/v1/surveys/{token}", cors->preflight());
  r.add("POST", "/api/v1/contacts/{id}/survey", Permission::kCreateContact,
        [&surveys](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = contact_id(req);
          if (!id) return respond(error_response(id.error()));
          surveys.issue(c, *id, answer<app::IssuedSurvey>(respond, [](app::IssuedSurvey s) {
            return json_response(201, json::object{{"token", s.token},
                                                   {"expires_ms", s.expires_ms},
                                                   {"url", "/api/v1/surveys/" + s.token}});
          }));
        });
  r.add_public("GET", "/api/v1/surveys/{token}", [&surveys, &catalog, cors](http::Request&& req, http::Respond respond) {
    surveys.page(req.params["token"], answer_to<app::SurveyPage>(cors->wrap(req, std::move(respond)), [&catalog](app::SurveyPage p) {
      json::object o = form_json(p.form);
      o.erase("enabled");
      o.erase("ttl_s");
      o["queue"] = name_or_null(*catalog.names(), app::Kind::kQueue, p.queue);
      o["state"] = state_name(p.state);
      o["expires_ms"] = p.expires_ms;
      return json_response(200, o);
    }));
  });
  r.add_public("POST", "/api/v1/surveys/{token}", [&surveys, cors](http::Request&& req, http::Respond respond) {
    auto out = cors->wrap(req, std::move(respond));
    auto a = read_answer(req.body);
    if (!a) return out(error_response(a.error()));
    surveys.answer(req.params["token"], std::move(*a), answer_to<void>(out, [] {
      return json_response(200, json::object{{"state", "answered"}});
    }));
  });
  r.add("GET", "/api/v1/queues/{id}/survey", Permission::kReadConfig,
        [&surveys, &catalog](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto q = resolve(*catalog.names(), app::Kind::kQueue, req.params["id"], "id");
          if (!q) return respond(error_response(q.error()));
          surveys.form(c, *q, answer<surveys::SurveyForm>(respond, [](surveys::SurveyForm f) {
            return json_response(200, form_json(f));
          }));
        });
  r.add("PUT", "/api/v1/queues/{id}/survey", Permission::kWriteConfig,
        [&surveys, &catalog](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto q = resolve(*catalog.names(), app::Kind::kQueue, req.params["id"], "id");
          if (!q) return respond(error_response(q.error()));
          auto f = read_form(req.body);
          if (!f) return respond(error_response(f.error()));
          surveys.set_form(c, *q, std::move(*f), answer<surveys::SurveyForm>(respond, [](surveys::SurveyForm out) {
            return json_response(200, form_json(out));
          }));
        });
}

}  // namespace switchyard::api
