// Quality management figures: the sampling plan, work lists and coverage, an
// agent's performance page, quality reports and leaderboards (docs/api.md, "Quality").
#include <boost/json.hpp>

#include <charconv>
#include <cstdint>
#include <fmt/format.h>

#include "api/api.h"
#include "app/quality_insights.h"
#include "api/errors.h"
#include "api/parse.h"
#include "api/quality_render.h"
#include "api/render.h"
#include "quality/quality_json.h"
#include "reports/daily_report.h"

namespace switchyard::api {

namespace json = boost::json;
using auth::Permission;

namespace {

constexpr int64_t kDayMs = 86'400'000;

struct Range {
  int64_t from_ms = 0, to_ms = 0;
};

// ?from=&to= as the center's calendar reads them ("2026-11-30" is its local midnight; `to` is
// exclusive); by default the `default_days` days up to the end of today.
Result<Range> read_range(const http::Request& req, const metrics::Calendar& cal, int64_t now_ms, int default_days) {
  const int64_t end_of_today = cal.next(metrics::Grain::kDay, cal.floor(metrics::Grain::kDay, now_ms));
  auto from = query_time(req, "from", cal, end_of_today - default_days * kDayMs);
  if (!from) return std::unexpected(from.error());
  auto to = query_time(req, "to", cal, end_of_today);
  if (!to) return std::unexpected(to.error());
  Range r{*from, *to};
  if (r.to_ms <= r.from_ms) return make_error(ErrorCode::kInvalidArgument, "after from", "to");
  return r;
}

bool wants_csv(const http::Request& req) {
  const std::string* f = req.query_param("format");
  return f && *f == "csv";
}

json::object report_row_json(const app::QualityReportRow& r) {
  return json::object{{"key", r.key},
                      {"evaluations", r.evaluations},
                      {"mean_score", opt_score(r.mean_score)},
                      {"failed", r.failed},
                      {"disputed", r.disputed},
                      {"dispute_rate", opt_score(r.dispute_rate)},
                      {"acknowledged", r.acknowledged}};
}

std::string report_csv(const std::string& by, const std::vector<app::QualityReportRow>& rows) {
  std::string out = by + ",evaluations,mean_score,failed,disputed,dispute_rate,acknowledged\r\n";
  auto num = [](const std::optional<double>& v) { return v ? fmt::format("{:.3f}", *v) : std::string(); };
  for (const auto& r : rows) {
    reports::append_csv_field(out, r.key);
    out += fmt::format(",{},{},{},{},{},{}\r\n", r.evaluations, num(r.mean_score), r.failed, r.disputed,
                       num(r.dispute_rate), r.acknowledged);
  }
  return out;
}

// The contacts list's cursor: "<ended_ms>.<contact id>" (opaque to clients).
std::string cursor_text(const std::pair<int64_t, core::ContactId>& c) { return fmt::format("{}.{}", c.first, c.second); }
Result<std::pair<int64_t, core::ContactId>> parse_cursor(std::string_view s) {
  const size_t dot = s.find('.');
  int64_t end = 0;
  uint64_t id = 0;
  const auto number = [](std::string_view t, auto& out) {
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
    return !t.empty() && ec == std::errc() && p == t.data() + t.size();
  };
  if (dot == std::string_view::npos || !number(s.substr(0, dot), end) || !number(s.substr(dot + 1), id) || end <= 0)
    return make_error(ErrorCode::kInvalidArgument, "the `next` of the previous page", "cursor");
  return std::pair{end, static_cast<core::ContactId>(id)};
}

Result<app::ContactListQuery> contact_list_query(const http::Request& req, const metrics::Calendar& cal, int64_t now_ms) {
  app::ContactListQuery q;
  auto range = read_range(req, cal, now_ms, 7);
  if (!range) return std::unexpected(range.error());
  if (range->to_ms - range->from_ms > 92 * kDayMs) return make_error(ErrorCode::kInvalidArgument, "at most 92 days before to", "from");
  q.from_ms = range->from_ms;
  q.to_ms = range->to_ms;
  for (auto [name, out] : {std::pair{"agent", &q.agent}, std::pair{"team", &q.team}, std::pair{"queue", &q.queue}}) {
    const std::string* v = req.query_param(name);
    if (!v) continue;
    auto t = clean_text(*v, name);
    if (!t) return std::unexpected(t.error());
    *out = std::move(*t);
  }
  if (const std::string* v = req.query_param("channel")) {
    q.channel = core::channel_from_string(*v);
    if (!q.channel) return make_error(ErrorCode::kInvalidArgument, "voice, chat, email or sms", "channel");
  }
  if (const std::string* v = req.query_param("evaluated")) {
    if (*v != "yes" && *v != "no") return make_error(ErrorCode::kInvalidArgument, "yes or no", "evaluated");
    q.evaluated = *v == "yes";
  }
  if (const std::string* v = req.query_param("scope")) {
    if (*v != "mine" && *v != "team") return make_error(ErrorCode::kInvalidArgument, "mine or team", "scope");
    q.teammates = *v == "team";
  }
  auto limit = query_int(req, "limit", 50, 1, 200);
  if (!limit) return std::unexpected(limit.error());
  q.limit = static_cast<size_t>(*limit);
  if (const std::string* v = req.query_param("cursor")) {
    auto c = parse_cursor(*v);
    if (!c) return std::unexpected(c.error());
    q.cursor = *c;
  }
  return q;
}

json::object contact_row_json(const app::ContactListRow& r) {
  const history::ContactRecord& c = r.contact;
  auto seconds = [](int64_t ms) { return static_cast<double>(ms) / 1000.0; };
  return json::object{{"contact", c.id},
                      {"channel", core::to_string(c.channel)},
                      {"queue", r.queue},
                      {"agent", r.agent},
                      {"team", r.team},
                      {"created_ms", c.created_ms},
                      {"answered_ms", c.answered_ms ? json::value(*c.answered_ms) : json::value(nullptr)},
                      {"ended_ms", c.ended_ms ? json::value(*c.ended_ms) : json::value(nullptr)},
                      {"talk_s", seconds(c.talk_ms)},
                      {"hold_s", seconds(c.hold_ms)},
                      {"acw_s", seconds(c.acw_ms)},
                      {"transfers", c.transfers},
                      {"disposition", c.disposition},
                      {"keyword_hits", r.keyword_hits},
                      {"evaluated", r.evaluated},
                      {"score", opt_score(r.score)},
                      {"failed", r.failed ? json::value(*r.failed) : json::value(nullptr)},
                      {"self", r.self},
                      {"peer", r.peer}};
}

}  // namespace

void add_quality_insight_routes(Routes& r, app::QualityInsights& insights) {
  app::QualityInsights* q = &insights;
  auto plan_reply = [](http::Respond respond) {
    return answer<quality::SamplingPlan>(std::move(respond), [](const quality::SamplingPlan& p) {
      return json_response(200, quality::to_json(p).as_object());
    });
  };
  r.add("GET", "/api/v1/quality/sampling", Permission::kEvaluate,
        [q, plan_reply](const app::Caller& c, http::Request&&, http::Respond respond) { q->plan(c, plan_reply(respond)); });
  r.add("PUT", "/api/v1/quality/sampling", Permission::kManageQuality,
        [q, plan_reply](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto v = parse_body(req.body);
          if (!v) return respond(error_response(v.error()));
          auto plan = quality::sampling_plan_from_json(*v);
          if (!plan) return respond(error_response(plan.error()));
          q->put_plan(c, std::move(*plan), plan_reply(respond));
        });
  r.add("GET", "/api/v1/quality/worklist", Permission::kEvaluate,
        [q](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto at = query_time(req, "week", q->calendar(), q->now_ms());
          if (!at) return respond(error_response(at.error()));
          const std::string* evaluator = req.query_param("evaluator");
          q->worklist(c, *at, evaluator ? *evaluator : "", answer<app::Worklist>(respond, [](const app::Worklist& w) {
                        json::array items;
                        for (const auto& s : w.items) {
                          json::array reasons;
                          for (const auto& x : s.reasons) reasons.push_back(json::value(x));
                          items.push_back(json::object{{"contact", s.contact},
                                                       {"agent", s.agent},
                                                       {"team", s.team},
                                                       {"queue", s.queue},
                                                       {"channel", s.channel},
                                                       {"started_ms", s.started_ms},
                                                       {"weight", s.weight},
                                                       {"reasons", std::move(reasons)},
                                                       {"assigned_to", s.assigned_to},
                                                       {"evaluated", s.evaluated}});
                        }
                        return json_response(200, json::object{{"week_start_ms", w.week_start_ms}, {"items", std::move(items)}});
                      }));
        });
  r.add("GET", "/api/v1/quality/coverage", Permission::kEvaluate,
        [q](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto range = read_range(req, q->calendar(), q->now_ms(), 28);
          if (!range) return respond(error_response(range.error()));
          q->coverage(c, range->from_ms, range->to_ms, answer<app::QualityCoverage>(respond, [](const app::QualityCoverage& v) {
                        auto row = [](const app::CoverageRow& r) {
                          return json::object{{"agent", r.agent}, {"team", r.team}, {"due", r.due},
                                              {"evaluated", r.evaluated}, {"percent", opt_score(r.percent)}};
                        };
                        json::array agents;
                        for (const auto& a : v.agents) agents.push_back(row(a));
                        json::object total = row(v.total);
                        total.erase("agent");
                        total.erase("team");
                        return json_response(200, json::object{{"agents", std::move(agents)}, {"total", std::move(total)}});
                      }));
        });
  r.add("GET", "/api/v1/quality/contacts", Permission::kReadEvaluations,
        [q](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto query = contact_list_query(req, q->calendar(), q->now_ms());
          if (!query) return respond(error_response(query.error()));
          q->contacts(c, std::move(*query), answer<app::ContactList>(respond, [](const app::ContactList& l) {
                        json::array items;
                        for (const auto& row : l.items) items.push_back(contact_row_json(row));
                        return json_response(200, json::object{{"items", std::move(items)},
                                                               {"next", l.next ? json::value(cursor_text(*l.next)) : json::value(nullptr)}});
                      }));
        });
  r.add("GET", "/api/v1/quality/contacts/{id}", Permission::kReadEvaluations,
        [q](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = contact_id(req);
          if (!id) return respond(error_response(id.error()));
          q->contact(c, *id, answer<app::ContactListRow>(respond, [](const app::ContactListRow& row) {
                       return json_response(200, contact_row_json(row));
                     }));
        });
  r.add("GET", "/api/v1/quality/agents/{agent}/performance", Permission::kReadEvaluations,
        [q](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto agent = path_text(req, "agent");
          if (!agent) return respond(error_response(agent.error()));
          auto range = read_range(req, q->calendar(), q->now_ms(), 90);
          if (!range) return respond(error_response(range.error()));
          q->performance(c, *agent, range->from_ms, range->to_ms, answer<app::AgentPerformance>(respond, [](const app::AgentPerformance& p) {
                           json::array trend, kpis;
                           for (const auto& t : p.trend)
                             trend.push_back(json::object{{"week_start_ms", t.week_start_ms},
                                                          {"mean_score", opt_score(t.mean_score)},
                                                          {"evaluations", t.evaluations}});
                           for (const auto& k : p.kpis)
                             kpis.push_back(json::object{{"key", k.key}, {"value", opt_score(k.value)}, {"unit", k.unit}, {"formula", k.formula}});
                           return json_response(200, json::object{{"agent", p.agent},
                                                                  {"team", p.team},
                                                                  {"quality", json::object{{"mean_score", opt_score(p.mean_score)},
                                                                                           {"evaluations", p.evaluations},
                                                                                           {"failed", p.failed},
                                                                                           {"trend", std::move(trend)}}},
                                                                  {"self_gap_pp", opt_score(p.self_gap_pp)},
                                                                  {"coaching_open", p.coaching_open},
                                                                  {"kpis", std::move(kpis)}});
                         }));
        });
  r.add("GET", "/api/v1/quality/reports", Permission::kEvaluate,
        [q](const app::Caller& c, http::Request&& req, http::Respond respond) {
          const std::string* by = req.query_param("by");
          const std::string key = by ? *by : "agent";
          if (const std::string* f = req.query_param("format"); f && *f != "csv" && *f != "json")
            return respond(error_response(Error{ErrorCode::kInvalidArgument, "json or csv", "format"}));
          auto range = read_range(req, q->calendar(), q->now_ms(), 28);
          if (!range) return respond(error_response(range.error()));
          const bool csv = wants_csv(req);
          const std::string from = q->calendar().format_date(range->from_ms);
          q->report(c, key, range->from_ms, range->to_ms,
                    answer<std::vector<app::QualityReportRow>>(respond, [key, csv, from](const std::vector<app::QualityReportRow>& rows) {
                      if (csv) {
                        http::Response resp;
                        resp.body = report_csv(key, rows);
                        resp.content_type = "text/csv; charset=utf-8";
                        resp.headers.emplace_back("Content-Disposition",
                                                  "attachment; filename=\"quality-" + key + "-" + from + ".csv\"");
                        return resp;
                      }
                      json::array a;
                      for (const auto& r : rows) a.push_back(report_row_json(r));
                      return json_response(200, json::object{{"by", key}, {"rows", std::move(a)}});
                    }));
        });
  r.add("GET", "/api/v1/quality/leaderboard", Permission::kReadEvaluations,
        [q](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto range = read_range(req, q->calendar(), q->now_ms(), 28);
          if (!range) return respond(error_response(range.error()));
          const std::string* team = req.query_param("team");
          q->leaderboard(c, team ? *team : "", range->from_ms, range->to_ms, answer<app::Leaderboard>(respond, [](const app::Leaderboard& b) {
                           json::array rows;
                           for (const auto& r : b.rows)
                             rows.push_back(json::object{{"rank", r.rank},
                                                         {"agent", r.agent},
                                                         {"team", r.team},
                                                         {"points", opt_score(r.points)},
                                                         {"quality", opt_score(r.quality)},
                                                         {"fcr", opt_score(r.fcr)},
                                                         {"csat", opt_score(r.csat)},
                                                         {"aht_s", opt_score(r.aht_s)}});
                           return json_response(200, json::object{{"formula", b.formula}, {"rows", std::move(rows)}});
                         }));
        });
}

}  // namespace switchyard::api
