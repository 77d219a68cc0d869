// Quality management: scorecards and evaluations (docs/api.md, "Quality").
#include <boost/json.hpp>

#include <algorithm>
#include <cstdint>

#include "api/api.h"
#include "app/quality_service.h"
#include "api/errors.h"
#include "api/parse.h"
#include "api/quality_render.h"
#include "api/render.h"
#include "quality/quality_json.h"

namespace switchyard::api {

namespace json = boost::json;
using auth::Permission;

json::value opt_ms(const std::optional<int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value opt_score(const std::optional<double>& v) { return v ? json::value(*v) : json::value(nullptr); }

namespace {
json::object scorecard_json(const quality::StoredScorecard& s) {
  json::object o = quality::to_json(s.card).as_object();
  o["created_by"] = s.created_by;
  o["created_ms"] = s.created_ms;
  o["retired_ms"] = opt_ms(s.retired_ms);
  return o;
}
}  // namespace

json::object evaluation_json(const quality::Evaluation& e) {
  return json::object{{"id", e.id},
                      {"contact", e.contact_id},
                      {"agent", e.agent},
                      {"team", e.team},
                      {"queue", e.queue},
                      {"channel", e.channel},
                      {"scorecard_id", e.scorecard_id},
                      {"scorecard_version", e.scorecard_version},
                      {"evaluator", e.evaluator},
                      {"kind", quality::to_string(e.kind)},
                      {"answers", quality::answers_to_json(e.answers)},
                      {"score", opt_score(e.score)},
                      {"failed", e.failed},
                      {"status", quality::to_string(e.status)},
                      {"created_ms", e.created_ms},
                      {"submitted_ms", opt_ms(e.submitted_ms)},
                      {"agent_comment", e.agent_comment},
                      {"acknowledged_ms", opt_ms(e.acknowledged_ms)},
                      {"disputed_ms", opt_ms(e.disputed_ms)},
                      {"dispute_reason", e.dispute_reason},
                      {"reviewer", e.reviewer},
                      {"resolution", quality::to_string(e.resolution)},
                      {"resolution_reason", e.resolution_reason},
                      {"resolved_ms", opt_ms(e.resolved_ms)},
                      {"original_score", opt_score(e.original_score)}};
}

namespace {

app::Reply<quality::Evaluation> evaluation_answer(http::Respond respond, int status = 200) {
  return answer<quality::Evaluation>(std::move(respond), [status](const quality::Evaluation& e) {
    return json_response(status, evaluation_json(e));
  });
}


}  // namespace

void add_quality_routes(Routes& r, app::QualityService& quality) {
  app::QualityService* q = &quality;
  auto card_reply = [](http::Respond respond, int status) {
    return answer<quality::StoredScorecard>(std::move(respond), [status](const quality::StoredScorecard& s) {
      return json_response(status, scorecard_json(s));
    });
  };
  r.add("GET", "/api/v1/quality/scorecards", Permission::kReadEvaluations,
        [q](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto retired = query_int(req, "retired", 0, 0, 1);
          if (!retired) return respond(error_response(retired.error()));
          q->list_scorecards(c, *retired == 1,
                             answer<std::vector<quality::StoredScorecard>>(respond, [](const std::vector<quality::StoredScorecard>& v) {
                               json::array a;
                               for (const auto& s : v) a.push_back(scorecard_json(s));
                               return json_response(200, json::object{{"scorecards", std::move(a)}});
                             }));
        });
  r.add("POST", "/api/v1/quality/scorecards", Permission::kManageQuality,
        [q, card_reply](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto v = parse_body(req.body);
          if (!v) return respond(error_response(v.error()));
          auto card = quality::scorecard_from_json(*v);
          if (!card) return respond(error_response(card.error()));
          q->create_scorecard(c, std::move(*card), card_reply(respond, 201));
        });
  r.add("GET", "/api/v1/quality/scorecards/{id}", Permission::kReadEvaluations,
        [q, card_reply](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req, "id");
          if (!id) return respond(error_response(id.error()));
          auto version = query_int(req, "version", 0, 0, 1'000'000);
          if (!version) return respond(error_response(version.error()));
          q->get_scorecard(c, *id, static_cast<int>(*version), card_reply(respond, 200));
        });
  r.add("PUT", "/api/v1/quality/scorecards/{id}", Permission::kManageQuality,
        [q, card_reply](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req, "id");
          if (!id) return respond(error_response(id.error()));
          auto v = parse_body(req.body);
          if (!v) return respond(error_response(v.error()));
          // the id and version are the path's and the store's
          if (v->is_object()) {
            v->as_object().erase("id");
            v->as_object().erase("version");
          }
          auto card = quality::scorecard_from_json(*v);
          if (!card) return respond(error_response(card.error()));
          q->edit_scorecard(c, *id, std::move(*card), card_reply(respond, 200));
        });
  r.add("DELETE", "/api/v1/quality/scorecards/{id}", Permission::kManageQuality,
        [q, card_reply](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req, "id");
          if (!id) return respond(error_response(id.error()));
          q->retire_scorecard(c, *id, card_reply(respond, 200));
        });

  // kEvaluate for an evaluator's scoring; an agent's self or peer review needs only to read
  // evaluations (the service checks by kind)
  r.add("POST", "/api/v1/quality/evaluations", Permission::kReadEvaluations,
        [q](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto body = object_body(req.body, {"contact", "scorecard_id", "answers", "submit", "kind"});
          if (!body) return respond(error_response(body.error()));
          app::EvaluateInput in;
          if (auto kind = opt_string(*body, "kind"); !kind) {
            return respond(error_response(kind.error()));
          } else if (!kind->empty()) {
            auto k = quality::evaluation_kind_from_string(*kind);
            if (!k || *k == quality::EvaluationKind::kCalibration)
              return respond(error_response(Error{ErrorCode::kInvalidArgument, "evaluation, self or peer", "kind"}));
            in.kind = *k;
          }
          auto contact = opt_int(*body, "contact", 0, 1, INT64_MAX);
          if (!contact) return respond(error_response(contact.error()));
          auto card = opt_int(*body, "scorecard_id", 0, 1, INT64_MAX);
          if (!card) return respond(error_response(card.error()));
          auto submit = opt_bool(*body, "submit", true);
          if (!submit) return respond(error_response(submit.error()));
          if (*contact == 0) return respond(error_response(Error{ErrorCode::kInvalidArgument, "required", "contact"}));
          if (*card == 0) return respond(error_response(Error{ErrorCode::kInvalidArgument, "required", "scorecard_id"}));
          const json::value* answers = body->if_contains("answers");
          if (!answers) return respond(error_response(Error{ErrorCode::kInvalidArgument, "required", "answers"}));
          auto parsed = quality::answers_from_json(*answers, "answers");
          if (!parsed) return respond(error_response(parsed.error()));
          in.contact = static_cast<core::ContactId>(*contact);
          in.scorecard_id = *card;
          in.answers = std::move(*parsed);
          in.submit = *submit;
          q->evaluate(c, std::move(in), evaluation_answer(respond, 201));
        });
  r.add("GET", "/api/v1/quality/evaluations", Permission::kReadEvaluations,
        [q](const app::Caller& c, http::Request&& req, http::Respond respond) {
          quality::EvaluationFilter f;
          for (auto [key, field] : {std::pair{"agent", &f.agent}, std::pair{"team", &f.team}, std::pair{"evaluator", &f.evaluator}})
            if (const std::string* v = req.query_param(key)) *field = *v;
          if (const std::string* s = req.query_param("status")) {
            f.status = quality::evaluation_status_from_string(*s);
            if (!f.status)
              return respond(error_response(Error{ErrorCode::kInvalidArgument, "draft, submitted, acknowledged, disputed or resolved", "status"}));
          }
          if (const std::string* k = req.query_param("kind")) {
            f.kind = quality::evaluation_kind_from_string(*k);
            if (!f.kind)
              return respond(error_response(Error{ErrorCode::kInvalidArgument, "evaluation, self, peer or calibration", "kind"}));
          }
          auto contact = query_int(req, "contact", 0, 0, INT64_MAX);
          auto before = query_int(req, "before", 0, 0, INT64_MAX);
          auto limit = query_int(req, "limit", 100, 1, 500);
          for (const auto* x : {&contact, &before, &limit})
            if (!*x) return respond(error_response(x->error()));
          f.contact_id = static_cast<core::ContactId>(*contact);
          f.before_id = *before;
          f.limit = static_cast<size_t>(*limit);
          q->list(c, std::move(f), answer<std::vector<quality::Evaluation>>(respond, [](const std::vector<quality::Evaluation>& v) {
                    json::array a;
                    for (const auto& e : v) a.push_back(evaluation_json(e));
                    return json_response(200, json::object{{"evaluations", std::move(a)}});
                  }));
        });
  r.add("GET", "/api/v1/quality/evaluations/{id}", Permission::kReadEvaluations,
        [q](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req, "id");
          if (!id) return respond(error_response(id.error()));
          q->get(c, *id, evaluation_answer(respond));
        });
  r.add("PUT", "/api/v1/quality/evaluations/{id}", Permission::kEvaluate,
        [q](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req, "id");
          if (!id) return respond(error_response(id.error()));
          auto body = object_body(req.body, {"answers", "submit"});
          if (!body) return respond(error_response(body.error()));
          auto submit = opt_bool(*body, "submit", false);
          if (!submit) return respond(error_response(submit.error()));
          const json::value* answers = body->if_contains("answers");
          if (!answers) return respond(error_response(Error{ErrorCode::kInvalidArgument, "required", "answers"}));
          auto parsed = quality::answers_from_json(*answers, "answers");
          if (!parsed) return respond(error_response(parsed.error()));
          q->update_draft(c, *id, std::move(*parsed), *submit, evaluation_answer(respond));
        });
  // the evaluated agent's answer: {comment} (optional) or {reason} (required: the service says so)
  for (const bool dispute : {false, true})
    r.add("POST", std::string("/api/v1/quality/evaluations/{id}/") + (dispute ? "dispute" : "acknowledge"),
          Permission::kReadEvaluations, [q, dispute](const app::Caller& c, http::Request&& req, http::Respond respond) {
            const char* key = dispute ? "reason" : "comment";
            auto id = row_id(req, "id");
            if (!id) return respond(error_response(id.error()));
            auto body = small_body(req.body, {key});
            if (!body) return respond(error_response(body.error()));
            auto text = opt_string(*body, key);
            if (!text) return respond(error_response(text.error()));
            if (dispute) return q->dispute(c, *id, *text, evaluation_answer(respond));
            q->acknowledge(c, *id, *text, evaluation_answer(respond));
          });
  r.add("POST", "/api/v1/quality/evaluations/{id}/resolve", Permission::kEvaluate,
        [q](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req, "id");
          if (!id) return respond(error_response(id.error()));
          auto body = object_body(req.body, {"resolution", "reason", "answers"});
          if (!body) return respond(error_response(body.error()));
          auto resolution = need_string(*body, "resolution");
          if (!resolution) return respond(error_response(resolution.error()));
          auto res = quality::resolution_from_string(*resolution);
          if (!res || *res == quality::Resolution::kNone)
            return respond(error_response(Error{ErrorCode::kInvalidArgument, "upheld or amended", "resolution"}));
          auto reason = need_string(*body, "reason");
          if (!reason) return respond(error_response(reason.error()));
          std::optional<std::vector<quality::Answer>> answers;
          if (const json::value* a = body->if_contains("answers")) {
            auto parsed = quality::answers_from_json(*a, "answers");
            if (!parsed) return respond(error_response(parsed.error()));
            answers = std::move(*parsed);
          }
          q->resolve(c, *id, *res, *reason, std::move(answers), evaluation_answer(respond));
        });
}

}  // namespace switchyard::api
