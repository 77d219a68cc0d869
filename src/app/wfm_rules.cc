// WfmService's planner-defined rules (docs/wfm.md, "Shift rules", "Special
// days"): shift templates, work rules, the default contract, agents' own
// contracts, availability and preferences, and the forecast's special days.
// Rules are checked by the schedule model's own validate() on a probe
// problem, so the API accepts exactly what the generator can use.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "app/wfm_detail.h"
#include "app/wfm_service.h"
#include "audit/audit_log.h"

namespace switchyard::app {

using namespace wfm_detail;

namespace {

constexpr size_t kMaxTemplates = 16;
constexpr size_t kMaxSpecialDays = 500;

// The rules as one week's problem with one agent (with `agent`'s own rules
// when given): validate() names the field; the names are mapped to the API's.
Result<void> check_rules(const wfm::ShiftRules& r, const wfm::AgentRules* agent) {
  if (r.templates.empty()) return bad("at least one template", "templates");
  if (r.templates.size() > kMaxTemplates) return bad("at most 16 templates", "templates");
  std::set<std::string> ids;
  for (size_t i = 0; i < r.templates.size(); ++i)
    if (!ids.insert(r.templates[i].id).second) return bad("a second template with this id", "templates[" + std::to_string(i) + "].id");
  wfm::ScheduleProblem p;
  p.days = 7;
  p.interval_min = kIntervalMin;
  p.skill_groups = {"probe"};
  p.required = {std::vector<double>(static_cast<size_t>(7 * kPerDay), 0.0)};
  p.templates = r.templates;
  p.rules = r.work;
  wfm::Agent a;
  a.id = "probe";
  a.skills = {0};
  a.contract = r.contract;
  if (agent) {
    if (agent->contract) a.contract = *agent->contract;
    if (agent->availability) a.availability.assign(agent->availability->begin(), agent->availability->end());
    if (agent->preferences) a.preferences = *agent->preferences;
    for (size_t k = 0; k < agent->templates.size(); ++k) {
      auto it = std::find_if(r.templates.begin(), r.templates.end(),
                             [&](const wfm::ShiftTemplate& t) { return t.id == agent->templates[k]; });
      if (it == r.templates.end()) return bad("no such template", "templates[" + std::to_string(k) + "]");
    }
  }
  p.agents = {a};
  auto ok = wfm::validate(p);
  if (ok) return {};
  std::string field = ok.error().field;
  if (field.starts_with("agents[0].")) field = field.substr(10);
  if (field.starts_with("rules.")) field = "work." + field.substr(6);
  return bad(ok.error().message, field);
}

Result<wfm::ShiftRules> rules_in_force(wfm::WfmRepository& repo) {
  auto r = repo.shift_rules();
  if (!r) return std::unexpected(r.error());
  return r->value_or(wfm::default_shift_rules());
}

}  // namespace

void WfmService::rules(const Caller& c, Reply<RulesView> reply) {
  if (auto ok = require(c, auth::Permission::kPlanWorkforce); !ok) return reply(std::unexpected(ok.error()));
  on_store<RulesView>(
      rt_,
      [](storage::SqlDriver& db) -> Result<RulesView> {
        auto r = wfm::WfmRepository(db).shift_rules();
        if (!r) return std::unexpected(r.error());
        return *r ? RulesView{**r, false} : RulesView{wfm::default_shift_rules(), true};
      },
      std::move(reply));
}

void WfmService::put_rules(const Caller& c, wfm::ShiftRules r, Reply<RulesView> reply) {
  if (auto ok = require(c, auth::Permission::kPlanWorkforce); !ok) return reply(std::unexpected(ok.error()));
  if (auto ok = check_rules(r, nullptr); !ok) return reply(std::unexpected(ok.error()));
  on_store<RulesView>(
      rt_,
      [this, c, r](storage::SqlDriver& db) -> Result<RulesView> {
        wfm::WfmRepository repo(db);
        // Agents' own rules must still hold against the new templates.
        auto agents = repo.agent_rules();
        if (!agents) return std::unexpected(agents.error());
        for (const wfm::AgentRules& a : *agents)
          if (auto ok = check_rules(r, &a); !ok)
            return make_error(ErrorCode::kIllegalState, a.agent + "'s own rules: " + ok.error().field + ": " + ok.error().message,
                              "templates");
        if (auto ok = repo.put_shift_rules(r); !ok) return std::unexpected(ok.error());
        storage::Transaction tx;
        audit::AuditLog::stage(tx, {0, rt_.clock.now_ms(), c.name, "wfm.rules", "wfm",
                                    std::to_string(r.templates.size()) + " templates", 0});
        if (auto ok = tx.run(db); !ok) return std::unexpected(ok.error());
        return RulesView{r, false};
      },
      std::move(reply));
}

void WfmService::agent_rules(const Caller& c, Reply<std::vector<wfm::AgentRules>> reply) {
  if (auto ok = require(c, auth::Permission::kPlanWorkforce); !ok) return reply(std::unexpected(ok.error()));
  on_store<std::vector<wfm::AgentRules>>(
      rt_, [](storage::SqlDriver& db) { return wfm::WfmRepository(db).agent_rules(); }, std::move(reply));
}

void WfmService::put_agent_rules(const Caller& c, wfm::AgentRules r, Reply<wfm::AgentRules> reply) {
  if (auto ok = require(c, auth::Permission::kPlanWorkforce); !ok) return reply(std::unexpected(ok.error()));
  if (!rt_.catalog.names()->id(Kind::kAgent, r.agent)) return reply(make_error(ErrorCode::kNotFound, "no such agent", "agent"));
  on_store<wfm::AgentRules>(
      rt_,
      [this, c, r](storage::SqlDriver& db) -> Result<wfm::AgentRules> {
        wfm::WfmRepository repo(db);
        auto rules = rules_in_force(repo);
        if (!rules) return std::unexpected(rules.error());
        if (auto ok = check_rules(*rules, &r); !ok) return std::unexpected(ok.error());
        if (auto ok = repo.put_agent_rules(r); !ok) return std::unexpected(ok.error());
        storage::Transaction tx;
        audit::AuditLog::stage(tx, {0, rt_.clock.now_ms(), c.name, "wfm.agent_rules", "agent:" + r.agent, "", 0});
        if (auto ok = tx.run(db); !ok) return std::unexpected(ok.error());
        return r;
      },
      std::move(reply));
}

void WfmService::delete_agent_rules(const Caller& c, std::string agent, Reply<void> reply) {
  if (auto ok = require(c, auth::Permission::kPlanWorkforce); !ok) return reply(std::unexpected(ok.error()));
  on_store<void>(
      rt_,
      [this, c, agent](storage::SqlDriver& db) -> Result<void> {
        auto gone = wfm::WfmRepository(db).delete_agent_rules(agent);
        if (!gone) return std::unexpected(gone.error());
        if (!*gone) return make_error(ErrorCode::kNotFound, "this agent has no rules of its own", "agent");
        storage::Transaction tx;
        audit::AuditLog::stage(tx, {0, rt_.clock.now_ms(), c.name, "wfm.agent_rules_delete", "agent:" + agent, "", 0});
        return tx.run(db);
      },
      std::move(reply));
}

void WfmService::special_days(const Caller& c, Reply<std::vector<wfm::StoredSpecialDay>> reply) {
  if (auto ok = require(c, auth::Permission::kPlanWorkforce); !ok) return reply(std::unexpected(ok.error()));
  on_store<std::vector<wfm::StoredSpecialDay>>(
      rt_, [](storage::SqlDriver& db) { return wfm::WfmRepository(db).special_days(); }, std::move(reply));
}

void WfmService::put_special_days(const Caller& c, std::vector<wfm::StoredSpecialDay> days,
                                  Reply<std::vector<wfm::StoredSpecialDay>> reply) {
  if (auto ok = require(c, auth::Permission::kPlanWorkforce); !ok) return reply(std::unexpected(ok.error()));
  if (days.size() > kMaxSpecialDays) return reply(bad("at most 500 days", "days"));
  std::set<std::pair<std::string, std::string>> seen;  // (date, queue)
  auto names = rt_.catalog.names();
  for (size_t i = 0; i < days.size(); ++i) {
    const wfm::StoredSpecialDay& d = days[i];
    const std::string at = "days[" + std::to_string(i) + "].";
    if (auto ok = parse_date(d.date, at + "date"); !ok) return reply(std::unexpected(ok.error()));
    if (!std::isfinite(d.factor) || d.factor < 0 || d.factor > 100) return reply(bad("must be 0..100", at + "factor"));
    if (!d.reference.empty()) {
      if (auto ok = parse_date(d.reference, at + "reference"); !ok) return reply(std::unexpected(ok.error()));
      if (d.reference == d.date) return reply(bad("must be another day", at + "reference"));
    }
    if (d.name.size() > 100) return reply(bad("at most 100 bytes", at + "name"));
    if (!d.queue.empty() && !names->id(Kind::kQueue, d.queue)) return reply(make_error(ErrorCode::kNotFound, "no such queue", at + "queue"));
    if (!seen.insert({d.date, d.queue}).second) return reply(bad("listed twice for the same queue", at + "date"));
  }
  std::sort(days.begin(), days.end(), [](const auto& a, const auto& b) { return std::tie(a.date, a.queue) < std::tie(b.date, b.queue); });
  on_store<std::vector<wfm::StoredSpecialDay>>(
      rt_,
      [this, c, days](storage::SqlDriver& db) -> Result<std::vector<wfm::StoredSpecialDay>> {
        if (auto ok = wfm::WfmRepository(db).put_special_days(days); !ok) return std::unexpected(ok.error());
        storage::Transaction tx;
        audit::AuditLog::stage(tx, {0, rt_.clock.now_ms(), c.name, "wfm.special_days", "wfm",
                                    std::to_string(days.size()) + " days", 0});
        if (auto ok = tx.run(db); !ok) return std::unexpected(ok.error());
        return days;
      },
      std::move(reply));
}

namespace wfm_detail {

// Special days of `queue` (or of every queue; a queue's own entry wins over
// an every-queue entry of the same date) as the forecast core takes them; a
// reference day outside [history_start, horizon_end) is left out.
Result<QueueSpecialDays> special_days_of(storage::SqlDriver& db, const std::string& queue, Date history_start,
                                         Date horizon_end) {
  auto stored = wfm::WfmRepository(db).special_days();
  if (!stored) return std::unexpected(stored.error());
  QueueSpecialDays out;
  for (const wfm::StoredSpecialDay& d : *stored) {
    if (!d.queue.empty() && d.queue != queue) continue;
    auto date = parse_date(d.date, "special_days");
    if (!date) continue;
    wfm::SpecialDay x;
    x.date = *date;
    x.factor = d.factor;
    x.name = d.name;
    if (!d.reference.empty()) {
      auto ref = parse_date(d.reference, "special_days");
      if (!ref || *ref < history_start || *ref >= horizon_end) continue;
      x.reference = *ref;
    }
    auto same = std::find_if(out.days.begin(), out.days.end(), [&](const wfm::SpecialDay& y) { return y.date == x.date; });
    if (same != out.days.end()) {
      if (!d.queue.empty()) {
        out.stored[static_cast<size_t>(same - out.days.begin())] = d;
        *same = std::move(x);
      }
      continue;
    }
    out.days.push_back(std::move(x));
    out.stored.push_back(d);
  }
  return out;
}

// An agent's own rules on the problem's horizon: its contract, its weekly
// availability and preferred days off mapped onto the days (p.first_weekday
// is day 0's weekday), its templates by id (ids no longer defined are left out).
void apply_agent_rules(const wfm::AgentRules& r, const wfm::ScheduleProblem& p, wfm::Agent& ag) {
  if (r.contract) ag.contract = *r.contract;
  if (r.availability) {
    ag.availability.clear();
    for (int d = 0; d < p.days; ++d) ag.availability.push_back((*r.availability)[static_cast<size_t>((p.first_weekday + d) % 7)]);
  }
  if (r.preferences) ag.preferences = *r.preferences;
  for (const std::string& id : r.templates)
    for (size_t t = 0; t < p.templates.size(); ++t)
      if (p.templates[t].id == id) ag.templates.push_back(static_cast<int>(t));
}

}  // namespace wfm_detail

std::vector<AdherenceTeamDay> team_totals(const std::vector<AdherenceDay>& days) {
  std::map<std::pair<std::string, core::TeamId>, AdherenceTeamDay> by;
  for (const AdherenceDay& d : days) {
    AdherenceTeamDay& t = by[{d.date, d.team}];
    t.date = d.date;
    t.team = d.team;
    ++t.agents;
    t.sum.scheduled_min += d.scheduled_min;
    t.sum.working_min += d.working_min;
    t.sum.in_adherence_min += d.in_adherence_min;
    t.sum.out_off_min += d.out_off_min;
    t.sum.on_phone_min += d.on_phone_min;
  }
  std::vector<AdherenceTeamDay> out;
  for (auto& [key, t] : by) out.push_back(std::move(t));
  return out;
}

}  // namespace switchyard::app
