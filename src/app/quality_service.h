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
#include "quality/calibration.h"
#include "quality/quality_store.h"

namespace switchyard::app {

struct EvaluateInput {
  core::ContactId contact = core::kNoContact;
  int64_t scorecard_id = 0;  // its current version is used
  std::vector<quality::Answer> answers;
  bool submit = true;  // false: a draft (the agent sees it once submitted)
  // kEvaluation (kEvaluate), kSelf (the contact's own agent) or kPeer (an agent of the same
  // team, not the contact's). Self and peer reviews are compared with the evaluator's score;
  // nobody is told of them and they are neither acknowledged nor disputed.
  quality::EvaluationKind kind = quality::EvaluationKind::kEvaluation;
};

// A contact's evaluations side by side: the latest submitted of each kind (docs/api.md "Quality").
struct ContactReview {
  std::vector<quality::Evaluation> evaluations;  // those the caller may read, oldest first
  std::optional<quality::Evaluation> evaluation, self, peer;
};

struct NewCalibration {
  core::ContactId contact = core::kNoContact;
  int64_t scorecard_id = 0;  // its current version is scored
  std::string title;
  std::vector<std::string> participants;  // user names who may evaluate; 1..kMaxParticipants
};

// One calibration session as a caller sees it. Blind: while it is open a participant sees only
// their own scoring and no spread; a manager who does not take part sees every scoring and the
// spread; once closed, everyone who may see the session sees everything.
struct CalibrationView {
  quality::StoredCalibration session;
  std::vector<std::string> scored;  // participants who have scored, in order of scoring
  std::vector<quality::Evaluation> scorings;  // the visible ones, in order of scoring
  std::optional<quality::Calibration> figures;  // of the visible scorings (and the reference)
};

// One evaluator's calibration record: per closed session, and aggregated.
struct CalibrationHistoryRow {
  int64_t session = 0;
  int64_t closed_ms = 0;
  std::optional<double> score, reference_score, deviation_pp;
  int items_differing = 0;
};
struct CalibrationReportRow {
  quality::EvaluatorReport figures;
  std::vector<CalibrationHistoryRow> history;  // oldest session first
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
  // Every evaluation of `contact` the caller may read and the latest of each kind.
  void review_of_contact(const Caller& c, core::ContactId contact, Reply<ContactReview> reply);

  // Calibration (quality_calibration.cc). create: kManageQuality; the contact ended, the
  // scorecard applies to it, every participant a user whose role evaluates (kEvaluate).
  static constexpr size_t kMaxParticipants = 20;
  void create_calibration(const Caller& c, NewCalibration in, Reply<CalibrationView> reply);
  // Managers (kManageQuality) see every session; others those they take part in. Newest first;
  // status "open", "closed" or "" (all).
  void list_calibrations(const Caller& c, std::string status, Reply<std::vector<CalibrationView>> reply);
  void get_calibration(const Caller& c, int64_t id, Reply<CalibrationView> reply);
  // A participant's one scoring of an open session (kIllegalState "status" when closed,
  // kAlreadyExists "evaluator" when scored already).
  void score_calibration(const Caller& c, int64_t id, std::vector<quality::Answer> answers, Reply<CalibrationView> reply);
  // kManageQuality: the agreed reference answers close the session (at least one scoring).
  void close_calibration(const Caller& c, int64_t id, std::vector<quality::Answer> reference, Reply<CalibrationView> reply);
  // Per evaluator ("" = all; an evaluator who does not manage quality gets only their own),
  // the deviations from the reference over the sessions closed in [from_ms, to_ms) (0 = open).
  void calibration_report(const Caller& c, std::string evaluator, int64_t from_ms, int64_t to_ms,
                          Reply<std::vector<CalibrationReportRow>> reply);

  // The library (quality_calibration.cc): kReadEvaluations searches; kEvaluate adds an ended
  // contact in its scope; who added an entry, or a quality manager, removes it.
  void search_library(const Caller& c, std::string text, std::optional<quality::LibraryKind> kind, std::string tag,
                      size_t limit, Reply<std::vector<quality::LibraryEntry>> reply);
  void add_to_library(const Caller& c, quality::LibraryEntry entry, Reply<quality::LibraryEntry> reply);
  void remove_from_library(const Caller& c, int64_t id, Reply<void> reply);

  // Coaching: kEvaluate opens a session for an agent in its scope (a lead its team's), told to
  // the agent (`quality.coaching`); kReadEvaluations lists them in scope; the coach, a quality
  // manager or the agent's lead completes one.
  void list_coaching(const Caller& c, std::string agent, Reply<std::vector<quality::CoachingSession>> reply);
  void add_coaching(const Caller& c, quality::CoachingSession in, Reply<quality::CoachingSession> reply);
  void complete_coaching(const Caller& c, int64_t id, std::string notes, Reply<quality::CoachingSession> reply);

 private:
  // The caller's own agent and team by name (what evaluations are kept by).
  struct Scope {
    std::string agent, team;
  };
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

  // The ended contact `id` as history keeps it, with its agent's team now. `as` reads it in its
  // own scope; nullopt reads any contact (for a peer review or a calibration, whose rules
  // the caller checks).
  struct EndedContact {
    history::ContactRecord record;
    core::TeamId team = core::kNoId;
  };
  void ended_contact(const std::optional<Caller>& as, core::ContactId id, Reply<EndedContact> reply);
  // The catalog's name of `id` ("" when unknown or kNoId).
  std::string name_of(Kind k, uint32_t id) const;
  Result<CalibrationView> calibration_view(storage::SqlDriver& db, const Caller& c, int64_t id);
  // The agent names of team `team` (engine state), for a lead's scope.
  void team_agents(core::TeamId team, Reply<std::vector<std::string>> reply);

  Runtime& rt_;
  ContactService& contacts_;
  std::function<void(std::span<const int64_t>)> notify_;
};

}  // namespace switchyard::app
