#pragma once
// What the quality module computes from what the other modules have projected
// (docs/quality.md "Targeted sampling", "Performance figures"; docs/api.md "Quality"):
//  - the targeted-sampling plan (stored, module quality) and, per ISO week, the sample it
//    selects from the contact history projection, the surveys and the keyword hits: the
//    evaluators' work list and the coverage (evaluated / due);
//  - an agent's performance page (quality trend, self-assessment gap, KPIs with formulas);
//  - quality reports by agent, team or center, and leaderboards with a published formula.
//
// Everything is derived on read from committed, projected state (history, surveys, rollups,
// evaluations, keyword hits); nothing here changes it, so the same store gives the same answer.
//
// Permissions: the plan is kManageQuality's; the work list and coverage kEvaluate's (a team
// lead its team's agents); the performance page kReadEvaluations (an agent its own, a lead its
// team's); reports kEvaluate; the leaderboard kReadEvaluations (agents and leads their team's).
//
// Threading: every method from any thread; replies on store workers.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/caller.h"
#include "app/runtime.h"
#include "history/contact_history.h"
#include "metrics/calendar.h"
#include "quality/sampling.h"

namespace switchyard::app {

// One contact of a week's sample.
struct SampledContact {
  core::ContactId contact = core::kNoContact;
  std::string agent, team, queue, channel;
  int64_t started_ms = 0;
  double weight = 0;
  std::vector<std::string> reasons;  // rule kinds, e.g. "low_csat"
  std::string assigned_to;           // the evaluator's user name ("" when nobody has the quality role)
  bool evaluated = false;            // an evaluator's scoring of it is submitted
};

struct Worklist {
  int64_t week_start_ms = 0;
  std::vector<SampledContact> items;  // by agent, then best first
};

struct CoverageRow {
  std::string agent, team;  // "" for the total
  int due = 0, evaluated = 0;
  std::optional<double> percent;  // 100 * evaluated / due; nullopt when nothing is due
};

struct QualityCoverage {
  std::vector<CoverageRow> agents;  // by agent
  CoverageRow total;
};

struct KpiFigure {
  std::string key;  // "aht", "fcr", "csat", "adherence"
  std::optional<double> value;
  std::string unit;     // "s", "%", "1-5"
  std::string formula;  // as docs/kpis.md states it
};

struct TrendPoint {
  int64_t week_start_ms = 0;
  std::optional<double> mean_score;
  int evaluations = 0;
};

struct AgentPerformance {
  std::string agent, team;
  std::optional<double> mean_score;
  int evaluations = 0, failed = 0;
  std::vector<TrendPoint> trend;      // weeks with evaluations, oldest first
  std::optional<double> self_gap_pp;  // mean (self - evaluator) over contacts with both
  int coaching_open = 0;
  std::vector<KpiFigure> kpis;
};

struct QualityReportRow {
  std::string key;  // agent or team name; "center"
  int evaluations = 0;
  std::optional<double> mean_score;
  int failed = 0, disputed = 0, acknowledged = 0;
  std::optional<double> dispute_rate;  // disputed (ever) / evaluations, 0..1
};

struct LeaderboardRow {
  int rank = 0;  // 1 = first; equal points share a rank; 0 = no figures (not ranked)
  std::string agent, team;
  std::optional<double> points, quality, fcr, csat, aht_s;
};

struct Leaderboard {
  std::string formula;
  std::vector<LeaderboardRow> rows;  // by rank
};

// The ended contacts an evaluator browses (GET /api/v1/quality/contacts, docs/quality.md
// "Contacts"): answered contacts that ended in a range, newest end first.
struct ContactListQuery {
  int64_t from_ms = 0, to_ms = 0;   // the end in [from_ms, to_ms)
  std::string agent{}, team{}, queue{};  // names; "" = any (an unknown name: kInvalidArgument naming it)
  std::optional<core::Channel> channel{};
  std::optional<bool> evaluated{};  // a submitted evaluation (kind evaluation) exists, or not
  bool teammates = false;           // agents: the teammates' contacts (peer review), else their own
  std::optional<std::pair<int64_t, core::ContactId>> cursor{};  // strictly older than (end, id)
  size_t limit = 50;                // 1..200
  core::ContactId contact = core::kNoContact;  // this contact only; kNoContact = any
};
struct ContactListRow {
  history::ContactRecord contact;
  std::string queue, agent, team;  // names
  int keyword_hits = 0;
  bool evaluated = false, self = false, peer = false;  // submitted ones of each kind
  std::optional<double> score;  // the evaluation's, when the caller may read it
  std::optional<bool> failed;   // with the score
};
struct ContactList {
  std::vector<ContactListRow> items;
  std::optional<std::pair<int64_t, core::ContactId>> next;  // the cursor of the next page
};

class QualityInsights {
 public:
  // Keyword hits per contact for contacts that ended in [from_ms, to_ms) (module speech); until
  // one is set every contact has none.
  using KeywordHits =
      std::function<Result<std::vector<std::pair<core::ContactId, int>>>(storage::SqlDriver& db, int64_t from_ms, int64_t to_ms)>;
  static constexpr int kMaxCoverageWeeks = 13;
  static constexpr int64_t kRepeatWindowMs = 7 * 86'400'000LL;  // docs/kpis.md "FCR": W

  QualityInsights(Runtime& rt, const metrics::Calendar& calendar) : rt_(rt), calendar_(calendar) {}
  void set_keyword_hits(KeywordHits f) { keyword_hits_ = std::move(f); }
  // The agent's schedule adherence (0..1) over local days first..last ("YYYY-MM-DD", at most 62),
  // nullopt when nothing was scheduled (module wfm); until one is set the page has none.
  using Adherence = std::function<void(core::AgentId agent, std::string first, std::string last,
                                       Reply<std::optional<double>> reply)>;
  static constexpr int kMaxAdherenceDays = 62;
  void set_adherence(Adherence f) { adherence_ = std::move(f); }
  const metrics::Calendar& calendar() const { return calendar_; }
  int64_t now_ms() const { return rt_.clock.now_ms(); }

  // The plan; the default (docs/quality.md) until one is stored.
  void plan(const Caller& c, Reply<quality::SamplingPlan> reply);
  void put_plan(const Caller& c, quality::SamplingPlan plan, Reply<quality::SamplingPlan> reply);
  // The sample of the ISO week holding `at_ms`; `evaluator` "" = everyone's.
  void worklist(const Caller& c, int64_t at_ms, std::string evaluator, Reply<Worklist> reply);
  // Over the weeks holding [from_ms, to_ms) (at most kMaxCoverageWeeks).
  void coverage(const Caller& c, int64_t from_ms, int64_t to_ms, Reply<QualityCoverage> reply);
  void performance(const Caller& c, std::string agent, int64_t from_ms, int64_t to_ms, Reply<AgentPerformance> reply);
  // by: "agent", "team" or "center".
  void report(const Caller& c, std::string by, int64_t from_ms, int64_t to_ms, Reply<std::vector<QualityReportRow>> reply);
  // Quality and admin: every agent's; a team lead: the team's; an agent: its own, or its
  // teammates' with q.teammates. Others kPermissionDenied.
  void contacts(const Caller& c, ContactListQuery q, Reply<ContactList> reply);
  // One ended contact as contacts() lists it, in the same scope (an agent: its own or a
  // teammate's); kNotFound when it has not ended, was not answered or is out of scope.
  void contact(const Caller& c, core::ContactId id, Reply<ContactListRow> reply);
  // team "" = the caller's own (everyone's for quality and admin).
  void leaderboard(const Caller& c, std::string team, int64_t from_ms, int64_t to_ms, Reply<Leaderboard> reply);

  static quality::SamplingPlan default_plan(int utc_offset_min);
  static const char* leaderboard_formula();

 private:
  Result<quality::SamplingPlan> stored_plan(storage::SqlDriver& db);
  // The agents a caller may see for a permission (engine state).
  struct Roster {
    std::optional<std::vector<core::AgentId>> only;  // ascending; nullopt: every agent
    std::vector<core::TeamId> team_of;               // every agent's team, by agent id
  };
  // The sample of the week starting at `week_start_ms`, for the roster's agents.
  Result<Worklist> sample(storage::SqlDriver& db, const quality::SamplingPlan& plan, int64_t week_start_ms,
                          const Roster& roster);
  void roster(const Caller& c, auth::Permission p, Reply<Roster> reply);

  Runtime& rt_;
  const metrics::Calendar& calendar_;
  KeywordHits keyword_hits_;
  Adherence adherence_;
};

}  // namespace switchyard::app
