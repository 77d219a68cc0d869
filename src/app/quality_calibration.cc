// QualityService: calibration sessions, the exemplary library and coaching
// (docs/quality.md "Calibration", "Server"; docs/api.md "Quality").
#include <algorithm>
#include <map>
#include <set>

#include "app/notify_service.h"
#include "app/quality_service.h"
#include "auth/account_repository.h"
#include "history/contact_history.h"
#include "notify/notify_store.h"
#include "quality/score.h"

namespace switchyard::app {

namespace {

using auth::Permission;
using quality::Evaluation;
using quality::EvaluationKind;
using quality::EvaluationStatus;

bool manages(const Caller& c) { return c.scope(Permission::kManageQuality) == auth::Scope::kAll; }

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

std::unexpected<Error> no_session() { return make_error(ErrorCode::kNotFound, "no such calibration session", "id"); }

// The submitted scorings of session `id` (of contact `contact`), in order of scoring.
Result<std::vector<Evaluation>> scorings_of(quality::QualityRepository& repo, core::ContactId contact, int64_t id) {
  auto all = repo.for_contact(contact);
  if (!all) return all;
  std::erase_if(*all, [id](const Evaluation& e) {
    return e.kind != EvaluationKind::kCalibration || e.calibration_session != id || e.status == EvaluationStatus::kDraft;
  });
  return all;
}

// The figures of `scorings` against the session's reference, on its scorecard version.
Result<quality::Calibration> figures_of(quality::QualityRepository& repo, const quality::StoredCalibration& s,
                                        const std::vector<Evaluation>& scorings) {
  auto card = repo.get_scorecard(s.scorecard_id, s.scorecard_version);
  if (!card) return std::unexpected(card.error());
  if (!*card) return make_error(ErrorCode::kNotFound, "the session's scorecard version is gone", "scorecard_id");
  quality::CalibrationSession cs;
  for (const Evaluation& e : scorings) cs.evaluations.push_back({e.evaluator, e.answers});
  cs.reference = s.reference_answers;
  return quality::calibrate((*card)->card, cs);
}

Result<void> check_text(const std::string& s, size_t max, std::string_view field, bool required) {
  if ((required && s.empty()) || s.size() > max)
    return make_error(ErrorCode::kInvalidArgument,
                      std::string(required ? "required, " : "") + "at most " + std::to_string(max) + " bytes",
                      std::string(field));
  return {};
}

}  // namespace

// ---- calibration ---------------------------------------------------------------

Result<CalibrationView> QualityService::calibration_view(storage::SqlDriver& db, const Caller& c, int64_t id) {
  quality::QualityRepository repo(db);
  auto s = repo.get_calibration(id);
  if (!s) return std::unexpected(s.error());
  if (!*s) return no_session();
  const bool participant = contains((*s)->participants, c.name);
  if (!manages(c) && !participant) return no_session();
  auto scorings = scorings_of(repo, (*s)->contact_id, id);
  if (!scorings) return std::unexpected(scorings.error());
  CalibrationView v;
  v.session = std::move(**s);
  // blind: while open, a participant sees its own scoring only
  const bool sees_all = v.session.closed || !participant;
  for (Evaluation& e : *scorings) {
    v.scored.push_back(e.evaluator);
    if (sees_all || e.evaluator == c.name) v.scorings.push_back(std::move(e));
  }
  if (sees_all && !v.scorings.empty()) {
    auto fig = figures_of(repo, v.session, v.scorings);
    if (!fig) return std::unexpected(fig.error());
    v.figures = std::move(*fig);
  }
  return v;
}

void QualityService::create_calibration(const Caller& c, NewCalibration in, Reply<CalibrationView> reply) {
  if (auto ok = require(c, Permission::kManageQuality); !ok) return reply(std::unexpected(ok.error()));
  if (in.contact == core::kNoContact) return reply(make_error(ErrorCode::kInvalidArgument, "required", "contact"));
  if (in.scorecard_id <= 0) return reply(make_error(ErrorCode::kInvalidArgument, "required", "scorecard_id"));
  if (auto ok = check_text(in.title, 200, "title", true); !ok) return reply(std::unexpected(ok.error()));
  if (in.participants.empty() || in.participants.size() > kMaxParticipants)
    return reply(make_error(ErrorCode::kInvalidArgument, "1 to " + std::to_string(kMaxParticipants) + " user names",
                            "participants"));
  for (size_t i = 0; i < in.participants.size(); ++i)
    if (in.participants[i].empty() ||
        std::find(in.participants.begin(), in.participants.begin() + static_cast<long>(i), in.participants[i]) !=
            in.participants.begin() + static_cast<long>(i))
      return reply(make_error(ErrorCode::kInvalidArgument, "a user name, each once", "participants[" + std::to_string(i) + "]"));
  ended_contact(c, in.contact, [this, c, in = std::move(in), reply](Result<EndedContact> got) mutable {
    if (!got) return reply(std::unexpected(got.error()));
    const core::Channel channel = got->record.channel;
    const std::string queue = name_of(Kind::kQueue, got->record.queue);
    on_store<CalibrationView>(
        rt_,
        [this, c, in = std::move(in), channel, queue](storage::SqlDriver& db) -> Result<CalibrationView> {
          quality::QualityRepository repo(db);
          auto card = repo.get_scorecard(in.scorecard_id, 0);
          if (!card) return std::unexpected(card.error());
          if (!*card) return make_error(ErrorCode::kNotFound, "no such scorecard", "scorecard_id");
          if ((*card)->retired_ms) return make_error(ErrorCode::kIllegalState, "the scorecard is retired", "scorecard_id");
          if (!quality::applies((*card)->card.applies_to, quality::ContactKind{channel, queue, quality::Direction::kInbound}))
            return make_error(ErrorCode::kInvalidArgument, "the scorecard is not for this contact's channel or queue",
                              "scorecard_id");
          auth::AccountRepository accounts(db);
          for (size_t i = 0; i < in.participants.size(); ++i) {
            const std::string field = "participants[" + std::to_string(i) + "]";
            auto u = accounts.find_user_by_name(in.participants[i]);
            if (!u) return std::unexpected(u.error());
            if (!*u) return make_error(ErrorCode::kInvalidArgument, "no such user", field);
            auto role = auth::role_from_string((*u)->role);
            if (!role || auth::scope_of(*role, Permission::kEvaluate) == auth::Scope::kNone)
              return make_error(ErrorCode::kInvalidArgument, "this user does not evaluate (role)", field);
          }
          quality::StoredCalibration s;
          s.contact_id = in.contact;
          s.scorecard_id = in.scorecard_id;
          s.scorecard_version = (*card)->card.version;
          s.title = in.title;
          s.created_by = c.name;
          s.created_ms = rt_.clock.now_ms();
          s.participants = in.participants;
          auto id = repo.create_calibration(s);
          if (!id) return std::unexpected(id.error());
          return calibration_view(db, c, *id);
        },
        std::move(reply));
  });
}

void QualityService::list_calibrations(const Caller& c, std::string status, Reply<std::vector<CalibrationView>> reply) {
  if (auto ok = require(c, Permission::kEvaluate); !ok) return reply(std::unexpected(ok.error()));
  if (!status.empty() && status != "open" && status != "closed")
    return reply(make_error(ErrorCode::kInvalidArgument, "open or closed", "status"));
  on_store<std::vector<CalibrationView>>(
      rt_,
      [this, c, status](storage::SqlDriver& db) -> Result<std::vector<CalibrationView>> {
        auto all = quality::QualityRepository(db).list_calibrations(status);
        if (!all) return std::unexpected(all.error());
        std::vector<CalibrationView> out;
        for (const auto& s : *all) {
          if (!manages(c) && !contains(s.participants, c.name)) continue;
          auto v = calibration_view(db, c, s.id);
          if (!v) return std::unexpected(v.error());
          out.push_back(std::move(*v));
        }
        return out;
      },
      std::move(reply));
}

void QualityService::get_calibration(const Caller& c, int64_t id, Reply<CalibrationView> reply) {
  if (auto ok = require(c, Permission::kEvaluate); !ok) return reply(std::unexpected(ok.error()));
  on_store<CalibrationView>(
      rt_, [this, c, id](storage::SqlDriver& db) { return calibration_view(db, c, id); }, std::move(reply));
}

void QualityService::score_calibration(const Caller& c, int64_t id, std::vector<quality::Answer> answers,
                                       Reply<CalibrationView> reply) {
  if (auto ok = require(c, Permission::kEvaluate); !ok) return reply(std::unexpected(ok.error()));
  on_store<CalibrationView>(
      rt_,
      [this, c, id, answers = std::move(answers)](storage::SqlDriver& db) -> Result<CalibrationView> {
        quality::QualityRepository repo(db);
        auto s = repo.get_calibration(id);
        if (!s) return std::unexpected(s.error());
        if (!*s || (!manages(c) && !contains((*s)->participants, c.name))) return no_session();
        if (!contains((*s)->participants, c.name))
          return make_error(ErrorCode::kPermissionDenied, "only the session's participants score it", "id");
        if ((*s)->closed) return make_error(ErrorCode::kIllegalState, "the session is closed", "status");
        auto rec = history::HistoryRepository(db).contact((*s)->contact_id);
        if (!rec) return std::unexpected(rec.error());
        if (!*rec) return make_error(ErrorCode::kNotFound, "the session's contact is gone", "contact");
        auto card = repo.get_scorecard((*s)->scorecard_id, (*s)->scorecard_version);
        if (!card) return std::unexpected(card.error());
        if (!*card) return make_error(ErrorCode::kNotFound, "the session's scorecard version is gone", "scorecard_id");
        auto scored = quality::score((*card)->card, answers);
        if (!scored) return std::unexpected(scored.error());
        Evaluation e;
        e.contact_id = (*s)->contact_id;
        e.agent = name_of(Kind::kAgent, (*rec)->agent);
        e.queue = name_of(Kind::kQueue, (*rec)->queue);
        e.channel = std::string(core::to_string((*rec)->channel));
        // no team: a calibration scoring is the quality team's, never in a lead's team view
        e.scorecard_id = (*s)->scorecard_id;
        e.scorecard_version = (*s)->scorecard_version;
        e.evaluator = c.name;
        e.kind = EvaluationKind::kCalibration;
        e.calibration_session = id;
        e.answers = answers;
        e.score = scored->percent;
        e.failed = scored->failed;
        e.status = EvaluationStatus::kSubmitted;
        e.created_ms = rt_.clock.now_ms();
        // one scoring per participant: the check and the insert in one transaction
        auto tx = db.in_transaction([&]() -> Result<void> {
          auto before = scorings_of(repo, e.contact_id, id);
          if (!before) return std::unexpected(before.error());
          for (const Evaluation& x : *before)
            if (x.evaluator == c.name)
              return make_error(ErrorCode::kAlreadyExists, "you have scored this session already", "evaluator");
          auto added = repo.add_evaluation(e);
          if (!added) return std::unexpected(added.error());
          return {};
        });
        if (!tx) return std::unexpected(tx.error());
        return calibration_view(db, c, id);
      },
      std::move(reply));
}

void QualityService::close_calibration(const Caller& c, int64_t id, std::vector<quality::Answer> reference,
                                       Reply<CalibrationView> reply) {
  if (auto ok = require(c, Permission::kManageQuality); !ok) return reply(std::unexpected(ok.error()));
  on_store<CalibrationView>(
      rt_,
      [this, c, id, reference = std::move(reference)](storage::SqlDriver& db) -> Result<CalibrationView> {
        quality::QualityRepository repo(db);
        auto s = repo.get_calibration(id);
        if (!s) return std::unexpected(s.error());
        if (!*s) return no_session();
        if ((*s)->closed) return make_error(ErrorCode::kIllegalState, "the session is closed", "status");
        auto scorings = scorings_of(repo, (*s)->contact_id, id);
        if (!scorings) return std::unexpected(scorings.error());
        if (scorings->empty()) return make_error(ErrorCode::kIllegalState, "nobody has scored the session yet", "scorings");
        auto card = repo.get_scorecard((*s)->scorecard_id, (*s)->scorecard_version);
        if (!card) return std::unexpected(card.error());
        if (!*card) return make_error(ErrorCode::kNotFound, "the session's scorecard version is gone", "scorecard_id");
        auto scored = quality::score((*card)->card, reference);
        if (!scored) return std::unexpected(scored.error());
        if (auto r = repo.close_calibration(id, reference, scored->percent, rt_.clock.now_ms()); !r)
          return std::unexpected(r.error());
        return calibration_view(db, c, id);
      },
      std::move(reply));
}

void QualityService::calibration_report(const Caller& c, std::string evaluator, int64_t from_ms, int64_t to_ms,
                                        Reply<std::vector<CalibrationReportRow>> reply) {
  if (auto ok = require(c, Permission::kEvaluate); !ok) return reply(std::unexpected(ok.error()));
  if (!manages(c)) {  // an evaluator's own record only
    if (!evaluator.empty() && evaluator != c.name)
      return reply(make_error(ErrorCode::kPermissionDenied, "only your own record", "evaluator"));
    evaluator = c.name;
  }
  on_store<std::vector<CalibrationReportRow>>(
      rt_,
      [evaluator, from_ms, to_ms](storage::SqlDriver& db) -> Result<std::vector<CalibrationReportRow>> {
        quality::QualityRepository repo(db);
        auto closed = repo.list_calibrations("closed");
        if (!closed) return std::unexpected(closed.error());
        std::vector<quality::EvaluatorDeviation> records;
        std::map<std::string, std::vector<CalibrationHistoryRow>> history;
        // oldest session first (the list is newest first)
        for (auto it = closed->rbegin(); it != closed->rend(); ++it) {
          const quality::StoredCalibration& s = *it;
          const int64_t at = s.closed_ms.value_or(0);
          if ((from_ms != 0 && at < from_ms) || (to_ms != 0 && at >= to_ms)) continue;
          auto scorings = scorings_of(repo, s.contact_id, s.id);
          if (!scorings) return std::unexpected(scorings.error());
          if (scorings->empty()) continue;
          auto fig = figures_of(repo, s, *scorings);
          if (!fig) return std::unexpected(fig.error());
          for (size_t i = 0; i < fig->deviations.size(); ++i) {
            const quality::EvaluatorDeviation& d = fig->deviations[i];
            if (!evaluator.empty() && d.evaluator != evaluator) continue;
            records.push_back(d);
            history[d.evaluator].push_back(CalibrationHistoryRow{
                s.id, at, fig->evaluators[i].score.percent, s.reference_score, d.deviation_pp, d.items_differing});
          }
        }
        std::vector<CalibrationReportRow> out;
        for (auto& r : quality::aggregate_deviations(records))
          out.push_back(CalibrationReportRow{r, std::move(history[r.evaluator])});
        return out;
      },
      std::move(reply));
}

// ---- the exemplary library ----------------------------------------------------

void QualityService::search_library(const Caller& c, std::string text, std::optional<quality::LibraryKind> kind,
                                    std::string tag, size_t limit, Reply<std::vector<quality::LibraryEntry>> reply) {
  if (auto ok = require(c, Permission::kReadEvaluations); !ok) return reply(std::unexpected(ok.error()));
  if (limit < 1 || limit > 200) return reply(make_error(ErrorCode::kInvalidArgument, "1..200", "limit"));
  on_store<std::vector<quality::LibraryEntry>>(
      rt_,
      [text = std::move(text), kind, tag = std::move(tag), limit](storage::SqlDriver& db) {
        return quality::QualityRepository(db).search_library(text, kind, tag, limit);
      },
      std::move(reply));
}

void QualityService::add_to_library(const Caller& c, quality::LibraryEntry in, Reply<quality::LibraryEntry> reply) {
  if (auto ok = require(c, Permission::kEvaluate); !ok) return reply(std::unexpected(ok.error()));
  if (in.contact_id == core::kNoContact) return reply(make_error(ErrorCode::kInvalidArgument, "required", "contact"));
  if (auto ok = check_text(in.note, 4000, "note", false); !ok) return reply(std::unexpected(ok.error()));
  if (in.tags.size() > 20) return reply(make_error(ErrorCode::kInvalidArgument, "at most 20 tags", "tags"));
  for (size_t i = 0; i < in.tags.size(); ++i)
    if (in.tags[i].empty() || in.tags[i].size() > 50 || in.tags[i].find(',') != std::string::npos)
      return reply(make_error(ErrorCode::kInvalidArgument, "1..50 bytes, no comma", "tags[" + std::to_string(i) + "]"));
  ended_contact(c, in.contact_id, [this, c, in = std::move(in), reply](Result<EndedContact> got) mutable {
    if (!got) return reply(std::unexpected(got.error()));
    on_store<quality::LibraryEntry>(
        rt_,
        [this, c, in = std::move(in), scope = scope_of(c)](storage::SqlDriver& db) mutable -> Result<quality::LibraryEntry> {
          if (in.evaluation_id) {  // one the caller may read, of this contact
            auto e = readable(db, c, scope, *in.evaluation_id);
            if (!e || e->contact_id != in.contact_id)
              return make_error(ErrorCode::kInvalidArgument, "no evaluation of this contact that you may read",
                                "evaluation_id");
          }
          in.added_by = c.name;
          in.added_ms = rt_.clock.now_ms();
          quality::QualityRepository repo(db);
          auto id = repo.add_to_library(in);
          if (!id) return std::unexpected(id.error());
          auto stored = repo.get_library_entry(*id);
          if (!stored || !*stored) return make_error(ErrorCode::kInternal, "the entry just stored is gone", "id");
          return std::move(**stored);
        },
        std::move(reply));
  });
}

void QualityService::remove_from_library(const Caller& c, int64_t id, Reply<void> reply) {
  if (auto ok = require(c, Permission::kEvaluate); !ok) return reply(std::unexpected(ok.error()));
  on_store<void>(
      rt_,
      [c, id](storage::SqlDriver& db) -> Result<void> {
        quality::QualityRepository repo(db);
        auto e = repo.get_library_entry(id);
        if (!e) return std::unexpected(e.error());
        if (!*e) return make_error(ErrorCode::kNotFound, "no such library entry", "id");
        if ((*e)->added_by != c.name && !manages(c))
          return make_error(ErrorCode::kPermissionDenied, "who added an entry, or a quality manager, removes it", "id");
        return repo.remove_from_library(id);
      },
      std::move(reply));
}

// ---- coaching --------------------------------------------------------------------

void QualityService::team_agents(core::TeamId team, Reply<std::vector<std::string>> reply) {
  on_engine<std::vector<core::AgentId>>(
      rt_,
      [team](server::TaskContext& ctx) -> Result<std::vector<core::AgentId>> {
        std::vector<core::AgentId> ids;
        if (team == core::kNoId) return ids;
        for (core::AgentId a = 0; a < ctx.engine.agent_count(); ++a)
          if (const core::AgentConfig* cfg = ctx.engine.agent_config(a); cfg && cfg->team == team) ids.push_back(a);
        return ids;
      },
      [this, reply = std::move(reply)](Result<std::vector<core::AgentId>> ids) {
        if (!ids) return reply(std::unexpected(ids.error()));
        std::vector<std::string> names;
        for (core::AgentId a : *ids)
          if (std::string n = name_of(Kind::kAgent, a); !n.empty()) names.push_back(std::move(n));
        reply(std::move(names));
      });
}

void QualityService::list_coaching(const Caller& c, std::string agent, Reply<std::vector<quality::CoachingSession>> reply) {
  if (auto ok = require(c, Permission::kReadEvaluations); !ok) return reply(std::unexpected(ok.error()));
  auto fetch = [this, reply](std::string agent, std::optional<std::vector<std::string>> only) {
    on_store<std::vector<quality::CoachingSession>>(
        rt_,
        [agent = std::move(agent), only = std::move(only)](storage::SqlDriver& db) -> Result<std::vector<quality::CoachingSession>> {
          auto all = quality::QualityRepository(db).list_coaching(agent);
          if (all && only) std::erase_if(*all, [&](const quality::CoachingSession& s) { return !contains(*only, s.agent); });
          return all;
        },
        std::move(reply));
  };
  switch (c.scope(Permission::kReadEvaluations)) {
    case auth::Scope::kAll: return fetch(std::move(agent), std::nullopt);
    case auth::Scope::kSelf: {
      const std::string own = name_of(Kind::kAgent, c.agent);
      if (own.empty() || (!agent.empty() && agent != own)) return reply(std::vector<quality::CoachingSession>{});
      return fetch(own, std::nullopt);
    }
    case auth::Scope::kTeam:
      return team_agents(c.team, [fetch, agent](Result<std::vector<std::string>> team) mutable {
        if (!team) return fetch("", std::vector<std::string>{});  // nothing in scope
        fetch(std::move(agent), std::move(*team));
      });
    case auth::Scope::kNone: break;
  }
  reply(std::vector<quality::CoachingSession>{});
}

void QualityService::add_coaching(const Caller& c, quality::CoachingSession in, Reply<quality::CoachingSession> reply) {
  if (auto ok = require(c, Permission::kEvaluate); !ok) return reply(std::unexpected(ok.error()));
  if (auto ok = check_text(in.goals, 4000, "goals", true); !ok) return reply(std::unexpected(ok.error()));
  auto id = rt_.catalog.names()->id(Kind::kAgent, in.agent);
  if (in.agent.empty() || !id) return reply(make_error(ErrorCode::kInvalidArgument, "no such agent", "agent"));
  const auto agent = static_cast<core::AgentId>(*id);
  on_engine<bool>(
      rt_,
      [c, agent](server::TaskContext& ctx) -> Result<bool> {
        return agent_in_scope(ctx.engine, c, Permission::kEvaluate, agent);
      },
      [this, c, agent, in = std::move(in), reply](Result<bool> in_scope) mutable {
        if (!in_scope) return reply(std::unexpected(in_scope.error()));
        if (!*in_scope) return reply(make_error(ErrorCode::kPermissionDenied, "not an agent of your team", "agent"));
        on_store<quality::CoachingSession>(
            rt_,
            [this, c, agent, in = std::move(in), scope = scope_of(c)](storage::SqlDriver& db) mutable
            -> Result<quality::CoachingSession> {
              if (in.evaluation_id) {  // one the caller may read, of this agent
                auto e = readable(db, c, scope, *in.evaluation_id);
                if (!e || e->agent != in.agent)
                  return make_error(ErrorCode::kInvalidArgument, "no evaluation of this agent that you may read",
                                    "evaluation_id");
              }
              in.coach = c.name;
              in.created_ms = rt_.clock.now_ms();
              quality::QualityRepository repo(db);
              int64_t id = 0;
              std::vector<int64_t> told;
              auto tx = db.in_transaction([&]() -> Result<void> {
                auto added = repo.add_coaching(in);
                if (!added) return std::unexpected(added.error());
                id = *added;
                auto users = users_of_agent(db, agent);
                if (!users) return std::unexpected(users.error());
                notify::NotifyRepository notes(db);
                const std::string data = notify::encode_data(
                    {{"coaching", id}, {"agent", in.agent}, {"follow_up_date", in.follow_up_date}, {"by", c.name}});
                for (int64_t u : *users) {
                  if (u == c.user_id) continue;
                  auto n = notes.add(notify::Notification{0, u, "quality.coaching", data,
                                                          "/quality/coaching?id=" + std::to_string(id), in.created_ms, {}});
                  if (!n) return std::unexpected(n.error());
                  told.push_back(u);
                }
                return {};
              });
              if (!tx) return std::unexpected(tx.error());
              notify(std::move(told));
              auto stored = repo.get_coaching(id);
              if (!stored || !*stored) return make_error(ErrorCode::kInternal, "the session just stored is gone", "id");
              return std::move(**stored);
            },
            std::move(reply));
      });
}

void QualityService::complete_coaching(const Caller& c, int64_t id, std::string notes,
                                       Reply<quality::CoachingSession> reply) {
  if (auto ok = require(c, Permission::kEvaluate); !ok) return reply(std::unexpected(ok.error()));
  if (auto ok = check_text(notes, 4000, "notes", false); !ok) return reply(std::unexpected(ok.error()));
  on_store<quality::CoachingSession>(
      rt_,
      [c, id](storage::SqlDriver& db) -> Result<quality::CoachingSession> {
        auto s = quality::QualityRepository(db).get_coaching(id);
        if (!s) return std::unexpected(s.error());
        if (!*s) return make_error(ErrorCode::kNotFound, "no such coaching session", "id");
        return std::move(**s);
      },
      [this, c, id, notes = std::move(notes), reply](Result<quality::CoachingSession> s) mutable {
        if (!s) return reply(std::unexpected(s.error()));
        const auto agent = rt_.catalog.names()->id(Kind::kAgent, s->agent);
        const bool coach = s->coach == c.name;
        on_engine<bool>(
            rt_,
            [c, coach, agent](server::TaskContext& ctx) -> Result<bool> {
              // the coach, a quality manager, or a lead of the agent's team
              return coach || manages(c) ||
                     (agent && agent_in_scope(ctx.engine, c, Permission::kEvaluate, static_cast<core::AgentId>(*agent)));
            },
            [this, id, notes = std::move(notes), reply](Result<bool> may) mutable {
              if (!may) return reply(std::unexpected(may.error()));
              if (!*may) return reply(make_error(ErrorCode::kPermissionDenied, "not a session you may complete", "id"));
              on_store<quality::CoachingSession>(
                  rt_,
                  [this, id, notes = std::move(notes)](storage::SqlDriver& db) -> Result<quality::CoachingSession> {
                    quality::QualityRepository repo(db);
                    if (auto r = repo.complete_coaching(id, notes, rt_.clock.now_ms()); !r) return std::unexpected(r.error());
                    auto s = repo.get_coaching(id);
                    if (!s || !*s) return make_error(ErrorCode::kInternal, "the session is gone", "id");
                    return std::move(**s);
                  },
                  std::move(reply));
            });
      });
}

}  // namespace switchyard::app
