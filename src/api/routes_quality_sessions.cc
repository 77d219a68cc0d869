// Quality management: a contact's reviews side by side, calibration sessions,
// the exemplary library and coaching (docs/api.md, "Quality").
#include <boost/json.hpp>

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

namespace {

json::value opt_double(const std::optional<double>& v) { return opt_score(v); }

// An array of strings at `key` (required), each not empty; errors name "key[i]".
Result<std::vector<std::string>> strings_at(const json::object& o, std::string_view key, bool required) {
  const json::value* v = o.if_contains(key);
  if (!v) {
    if (required) return make_error(ErrorCode::kInvalidArgument, "required", std::string(key));
    return std::vector<std::string>{};
  }
  if (!v->is_array()) return make_error(ErrorCode::kInvalidArgument, "an array of strings", std::string(key));
  std::vector<std::string> out;
  for (size_t i = 0; i < v->as_array().size(); ++i) {
    const json::value& x = v->as_array()[i];
    if (!x.is_string()) return make_error(ErrorCode::kInvalidArgument, "a string", std::string(key) + "[" + std::to_string(i) + "]");
    out.emplace_back(x.as_string());
  }
  return out;
}

Result<std::vector<quality::Answer>> answers_at(const json::object& o) {
  const json::value* a = o.if_contains("answers");
  if (!a) return make_error(ErrorCode::kInvalidArgument, "required", "answers");
  return quality::answers_from_json(*a, "answers");
}

json::object calibration_json(const app::CalibrationView& v) {
  const quality::StoredCalibration& s = v.session;
  json::array participants, scored, scorings;
  for (const auto& p : s.participants) participants.push_back(json::value(p));
  for (const auto& p : v.scored) scored.push_back(json::value(p));
  for (const auto& e : v.scorings)
    scorings.push_back(json::object{{"evaluator", e.evaluator},
                                    {"evaluation_id", e.id},
                                    {"answers", quality::answers_to_json(e.answers)},
                                    {"score", opt_score(e.score)},
                                    {"failed", e.failed}});
  json::value spread = nullptr;
  if (v.figures) {
    const quality::Calibration& f = *v.figures;
    json::array items, evaluators;
    for (const auto& it : f.items) {
      json::array values;
      for (const auto& x : it.values) values.push_back(opt_double(x));
      items.push_back(json::object{{"item", it.item},
                                   {"values", std::move(values)},
                                   {"min", opt_double(it.min)},
                                   {"max", opt_double(it.max)},
                                   {"mean", opt_double(it.mean)},
                                   {"stddev", opt_double(it.stddev)},
                                   {"agreement", it.agreement}});
    }
    for (const auto& ev : f.evaluators)
      evaluators.push_back(json::object{{"evaluator", ev.evaluator},
                                        {"score", opt_score(ev.score.percent)},
                                        {"failed", ev.score.failed},
                                        {"deviation_pp", opt_double(ev.deviation_pp)},
                                        {"items_differing", ev.items_differing}});
    spread = json::object{{"spread_pp", opt_double(f.spread_pp)},
                          {"stddev_pp", opt_double(f.stddev_pp)},
                          {"items", std::move(items)},
                          {"evaluators", std::move(evaluators)}};
  }
  return json::object{
      {"id", s.id},
      {"contact", s.contact_id},
      {"scorecard_id", s.scorecard_id},
      {"scorecard_version", s.scorecard_version},
      {"title", s.title},
      {"created_by", s.created_by},
      {"created_ms", s.created_ms},
      {"participants", std::move(participants)},
      {"status", s.closed ? "closed" : "open"},
      {"scored", std::move(scored)},
      {"closed_ms", opt_ms(s.closed_ms)},
      {"reference_answers", s.reference_answers ? quality::answers_to_json(*s.reference_answers) : json::value(nullptr)},
      {"reference_score", opt_score(s.reference_score)},
      {"scorings", std::move(scorings)},
      {"spread", std::move(spread)}};
}

json::object library_json(const quality::LibraryEntry& e) {
  json::array tags;
  for (const auto& t : e.tags) tags.push_back(json::value(t));
  return json::object{{"id", e.id},
                      {"contact", e.contact_id},
                      {"evaluation_id", opt_ms(e.evaluation_id)},
                      {"kind", quality::to_string(e.kind)},
                      {"tags", std::move(tags)},
                      {"note", e.note},
                      {"added_by", e.added_by},
                      {"added_ms", e.added_ms}};
}

json::object coaching_json(const quality::CoachingSession& s) {
  return json::object{{"id", s.id},
                      {"agent", s.agent},
                      {"evaluation_id", opt_ms(s.evaluation_id)},
                      {"coach", s.coach},
                      {"goals", s.goals},
                      {"follow_up_date", s.follow_up_date},
                      {"status", s.done ? "done" : "open"},
                      {"notes", s.notes},
                      {"created_ms", s.created_ms},
                      {"done_ms", opt_ms(s.done_ms)}};
}

}  // namespace

void add_quality_session_routes(Routes& r, app::QualityService& quality) {
  app::QualityService* q = &quality;

  r.add("GET", "/api/v1/quality/contacts/{contact}/evaluations", Permission::kReadEvaluations,
        [q](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req, "contact");
          if (!id) return respond(error_response(id.error()));
          q->review_of_contact(c, static_cast<core::ContactId>(*id), json_answer<app::ContactReview>(respond, 200, [](const app::ContactReview& v) {
            json::array all;
            for (const auto& e : v.evaluations) all.push_back(evaluation_json(e));
            auto score = [](const std::optional<quality::Evaluation>& e) {
              return e ? opt_score(e->score) : json::value(nullptr);
            };
            auto gap = [](const std::optional<quality::Evaluation>& a, const std::optional<quality::Evaluation>& b) {
              return a && b && a->score && b->score ? json::value(*a->score - *b->score) : json::value(nullptr);
            };
            // per item of the evaluator's scoring (or else the self or peer one), each kind's answer
            const auto& base = v.evaluation ? v.evaluation : v.self ? v.self : v.peer;
            json::array items;
            if (base) {
              for (const auto& a : base->answers) {
                auto of = [&](const std::optional<quality::Evaluation>& e) -> json::value {
                  if (!e) return nullptr;
                  for (const auto& x : e->answers)
                    if (x.item == a.item) return quality::answers_to_json({x}).as_array().at(0).as_object().at("answer");
                  return nullptr;
                };
                items.push_back(json::object{{"item", a.item}, {"evaluation", of(v.evaluation)}, {"self", of(v.self)}, {"peer", of(v.peer)}});
              }
            }
            return json::object{{"evaluations", std::move(all)},
                                {"comparison", json::object{{"evaluation", score(v.evaluation)},
                                                            {"self", score(v.self)},
                                                            {"peer", score(v.peer)},
                                                            {"self_gap_pp", gap(v.self, v.evaluation)},
                                                            {"peer_gap_pp", gap(v.peer, v.evaluation)},
                                                            {"items", std::move(items)}}}};
          }));
        });

  // ---- calibration ----
  auto session_reply = [](http::Respond respond, int status) {
    return json_answer<app::CalibrationView>(std::move(respond), status, calibration_json);
  };
  r.add("POST", "/api/v1/quality/calibrations", Permission::kManageQuality,
        [q, session_reply](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto body = object_body(req.body, {"contact", "scorecard_id", "title", "participants"});
          if (!body) return respond(error_response(body.error()));
          app::NewCalibration in;
          auto contact = opt_int(*body, "contact", 0, 1, INT64_MAX);
          if (!contact) return respond(error_response(contact.error()));
          auto card = opt_int(*body, "scorecard_id", 0, 1, INT64_MAX);
          if (!card) return respond(error_response(card.error()));
          auto title = need_string(*body, "title");
          if (!title) return respond(error_response(title.error()));
          auto participants = strings_at(*body, "participants", true);
          if (!participants) return respond(error_response(participants.error()));
          in.contact = static_cast<core::ContactId>(*contact);
          in.scorecard_id = *card;
          in.title = std::move(*title);
          in.participants = std::move(*participants);
          q->create_calibration(c, std::move(in), session_reply(respond, 201));
        });
  r.add("GET", "/api/v1/quality/calibrations", Permission::kEvaluate,
        [q](const app::Caller& c, http::Request&& req, http::Respond respond) {
          const std::string* status = req.query_param("status");
          q->list_calibrations(c, status ? *status : "",
                               json_answer<std::vector<app::CalibrationView>>(respond, 200, [](const std::vector<app::CalibrationView>& v) {
                                 json::array a;
                                 for (const auto& s : v) a.push_back(calibration_json(s));
                                 return json::object{{"calibrations", std::move(a)}};
                               }));
        });
  r.add("GET", "/api/v1/quality/calibrations/report", Permission::kEvaluate,
        [q](const app::Caller& c, http::Request&& req, http::Respond respond) {
          const std::string* evaluator = req.query_param("evaluator");
          auto from = query_int(req, "from_ms", 0, 0, INT64_MAX);
          auto to = query_int(req, "to_ms", 0, 0, INT64_MAX);
          for (const auto* x : {&from, &to})
            if (!*x) return respond(error_response(x->error()));
          q->calibration_report(
              c, evaluator ? *evaluator : "", *from, *to,
              json_answer<std::vector<app::CalibrationReportRow>>(respond, 200, [](const std::vector<app::CalibrationReportRow>& rows) {
                json::array a;
                for (const auto& r : rows) {
                  json::array history;
                  for (const auto& h : r.history)
                    history.push_back(json::object{{"session", h.session},
                                                   {"closed_ms", h.closed_ms},
                                                   {"score", opt_score(h.score)},
                                                   {"reference_score", opt_score(h.reference_score)},
                                                   {"deviation_pp", opt_double(h.deviation_pp)},
                                                   {"items_differing", h.items_differing}});
                  a.push_back(json::object{{"evaluator", r.figures.evaluator},
                                           {"sessions", r.figures.sessions},
                                           {"mean_abs_deviation_pp", opt_double(r.figures.mean_abs_deviation_pp)},
                                           {"items_differing", r.figures.items_differing},
                                           {"items_compared", r.figures.items_compared},
                                           {"item_disagreement_rate", r.figures.item_disagreement_rate},
                                           {"history", std::move(history)}});
                }
                return json::object{{"evaluators", std::move(a)}};
              }));
        });
  r.add("GET", "/api/v1/quality/calibrations/{id}", Permission::kEvaluate,
        [q, session_reply](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req, "id");
          if (!id) return respond(error_response(id.error()));
          q->get_calibration(c, *id, session_reply(respond, 200));
        });
  for (const bool close : {false, true})
    r.add("POST", std::string("/api/v1/quality/calibrations/{id}/") + (close ? "close" : "score"),
          close ? Permission::kManageQuality : Permission::kEvaluate,
          [q, session_reply, close](const app::Caller& c, http::Request&& req, http::Respond respond) {
            auto id = row_id(req, "id");
            if (!id) return respond(error_response(id.error()));
            auto body = object_body(req.body, {"answers"});
            if (!body) return respond(error_response(body.error()));
            auto answers = answers_at(*body);
            if (!answers) return respond(error_response(answers.error()));
            if (close) return q->close_calibration(c, *id, std::move(*answers), session_reply(respond, 200));
            q->score_calibration(c, *id, std::move(*answers), session_reply(respond, 200));
          });

  // ---- the library ----
  r.add("GET", "/api/v1/quality/library", Permission::kReadEvaluations,
        [q](const app::Caller& c, http::Request&& req, http::Respond respond) {
          std::optional<quality::LibraryKind> kind;
          if (const std::string* k = req.query_param("kind"); k && !k->empty()) {
            kind = quality::library_kind_from_string(*k);
            if (!kind) return respond(error_response(Error{ErrorCode::kInvalidArgument, "exemplary or mistake", "kind"}));
          }
          auto limit = query_int(req, "limit", 50, 1, 200);
          if (!limit) return respond(error_response(limit.error()));
          const std::string* text = req.query_param("q");
          const std::string* tag = req.query_param("tag");
          q->search_library(c, text ? *text : "", kind, tag ? *tag : "", static_cast<size_t>(*limit),
                            json_answer<std::vector<quality::LibraryEntry>>(respond, 200, [](const std::vector<quality::LibraryEntry>& v) {
                              json::array a;
                              for (const auto& e : v) a.push_back(library_json(e));
                              return json::object{{"entries", std::move(a)}};
                            }));
        });
  r.add("POST", "/api/v1/quality/library", Permission::kEvaluate,
        [q](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto body = object_body(req.body, {"contact", "evaluation_id", "kind", "tags", "note"});
          if (!body) return respond(error_response(body.error()));
          quality::LibraryEntry e;
          auto contact = opt_int(*body, "contact", 0, 1, INT64_MAX);
          if (!contact) return respond(error_response(contact.error()));
          auto evaluation = opt_int(*body, "evaluation_id", 0, 1, INT64_MAX);
          if (!evaluation) return respond(error_response(evaluation.error()));
          auto kind = need_string(*body, "kind");
          if (!kind) return respond(error_response(kind.error()));
          auto k = quality::library_kind_from_string(*kind);
          if (!k) return respond(error_response(Error{ErrorCode::kInvalidArgument, "exemplary or mistake", "kind"}));
          auto tags = strings_at(*body, "tags", false);
          if (!tags) return respond(error_response(tags.error()));
          auto note = opt_string(*body, "note");
          if (!note) return respond(error_response(note.error()));
          e.contact_id = static_cast<core::ContactId>(*contact);
          if (*evaluation != 0) e.evaluation_id = *evaluation;
          e.kind = *k;
          e.tags = std::move(*tags);
          e.note = std::move(*note);
          q->add_to_library(c, std::move(e), json_answer<quality::LibraryEntry>(respond, 201, library_json));
        });
  r.add("DELETE", "/api/v1/quality/library/{id}", Permission::kEvaluate,
        [q](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req, "id");
          if (!id) return respond(error_response(id.error()));
          q->remove_from_library(c, *id, [respond](Result<void> r) {
            respond(r ? no_content() : error_response(r.error()));
          });
        });

  // ---- coaching ----
  r.add("GET", "/api/v1/quality/coaching", Permission::kReadEvaluations,
        [q](const app::Caller& c, http::Request&& req, http::Respond respond) {
          const std::string* agent = req.query_param("agent");
          q->list_coaching(c, agent ? *agent : "",
                           json_answer<std::vector<quality::CoachingSession>>(respond, 200, [](const std::vector<quality::CoachingSession>& v) {
                             json::array a;
                             for (const auto& s : v) a.push_back(coaching_json(s));
                             return json::object{{"sessions", std::move(a)}};
                           }));
        });
  r.add("POST", "/api/v1/quality/coaching", Permission::kEvaluate,
        [q](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto body = object_body(req.body, {"agent", "evaluation_id", "goals", "follow_up_date"});
          if (!body) return respond(error_response(body.error()));
          quality::CoachingSession s;
          auto agent = need_string(*body, "agent");
          if (!agent) return respond(error_response(agent.error()));
          auto evaluation = opt_int(*body, "evaluation_id", 0, 1, INT64_MAX);
          if (!evaluation) return respond(error_response(evaluation.error()));
          auto goals = need_string(*body, "goals");
          if (!goals) return respond(error_response(goals.error()));
          auto follow_up = opt_string(*body, "follow_up_date");
          if (!follow_up) return respond(error_response(follow_up.error()));
          s.agent = std::move(*agent);
          if (*evaluation != 0) s.evaluation_id = *evaluation;
          s.goals = std::move(*goals);
          s.follow_up_date = std::move(*follow_up);
          q->add_coaching(c, std::move(s), json_answer<quality::CoachingSession>(respond, 201, coaching_json));
        });
  r.add("POST", "/api/v1/quality/coaching/{id}/complete", Permission::kEvaluate,
        [q](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req, "id");
          if (!id) return respond(error_response(id.error()));
          auto body = object_body(req.body, {"notes"});
          if (!body) return respond(error_response(body.error()));
          auto notes = opt_string(*body, "notes");
          if (!notes) return respond(error_response(notes.error()));
          q->complete_coaching(c, *id, std::move(*notes), json_answer<quality::CoachingSession>(respond, 200, coaching_json));
        });
}

}  // namespace switchyard::api
