// Workforce planning routes (docs/api.md, "Workforce management"): forecasts
// and their adjustments, staffing requirements, schedules (generate, edit a
// shift, publish), one's own schedule and live adherence.
#include <boost/json.hpp>

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "api/api.h"
#include "app/wfm_service.h"
#include "api/errors.h"
#include "api/json_text.h"
#include "api/parse.h"
#include "api/render.h"

namespace switchyard::api {

namespace json = boost::json;
using auth::Permission;

namespace {

json::array numbers(const std::vector<double>& v) {
  json::array a;
  a.reserve(v.size());
  for (double x : v) a.emplace_back(std::round(x * 1000.0) / 1000.0);
  return a;
}

// A decimal query parameter in [min, max], else `def` when absent.
Result<double> query_number(const http::Request& req, std::string_view name, double def, double min, double max) {
  const std::string* s = req.query_param(name);
  if (!s) return def;
  char* end = nullptr;
  double v = std::strtod(s->c_str(), &end);
  if (s->empty() || end != s->c_str() + s->size() || !std::isfinite(v) || v < min || v > max)
    return make_error(ErrorCode::kInvalidArgument,
                      "expected a number " + std::to_string(min) + ".." + std::to_string(max), std::string(name));
  return v;
}

Result<core::QueueId> query_queue(const http::Request& req, const app::Names& names) {
  const std::string* q = req.query_param("queue");
  if (!q || q->empty()) return make_error(ErrorCode::kInvalidArgument, "required", "queue");
  return resolve(names, app::Kind::kQueue, *q, "queue");
}

std::string local_minute(const metrics::Calendar& cal, int64_t t_ms) {
  return cal.format(t_ms).substr(0, 16);  // "YYYY-MM-DDTHH:MM"
}

json::object adjustment_json(const wfm::StoredAdjustment& a, const metrics::Calendar& cal) {
  return json::object{{"id", a.id},
                      {"queue", a.queue},
                      {"start", local_minute(cal, a.start_ms)},
                      {"end", local_minute(cal, a.end_ms)},
                      {"kind", a.percent ? "percent" : "absolute"},
                      {"amount", a.amount},
                      {"note", a.note},
                      {"by", a.by},
                      {"created_ms", a.created_ms}};
}

json::object figures(double under, double over, double objective) {
  return json::object{{"under", under}, {"over", over}, {"objective", std::round(objective * 1000) / 1000}};
}

json::array violations_json(const std::vector<wfm::Violation>& vs, const wfm::ScheduleProblem& p) {
  json::array a;
  for (const wfm::Violation& v : vs) {
    json::value agent = v.agent >= 0 && static_cast<size_t>(v.agent) < p.agents.size()
                            ? json::value(p.agents[static_cast<size_t>(v.agent)].id)
                            : json::value(nullptr);
    a.push_back(json::object{{"agent", agent}, {"day", v.day}, {"rule", wfm::to_string(v.rule)}, {"message", v.message}});
  }
  return a;
}

json::object schedule_meta_json(const wfm::StoredSchedule& s) {
  return json::object{{"id", s.id},
                      {"version", s.version},
                      {"status", s.published ? "published" : "draft"},
                      {"start", s.start},
                      {"days", s.days},
                      {"created_ms", s.created_ms},
                      {"created_by", s.created_by},
                      {"published_ms", s.published_ms ? json::value(*s.published_ms) : json::value(nullptr)}};
}

json::object schedule_json(const app::ScheduleView& v) {
  const wfm::ScheduleProblem& p = v.plan.problem;
  json::object o = schedule_meta_json(v.meta);
  o["interval_min"] = p.interval_min;
  json::array groups;
  for (size_t g = 0; g < p.skill_groups.size(); ++g) {
    json::array covered;
    if (g < v.report.coverage.size())
      for (int x : v.report.coverage[g]) covered.emplace_back(x);
    groups.push_back(json::object{{"name", p.skill_groups[g]}, {"required", numbers(p.required[g])}, {"covered", covered}});
  }
  o["groups"] = std::move(groups);
  json::array agents;
  for (const wfm::Agent& a : p.agents) {
    json::array g;
    for (int s : a.skills) g.emplace_back(p.skill_groups[static_cast<size_t>(s)]);
    agents.push_back(json::object{{"name", a.id}, {"groups", std::move(g)}});
  }
  o["agents"] = std::move(agents);
  json::array shifts;
  for (size_t i = 0; i < v.plan.schedule.shifts.size(); ++i) {
    const wfm::Shift& s = v.plan.schedule.shifts[i];
    json::array breaks;
    for (const wfm::PlacedBreak& b : s.breaks)
      breaks.push_back(json::object{{"offset_min", b.offset_min}, {"length_min", b.length_min}});
    const bool known = s.agent >= 0 && static_cast<size_t>(s.agent) < p.agents.size();
    const bool group = s.skill >= 0 && static_cast<size_t>(s.skill) < p.skill_groups.size();
    shifts.push_back(json::object{{"id", i},
                                  {"agent", known ? json::value(p.agents[static_cast<size_t>(s.agent)].id) : nullptr},
                                  {"day", s.day},
                                  {"template", s.template_index >= 0 && static_cast<size_t>(s.template_index) < p.templates.size()
                                                   ? json::value(p.templates[static_cast<size_t>(s.template_index)].id)
                                                   : json::value(nullptr)},
                                  {"start_min", s.start_min},
                                  {"length_min", s.length_min},
                                  {"group", group ? json::value(p.skill_groups[static_cast<size_t>(s.skill)]) : nullptr},
                                  {"breaks", std::move(breaks)}});
  }
  o["shifts"] = std::move(shifts);
  o["report"] = figures(v.report.under, v.report.over, v.report.objective);
  o["greedy"] = v.plan.has_greedy ? json::value(figures(v.plan.greedy_under, v.plan.greedy_over, v.plan.greedy_objective))
                                  : json::value(nullptr);
  o["violations"] = violations_json(v.violations, p);
  return o;
}

std::string_view activity_name(app::Activity a) {
  switch (a) {
    case app::Activity::kWorking: return "working";
    case app::Activity::kBreak: return "break";
    case app::Activity::kOff: return "off";
  }
  return "off";
}

Result<int64_t> schedule_id(const http::Request& req) { return row_id(req, "id"); }

}  // namespace

void add_wfm_routes(Routes& r, app::WfmService& wfm, app::Catalog& catalog) {
  // Handlers outlive this call: they hold pointers, never references to its parameters.
  app::WfmService* w = &wfm;
  app::Catalog* cat = &catalog;
  const metrics::Calendar* calp = &wfm.calendar();
  r.add("GET", "/api/v1/wfm/forecast", Permission::kPlanWorkforce,
        [w, calp, cat](const app::Caller& c, http::Request&& req, http::Respond respond) {
          app::ForecastRequest in;
          auto q = query_queue(req, *cat->names());
          if (!q) return respond(error_response(q.error()));
          in.queue = *q;
          const std::string* start = req.query_param("start");
          in.start = start ? *start : "";  // "": today
          auto days = query_int(req, "days", 7, 1, 28);
          if (!days) return respond(error_response(days.error()));
          in.days = static_cast<int>(*days);
          if (const std::string* m = req.query_param("method")) {
            if (*m == "auto") in.method = app::ForecastMethod::kAuto;
            else if (*m == "seasonal_naive") in.method = app::ForecastMethod::kSeasonalNaive;
            else if (*m == "holt_winters") in.method = app::ForecastMethod::kHoltWinters;
            else return respond(error_response(Error{ErrorCode::kInvalidArgument, "auto, seasonal_naive or holt_winters", "method"}));
          }
          w->forecast(c, std::move(in), answer<app::ForecastView>(respond, [calp](app::ForecastView v) {
            json::array backtest, adjustments, special;
            for (const wfm::StoredSpecialDay& d : v.special_days) special.push_back(special_day_json(d));
            // no actuals in the backtest weeks: no score (null), not a perfect 0
            for (const wfm::MethodScore& s : v.backtest)
              backtest.push_back(json::object{{"method", wfm::to_string(s.method)},
                                              {"wape", s.actual > 0 ? json::value(s.wape) : json::value(nullptr)},
                                              {"mape", s.mape_intervals > 0 ? json::value(s.mape) : json::value(nullptr)}});
            for (const wfm::StoredAdjustment& a : v.adjustments) adjustments.push_back(adjustment_json(a, *calp));
            return json_response(
                200, json::object{{"queue", v.queue},
                                  {"interval_min", v.interval_min},
                                  {"start", v.start},
                                  {"days", v.days},
                                  {"method", wfm::to_string(v.method)},
                                  {"proposed", wfm::to_string(v.proposed)},
                                  {"history", json::object{{"start", v.history_start},
                                                           {"contacts", numbers(v.history_contacts)},
                                                           {"aht_s", numbers(v.history_aht_s)}}},
                                  {"forecast", json::object{{"contacts", numbers(v.contacts)},
                                                            {"base_contacts", numbers(v.base_contacts)},
                                                            {"aht_s", numbers(v.aht_s)}}},
                                  {"backtest", std::move(backtest)},
                                  {"adjustments", std::move(adjustments)},
                                  {"special_days", std::move(special)}});
          }));
        });
  r.add("POST", "/api/v1/wfm/adjustments", Permission::kPlanWorkforce,
        [w, calp, cat](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto body = small_body(req.body, {"queue", "start", "end", "kind", "amount", "note"});
          if (!body) return respond(error_response(body.error()));
          app::NewAdjustment in;
          auto q = need_string(*body, "queue");
          if (!q) return respond(error_response(q.error()));
          auto qid = resolve(*cat->names(), app::Kind::kQueue, *q, "queue");
          if (!qid) return respond(error_response(qid.error()));
          in.queue = *qid;
          for (auto [key, out] : {std::pair{"start", &in.start}, std::pair{"end", &in.end}}) {
            auto s = need_string(*body, key);
            if (!s) return respond(error_response(s.error()));
            *out = *s;
          }
          auto kind = need_string(*body, "kind");
          if (!kind) return respond(error_response(kind.error()));
          if (*kind != "percent" && *kind != "absolute")
            return respond(error_response(Error{ErrorCode::kInvalidArgument, "percent or absolute", "kind"}));
          in.percent = *kind == "percent";
          const json::value* amount = body->if_contains("amount");
          if (!amount || !amount->is_number())
            return respond(error_response(Error{ErrorCode::kInvalidArgument, "a number is required", "amount"}));
          in.amount = amount->to_number<double>();
          auto note = opt_string(*body, "note");
          if (!note) return respond(error_response(note.error()));
          in.note = *note;
          w->add_adjustment(c, std::move(in), answer<wfm::StoredAdjustment>(respond, [calp](wfm::StoredAdjustment a) {
            return json_response(201, adjustment_json(a, *calp));
          }));
        });
  r.add("DELETE", "/api/v1/wfm/adjustments/{id}", Permission::kPlanWorkforce,
        [w, calp, cat](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req, "id");
          if (!id) return respond(error_response(id.error()));
          w->delete_adjustment(c, *id, answer<void>(respond, [] { return no_content(); }));
        });
  r.add("GET", "/api/v1/wfm/requirement", Permission::kPlanWorkforce,
        [w, calp, cat](const app::Caller& c, http::Request&& req, http::Respond respond) {
          app::RequirementRequest in;
          auto q = query_queue(req, *cat->names());
          if (!q) return respond(error_response(q.error()));
          in.queue = *q;
          const std::string* start = req.query_param("start");
          if (!start) return respond(error_response(Error{ErrorCode::kInvalidArgument, "required", "start"}));
          in.start = *start;
          auto days = query_int(req, "days", 7, 1, 28);
          if (!days) return respond(error_response(days.error()));
          in.days = static_cast<int>(*days);
          const app::WfmOptions& o = w->options();
          struct Num {
            const char* name;
            double* out;
            double def;
          };
          for (const Num& n : {Num{"target_sl", &in.target_sl, o.target_sl}, Num{"target_s", &in.target_s, o.target_s},
                               Num{"max_occupancy", &in.max_occupancy, o.max_occupancy},
                               Num{"shrinkage", &in.shrinkage, o.shrinkage},
                               Num{"target_asa_s", &in.target_asa_s, 20}, Num{"target_abandon", &in.target_abandon, 0.05},
                               Num{"patience_s", &in.patience_s, 0}}) {
            auto v = query_number(req, n.name, n.def, 0, 3600);
            if (!v) return respond(error_response(v.error()));
            *n.out = *v;
          }
          if (const std::string* t = req.query_param("target")) {
            if (*t == "service_level") in.target = wfm::StaffingTarget::kServiceLevel;
            else if (*t == "asa") in.target = wfm::StaffingTarget::kAsa;
            else if (*t == "abandon_rate") in.target = wfm::StaffingTarget::kAbandonRate;
            else return respond(error_response(Error{ErrorCode::kInvalidArgument, "service_level, asa or abandon_rate", "target"}));
          }
          w->requirement(c, std::move(in), answer<app::RequirementView>(respond, [](app::RequirementView v) {
            json::array agents, scheduled, sl, asa, abandon;
            for (const wfm::IntervalRequirement& x : v.intervals) {
              agents.emplace_back(x.agents);
              scheduled.emplace_back(x.scheduled_agents);
              sl.emplace_back(std::round(x.service_level * 10000) / 10000);
              asa.emplace_back(std::round(x.asa_s * 100) / 100);
              abandon.emplace_back(std::round(x.abandon_rate * 10000) / 10000);
            }
            return json_response(200, json::object{{"queue", v.queue},
                                                   {"interval_min", v.interval_min},
                                                   {"start", v.start},
                                                   {"days", v.days},
                                                   {"agents", std::move(agents)},
                                                   {"scheduled", std::move(scheduled)},
                                                   {"service_level", std::move(sl)},
                                                   {"asa_s", std::move(asa)},
                                                   {"abandon_rate", std::move(abandon)}});
          }));
        });
  auto schedule_reply = [](http::Respond respond, int status = 200) {
    return answer<app::ScheduleView>(std::move(respond),
                                     [status](app::ScheduleView v) { return json_response(status, schedule_json(v)); });
  };
  r.add("POST", "/api/v1/wfm/schedules", Permission::kPlanWorkforce,
        [w, cat, schedule_reply](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto body = small_body(req.body, {"start", "weeks", "method"});
          if (!body) return respond(error_response(body.error()));
          app::GenerateRequest in;
          auto start = need_string(*body, "start");
          if (!start) return respond(error_response(start.error()));
          in.start = *start;
          auto weeks = opt_int(*body, "weeks", 1, 1, 4);
          if (!weeks) return respond(error_response(weeks.error()));
          in.weeks = static_cast<int>(*weeks);
          auto method = opt_string(*body, "method");
          if (!method) return respond(error_response(method.error()));
          if (!method->empty() && *method != "local_search" && *method != "greedy")
            return respond(error_response(Error{ErrorCode::kInvalidArgument, "local_search or greedy", "method"}));
          in.greedy = *method == "greedy";
          w->generate(c, std::move(in), schedule_reply(std::move(respond), 201));
        });
  r.add("GET", "/api/v1/wfm/schedules", Permission::kPlanWorkforce,
        [w, calp, cat](const app::Caller& c, http::Request&&, http::Respond respond) {
          w->schedules(c, answer<std::vector<wfm::StoredSchedule>>(respond, [](const std::vector<wfm::StoredSchedule>& v) {
            json::array a;
            for (const wfm::StoredSchedule& s : v) a.push_back(schedule_meta_json(s));
            return json_response(200, a);
          }));
        });
  r.add("GET", "/api/v1/wfm/schedules/{id}", Permission::kPlanWorkforce,
        [w, cat, schedule_reply](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = schedule_id(req);
          if (!id) return respond(error_response(id.error()));
          w->schedule(c, *id, schedule_reply(std::move(respond)));
        });
  r.add("PUT", "/api/v1/wfm/schedules/{id}/shifts/{shift}", Permission::kPlanWorkforce,
        [w, cat, schedule_reply](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = schedule_id(req);
          if (!id) return respond(error_response(id.error()));
          // Shifts are numbered from 0 (their index in the schedule).
          const std::string& st = req.params["shift"];
          int64_t shift_index = -1;
          auto [end, ec] = std::from_chars(st.data(), st.data() + st.size(), shift_index);
          if (ec != std::errc() || end != st.data() + st.size() || shift_index < 0)
            return respond(error_response(Error{ErrorCode::kInvalidArgument, "not a shift number", "shift"}));
          const int64_t* shift = &shift_index;
          auto body = small_body(req.body, {"day", "start_min", "length_min"});
          if (!body) return respond(error_response(body.error()));
          app::ShiftEdit in;
          in.schedule = *id;
          in.shift = static_cast<int>(std::min<int64_t>(*shift, 1'000'000));
          if (body->contains("day")) {
            auto day = opt_int(*body, "day", 0, 0, 27);
            if (!day) return respond(error_response(day.error()));
            in.day = static_cast<int>(*day);
          }
          auto start = opt_int(*body, "start_min", -1, 0, 1439);
          if (!start) return respond(error_response(start.error()));
          auto length = opt_int(*body, "length_min", -1, 15, 960);
          if (!length) return respond(error_response(length.error()));
          if (*start < 0) return respond(error_response(Error{ErrorCode::kInvalidArgument, "required", "start_min"}));
          if (*length < 0) return respond(error_response(Error{ErrorCode::kInvalidArgument, "required", "length_min"}));
          in.start_min = static_cast<int>(*start);
          in.length_min = static_cast<int>(*length);
          w->edit_shift(c, in, schedule_reply(std::move(respond)));
        });
  r.add("POST", "/api/v1/wfm/schedules/{id}/publish", Permission::kPlanWorkforce,
        [w, calp, cat](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = schedule_id(req);
          if (!id) return respond(error_response(id.error()));
          w->publish(c, *id, answer<app::PublishOutcome>(respond, [](app::PublishOutcome out) {
            if (out.published) return json_response(200, schedule_json(out.view));
            // 409 with the violations in the way, beside the one error shape.
            http::Response resp = error_response(Error{ErrorCode::kIllegalState,
                                                       std::to_string(out.view.violations.size()) +
                                                           " rule violations: fix them before publishing",
                                                       "violations"});
            json::value body = json::parse(resp.body);
            body.as_object()["violations"] = violations_json(out.view.violations, out.view.plan.problem);
            return json_response(resp.status, body.as_object());
          }));
        });
  r.add("GET", "/api/v1/wfm/schedules/{id}/check", Permission::kPlanWorkforce,
        [w](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = schedule_id(req);
          if (!id) return respond(error_response(id.error()));
          auto reps = query_int(req, "replications", 5, 1, 50);
          if (!reps) return respond(error_response(reps.error()));
          w->check(c, *id, static_cast<int>(*reps), answer<app::ScheduleCheck>(respond, [](const app::ScheduleCheck& k) {
            json::array queues;
            for (size_t q = 0; q < k.queues.size(); ++q) {
              json::array offered, achieved, erlang;
              double total_offered = 0, total_in = 0;
              for (const wfm::CoverageCell& cell : k.cells[q]) {
                offered.emplace_back(std::round(cell.offered * 100) / 100);
                achieved.emplace_back(std::round(cell.achieved_sl * 10000) / 10000);
                erlang.emplace_back(std::round(cell.erlang_sl * 10000) / 10000);
                total_offered += cell.offered;
                total_in += cell.offered * cell.achieved_sl;
              }
              queues.push_back(json::object{
                  {"name", k.queues[q]},
                  {"target_sl", k.cells[q].empty() ? 0.0 : k.cells[q].front().target_sl},
                  {"offered", std::move(offered)},
                  {"achieved_sl", std::move(achieved)},
                  {"erlang_sl", std::move(erlang)},
                  {"total", json::object{{"offered", std::round(total_offered * 100) / 100},
                                         {"achieved_sl", total_offered > 0
                                                             ? json::value(std::round(total_in / total_offered * 10000) / 10000)
                                                             : json::value(nullptr)}}}});
            }
            return json_response(200, json::object{{"start", k.start},
                                                   {"days", k.days},
                                                   {"interval_min", k.interval_min},
                                                   {"replications", k.replications},
                                                   {"contacts", k.contacts},
                                                   {"queues", std::move(queues)}});
          }));
        });
  r.add("GET", "/api/v1/wfm/adherence/report", Permission::kReadSchedules,
        [w, cat](const app::Caller& c, http::Request&& req, http::Respond respond) {
          const std::string* from = req.query_param("from");
          if (!from) return respond(error_response(Error{ErrorCode::kInvalidArgument, "required", "from"}));
          const std::string* to = req.query_param("to");
          const std::string* format = req.query_param("format");
          if (format && *format != "json" && *format != "csv")
            return respond(error_response(Error{ErrorCode::kInvalidArgument, "must be json or csv", "format"}));
          const std::string* by = req.query_param("by");
          if (by && *by != "agent" && *by != "team")
            return respond(error_response(Error{ErrorCode::kInvalidArgument, "must be agent or team", "by"}));
          const bool csv = format && *format == "csv", by_team = by && *by == "team";
          w->adherence_report(
              c, *from, to ? *to : *from,
              answer<std::vector<app::AdherenceDay>>(respond, [cat, csv, by_team](const std::vector<app::AdherenceDay>& days) {
                auto names = cat->names();
                auto ratio = [](double x) { return std::round(x * 10000) / 10000; };
                const std::vector<app::AdherenceTeamDay> teams = app::team_totals(days);
                auto figures = [&](json::object o, const app::AdherenceDay& d) {
                  o["scheduled_min"] = d.scheduled_min;
                  o["working_min"] = d.working_min;
                  o["in_adherence_min"] = d.in_adherence_min;
                  o["out_off_min"] = d.out_off_min;
                  o["on_phone_min"] = d.on_phone_min;
                  o["adherence"] = ratio(d.adherence());
                  o["conformance"] = ratio(d.conformance());
                  return o;
                };
                if (csv) {
                  auto numbers_of = [&](const app::AdherenceDay& d) {
                    return std::to_string(d.scheduled_min) + "," + std::to_string(d.working_min) + "," +
                           std::to_string(d.in_adherence_min) + "," + std::to_string(d.out_off_min) + "," +
                           std::to_string(d.on_phone_min) + "," + json::serialize(json::value(ratio(d.adherence()))) +
                           "," + json::serialize(json::value(ratio(d.conformance()))) + "\n";
                  };
                  std::string out;
                  if (by_team) {
                    out = "date,team,agents,scheduled_min,working_min,in_adherence_min,out_off_min,on_phone_min,adherence,conformance\n";
                    for (const app::AdherenceTeamDay& t : teams) {
                      const std::string* team = names->name(app::Kind::kTeam, t.team);
                      out += t.date + "," + (team ? *team : "") + "," + std::to_string(t.agents) + "," + numbers_of(t.sum);
                    }
                  } else {
                    out = "date,agent,team,scheduled_min,working_min,in_adherence_min,out_off_min,on_phone_min,adherence,conformance\n";
                    for (const app::AdherenceDay& d : days) {
                      const std::string* team = names->name(app::Kind::kTeam, d.team);
                      const std::string* agent = names->name(app::Kind::kAgent, d.agent);
                      out += d.date + "," + (agent ? *agent : std::to_string(d.agent)) + "," + (team ? *team : "") + "," +
                             numbers_of(d);
                    }
                  }
                  http::Response resp;
                  resp.body = std::move(out);
                  resp.content_type = "text/csv; charset=utf-8";
                  resp.headers.emplace_back("Content-Disposition", by_team ? "attachment; filename=\"adherence-teams.csv\""
                                                                           : "attachment; filename=\"adherence.csv\"");
                  return resp;
                }
                json::array rows, team_rows;
                for (const app::AdherenceDay& d : days)
                  rows.push_back(figures(json::object{{"date", d.date},
                                                      {"agent", name_or_null(*names, app::Kind::kAgent, d.agent)},
                                                      {"team", name_or_null(*names, app::Kind::kTeam, d.team)}},
                                         d));
                for (const app::AdherenceTeamDay& t : teams)
                  team_rows.push_back(figures(json::object{{"date", t.date},
                                                           {"team", name_or_null(*names, app::Kind::kTeam, t.team)},
                                                           {"agents", t.agents}},
                                              t.sum));
                return json_response(200, json::object{{"days", std::move(rows)}, {"teams", std::move(team_rows)}});
              }));
        });
  // ---- leave
  auto leave_json = [](const wfm::LeaveRequest& l) {
    return json::object{{"id", l.id},
                        {"agent", l.agent},
                        {"first", l.first},
                        {"last", l.last},
                        {"days", l.days},
                        {"kind", l.kind},
                        {"note", l.note},
                        {"status", l.status},
                        {"requested_ms", l.requested_ms},
                        {"decided_by", l.decided_by},
                        {"decided_ms", l.decided_ms ? json::value(*l.decided_ms) : json::value(nullptr)},
                        {"reason", l.reason}};
  };
  auto balance_json = [](const app::LeaveBalance& b) {
    return json::object{{"agent", b.agent},     {"year", b.year},       {"allowance", b.allowance},
                        {"taken", b.taken},     {"pending", b.pending}, {"left", b.left()}};
  };
  auto agent_of = [cat](const json::object& body) -> Result<std::optional<core::AgentId>> {
    auto a = opt_string(body, "agent");
    if (!a) return std::unexpected(a.error());
    if (a->empty()) return std::optional<core::AgentId>{};
    auto id = resolve(*cat->names(), app::Kind::kAgent, *a, "agent");
    if (!id) return std::unexpected(id.error());
    return std::optional<core::AgentId>(*id);
  };
  r.add("POST", "/api/v1/wfm/leave", Permission::kReadSchedules,
        [w, agent_of, leave_json](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto body = small_body(req.body, {"agent", "first", "last", "kind", "note"});
          if (!body) return respond(error_response(body.error()));
          app::LeaveInput in;
          auto agent = agent_of(*body);
          if (!agent) return respond(error_response(agent.error()));
          in.agent = *agent;
          for (auto [key, out] : {std::pair{"first", &in.first}, std::pair{"last", &in.last}}) {
            auto v = need_string(*body, key);
            if (!v) return respond(error_response(v.error()));
            *out = *v;
          }
          auto kind = opt_string(*body, "kind");
          if (!kind) return respond(error_response(kind.error()));
          if (!kind->empty()) in.kind = *kind;
          auto note = opt_string(*body, "note");
          if (!note) return respond(error_response(note.error()));
          in.note = *note;
          w->request_leave(c, std::move(in), answer<wfm::LeaveRequest>(respond, [leave_json](const wfm::LeaveRequest& l) {
            return json_response(201, leave_json(l));
          }));
        });
  r.add("GET", "/api/v1/wfm/leave", Permission::kReadSchedules,
        [w, leave_json](const app::Caller& c, http::Request&& req, http::Respond respond) {
          const std::string* from = req.query_param("from");
          const std::string* to = req.query_param("to");
          if (!from) return respond(error_response(Error{ErrorCode::kInvalidArgument, "required", "from"}));
          w->leave_list(c, *from, to ? *to : *from,
                        answer<std::vector<wfm::LeaveRequest>>(respond, [leave_json](const std::vector<wfm::LeaveRequest>& v) {
                          json::array a;
                          for (const wfm::LeaveRequest& l : v) a.push_back(leave_json(l));
                          return json_response(200, a);
                        }));
        });
  r.add("POST", "/api/v1/wfm/leave/{id}/decision", Permission::kReadSchedules,
        [w, leave_json](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req, "id");
          if (!id) return respond(error_response(id.error()));
          auto body = small_body(req.body, {"decision", "reason"});
          if (!body) return respond(error_response(body.error()));
          auto decision = need_string(*body, "decision");
          if (!decision) return respond(error_response(decision.error()));
          auto reason = opt_string(*body, "reason");
          if (!reason) return respond(error_response(reason.error()));
          w->decide_leave(c, *id, *decision, *reason, answer<wfm::LeaveRequest>(respond, [leave_json](const wfm::LeaveRequest& l) {
            return json_response(200, leave_json(l));
          }));
        });
  r.add("GET", "/api/v1/wfm/leave/{id}/impact", Permission::kReadSchedules,
        [w](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = row_id(req, "id");
          if (!id) return respond(error_response(id.error()));
          w->leave_impact(c, *id, answer<app::LeaveImpact>(respond, [](const app::LeaveImpact& im) {
            json::array days;
            for (const app::LeaveImpact::Day& d : im.days)
              days.push_back(json::object{{"date", d.date},
                                          {"shift_min", d.shift_min},
                                          {"under_before", d.under_before},
                                          {"under_after", d.under_after}});
            return json_response(200, json::object{{"schedule", im.schedule ? json::value(im.schedule) : json::value(nullptr)},
                                                   {"days", std::move(days)}});
          }));
        });
  r.add("GET", "/api/v1/wfm/leave/balance", Permission::kReadSchedules,
        [w, cat, balance_json](const app::Caller& c, http::Request&& req, http::Respond respond) {
          core::AgentId agent = c.agent;
          if (const std::string* a = req.query_param("agent")) {
            auto id = resolve(*cat->names(), app::Kind::kAgent, *a, "agent");
            if (!id) return respond(error_response(id.error()));
            agent = *id;
          }
          auto year = query_int(req, "year", 0, 2000, 2100);
          if (!year) return respond(error_response(year.error()));
          if (*year == 0) return respond(error_response(Error{ErrorCode::kInvalidArgument, "required", "year"}));
          w->leave_balance(c, agent, static_cast<int>(*year), answer<app::LeaveBalance>(respond, [balance_json](const app::LeaveBalance& b) {
            return json_response(200, balance_json(b));
          }));
        });
  r.add("PUT", "/api/v1/wfm/leave/balance", Permission::kPlanWorkforce,
        [w, agent_of, balance_json](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto body = small_body(req.body, {"agent", "year", "days"});
          if (!body) return respond(error_response(body.error()));
          auto agent = agent_of(*body);
          if (!agent) return respond(error_response(agent.error()));
          if (!*agent) return respond(error_response(Error{ErrorCode::kInvalidArgument, "required", "agent"}));
          auto year = opt_int(*body, "year", 0, 2000, 2100);
          if (!year) return respond(error_response(year.error()));
          auto days = opt_int(*body, "days", -1, 0, 366);
          if (!days) return respond(error_response(days.error()));
          if (*year == 0) return respond(error_response(Error{ErrorCode::kInvalidArgument, "required", "year"}));
          if (*days < 0) return respond(error_response(Error{ErrorCode::kInvalidArgument, "required", "days"}));
          w->set_allowance(c, **agent, static_cast<int>(*year), static_cast<int>(*days),
                           answer<app::LeaveBalance>(respond, [balance_json](const app::LeaveBalance& b) {
                             return json_response(200, balance_json(b));
                           }));
        });
  r.add("GET", "/api/v1/wfm/my/schedule", Permission::kReadSchedules,
        [w, calp, cat](const app::Caller& c, http::Request&&, http::Respond respond) {
          w->my_schedule(c, answer<app::ScheduleView>(respond, [name = c.name](app::ScheduleView v) {
            json::object full = schedule_json(v);
            return json_response(200, json::object{{"agent", name},
                                                   {"schedule", v.meta.id},
                                                   {"version", v.meta.version},
                                                   {"start", v.meta.start},
                                                   {"days", v.meta.days},
                                                   {"interval_min", v.plan.problem.interval_min},
                                                   {"shifts", full["shifts"]}});
          }));
        });
  r.add("GET", "/api/v1/wfm/adherence", Permission::kReadSchedules,
        [w, calp, cat](const app::Caller& c, http::Request&&, http::Respond respond) {
          w->adherence(c, answer<std::vector<app::AdherenceRow>>(respond, [w, cat](std::vector<app::AdherenceRow> rows) {
            auto names = cat->names();
            json::array a;
            for (const app::AdherenceRow& x : rows)
              a.push_back(json::object{{"agent", name_or_null(*names, app::Kind::kAgent, x.agent)},
                                       {"team", name_or_null(*names, app::Kind::kTeam, x.team)},
                                       {"state", core::to_string(x.state)},
                                       {"scheduled", activity_name(x.scheduled)},
                                       {"in_adherence", x.in_adherence},
                                       {"out_since_ms", x.out_since_ms ? json::value(*x.out_since_ms) : nullptr}});
            return json_response(200, json::object{{"tolerance_s", w->options().adherence_tolerance_s},
                                                   {"agents", std::move(a)}});
          }));
        });
}

}  // namespace switchyard::api
