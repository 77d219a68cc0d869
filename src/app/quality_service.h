#pragma once
// Quality management over module "quality" (docs/quality.md, "Server"):
// scorecards (versioned), evaluations of ended contacts, the agent's
// acknowledgement or dispute and the dispute's review.
//
// Permissions (auth/roles.h): kManageQuality (quality, admin) creates, edits
// (a new version) and retires scorecards; kEvaluate (quality, admin; team
// leads for their team's contacts) scores contacts and resolves disputes;
// kReadEvaluations reads scorecards and evaluations: agents their own, team
// leads their team's, quality and admin all. Only the evaluated agent
// acknowledges or disputes; nobody resolves a dispute of their own scoring
// (admin excepted).
//
// Who is told (module notify, in the transaction of the change; docs/api.md
// "Notifications"): a submitted evaluation its agent (`quality.evaluated`),
// a dispute the evaluator and the agent's team leads (`quality.disputed`),
// a resolution the agent (`quality.resolved`); never the one who acted.
//
// Threading: every method from any thread; replies on store workers.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "app/caller.h"
#include "app/contact_service.h"
#include "app/runtime.h"
#include "quality/quality_store.h"

namespace switchyard::app {

struct EvaluateInput {
  core::ContactId contact = core::kNoContact;
  int64_t scorecard_id = 0;  // its current version is used
  std::vector<quality::Answer> answers;
  bool submit = true;  // false: a draft (the agent sees it once submitted)
};

class QualityService {
 public:
  QualityService(Runtime& rt, ContactService& contacts) : rt_(rt), contacts_(contacts) {}
  // Called after a commit that stored notifications for `users`.
  void on_notify(std::function<void(std::span<const int64_t>)> f) { notify_ = std::move(f); }

  // Scorecards. list: the current version of each; get: version 0 = current.
  void list_scorecards(const Caller& c, bool include_retired, Reply<std::vector<quality::StoredScorecard>> reply);
  void get_scorecard(const Caller& c, int64_t id, int version, Reply<quality::StoredScorecard> reply);
  // The card is validated (errors name its path); its id and version are the store's.
  void create_scorecard(const Caller& c, quality::Scorecard card, Reply<quality::StoredScorecard> reply);
  void edit_scorecard(const Caller& c, int64_t id, quality::Scorecard card, Reply<quality::StoredScorecard> reply);
  void retire_scorecard(const Caller& c, int64_t id, Reply<quality::StoredScorecard> reply);

  // Scores an ended contact in the caller's scope on the scorecard's current
  // version (it must apply to the contact's channel and queue). Errors:
  // kIllegalState "contact" while the contact is live; kInvalidArgument
  // "scorecard_id" when it does not apply; the answers' errors by path.
  void evaluate(const Caller& c, EvaluateInput in, Reply<quality::Evaluation> reply);
  // A draft of the caller's: new answers, and submitted when `submit`.
  void update_draft(const Caller& c, int64_t id, std::vector<quality::Answer> answers, bool submit,
                    Reply<quality::Evaluation> reply);
  void get(const Caller& c, int64_t id, Reply<quality::Evaluation> reply);
  // Narrowed to the caller's scope (an agent's own; a lead's team; drafts
  // only the evaluator's own).
  void list(const Caller& c, quality::EvaluationFilter filter, Reply<std::vector<quality::Evaluation>> reply);
  void acknowledge(const Caller& c, int64_t id, std::string comment, Reply<quality::Evaluation> reply);
  void dispute(const Caller& c, int64_t id, std::string reason, Reply<quality::Evaluation> reply);
  // `answers` exactly when amended (then scored again on the evaluation's version).
  void resolve(const Caller& c, int64_t id, quality::Resolution resolution, std::string reason,
               std::optional<std::vector<quality::Answer>> answers, Reply<quality::Evaluation> reply);

 private:
  struct Scope;
  Scope scope_of(const Caller& c) const;
  // The evaluation `id` if `c` may read it (kNotFound otherwise, never a hint it exists).
  Result<quality::Evaluation> readable(storage::SqlDriver& db, const Caller& c, const Scope& s, int64_t id);
  void notify(std::vector<int64_t> users);
  struct ScorecardWritten {
    int64_t id = 0;
    int version = 0;  // 0: the current one
    std::string detail;
  };
  using ScorecardWrite =
      std::function<Result<ScorecardWritten>(quality::QualityRepository& repo, const std::string& who, int64_t now)>;
  void change_scorecard(const Caller& c, ScorecardWrite write, Reply<quality::StoredScorecard> reply);
  // The change of a readable evaluation, in one transaction with the
  // notifications it stores (`told`); answers the evaluation as stored after.
  using Change = std::function<Result<void>(storage::SqlDriver& db, const quality::Evaluation& e, int64_t now,
                                            std::vector<int64_t>& told)>;
  void transition(const Caller& c, int64_t id, Change change, Reply<quality::Evaluation> reply);

  Runtime& rt_;
  ContactService& contacts_;
  std::function<void(std::span<const int64_t>)> notify_;
};

}  // namespace switchyard::app
