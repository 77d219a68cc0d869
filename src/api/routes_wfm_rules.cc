// Planner-defined rules (docs/api.md, "Workforce management": shift rules,
// agents' own rules, special days). Bodies are read strictly: an unknown
// member, a wrong type or an out-of-range number is a 400 naming its path
// ("templates[0].breaks[1].paid").
#include <boost/json.hpp>

#include <cmath>

#include "api/api.h"
#include "app/wfm_service.h"
#include "api/errors.h"
#include "api/parse.h"
#include "api/render.h"

namespace switchyard::api {

namespace json = boost::json;
using auth::Permission;

namespace {

// One JSON object read member by member; `at` prefixes every field named.
class Reader {
 public:
  Reader(const json::object& o, std::string at) : o_(o), at_(std::move(at)) {}
  std::string field(std::string_view key) const { return at_ + std::string(key); }
  Result<void> only(std::initializer_list<std::string_view> keys) const {
    for (const auto& m : o_)
      if (std::find(keys.begin(), keys.end(), std::string_view(m.key())) == keys.end())
        return make_error(ErrorCode::kInvalidArgument, "unknown member", field(m.key()));
    return {};
  }
  const json::value* get(std::string_view key) const { return o_.if_contains(key); }
  Result<int> integer(std::string_view key, int min, int max) const {
    const json::value* v = get(key);
    if (!v || !v->is_int64() || v->get_int64() < min || v->get_int64() > max)
      return make_error(ErrorCode::kInvalidArgument,
                        "expected an integer " + std::to_string(min) + ".." + std::to_string(max), field(key));
    return static_cast<int>(v->get_int64());
  }
  Result<bool> boolean(std::string_view key) const {
    const json::value* v = get(key);
    if (!v || !v->is_bool()) return make_error(ErrorCode::kInvalidArgument, "expected true or false", field(key));
    return v->get_bool();
  }
  Result<std::string> text(std::string_view key, bool required) const {
    const json::value* v = get(key);
    if (!v || v->is_null()) {
      if (required) return make_error(ErrorCode::kInvalidArgument, "required", field(key));
      return std::string();
    }
    if (!v->is_string()) return make_error(ErrorCode::kInvalidArgument, "expected a string", field(key));
    return std::string(v->get_string());
  }
  // nullptr when absent or null (if allowed).
  Result<const json::object*> object(std::string_view key, bool nullable) const {
    const json::value* v = get(key);
    if ((!v || v->is_null()) && nullable) return static_cast<const json::object*>(nullptr);
    if (!v || !v->is_object()) return make_error(ErrorCode::kInvalidArgument, "expected an object", field(key));
    return &v->get_object();
  }
  Result<const json::array*> array(std::string_view key, bool nullable) const {
    const json::value* v = get(key);
    if ((!v || v->is_null()) && nullable) return static_cast<const json::array*>(nullptr);
    if (!v || !v->is_array()) return make_error(ErrorCode::kInvalidArgument, "expected an array", field(key));
    return &v->get_array();
  }

 private:
  const json::object& o_;
  std::string at_;
};

#define SY_TRY(var, expr)                                 \
  auto var##_r = (expr);                                  \
  if (!var##_r) return std::unexpected(var##_r.error()); \
  auto var = std::move(*var##_r)

// Weekdays as a list of 0..6 (0 = Monday) <-> a bit mask.
Result<uint8_t> weekday_mask(const json::array& a, const std::string& at) {
  uint8_t mask = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!a[i].is_int64() || a[i].get_int64() < 0 || a[i].get_int64() > 6)
      return make_error(ErrorCode::kInvalidArgument, "a weekday 0..6 (0 = Monday)", at + "[" + std::to_string(i) + "]");
    mask = static_cast<uint8_t>(mask | (1u << a[i].get_int64()));
  }
  return mask;
}
json::array weekdays_json(uint8_t mask) {
  json::array a;
  for (int d = 0; d < 7; ++d)
    if (mask & (1u << d)) a.emplace_back(d);
  return a;
}

Result<wfm::Contract> read_contract(const json::object& o, const std::string& at) {
  Reader r(o, at);
  if (auto ok = r.only({"min_weekly_min", "max_weekly_min", "leave_credit_min"}); !ok) return std::unexpected(ok.error());
  SY_TRY(mn, r.integer("min_weekly_min", 0, 10080));
  SY_TRY(mx, r.integer("max_weekly_min", 0, 10080));
  SY_TRY(credit, r.integer("leave_credit_min", 0, 1440));
  return wfm::Contract{mn, mx, credit};
}
json::object contract_json(const wfm::Contract& c) {
  return json::object{{"min_weekly_min", c.min_weekly_min}, {"max_weekly_min", c.max_weekly_min},
                      {"leave_credit_min", c.leave_credit_min}};
}

Result<wfm::ShiftTemplate> read_template(const json::object& o, const std::string& at) {
  Reader r(o, at);
  if (auto ok = r.only({"id", "earliest_start_min", "latest_start_min", "start_step_min", "lengths_min", "weekdays", "breaks"}); !ok)
    return std::unexpected(ok.error());
  wfm::ShiftTemplate t;
  SY_TRY(id, r.text("id", true));
  t.id = id;
  SY_TRY(e, r.integer("earliest_start_min", 0, 1439));
  SY_TRY(l, r.integer("latest_start_min", 0, 1439));
  SY_TRY(step, r.integer("start_step_min", 1, 1440));
  t.earliest_start_min = e, t.latest_start_min = l, t.start_step_min = step;
  SY_TRY(lengths, r.array("lengths_min", false));
  for (size_t i = 0; i < lengths->size(); ++i) {
    const json::value& x = (*lengths)[i];
    if (!x.is_int64() || x.get_int64() < 1 || x.get_int64() > 1440)
      return make_error(ErrorCode::kInvalidArgument, "minutes 1..1440", at + "lengths_min[" + std::to_string(i) + "]");
    t.lengths_min.push_back(static_cast<int>(x.get_int64()));
  }
  SY_TRY(days, r.array("weekdays", true));
  if (days) {
    SY_TRY(mask, weekday_mask(*days, at + "weekdays"));
    t.weekdays_mask = mask;
  }
  SY_TRY(breaks, r.array("breaks", true));
  if (breaks)
    for (size_t i = 0; i < breaks->size(); ++i) {
      const std::string bt = at + "breaks[" + std::to_string(i) + "].";
      if (!(*breaks)[i].is_object()) return make_error(ErrorCode::kInvalidArgument, "expected an object", bt.substr(0, bt.size() - 1));
      Reader b((*breaks)[i].get_object(), bt);
      if (auto ok = b.only({"name", "min_shift_length_min", "earliest_offset_min", "latest_offset_min", "min_length_min",
                            "max_length_min", "paid"});
          !ok)
        return std::unexpected(ok.error());
      wfm::BreakRule br;
      SY_TRY(name, b.text("name", false));
      br.name = name.empty() ? "break" : name;
      SY_TRY(minshift, b.integer("min_shift_length_min", 0, 1440));
      SY_TRY(eo, b.integer("earliest_offset_min", 0, 1440));
      SY_TRY(lo, b.integer("latest_offset_min", 0, 1440));
      SY_TRY(mnl, b.integer("min_length_min", 1, 480));
      SY_TRY(mxl, b.integer("max_length_min", 1, 480));
      SY_TRY(paid, b.boolean("paid"));
      br.min_shift_length_min = minshift, br.earliest_offset_min = eo, br.latest_offset_min = lo;
      br.min_length_min = mnl, br.max_length_min = mxl, br.paid = paid;
      t.breaks.push_back(std::move(br));
    }
  return t;
}

json::object template_json(const wfm::ShiftTemplate& t) {
  json::array breaks;
  for (const wfm::BreakRule& b : t.breaks)
    breaks.push_back(json::object{{"name", b.name},
                                  {"min_shift_length_min", b.min_shift_length_min},
                                  {"earliest_offset_min", b.earliest_offset_min},
                                  {"latest_offset_min", b.latest_offset_min},
                                  {"min_length_min", b.min_length_min},
                                  {"max_length_min", b.max_length_min},
                                  {"paid", b.paid}});
  return json::object{{"id", t.id},
                      {"earliest_start_min", t.earliest_start_min},
                      {"latest_start_min", t.latest_start_min},
                      {"start_step_min", t.start_step_min},
                      {"lengths_min", json::array(t.lengths_min.begin(), t.lengths_min.end())},
                      {"weekdays", weekdays_json(t.weekdays_mask)},
                      {"breaks", std::move(breaks)}};
}

Result<wfm::ShiftRules> read_rules(const json::object& o) {
  Reader r(o, "");
  if (auto ok = r.only({"templates", "work", "contract", "defaults"}); !ok) return std::unexpected(ok.error());
  wfm::ShiftRules out;
  SY_TRY(templates, r.array("templates", false));
  for (size_t i = 0; i < templates->size(); ++i) {
    const std::string at = "templates[" + std::to_string(i) + "]";
    if (!(*templates)[i].is_object()) return make_error(ErrorCode::kInvalidArgument, "expected an object", at);
    SY_TRY(t, read_template((*templates)[i].get_object(), at + "."));
    out.templates.push_back(std::move(t));
  }
  SY_TRY(work, r.object("work", false));
  Reader w(*work, "work.");
  if (auto ok = w.only({"min_rest_min", "min_days_off_per_week", "max_consecutive_days"}); !ok) return std::unexpected(ok.error());
  SY_TRY(rest, w.integer("min_rest_min", 0, 2880));
  SY_TRY(off, w.integer("min_days_off_per_week", 0, 7));
  SY_TRY(row, w.integer("max_consecutive_days", 1, 364));
  out.work = wfm::WorkRules{rest, off, row};
  SY_TRY(contract, r.object("contract", false));
  SY_TRY(c, read_contract(*contract, "contract."));
  out.contract = c;
  return out;
}

json::object rules_json(const app::RulesView& v) {
  json::array templates;
  for (const wfm::ShiftTemplate& t : v.rules.templates) templates.push_back(template_json(t));
  return json::object{{"templates", std::move(templates)},
                      {"work", json::object{{"min_rest_min", v.rules.work.min_rest_min},
                                            {"min_days_off_per_week", v.rules.work.min_days_off_per_week},
                                            {"max_consecutive_days", v.rules.work.max_consecutive_days}}},
                      {"contract", contract_json(v.rules.contract)},
                      {"defaults", v.defaults}};
}

Result<wfm::AgentRules> read_agent_rules(const json::object& o, std::string agent) {
  Reader r(o, "");
  if (auto ok = r.only({"agent", "contract", "availability", "preferences", "templates"}); !ok) return std::unexpected(ok.error());
  wfm::AgentRules out;
  out.agent = std::move(agent);
  SY_TRY(contract, r.object("contract", true));
  if (contract) {
    SY_TRY(c, read_contract(*contract, "contract."));
    out.contract = c;
  }
  SY_TRY(avail, r.array("availability", true));
  if (avail) {
    if (avail->size() != 7) return make_error(ErrorCode::kInvalidArgument, "seven days, Monday first", "availability");
    std::array<wfm::DayAvailability, 7> week{};
    for (size_t d = 0; d < 7; ++d) {
      const std::string at = "availability[" + std::to_string(d) + "]";
      const json::value& x = (*avail)[d];
      if (x.is_null()) {
        week[d].available = false;
        continue;
      }
      if (!x.is_object()) return make_error(ErrorCode::kInvalidArgument, "{from_min, to_min} or null", at);
      Reader day(x.get_object(), at + ".");
      if (auto ok = day.only({"from_min", "to_min"}); !ok) return std::unexpected(ok.error());
      SY_TRY(from, day.integer("from_min", 0, 1439));
      SY_TRY(to, day.integer("to_min", 1, 2880));
      week[d] = wfm::DayAvailability{true, from, to};
    }
    out.availability = week;
  }
  SY_TRY(prefs, r.object("preferences", true));
  if (prefs) {
    Reader p(*prefs, "preferences.");
    if (auto ok = p.only({"start_from_min", "start_to_min", "days_off"}); !ok) return std::unexpected(ok.error());
    SY_TRY(from, p.integer("start_from_min", 0, 1440));
    SY_TRY(to, p.integer("start_to_min", 0, 1440));
    uint8_t mask = 0;
    SY_TRY(off, p.array("days_off", true));
    if (off) {
      SY_TRY(m, weekday_mask(*off, "preferences.days_off"));
      mask = m;
    }
    out.preferences = wfm::Preferences{from, to, mask};
  }
  SY_TRY(templates, r.array("templates", true));
  if (templates)
    for (size_t i = 0; i < templates->size(); ++i) {
      if (!(*templates)[i].is_string() || (*templates)[i].get_string().empty())
        return make_error(ErrorCode::kInvalidArgument, "a template id", "templates[" + std::to_string(i) + "]");
      out.templates.emplace_back((*templates)[i].get_string());
    }
  return out;
}

json::object agent_rules_json(const wfm::AgentRules& a) {
  json::object o;
  o["agent"] = a.agent;
  o["contract"] = a.contract ? json::value(contract_json(*a.contract)) : json::value(nullptr);
  if (a.availability) {
    json::array week;
    for (const wfm::DayAvailability& d : *a.availability)
      week.push_back(d.available ? json::value(json::object{{"from_min", d.from_min}, {"to_min", d.to_min}}) : json::value(nullptr));
    o["availability"] = std::move(week);
  } else {
    o["availability"] = nullptr;
  }
  o["preferences"] = a.preferences ? json::value(json::object{{"start_from_min", a.preferences->preferred_start_from_min},
                                                             {"start_to_min", a.preferences->preferred_start_to_min},
                                                             {"days_off", weekdays_json(a.preferences->preferred_days_off_mask)}})
                                   : json::value(nullptr);
  json::array t;
  for (const std::string& id : a.templates) t.emplace_back(id);
  o["templates"] = std::move(t);
  return o;
}

Result<std::vector<wfm::StoredSpecialDay>> read_special_days(const json::object& o) {
  Reader r(o, "");
  if (auto ok = r.only({"days"}); !ok) return std::unexpected(ok.error());
  SY_TRY(days, r.array("days", false));
  std::vector<wfm::StoredSpecialDay> out;
  for (size_t i = 0; i < days->size(); ++i) {
    const std::string at = "days[" + std::to_string(i) + "]";
    if (!(*days)[i].is_object()) return make_error(ErrorCode::kInvalidArgument, "expected an object", at);
    Reader d((*days)[i].get_object(), at + ".");
    if (auto ok = d.only({"date", "factor", "reference", "name", "queue"}); !ok) return std::unexpected(ok.error());
    wfm::StoredSpecialDay x;
    SY_TRY(date, d.text("date", true));
    x.date = date;
    const json::value* f = d.get("factor");
    if (f && !f->is_number()) return make_error(ErrorCode::kInvalidArgument, "a number", d.field("factor"));
    x.factor = f ? f->to_number<double>() : 1.0;
    SY_TRY(ref, d.text("reference", false));
    SY_TRY(name, d.text("name", false));
    SY_TRY(queue, d.text("queue", false));
    x.reference = ref, x.name = name, x.queue = queue;
    out.push_back(std::move(x));
  }
  return out;
}

json::object special_days_json(const std::vector<wfm::StoredSpecialDay>& days) {
  json::array a;
  for (const wfm::StoredSpecialDay& d : days) a.push_back(special_day_json(d));
  return json::object{{"days", std::move(a)}};
}

#undef SY_TRY

// The body as an object (parse_body checks it is one and clean text).
Result<json::object> body_object(const http::Request& req) {
  auto v = parse_body(req.body);
  if (!v) return std::unexpected(v.error());
  return std::move(v->as_object());
}

}  // namespace

json::object special_day_json(const wfm::StoredSpecialDay& d) {
  return json::object{{"date", d.date},
                      {"factor", d.factor},
                      {"reference", d.reference.empty() ? json::value(nullptr) : json::value(d.reference)},
                      {"name", d.name},
                      {"queue", d.queue.empty() ? json::value(nullptr) : json::value(d.queue)}};
}

void add_wfm_rule_routes(Routes& r, app::WfmService& wfm) {
  app::WfmService* w = &wfm;
  r.add("GET", "/api/v1/wfm/rules", Permission::kPlanWorkforce, [w](const app::Caller& c, http::Request&&, http::Respond respond) {
    w->rules(c, answer<app::RulesView>(respond, [](const app::RulesView& v) { return json_response(200, rules_json(v)); }));
  });
  r.add("PUT", "/api/v1/wfm/rules", Permission::kPlanWorkforce, [w](const app::Caller& c, http::Request&& req, http::Respond respond) {
    auto body = body_object(req);
    if (!body) return respond(error_response(body.error()));
    auto rules = read_rules(*body);
    if (!rules) return respond(error_response(rules.error()));
    w->put_rules(c, std::move(*rules),
                 answer<app::RulesView>(respond, [](const app::RulesView& v) { return json_response(200, rules_json(v)); }));
  });
  r.add("GET", "/api/v1/wfm/agent-rules", Permission::kPlanWorkforce,
        [w](const app::Caller& c, http::Request&&, http::Respond respond) {
          w->agent_rules(c, answer<std::vector<wfm::AgentRules>>(respond, [](const std::vector<wfm::AgentRules>& v) {
            json::array a;
            for (const wfm::AgentRules& x : v) a.push_back(agent_rules_json(x));
            return json_response(200, json::object{{"agents", std::move(a)}});
          }));
        });
  r.add("PUT", "/api/v1/wfm/agent-rules/{agent}", Permission::kPlanWorkforce,
        [w](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto agent = path_text(req, "agent");
          if (!agent) return respond(error_response(agent.error()));
          auto body = body_object(req);
          if (!body) return respond(error_response(body.error()));
          auto rules = read_agent_rules(*body, *agent);
          if (!rules) return respond(error_response(rules.error()));
          w->put_agent_rules(c, std::move(*rules), answer<wfm::AgentRules>(respond, [](const wfm::AgentRules& a) {
                               return json_response(200, agent_rules_json(a));
                             }));
        });
  r.add("DELETE", "/api/v1/wfm/agent-rules/{agent}", Permission::kPlanWorkforce,
        [w](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto agent = path_text(req, "agent");
          if (!agent) return respond(error_response(agent.error()));
          w->delete_agent_rules(c, *agent, [respond](Result<void> r) {
            if (!r) return respond(error_response(r.error()));
            http::Response resp;
            resp.status = 204;
            respond(std::move(resp));
          });
        });
  r.add("GET", "/api/v1/wfm/special-days", Permission::kPlanWorkforce,
        [w](const app::Caller& c, http::Request&&, http::Respond respond) {
          w->special_days(c, answer<std::vector<wfm::StoredSpecialDay>>(respond, [](const std::vector<wfm::StoredSpecialDay>& v) {
            return json_response(200, special_days_json(v));
          }));
        });
  r.add("PUT", "/api/v1/wfm/special-days", Permission::kPlanWorkforce,
        [w](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto body = body_object(req);
          if (!body) return respond(error_response(body.error()));
          auto days = read_special_days(*body);
          if (!days) return respond(error_response(days.error()));
          w->put_special_days(c, std::move(*days),
                              answer<std::vector<wfm::StoredSpecialDay>>(respond, [](const std::vector<wfm::StoredSpecialDay>& v) {
                                return json_response(200, special_days_json(v));
                              }));
        });
}

}  // namespace switchyard::api
