#include "app/quality_insights.h"

#include <boost/json.hpp>

#include <algorithm>
#include <map>
#include <tuple>

#include "app/report_service.h"
#include "auth/account_repository.h"
#include "history/contact_history.h"
#include "quality/quality_json.h"
#include "quality/quality_store.h"
#include "surveys/surveys.h"

namespace switchyard::app {

namespace {

using auth::Permission;
constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kWeekMs = 7 * kDayMs;
// The most contacts one week's sample reads (the week and the repeat windows on either side).
constexpr size_t kMaxContactsPerSample = 1'000'000;
constexpr size_t kMaxEvaluationsPerReport = 200'000;
constexpr std::string_view kPlanSetting = "sampling_plan";


std::string name_of(const Names& names, Kind k, uint32_t id) {
  const std::string* n = id == core::kNoId ? nullptr : names.name(k, id);
  return n ? *n : std::string();
}

std::optional<double> mean(double sum, int n) { return n > 0 ? std::optional<double>(sum / n) : std::nullopt; }

bool contains(const std::vector<core::AgentId>& v, core::AgentId a) { return std::binary_search(v.begin(), v.end(), a); }

// Every submitted evaluator's scoring (kind evaluation) whose submission is in [from, to), newest first.
Result<std::vector<quality::Evaluation>> evaluations_between(quality::QualityRepository& repo, int64_t from_ms,
                                                             int64_t to_ms, std::string agent = "") {
  std::vector<quality::Evaluation> out;
  quality::EvaluationFilter f{.agent = std::move(agent), .kind = quality::EvaluationKind::kEvaluation,
                              .from_ms = from_ms, .to_ms = to_ms, .limit = 500};
  while (out.size() < kMaxEvaluationsPerReport) {
    auto page = repo.list_evaluations(f);
    if (!page) return std::unexpected(page.error());
    if (page->empty()) break;
    f.before_id = page->back().id;
    out.insert(out.end(), std::make_move_iterator(page->begin()), std::make_move_iterator(page->end()));
  }
  return out;
}

// The agent's KPI counters over [from, to) from the daily rollups, derived.
Result<std::map<core::AgentId, metrics::KpiFigures>> agent_kpis(storage::SqlDriver& db, const metrics::Calendar& cal,
                                                                std::vector<uint32_t> ids, int64_t from_ms,
                                                                int64_t to_ms) {
  std::map<core::AgentId, metrics::KpiFigures> out;
  if (ids.empty()) return out;
  ReportRequest req;
  req.dim = metrics::Dim::kAgent;
  req.grain = metrics::Grain::kDay;
  req.from_ms = cal.floor(metrics::Grain::kDay, from_ms);
  req.to_ms = to_ms;
  req.ids = std::move(ids);
  auto report = read_report(db, req);
  if (!report) return std::unexpected(report.error());
  for (const auto& t : report->totals) out[static_cast<core::AgentId>(t.id)] = metrics::derive(t.counters);
  return out;
}

std::optional<double> aht_of(const metrics::KpiFigures& f) { return f.handled ? std::optional(f.aht_s) : std::nullopt; }
std::optional<double> fcr_of(const metrics::KpiFigures& f) {
  return f.fcr_eligible ? std::optional(100 * f.fcr) : std::nullopt;
}
std::optional<double> csat_of(const metrics::KpiFigures& f) {
  return f.survey_answers ? std::optional(100 * f.csat) : std::nullopt;
}

}  // namespace

const char* QualityInsights::leaderboard_formula() {
  return "points = (0.5 * quality + 0.25 * FCR + 0.25 * CSAT) / (the weights of the figures present), each 0..100: "
         "quality = mean evaluation score, FCR = (fcr_eligible - unresolved) / fcr_eligible, CSAT = answers of 4 or 5 "
         "/ answers; a figure without data is left out and the others reweighted; AHT is shown, never scored";
}

quality::SamplingPlan QualityInsights::default_plan(int utc_offset_min) {
  using quality::RuleKind;
  quality::SamplingPlan p;
  p.rules = {{RuleKind::kLowCsat, 2, 3},        {RuleKind::kNotResolved, 0, 2},
             {RuleKind::kKeywordHit, 1, 2},     {RuleKind::kLongHandle, 15 * 60'000, 1},
             {RuleKind::kLongHold, 2 * 60'000, 1}, {RuleKind::kTransferred, 0, 1},
             {RuleKind::kRepeat, 0, 1},         {RuleKind::kNewAgent, 30, 1},
             {RuleKind::kRandom, 0, 0.1}};
  p.quota_per_agent_week = 5;
  p.utc_offset_min = std::clamp(utc_offset_min, -quality::kMaxUtcOffsetMin, quality::kMaxUtcOffsetMin);
  return p;
}

void QualityInsights::roster(const Caller& c, Permission p, Reply<Roster> reply) {
  on_engine<Roster>(
      rt_,
      [c, p](server::TaskContext& ctx) -> Result<Roster> {
        Roster r;
        if (c.scope(p) != auth::Scope::kAll) r.only.emplace();
        for (core::AgentId a = 0; a < ctx.engine.agent_count(); ++a) {
          const core::AgentConfig* cfg = ctx.engine.agent_config(a);
          r.team_of.push_back(cfg ? cfg->team : core::kNoId);
          if (r.only && agent_in_scope(ctx.engine, c, p, a)) r.only->push_back(a);
        }
        return r;
      },
      std::move(reply));
}

Result<quality::SamplingPlan> QualityInsights::stored_plan(storage::SqlDriver& db) {
  auto body = quality::QualityRepository(db).setting(kPlanSetting);
  if (!body) return std::unexpected(body.error());
  if (!*body) return default_plan(static_cast<int>(calendar_.offset_ms(rt_.clock.now_ms()) / 60'000));
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(**body, ec);
  if (ec) return make_error(ErrorCode::kInternal, "the stored sampling plan is not JSON", "plan");
  return quality::sampling_plan_from_json(v);
}

void QualityInsights::plan(const Caller& c, Reply<quality::SamplingPlan> reply) {
  if (auto ok = require(c, Permission::kEvaluate); !ok) return reply(std::unexpected(ok.error()));
  on_store<quality::SamplingPlan>(rt_, [this](storage::SqlDriver& db) { return stored_plan(db); }, std::move(reply));
}

void QualityInsights::put_plan(const Caller& c, quality::SamplingPlan plan, Reply<quality::SamplingPlan> reply) {
  if (auto ok = require(c, Permission::kManageQuality); !ok) return reply(std::unexpected(ok.error()));
  if (auto ok = quality::validate(plan); !ok) return reply(std::unexpected(ok.error()));
  on_store<quality::SamplingPlan>(
      rt_,
      [this, plan, who = c.name](storage::SqlDriver& db) -> Result<quality::SamplingPlan> {
        const std::string body = boost::json::serialize(quality::to_json(plan));
        if (auto r = quality::QualityRepository(db).put_setting(kPlanSetting, body, who, rt_.clock.now_ms()); !r)
          return std::unexpected(r.error());
        return stored_plan(db);
      },
      std::move(reply));
}

Result<Worklist> QualityInsights::sample(storage::SqlDriver& db, const quality::SamplingPlan& plan, int64_t week_start,
                                         const Roster& roster) {
  const auto& only = roster.only;
  const int64_t week_end = week_start + kWeekMs;
  const int64_t now = rt_.clock.now_ms();
  auto recs = history::HistoryRepository(db).created_between(week_start - kRepeatWindowMs, week_end + kRepeatWindowMs,
                                                             kMaxContactsPerSample);
  if (!recs) return std::unexpected(recs.error());
  // the same customer on the same topic (its first queue: docs/kpis.md "FCR"), oldest first
  std::map<std::pair<std::string, core::QueueId>, std::vector<const history::ContactRecord*>> topic;
  core::ContactId first = 0, last = 0;
  for (const auto& r : *recs) {
    if (!r.customer_id.empty()) topic[{r.customer_id, r.first_queue}].push_back(&r);
    if (r.created_ms >= week_start && r.created_ms < week_end) {
      if (first == 0 || r.id < first) first = r.id;
      last = std::max(last, r.id);
    }
  }
  std::map<core::ContactId, int> csat, hits;
  if (last != 0) {
    auto answered = surveys::SurveyRepository(db).answered(first, last);
    if (!answered) return std::unexpected(answered.error());
    for (const auto& s : *answered) csat[s.contact] = s.rating;
  }
  if (keyword_hits_) {
    // hits are kept by the contact's end: a contact of this week may end after it
    auto h = keyword_hits_(db, week_start, week_end + kRepeatWindowMs);
    if (!h) return std::unexpected(h.error());
    for (const auto& [contact, n] : *h) hits[contact] += n;
  }
  // tenure: from the creation of the agent's user account (the earliest, when several)
  std::map<core::AgentId, int64_t> hired;
  std::vector<std::string> evaluators;
  auto users = auth::AccountRepository(db).list_users();
  if (!users) return std::unexpected(users.error());
  for (const auto& u : *users) {
    if (u.agent != core::kNoId && (!hired.contains(u.agent) || u.created_ms < hired[u.agent])) hired[u.agent] = u.created_ms;
    if (u.role == "quality") evaluators.push_back(u.username);
  }
  std::sort(evaluators.begin(), evaluators.end());

  std::vector<quality::ContactFacts> facts;
  std::map<core::ContactId, const history::ContactRecord*> by_id;
  for (const auto& r : *recs) {
    if (r.created_ms < week_start || r.created_ms >= week_end) continue;
    if (!r.answered_ms || !r.ended_ms || r.agent == core::kNoId) continue;  // handled and over
    if (only && !contains(*only, r.agent)) continue;
    quality::ContactFacts f;
    f.contact = r.id;
    f.agent = r.agent;
    f.channel = r.channel;
    f.started_at_ms = r.created_ms;
    f.handle_ms = r.talk_ms + r.hold_ms + r.acw_ms;
    f.hold_ms = r.hold_ms;
    f.transferred = r.transfers > 0;
    f.keyword_hits = hits.contains(r.id) ? hits[r.id] : 0;
    if (auto it = csat.find(r.id); it != csat.end()) f.csat = it->second;
    if (auto h = hired.find(r.agent); h != hired.end())
      f.agent_tenure_days = static_cast<int>(std::max<int64_t>(0, r.created_ms - h->second) / kDayMs);
    if (!r.customer_id.empty()) {
      bool unresolved = false;
      for (const history::ContactRecord* o : topic[{r.customer_id, r.first_queue}]) {
        if (o->id == r.id) continue;
        // repeat: this one arrived within W of an earlier one's end; unresolved: a later one within W of this end
        if (o->created_ms <= r.created_ms && o->ended_ms && r.created_ms - *o->ended_ms <= kRepeatWindowMs) f.repeat = true;
        if (o->created_ms > r.created_ms && o->created_ms - *r.ended_ms <= kRepeatWindowMs) unresolved = true;
      }
      if (unresolved) f.fcr = false;
      else if (now - *r.ended_ms > kRepeatWindowMs) f.fcr = true;  // final once the window has passed
    }
    facts.push_back(std::move(f));
    by_id[r.id] = &r;
  }
  auto selected = quality::select_contacts(facts, {}, plan);
  if (!selected) return std::unexpected(selected.error());

  Worklist out;
  out.week_start_ms = week_start;
  quality::QualityRepository repo(db);
  auto names = rt_.catalog.names();
  for (const auto& week : *selected) {
    for (const auto& s : week.selected) {
      const history::ContactRecord& r = *by_id.at(s.contact);
      SampledContact item;
      item.contact = s.contact;
      item.agent = name_of(*names, Kind::kAgent, r.agent);
      if (r.agent < roster.team_of.size()) item.team = name_of(*names, Kind::kTeam, roster.team_of[r.agent]);
      item.queue = name_of(*names, Kind::kQueue, r.queue);
      item.channel = std::string(core::to_string(r.channel));
      item.started_ms = r.created_ms;
      item.weight = s.weight;
      for (int i : s.reasons) item.reasons.emplace_back(quality::to_string(plan.rules[static_cast<size_t>(i)].kind));
      if (!evaluators.empty()) item.assigned_to = evaluators[r.agent % evaluators.size()];
      auto done = repo.for_contact(s.contact);
      if (!done) return std::unexpected(done.error());
      item.evaluated = std::any_of(done->begin(), done->end(), [](const quality::Evaluation& e) {
        return e.kind == quality::EvaluationKind::kEvaluation && e.status != quality::EvaluationStatus::kDraft;
      });
      out.items.push_back(std::move(item));
    }
  }
  return out;
}

void QualityInsights::worklist(const Caller& c, int64_t at_ms, std::string evaluator, Reply<Worklist> reply) {
  if (auto ok = require(c, Permission::kEvaluate); !ok) return reply(std::unexpected(ok.error()));
  roster(c, Permission::kEvaluate, [this, at_ms, evaluator = std::move(evaluator), reply](Result<Roster> who) mutable {
    if (!who) return reply(std::unexpected(who.error()));
    on_store<Worklist>(
        rt_,
        [this, at_ms, evaluator, only = std::move(*who)](storage::SqlDriver& db) -> Result<Worklist> {
          auto plan = stored_plan(db);
          if (!plan) return std::unexpected(plan.error());
          auto list = sample(db, *plan, quality::week_start_ms(at_ms, plan->utc_offset_min), only);
          if (!list) return list;
          if (!evaluator.empty())
            std::erase_if(list->items, [&](const SampledContact& s) { return s.assigned_to != evaluator; });
          return list;
        },
        std::move(reply));
  });
}

void QualityInsights::coverage(const Caller& c, int64_t from_ms, int64_t to_ms, Reply<QualityCoverage> reply) {
  if (auto ok = require(c, Permission::kEvaluate); !ok) return reply(std::unexpected(ok.error()));
  if (to_ms <= from_ms) return reply(make_error(ErrorCode::kInvalidArgument, "after from", "to"));
  if (to_ms - from_ms > kMaxCoverageWeeks * kWeekMs)
    return reply(make_error(ErrorCode::kInvalidArgument, "at most 13 weeks after from", "to"));
  roster(c, Permission::kEvaluate, [this, from_ms, to_ms, reply](Result<Roster> who) mutable {
    if (!who) return reply(std::unexpected(who.error()));
    on_store<QualityCoverage>(
        rt_,
        [this, from_ms, to_ms, only = std::move(*who)](storage::SqlDriver& db) -> Result<QualityCoverage> {
          auto plan = stored_plan(db);
          if (!plan) return std::unexpected(plan.error());
          std::map<std::string, CoverageRow> rows;
          for (int64_t w = quality::week_start_ms(from_ms, plan->utc_offset_min); w < to_ms; w += kWeekMs) {
            auto list = sample(db, *plan, w, only);
            if (!list) return std::unexpected(list.error());
            for (const SampledContact& s : list->items) {
              CoverageRow& row = rows[s.agent];
              row.agent = s.agent;
              row.team = s.team;
              ++row.due;
              row.evaluated += s.evaluated ? 1 : 0;
            }
          }
          QualityCoverage out;
          auto percent = [](CoverageRow& r) {
            if (r.due > 0) r.percent = 100.0 * r.evaluated / r.due;
          };
          for (auto& [name, row] : rows) {
            percent(row);
            out.total.due += row.due;
            out.total.evaluated += row.evaluated;
            out.agents.push_back(row);
          }
          percent(out.total);
          return out;
        },
        std::move(reply));
  });
}

void QualityInsights::contact(const Caller& c, core::ContactId id, Reply<ContactListRow> reply) {
  ContactListQuery q{.from_ms = 0, .to_ms = INT64_MAX, .limit = 1, .contact = id};
  auto answer = [reply](Result<ContactList> l) {
    if (!l) return reply(std::unexpected(l.error()));
    if (l->items.empty()) return reply(make_error(ErrorCode::kNotFound, "no such contact", "id"));
    reply(std::move(l->items.front()));
  };
  if (id == core::kNoContact) return answer(ContactList{});
  // an agent's own contact, else a teammate's (peer review)
  contacts(c, q, [this, c, q, answer](Result<ContactList> l) mutable {
    if (!l || !l->items.empty() || c.agent == core::kNoId || c.scope(Permission::kEvaluate) != auth::Scope::kNone)
      return answer(std::move(l));
    q.teammates = true;
    contacts(c, q, answer);
  });
}

void QualityInsights::contacts(const Caller& c, ContactListQuery q, Reply<ContactList> reply) {
  if (auto ok = require(c, Permission::kReadEvaluations); !ok) return reply(std::unexpected(ok.error()));
  if (q.limit < 1 || q.limit > 200) return reply(make_error(ErrorCode::kInvalidArgument, "1..200", "limit"));
  if (q.to_ms <= q.from_ms) return reply(make_error(ErrorCode::kInvalidArgument, "after from", "to"));
  const auto names = rt_.catalog.names();
  std::optional<uint32_t> agent, team, queue;
  for (auto [name, kind, field, out] : {std::tuple{&q.agent, Kind::kAgent, "agent", &agent},
                                        std::tuple{&q.team, Kind::kTeam, "team", &team},
                                        std::tuple{&q.queue, Kind::kQueue, "queue", &queue}}) {
    if (name->empty()) continue;
    *out = names->id(kind, *name);
    if (!*out) return reply(make_error(ErrorCode::kInvalidArgument, "no such " + std::string(field), field));
  }
  // Engine thread: the agents the caller may list (nullopt: any) and every agent's team.
  struct Scope {
    std::optional<std::vector<core::AgentId>> agents;
    std::vector<core::TeamId> team_of;
  };
  on_engine<Scope>(
      rt_,
      [c, agent, team, teammates = q.teammates](server::TaskContext& ctx) -> Result<Scope> {
        Scope s;
        const auto scope = c.scope(Permission::kEvaluate);
        const core::AgentConfig* own = c.agent == core::kNoId ? nullptr : ctx.engine.agent_config(c.agent);
        const core::TeamId own_team = own ? own->team : c.team;
        if (scope != auth::Scope::kAll || agent || team) s.agents.emplace();
        for (core::AgentId a = 0; a < ctx.engine.agent_count(); ++a) {
          const core::AgentConfig* cfg = ctx.engine.agent_config(a);
          s.team_of.push_back(cfg ? cfg->team : core::kNoId);
          if (!s.agents || !cfg) continue;
          bool may = scope == auth::Scope::kAll || (scope == auth::Scope::kTeam && cfg->team == c.team && c.team != core::kNoId);
          if (scope == auth::Scope::kNone)  // an agent: its own, or its teammates'
            may = teammates ? a != c.agent && own_team != core::kNoId && cfg->team == own_team : a == c.agent;
          if (may && (!agent || a == *agent) && (!team || cfg->team == *team)) s.agents->push_back(a);
        }
        return s;
      },
      [this, c, q = std::move(q), queue, reply](Result<Scope> scope) mutable {
        if (!scope) return reply(std::unexpected(scope.error()));
        if (scope->agents && scope->agents->empty()) return reply(ContactList{});
        on_store<ContactList>(
            rt_,
            [this, c, q = std::move(q), queue, scope = std::move(*scope)](storage::SqlDriver& db) -> Result<ContactList> {
              const bool evaluator = c.scope(Permission::kEvaluate) != auth::Scope::kNone;
              history::EndedQuery hq{.from_ms = q.from_ms,
                                     .to_ms = q.to_ms,
                                     .agents = scope.agents.value_or(std::vector<core::AgentId>{}),
                                     .queue = queue ? *queue : core::kNoId,
                                     .channel = q.channel,
                                     .before = q.cursor,
                                     .limit = q.evaluated ? 200 : q.limit + 1,
                                     .contact = q.contact};
              history::HistoryRepository history(db);
              quality::QualityRepository repo(db);
              const auto names = rt_.catalog.names();
              ContactList out;
              // Pages until the list is full (the evaluated filter drops rows after the query).
              for (int pages = 0; pages < 50 && out.items.size() <= q.limit; ++pages) {
                auto recs = history.ended_between(hq);
                if (!recs) return std::unexpected(recs.error());
                for (history::ContactRecord& r : *recs) {
                  if (out.items.size() == q.limit) {  // one more exists: the next page starts after the last
                    const auto& last = out.items.back().contact;
                    out.next = std::pair{*last.ended_ms, last.id};
                    break;
                  }
                  auto evals = repo.for_contact(r.id);
                  if (!evals) return std::unexpected(evals.error());
                  ContactListRow row;
                  for (const quality::Evaluation& e : *evals) {  // oldest first: the latest wins
                    if (e.status == quality::EvaluationStatus::kDraft) continue;
                    if (e.kind == quality::EvaluationKind::kSelf) row.self = true;
                    if (e.kind == quality::EvaluationKind::kPeer) row.peer = true;
                    if (e.kind != quality::EvaluationKind::kEvaluation) continue;
                    row.evaluated = true;
                    if (evaluator || r.agent == c.agent) {
                      row.score = e.score;
                      row.failed = e.failed;
                    }
                  }
                  hq.before = std::pair{*r.ended_ms, r.id};
                  if (q.evaluated && *q.evaluated != row.evaluated) continue;
                  row.queue = name_of(*names, Kind::kQueue, r.queue);
                  row.agent = name_of(*names, Kind::kAgent, r.agent);
                  row.team = r.agent < scope.team_of.size() ? name_of(*names, Kind::kTeam, scope.team_of[r.agent]) : "";
                  row.contact = std::move(r);
                  out.items.push_back(std::move(row));
                }
                if (out.next || recs->size() < hq.limit) break;
              }
              if (out.items.size() > q.limit) out.items.resize(q.limit);
              if (keyword_hits_ && !out.items.empty()) {
                // a hit is timed at the contact's end of talk (ContactEnded), before its wrap-up and terminal
                // end: read from the earliest creation of the page's contacts
                int64_t from = *out.items.front().contact.ended_ms;
                for (const ContactListRow& row : out.items) from = std::min(from, row.contact.created_ms);
                auto hits = keyword_hits_(db, from, *out.items.front().contact.ended_ms + 1);
                if (!hits) return std::unexpected(hits.error());
                std::map<core::ContactId, int> by_contact(hits->begin(), hits->end());
                for (ContactListRow& row : out.items)
                  if (auto h = by_contact.find(row.contact.id); h != by_contact.end()) row.keyword_hits = h->second;
              }
              return out;
            },
            std::move(reply));
      });
}

void QualityInsights::performance(const Caller& c, std::string agent, int64_t from_ms, int64_t to_ms,
                                  Reply<AgentPerformance> reply) {
  if (auto ok = require(c, Permission::kReadEvaluations); !ok) return reply(std::unexpected(ok.error()));
  if (to_ms <= from_ms) return reply(make_error(ErrorCode::kInvalidArgument, "after from", "to"));
  const auto id = rt_.catalog.names()->id(Kind::kAgent, agent);
  if (!id) return reply(make_error(ErrorCode::kNotFound, "no such agent", "agent"));
  const auto agent_id = static_cast<core::AgentId>(*id);
  on_engine<core::TeamId>(
      rt_,
      [c, agent_id](server::TaskContext& ctx) -> Result<core::TeamId> {
        if (!agent_in_scope(ctx.engine, c, Permission::kReadEvaluations, agent_id))
          return make_error(ErrorCode::kNotFound, "no such agent in your scope", "agent");
        const core::AgentConfig* cfg = ctx.engine.agent_config(agent_id);
        return cfg ? cfg->team : core::kNoId;
      },
      [this, agent = std::move(agent), agent_id, from_ms, to_ms, reply](Result<core::TeamId> team) mutable {
        if (!team) return reply(std::unexpected(team.error()));
        on_store<AgentPerformance>(
            rt_,
            [this, agent, agent_id, team = *team, from_ms, to_ms](storage::SqlDriver& db) -> Result<AgentPerformance> {
              AgentPerformance p;
              p.agent = agent;
              p.team = name_of(*rt_.catalog.names(), Kind::kTeam, team);
              quality::QualityRepository repo(db);
              auto evals = evaluations_between(repo, from_ms, to_ms, agent);
              if (!evals) return std::unexpected(evals.error());
              const int offset_min = static_cast<int>(calendar_.offset_ms(to_ms - 1) / 60'000);
              std::map<int64_t, std::pair<double, int>> weeks;  // week -> (sum, scored)
              std::map<int64_t, int> counted;
              double sum = 0;
              int scored = 0;
              std::map<core::ContactId, double> evaluator_score;  // the latest per contact
              for (auto it = evals->rbegin(); it != evals->rend(); ++it) {  // oldest first
                ++p.evaluations;
                p.failed += it->failed ? 1 : 0;
                const int64_t w = quality::week_start_ms(it->submitted_ms.value_or(it->created_ms), offset_min);
                ++counted[w];
                if (!it->score) continue;
                sum += *it->score;
                ++scored;
                weeks[w].first += *it->score;
                ++weeks[w].second;
                evaluator_score[it->contact_id] = *it->score;
              }
              p.mean_score = mean(sum, scored);
              for (const auto& [w, n] : counted)
                p.trend.push_back(TrendPoint{w, weeks.contains(w) ? mean(weeks[w].first, weeks[w].second) : std::nullopt, n});
              auto selfs = repo.list_evaluations(quality::EvaluationFilter{
                  .agent = agent, .kind = quality::EvaluationKind::kSelf, .from_ms = from_ms, .to_ms = to_ms, .limit = 500});
              if (!selfs) return std::unexpected(selfs.error());
              double gap = 0;
              int pairs = 0;
              for (const auto& s : *selfs)
                if (auto e = evaluator_score.find(s.contact_id); e != evaluator_score.end() && s.score) {
                  gap += *s.score - e->second;
                  ++pairs;
                }
              p.self_gap_pp = mean(gap, pairs);
              auto coaching = repo.list_coaching(agent);
              if (!coaching) return std::unexpected(coaching.error());
              p.coaching_open = static_cast<int>(std::count_if(coaching->begin(), coaching->end(),
                                                               [](const quality::CoachingSession& s) { return !s.done; }));
              auto kpis = agent_kpis(db, calendar_, {agent_id}, from_ms, to_ms);
              if (!kpis) return std::unexpected(kpis.error());
              const metrics::KpiFigures f = kpis->contains(agent_id) ? kpis->at(agent_id) : metrics::KpiFigures{};
              p.kpis = {
                  {"aht", aht_of(f), "s", "AHT = (talk + hold + ACW time) / handled"},
                  {"fcr", fcr_of(f), "%", "FCR = (fcr_eligible - unresolved) / fcr_eligible: no repeat from the same customer on the same topic within the window"},
                  {"csat", csat_of(f), "%", "CSAT = survey answers of 4 or 5 / all survey answers"},
                  {"csat_mean", f.survey_answers ? std::optional(f.csat_mean) : std::nullopt, "1-5", "mean survey score = sum / answers"},
              };
              return p;
            },
            [this, agent_id, from_ms, to_ms, reply](Result<AgentPerformance> p) mutable {
              if (!p || !adherence_) return reply(std::move(p));
              // the last kMaxAdherenceDays days of the range at most
              const int64_t first_ms = std::max(from_ms, to_ms - kMaxAdherenceDays * kDayMs + 1);
              adherence_(agent_id, calendar_.format_date(first_ms), calendar_.format_date(to_ms - 1),
                         [p = std::move(*p), reply](Result<std::optional<double>> a) mutable {
                           if (!a) return reply(std::unexpected(a.error()));
                           p.kpis.push_back({"adherence", *a ? std::optional(100 * **a) : std::nullopt, "%",
                                             "adherence = time doing what the schedule says / scheduled time (WFM, the "
                                             "last 62 days of the range at most)"});
                           reply(std::move(p));
                         });
            });
      });
}

void QualityInsights::report(const Caller& c, std::string by, int64_t from_ms, int64_t to_ms,
                             Reply<std::vector<QualityReportRow>> reply) {
  if (auto ok = require(c, Permission::kEvaluate); !ok) return reply(std::unexpected(ok.error()));
  if (by != "agent" && by != "team" && by != "center")
    return reply(make_error(ErrorCode::kInvalidArgument, "agent, team or center", "by"));
  if (to_ms <= from_ms) return reply(make_error(ErrorCode::kInvalidArgument, "after from", "to"));
  // a lead: its team's evaluations only (as kept with each evaluation)
  std::string team;
  if (c.scope(Permission::kEvaluate) != auth::Scope::kAll) {
    team = name_of(*rt_.catalog.names(), Kind::kTeam, c.team);
    if (team.empty()) return reply(std::vector<QualityReportRow>{});
  }
  on_store<std::vector<QualityReportRow>>(
      rt_,
      [by, team, from_ms, to_ms](storage::SqlDriver& db) -> Result<std::vector<QualityReportRow>> {
        quality::QualityRepository repo(db);
        auto evals = evaluations_between(repo, from_ms, to_ms);
        if (!evals) return std::unexpected(evals.error());
        std::map<std::string, std::pair<QualityReportRow, std::pair<double, int>>> rows;
        for (const auto& e : *evals) {
          if (!team.empty() && e.team != team) continue;
          const std::string key = by == "agent" ? e.agent : by == "team" ? e.team : "center";
          auto& [row, acc] = rows[key];
          row.key = key;
          ++row.evaluations;
          row.failed += e.failed ? 1 : 0;
          row.disputed += e.disputed_ms ? 1 : 0;
          row.acknowledged += e.acknowledged_ms ? 1 : 0;
          if (e.score) {
            acc.first += *e.score;
            ++acc.second;
          }
        }
        std::vector<QualityReportRow> out;
        for (auto& [key, v] : rows) {
          v.first.mean_score = mean(v.second.first, v.second.second);
          v.first.dispute_rate = static_cast<double>(v.first.disputed) / v.first.evaluations;
          out.push_back(std::move(v.first));
        }
        return out;
      },
      std::move(reply));
}

void QualityInsights::leaderboard(const Caller& c, std::string team, int64_t from_ms, int64_t to_ms,
                                  Reply<Leaderboard> reply) {
  if (auto ok = require(c, Permission::kReadEvaluations); !ok) return reply(std::unexpected(ok.error()));
  if (to_ms <= from_ms) return reply(make_error(ErrorCode::kInvalidArgument, "after from", "to"));
  std::optional<core::TeamId> team_id;
  if (!team.empty()) {
    auto t = rt_.catalog.names()->id(Kind::kTeam, team);
    if (!t) return reply(make_error(ErrorCode::kNotFound, "no such team", "team"));
    team_id = static_cast<core::TeamId>(*t);
  }
  if (c.scope(Permission::kReadEvaluations) != auth::Scope::kAll) {  // agents and leads: their own team's
    if (team_id && *team_id != c.team) return reply(make_error(ErrorCode::kPermissionDenied, "only your team's", "team"));
    if (c.team == core::kNoId) return reply(Leaderboard{leaderboard_formula(), {}});
    team_id = c.team;
  }
  on_engine<std::vector<std::pair<core::AgentId, core::TeamId>>>(
      rt_,
      [team_id](server::TaskContext& ctx) -> Result<std::vector<std::pair<core::AgentId, core::TeamId>>> {
        std::vector<std::pair<core::AgentId, core::TeamId>> out;
        for (core::AgentId a = 0; a < ctx.engine.agent_count(); ++a)
          if (const core::AgentConfig* cfg = ctx.engine.agent_config(a); cfg && (!team_id || cfg->team == *team_id))
            out.emplace_back(a, cfg->team);
        return out;
      },
      [this, from_ms, to_ms, reply](Result<std::vector<std::pair<core::AgentId, core::TeamId>>> agents) mutable {
        if (!agents) return reply(std::unexpected(agents.error()));
        on_store<Leaderboard>(
            rt_,
            [this, agents = std::move(*agents), from_ms, to_ms](storage::SqlDriver& db) -> Result<Leaderboard> {
              quality::QualityRepository repo(db);
              auto evals = evaluations_between(repo, from_ms, to_ms);
              if (!evals) return std::unexpected(evals.error());
              std::map<std::string, std::pair<double, int>> quality;
              for (const auto& e : *evals)
                if (e.score) {
                  quality[e.agent].first += *e.score;
                  ++quality[e.agent].second;
                }
              std::vector<uint32_t> ids;
              for (const auto& [a, t] : agents) ids.push_back(a);
              auto kpis = agent_kpis(db, calendar_, ids, from_ms, to_ms);
              if (!kpis) return std::unexpected(kpis.error());
              auto names = rt_.catalog.names();
              Leaderboard board{leaderboard_formula(), {}};
              for (const auto& [a, t] : agents) {
                LeaderboardRow row;
                row.agent = name_of(*names, Kind::kAgent, a);
                row.team = name_of(*names, Kind::kTeam, t);
                if (auto q = quality.find(row.agent); q != quality.end()) row.quality = mean(q->second.first, q->second.second);
                if (auto k = kpis->find(a); k != kpis->end()) {
                  row.fcr = fcr_of(k->second);
                  row.csat = csat_of(k->second);
                  row.aht_s = aht_of(k->second);
                }
                double points = 0, weights = 0;
                for (const auto& [v, w] : {std::pair{row.quality, 0.5}, std::pair{row.fcr, 0.25}, std::pair{row.csat, 0.25}})
                  if (v) {
                    points += w * *v;
                    weights += w;
                  }
                if (weights > 0) row.points = points / weights;
                board.rows.push_back(std::move(row));
              }
              // by points (none last), then name; equal points share a rank
              std::sort(board.rows.begin(), board.rows.end(), [](const LeaderboardRow& x, const LeaderboardRow& y) {
                if (x.points.has_value() != y.points.has_value()) return x.points.has_value();
                if (x.points && *x.points != *y.points) return *x.points > *y.points;
                return x.agent < y.agent;
              });
              // ranked: those with points (equal points share a rank); 0 = no figures, not ranked
              for (size_t i = 0; i < board.rows.size() && board.rows[i].points; ++i)
                board.rows[i].rank = i > 0 && board.rows[i].points == board.rows[i - 1].points ? board.rows[i - 1].rank
                                                                                              : static_cast<int>(i + 1);
              return board;
            },
            std::move(reply));
      });
}

}  // namespace switchyard::app
