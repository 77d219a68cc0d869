// The shift swap board and the WFM settings (docs/api.md, "Workforce
// management": "Shift swaps", "Settings").
#include <boost/json.hpp>

#include "api/api.h"
#include "app/wfm_service.h"
#include "api/errors.h"
#include "api/parse.h"
#include "api/render.h"

namespace switchyard::api {

namespace json = boost::json;
using auth::Permission;

namespace {

json::object swap_json(const wfm::ShiftSwap& w) {
  json::array breaks;
  for (const wfm::PlacedBreak& b : w.breaks)
    breaks.push_back(json::object{{"offset_min", b.offset_min}, {"length_min", b.length_min}});
  auto opt = [](const std::optional<int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); };
  return json::object{{"id", w.id},
                      {"status", w.status},
                      {"date", w.date},
                      {"offered_by", w.offered_by},
                      {"schedule", w.schedule},
                      {"queue", w.queue},
                      {"start_min", w.start_min},
                      {"length_min", w.length_min},
                      {"breaks", std::move(breaks)},
                      {"note", w.note},
                      {"created_ms", w.created_ms},
                      {"taken_by", w.taken_by.empty() ? json::value(nullptr) : json::value(w.taken_by)},
                      {"taken_ms", opt(w.taken_ms)},
                      {"decided_by", w.decided_by.empty() ? json::value(nullptr) : json::value(w.decided_by)},
                      {"decided_ms", opt(w.decided_ms)},
                      {"reason", w.reason},
                      {"given_date", w.given_date.empty() ? json::value(nullptr) : json::value(w.given_date)},
                      {"given_start_min", w.given_date.empty() ? json::value(nullptr) : json::value(w.given_start_min)},
                      {"given_length_min", w.given_date.empty() ? json::value(nullptr) : json::value(w.given_length_min)}};
}

// 200 with the swap (and the schedule published with it), or 409 with the
// rule violations that stand in the way, beside the one error shape.
http::Response outcome_response(const app::SwapOutcome& out) {
  if (out.violations.empty()) {
    json::object o = swap_json(out.swap);
    o["published_schedule"] = out.schedule ? json::value(out.schedule) : json::value(nullptr);
    return json_response(200, o);
  }
  http::Response resp = error_response(Error{
      ErrorCode::kIllegalState, std::to_string(out.violations.size()) + " rule violations: the swap would break them", "id"});
  json::value body = json::parse(resp.body);
  json::array a;
  for (const app::SwapViolation& v : out.violations)
    a.push_back(json::object{{"agent", v.agent}, {"day", v.day}, {"rule", wfm::to_string(v.rule)}, {"message", v.message}});
  body.as_object()["violations"] = std::move(a);
  return json_response(resp.status, body.as_object());
}

json::object settings_json(const wfm::WfmSettings& s) {
  return json::object{{"swap_approval", s.swap_approval}, {"adherence_alert_min", s.adherence_alert_min}};
}

}  // namespace

void add_wfm_swap_routes(Routes& r, app::WfmService& wfm) {
  app::WfmService* w = &wfm;
  r.add("GET", "/api/v1/wfm/swaps", Permission::kReadSchedules,
        [w](const app::Caller& c, http::Request&& req, http::Respond respond) {
          const std::string* status = req.query_param("status");
          w->swaps(c, status ? *status : "", answer<std::vector<app::SwapView>>(respond, [](const std::vector<app::SwapView>& v) {
            json::array a;
            for (const app::SwapView& x : v) {
              json::object o = swap_json(x.swap);
              if (x.can_take) {
                o["can_take"] = *x.can_take;
                json::array p;
                for (const std::string& m : x.problems) p.emplace_back(m);
                o["problems"] = std::move(p);
                json::array t;
                for (const std::string& d : x.trades) t.emplace_back(d);
                o["trades"] = std::move(t);
              }
              a.push_back(std::move(o));
            }
            return json_response(200, json::object{{"swaps", std::move(a)}});
          }));
        });
  r.add("POST", "/api/v1/wfm/swaps", Permission::kReadSchedules,
        [w](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto body = small_body(req.body, {"date", "note"});
          if (!body) return respond(error_response(body.error()));
          auto date = need_string(*body, "date");
          if (!date) return respond(error_response(date.error()));
          auto note = opt_string(*body, "note");
          if (!note) return respond(error_response(note.error()));
          w->offer_swap(c, *date, *note, answer<wfm::ShiftSwap>(respond, [](const wfm::ShiftSwap& s) {
            return json_response(201, swap_json(s));
          }));
        });
  r.add("POST", "/api/v1/wfm/swaps/{id}/take", Permission::kReadSchedules,
        [w](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req, "id");
          if (!id) return respond(error_response(id.error()));
          auto body = small_body(req.body, {"give_date"});
          if (!body) return respond(error_response(body.error()));
          auto give = opt_string(*body, "give_date");
          if (!give) return respond(error_response(give.error()));
          w->take_swap(c, *id, *give, answer<app::SwapOutcome>(respond, outcome_response));
        });
  for (const char* decision : {"approve", "decline", "cancel"})
    r.add("POST", std::string("/api/v1/wfm/swaps/{id}/") + decision, Permission::kReadSchedules,
          [w, decision = std::string(decision)](const app::Caller& c, http::Request&& req, http::Respond respond) {
            auto id = row_id(req, "id");
            if (!id) return respond(error_response(id.error()));
            auto body = small_body(req.body, {"reason"});
            if (!body) return respond(error_response(body.error()));
            auto reason = opt_string(*body, "reason");
            if (!reason) return respond(error_response(reason.error()));
            w->decide_swap(c, *id, decision, *reason, answer<app::SwapOutcome>(respond, outcome_response));
          });
  r.add("GET", "/api/v1/wfm/settings", Permission::kReadSchedules,
        [w](const app::Caller& c, http::Request&&, http::Respond respond) {
          w->settings(c, answer<wfm::WfmSettings>(respond, [](const wfm::WfmSettings& s) {
            return json_response(200, settings_json(s));
          }));
        });
  r.add("PUT", "/api/v1/wfm/settings", Permission::kPlanWorkforce,
        [w](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto body = small_body(req.body, {"swap_approval", "adherence_alert_min"});
          if (!body) return respond(error_response(body.error()));
          // Fields left out keep their value: read, then write the whole.
          w->settings(c, [w, c, body = *body, respond](Result<wfm::WfmSettings> now) mutable {
            if (!now) return respond(error_response(now.error()));
            auto approval = opt_bool(body, "swap_approval", now->swap_approval);
            if (!approval) return respond(error_response(approval.error()));
            auto alert = opt_int(body, "adherence_alert_min", now->adherence_alert_min, 0, 480);
            if (!alert) return respond(error_response(alert.error()));
            w->put_settings(c, wfm::WfmSettings{*approval, static_cast<int>(*alert)},
                            answer<wfm::WfmSettings>(respond, [](const wfm::WfmSettings& s) {
                              return json_response(200, settings_json(s));
                            }));
          });
        });
}

}  // namespace switchyard::api
