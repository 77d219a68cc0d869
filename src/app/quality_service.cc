#include "app/quality_service.h"

#include <algorithm>

#include "app/notify_service.h"
#include "audit/audit_log.h"
#include "auth/account_repository.h"
#include "notify/notify_store.h"
#include "quality/score.h"

namespace switchyard::app {

namespace {

using auth::Permission;
using quality::Evaluation;
using quality::EvaluationStatus;

template <typename T>
Result<T> fail(const Error& e) {
  return std::unexpected(e);
}

// The evaluated agent's engine id, from its name (kNoId when it is gone).
core::AgentId agent_id(const Catalog& catalog, const std::string& name) {
  auto id = catalog.names()->id(Kind::kAgent, name);
  return id ? static_cast<core::AgentId>(*id) : core::kNoId;
}

std::string name_of(const Catalog& catalog, Kind k, uint32_t id) {
  const std::string* n = id == core::kNoId ? nullptr : catalog.names()->name(k, id);
  return n ? *n : std::string();
}

// Stores notification `kind` about `e` for each of `users` but the one who
// acted (`actor`, a user id), in the caller's transaction; `told` gets them.
Result<void> tell(storage::SqlDriver& db, const Result<std::vector<int64_t>>& users, int64_t actor, const std::string& by,
                  std::string_view kind, const Evaluation& e, int64_t now, std::vector<int64_t>& told) {
  if (!users) return std::unexpected(users.error());
  const std::string data = notify::encode_data({{"evaluation", e.id},
                                                {"contact", static_cast<int64_t>(e.contact_id)},
                                                {"agent", e.agent},
                                                {"status", std::string(quality::to_string(e.status))},
                                                {"by", by}});
  notify::NotifyRepository repo(db);
  for (int64_t u : *users) {
    if (u == actor || std::find(told.begin(), told.end(), u) != told.end()) continue;
    auto id = repo.add(notify::Notification{0, u, std::string(kind), data, "/quality?evaluation=" + std::to_string(e.id), now, {}});
    if (!id) return std::unexpected(id.error());
    told.push_back(u);
  }
  return {};
}

}  // namespace

std::string QualityService::name_of(Kind k, uint32_t id) const { return app::name_of(rt_.catalog, k, id); }

QualityService::Scope QualityService::scope_of(const Caller& c) const {
  return Scope{name_of(Kind::kAgent, c.agent), name_of(Kind::kTeam, c.team)};
}

Result<Evaluation> QualityService::readable(storage::SqlDriver& db, const Caller& c, const Scope& s, int64_t id) {
  auto e = quality::QualityRepository(db).get_evaluation(id);
  if (!e) return fail<Evaluation>(e.error());
  const auto none = make_error(ErrorCode::kNotFound, "no such evaluation", "id");
  if (!*e) return none;
  const Evaluation& ev = **e;
  // a draft is its evaluator's alone
  if (ev.status == EvaluationStatus::kDraft && ev.evaluator != c.name) return none;
  switch (c.scope(Permission::kReadEvaluations)) {
    case auth::Scope::kAll: return ev;
    case auth::Scope::kTeam:
      if ((!s.team.empty() && ev.team == s.team) || ev.evaluator == c.name) return ev;
      return none;
    case auth::Scope::kSelf:  // their own contacts', and the peer reviews they wrote
      if (!s.agent.empty() && ev.agent == s.agent && ev.kind != quality::EvaluationKind::kCalibration) return ev;
      if (ev.evaluator == c.name) return ev;
      return none;
    case auth::Scope::kNone: break;
  }
  return none;
}

void QualityService::notify(std::vector<int64_t> users) {
  if (notify_ && !users.empty()) notify_(users);
}

// ---- scorecards ---------------------------------------------------------------

void QualityService::list_scorecards(const Caller& c, bool include_retired,
                                     Reply<std::vector<quality::StoredScorecard>> reply) {
  if (auto ok = require(c, Permission::kReadEvaluations); !ok) return reply(std::unexpected(ok.error()));
  on_store<std::vector<quality::StoredScorecard>>(
      rt_, [include_retired](storage::SqlDriver& db) { return quality::QualityRepository(db).list_scorecards(include_retired); },
      std::move(reply));
}

void QualityService::get_scorecard(const Caller& c, int64_t id, int version, Reply<quality::StoredScorecard> reply) {
  if (auto ok = require(c, Permission::kReadEvaluations); !ok) return reply(std::unexpected(ok.error()));
  on_store<quality::StoredScorecard>(
      rt_,
      [id, version](storage::SqlDriver& db) -> Result<quality::StoredScorecard> {
        auto s = quality::QualityRepository(db).get_scorecard(id, version);
        if (!s) return fail<quality::StoredScorecard>(s.error());
        if (!*s) return make_error(ErrorCode::kNotFound, "no such scorecard (or version)", "id");
        return std::move(**s);
      },
      std::move(reply));
}

// A scorecard change in one transaction with its audit entry (`write`
// returns the id and version it wrote, 0 = the current one, and the audit
// detail); answers that version as stored.
void QualityService::change_scorecard(const Caller& c, ScorecardWrite write, Reply<quality::StoredScorecard> reply) {
  if (auto ok = require(c, Permission::kManageQuality); !ok) return reply(std::unexpected(ok.error()));
  on_store<quality::StoredScorecard>(
      rt_,
      [this, who = c.name, write = std::move(write)](storage::SqlDriver& db) -> Result<quality::StoredScorecard> {
        quality::QualityRepository repo(db);
        const int64_t now = rt_.clock.now_ms();
        ScorecardWritten w;
        auto tx = db.in_transaction([&]() -> Result<void> {
          auto done = write(repo, who, now);
          if (!done) return std::unexpected(done.error());
          w = *done;
          auto a = audit::AuditLog(db).append(
              {0, now, who, "quality.scorecard", "scorecard:" + std::to_string(w.id), w.detail, 0});
          if (!a) return std::unexpected(a.error());
          return {};
        });
        if (!tx) return fail<quality::StoredScorecard>(tx.error());
        auto s = repo.get_scorecard(w.id, w.version);
        if (!s || !*s) return make_error(ErrorCode::kInternal, "the scorecard just written is gone", "id");
        return std::move(**s);
      },
      std::move(reply));
}

void QualityService::create_scorecard(const Caller& c, quality::Scorecard card, Reply<quality::StoredScorecard> reply) {
  card.id = 0;
  card.version = 1;
  if (auto v = quality::validate(card); !v) return reply(std::unexpected(v.error()));
  change_scorecard(
      c,
      [card = std::move(card)](quality::QualityRepository& repo, const std::string& who, int64_t now) -> Result<ScorecardWritten> {
        auto id = repo.create_scorecard(card, who, now);
        if (!id) return std::unexpected(id.error());
        return ScorecardWritten{*id, 1, card.name};
      },
      std::move(reply));
}

void QualityService::edit_scorecard(const Caller& c, int64_t id, quality::Scorecard card,
                                    Reply<quality::StoredScorecard> reply) {
  card.id = id;
  card.version = 1;  // the store sets the next one; 1 passes validation
  if (auto v = quality::validate(card); !v) return reply(std::unexpected(v.error()));
  change_scorecard(
      c,
      [id, card = std::move(card)](quality::QualityRepository& repo, const std::string& who, int64_t now) -> Result<ScorecardWritten> {
        auto version = repo.new_version(id, card, who, now);
        if (!version) return std::unexpected(version.error());
        return ScorecardWritten{id, *version, "version " + std::to_string(*version)};
      },
      std::move(reply));
}

void QualityService::retire_scorecard(const Caller& c, int64_t id, Reply<quality::StoredScorecard> reply) {
  change_scorecard(
      c,
      [id](quality::QualityRepository& repo, const std::string&, int64_t now) -> Result<ScorecardWritten> {
        if (auto r = repo.retire_scorecard(id, now); !r) return std::unexpected(r.error());
        return ScorecardWritten{id, 0, "retired"};
      },
      std::move(reply));
}

// ---- evaluations ---------------------------------------------------------------

void QualityService::ended_contact(const std::optional<Caller>& as, core::ContactId id, Reply<EndedContact> reply) {
  // nullopt: any contact (the caller's own rules decide); read as a service of the server
  Caller reader;
  if (as) {
    reader = *as;
  } else {
    reader.name = "quality-service";
    reader.role = auth::Role::kAdmin;
  }
  contacts_.get(reader, id, [this, reply = std::move(reply)](Result<ContactInfo> info) mutable {
    if (!info) return reply(std::unexpected(info.error()));
    if (!info->record || !info->record->ended_ms)
      return reply(make_error(ErrorCode::kIllegalState, "the contact is not over yet", "contact"));
    if (info->record->agent == core::kNoId)
      return reply(make_error(ErrorCode::kIllegalState, "no agent handled this contact", "contact"));
    // the agent's team now (engine state), kept with an evaluation for team scope
    on_engine<EndedContact>(
        rt_,
        [rec = *info->record](server::TaskContext& ctx) -> Result<EndedContact> {
          const core::AgentConfig* cfg = ctx.engine.agent_config(rec.agent);
          return EndedContact{rec, cfg ? cfg->team : core::kNoId};
        },
        std::move(reply));
  });
}

void QualityService::evaluate(const Caller& c, EvaluateInput in, Reply<Evaluation> reply) {
  using EK = quality::EvaluationKind;
  if (in.kind == EK::kCalibration)
    return reply(make_error(ErrorCode::kInvalidArgument, "evaluation, self or peer (calibrations score their session)", "kind"));
  if (in.kind == EK::kEvaluation) {
    if (auto ok = require(c, Permission::kEvaluate); !ok) return reply(std::unexpected(ok.error()));
  } else {
    if (auto ok = require(c, Permission::kReadEvaluations); !ok) return reply(std::unexpected(ok.error()));
    if (c.agent == core::kNoId)
      return reply(make_error(ErrorCode::kPermissionDenied, "self and peer reviews are an agent's", "kind"));
    if (!in.submit) return reply(make_error(ErrorCode::kInvalidArgument, "self and peer reviews are submitted at once", "submit"));
  }
  if (in.contact == core::kNoContact) return reply(make_error(ErrorCode::kInvalidArgument, "a contact id", "contact"));
  // an evaluator or a self-assessing agent reads the contact in its own scope; a peer any
  // contact of its team (checked below, refused as unknown otherwise)
  const std::optional<Caller> as = in.kind == EK::kPeer ? std::nullopt : std::optional<Caller>(c);
  ended_contact(as, in.contact, [this, c, in = std::move(in), reply](Result<EndedContact> got) mutable {
    if (!got) {
      if (in.kind == EK::kPeer && got.error().code == ErrorCode::kNotFound) return reply(make_error(ErrorCode::kNotFound, "no such contact", "contact"));
      return reply(std::unexpected(got.error()));
    }
    const history::ContactRecord& rec = got->record;
    if (in.kind == EK::kSelf && rec.agent != c.agent)
      return reply(make_error(ErrorCode::kPermissionDenied, "a self-assessment is of your own contact", "contact"));
    if (in.kind == EK::kPeer && (rec.agent == c.agent || got->team == core::kNoId || got->team != c.team))
      return reply(make_error(ErrorCode::kNotFound, "no such contact", "contact"));  // never a hint of another team's contacts
    Evaluation e;
    e.contact_id = rec.id;
    e.agent = name_of(Kind::kAgent, rec.agent);
    e.team = name_of(Kind::kTeam, got->team);
    e.queue = name_of(Kind::kQueue, rec.queue);
    e.channel = std::string(core::to_string(rec.channel));
    e.scorecard_id = in.scorecard_id;
    e.evaluator = c.name;
    e.kind = in.kind;
    e.answers = std::move(in.answers);
    on_store<Evaluation>(
        rt_,
        [this, e = std::move(e), submit = in.submit, channel = rec.channel, agent = rec.agent,
         who = c.user_id](storage::SqlDriver& db) mutable -> Result<Evaluation> {
          quality::QualityRepository repo(db);
          auto card = repo.get_scorecard(e.scorecard_id, 0);
          if (!card) return fail<Evaluation>(card.error());
          if (!*card) return make_error(ErrorCode::kNotFound, "no such scorecard", "scorecard_id");
          if ((*card)->retired_ms) return make_error(ErrorCode::kIllegalState, "the scorecard is retired", "scorecard_id");
          if (!quality::applies((*card)->card.applies_to, quality::ContactKind{channel, e.queue, quality::Direction::kInbound}))
            return make_error(ErrorCode::kInvalidArgument, "the scorecard is not for this contact's channel or queue",
                              "scorecard_id");
          auto scored = quality::score((*card)->card, e.answers);
          if (!scored) return fail<Evaluation>(scored.error());
          e.scorecard_version = (*card)->card.version;
          e.score = scored->percent;
          e.failed = scored->failed;
          e.status = submit ? EvaluationStatus::kSubmitted : EvaluationStatus::kDraft;
          e.created_ms = rt_.clock.now_ms();
          std::vector<int64_t> told;
          auto tx = db.in_transaction([&]() -> Result<void> {
            auto id = repo.add_evaluation(e);
            if (!id) return std::unexpected(id.error());
            e.id = *id;
            // only an evaluator's scoring is told to the agent (self and peer reviews are not)
            if (!submit || e.kind != quality::EvaluationKind::kEvaluation) return {};
            return tell(db, users_of_agent(db, agent), who, e.evaluator, "quality.evaluated", e, e.created_ms, told);
          });
          if (!tx) return fail<Evaluation>(tx.error());
          notify(std::move(told));
          auto stored = repo.get_evaluation(e.id);
          if (!stored || !*stored) return make_error(ErrorCode::kInternal, "the evaluation just stored is gone", "id");
          return std::move(**stored);
        },
        std::move(reply));
  });
}

void QualityService::review_of_contact(const Caller& c, core::ContactId contact, Reply<ContactReview> reply) {
  list(c, quality::EvaluationFilter{.contact_id = contact, .limit = 500},
       [reply = std::move(reply)](Result<std::vector<Evaluation>> all) {
         if (!all) return reply(std::unexpected(all.error()));
         ContactReview r;
         r.evaluations.assign(all->rbegin(), all->rend());  // the list is newest first
         for (const Evaluation& e : r.evaluations) {
           if (e.status == EvaluationStatus::kDraft) continue;
           switch (e.kind) {  // the latest of each kind wins
             case quality::EvaluationKind::kEvaluation: r.evaluation = e; break;
             case quality::EvaluationKind::kSelf: r.self = e; break;
             case quality::EvaluationKind::kPeer: r.peer = e; break;
             case quality::EvaluationKind::kCalibration: break;
           }
         }
         reply(std::move(r));
       });
}

void QualityService::transition(const Caller& c, int64_t id, Change change, Reply<Evaluation> reply) {
  on_store<Evaluation>(
      rt_,
      [this, c, id, scope = scope_of(c), change = std::move(change)](storage::SqlDriver& db) -> Result<Evaluation> {
        auto e = readable(db, c, scope, id);
        if (!e) return e;
        std::vector<int64_t> told;
        auto tx = db.in_transaction([&]() -> Result<void> { return change(db, *e, rt_.clock.now_ms(), told); });
        if (!tx) return fail<Evaluation>(tx.error());
        notify(std::move(told));
        auto after = quality::QualityRepository(db).get_evaluation(id);
        if (!after || !*after) return make_error(ErrorCode::kInternal, "the evaluation is gone", "id");
        return std::move(**after);
      },
      std::move(reply));
}

void QualityService::update_draft(const Caller& c, int64_t id, std::vector<quality::Answer> answers, bool submit,
                                  Reply<Evaluation> reply) {
  if (auto ok = require(c, Permission::kEvaluate); !ok) return reply(std::unexpected(ok.error()));
  transition(
      c, id,
      [this, who = c.user_id, answers = std::move(answers), submit](storage::SqlDriver& db, const Evaluation& e, int64_t now,
                                                                    std::vector<int64_t>& told) -> Result<void> {
        if (e.status != EvaluationStatus::kDraft || e.evaluator.empty())
          return make_error(ErrorCode::kIllegalState, "only a draft can be changed", "status");
        quality::QualityRepository repo(db);
        auto card = repo.get_scorecard(e.scorecard_id, e.scorecard_version);
        if (!card) return std::unexpected(card.error());
        if (!*card) return make_error(ErrorCode::kNotFound, "its scorecard version is gone", "scorecard_id");
        auto scored = quality::score((*card)->card, answers);
        if (!scored) return std::unexpected(scored.error());
        if (auto r = repo.update_draft(e.id, answers, scored->percent, scored->failed); !r) return r;
        if (!submit) return {};
        if (auto r = repo.submit(e.id, now); !r) return r;
        Evaluation sent = e;
        sent.status = EvaluationStatus::kSubmitted;
        return tell(db, users_of_agent(db, agent_id(rt_.catalog, e.agent)), who, e.evaluator, "quality.evaluated", sent,
                    now, told);
      },
      std::move(reply));
}

void QualityService::get(const Caller& c, int64_t id, Reply<Evaluation> reply) {
  if (auto ok = require(c, Permission::kReadEvaluations); !ok) return reply(std::unexpected(ok.error()));
  on_store<Evaluation>(
      rt_, [this, c, id, scope = scope_of(c)](storage::SqlDriver& db) { return readable(db, c, scope, id); },
      std::move(reply));
}

void QualityService::list(const Caller& c, quality::EvaluationFilter filter, Reply<std::vector<Evaluation>> reply) {
  if (auto ok = require(c, Permission::kReadEvaluations); !ok) return reply(std::unexpected(ok.error()));
  if (filter.limit < 1 || filter.limit > 500) return reply(make_error(ErrorCode::kInvalidArgument, "1..500", "limit"));
  const Scope s = scope_of(c);
  const auto nothing = [&] { reply(std::vector<Evaluation>{}); };
  switch (c.scope(Permission::kReadEvaluations)) {
    case auth::Scope::kAll: break;
    case auth::Scope::kTeam:
      if (s.team.empty() || (!filter.team.empty() && filter.team != s.team)) return nothing();
      filter.team = s.team;
      break;
    case auth::Scope::kSelf:
      if (s.agent.empty() || (!filter.agent.empty() && filter.agent != s.agent)) return nothing();
      filter.agent = s.agent;
      break;
    case auth::Scope::kNone: return nothing();
  }
  on_store<std::vector<Evaluation>>(
      rt_,
      [c, filter](storage::SqlDriver& db) -> Result<std::vector<Evaluation>> {
        auto all = quality::QualityRepository(db).list_evaluations(filter);
        if (!all) return all;
        // drafts are their evaluator's; an agent does not see calibration scorings
        std::erase_if(*all, [&](const Evaluation& e) {
          return (e.status == EvaluationStatus::kDraft && e.evaluator != c.name) ||
                 (c.scope(Permission::kReadEvaluations) == auth::Scope::kSelf &&
                  e.kind == quality::EvaluationKind::kCalibration);
        });
        return all;
      },
      std::move(reply));
}

void QualityService::acknowledge(const Caller& c, int64_t id, std::string comment, Reply<Evaluation> reply) {
  if (auto ok = require(c, Permission::kReadEvaluations); !ok) return reply(std::unexpected(ok.error()));
  if (comment.size() > 2000) return reply(make_error(ErrorCode::kInvalidArgument, "at most 2,000 bytes", "comment"));
  transition(
      c, id,
      [this, c, comment = std::move(comment)](storage::SqlDriver& db, const Evaluation& e, int64_t now,
                                             std::vector<int64_t>&) -> Result<void> {
        if (e.agent.empty() || e.agent != name_of(Kind::kAgent, c.agent))
          return make_error(ErrorCode::kPermissionDenied, "only the evaluated agent acknowledges", "id");
        if (e.kind != quality::EvaluationKind::kEvaluation)
          return make_error(ErrorCode::kIllegalState, "only an evaluator's scoring is answered", "kind");
        return quality::QualityRepository(db).acknowledge(e.id, comment, now);
      },
      std::move(reply));
}

void QualityService::dispute(const Caller& c, int64_t id, std::string reason, Reply<Evaluation> reply) {
  if (auto ok = require(c, Permission::kReadEvaluations); !ok) return reply(std::unexpected(ok.error()));
  if (reason.empty() || reason.size() > 2000)
    return reply(make_error(ErrorCode::kInvalidArgument, "a reason, at most 2,000 bytes", "reason"));
  transition(
      c, id,
      [this, c, reason = std::move(reason)](storage::SqlDriver& db, const Evaluation& e, int64_t now,
                                           std::vector<int64_t>& told) -> Result<void> {
        if (e.agent.empty() || e.agent != name_of(Kind::kAgent, c.agent))
          return make_error(ErrorCode::kPermissionDenied, "only the evaluated agent disputes", "id");
        if (e.kind != quality::EvaluationKind::kEvaluation)
          return make_error(ErrorCode::kIllegalState, "only an evaluator's scoring is answered", "kind");
        if (auto r = quality::QualityRepository(db).dispute(e.id, reason, now); !r) return r;
        // the evaluator and the agent's team leads review it
        Evaluation sent = e;
        sent.status = EvaluationStatus::kDisputed;
        auto evaluator = auth::AccountRepository(db).find_user_by_name(e.evaluator);
        if (!evaluator) return std::unexpected(evaluator.error());
        std::vector<int64_t> reviewers;
        if (*evaluator) reviewers.push_back((*evaluator)->id);
        if (auto team = rt_.catalog.names()->id(Kind::kTeam, e.team); team && !e.team.empty()) {
          auto leads = leads_of_team(db, static_cast<core::TeamId>(*team));
          if (!leads) return std::unexpected(leads.error());
          reviewers.insert(reviewers.end(), leads->begin(), leads->end());
        }
        return tell(db, reviewers, c.user_id, c.name, "quality.disputed", sent, now, told);
      },
      std::move(reply));
}

void QualityService::resolve(const Caller& c, int64_t id, quality::Resolution resolution, std::string reason,
                             std::optional<std::vector<quality::Answer>> answers, Reply<Evaluation> reply) {
  if (auto ok = require(c, Permission::kEvaluate); !ok) return reply(std::unexpected(ok.error()));
  if (resolution == quality::Resolution::kNone)
    return reply(make_error(ErrorCode::kInvalidArgument, "upheld or amended", "resolution"));
  if (reason.empty() || reason.size() > 2000)
    return reply(make_error(ErrorCode::kInvalidArgument, "a reason, at most 2,000 bytes", "reason"));
  if (answers.has_value() != (resolution == quality::Resolution::kAmended))
    return reply(make_error(ErrorCode::kInvalidArgument, "the new answers exactly when amended", "answers"));
  transition(
      c, id,
      [this, c, resolution, reason = std::move(reason), answers = std::move(answers)](
          storage::SqlDriver& db, const Evaluation& e, int64_t now, std::vector<int64_t>& told) -> Result<void> {
        if (e.evaluator == c.name && c.role != auth::Role::kAdmin)
          return make_error(ErrorCode::kPermissionDenied, "a dispute is reviewed by someone other than its evaluator", "id");
        // a lead resolves its team's disputes only (readable() let it read its own scorings too)
        if (c.scope(Permission::kEvaluate) == auth::Scope::kTeam && e.team != name_of(Kind::kTeam, c.team))
          return make_error(ErrorCode::kPermissionDenied, "not your team's evaluation", "id");
        quality::QualityRepository repo(db);
        std::optional<quality::Amendment> amendment;
        if (answers) {
          auto card = repo.get_scorecard(e.scorecard_id, e.scorecard_version);
          if (!card) return std::unexpected(card.error());
          if (!*card) return make_error(ErrorCode::kNotFound, "its scorecard version is gone", "scorecard_id");
          auto scored = quality::score((*card)->card, *answers);
          if (!scored) return std::unexpected(scored.error());
          amendment = quality::Amendment{*answers, scored->percent, scored->failed};
        }
        if (auto r = repo.resolve(e.id, c.name, resolution, reason, amendment, now); !r) return r;
        Evaluation sent = e;
        sent.status = EvaluationStatus::kResolved;
        return tell(db, users_of_agent(db, agent_id(rt_.catalog, e.agent)), c.user_id, c.name, "quality.resolved", sent,
                    now, told);
      },
      std::move(reply));
}

}  // namespace switchyard::app
