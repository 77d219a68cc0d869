#pragma once
// Module "quality" (docs/quality.md, "Storage"): what quality management keeps.
//  - quality_scorecards: every version of every scorecard (its JSON, quality_json.h);
//  - quality_evaluations: evaluations, self-assessments, peer reviews and calibration scorings,
//    each on one scorecard version, with the agent's acknowledgement or dispute and its review;
//  - quality_calibrations: calibration sessions and their agreed reference;
//  - quality_library: contacts tagged as exemplary or as a mistake, for training;
//  - quality_coaching: coaching sessions with goals and a follow-up date;
//  - quality_settings: named settings, e.g. the targeted-sampling plan (version 2).
//
// The store checks what it can check atomically: each state change is one conditional UPDATE
// (e.g. "... WHERE id = $1 AND status = 'submitted'"), and when it changes no row the error says
// why (kNotFound naming "id", or kIllegalState naming "status"). Who may do what (roles, team
// scope) and the scores themselves (score.h) are the caller's: the store keeps the score it is
// given. To commit a change together with something else (a notification, an audit entry),
// call these methods inside SqlDriver::in_transaction.
//
// Scores are percents 0..100 kept to 1e-6 (stored as integer micro-percent: the drivers carry
// no floating-point values); nullopt = no score (every item N/A).
//
// Threading: one connection, one thread at a time.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/types.h"
#include "quality/score.h"
#include "quality/scorecard.h"
#include "storage/migrate.h"
#include "storage/sql_driver.h"

namespace switchyard::quality {

enum class EvaluationKind : uint8_t { kEvaluation, kSelf, kPeer, kCalibration };
enum class EvaluationStatus : uint8_t { kDraft, kSubmitted, kAcknowledged, kDisputed, kResolved };
enum class Resolution : uint8_t { kNone, kUpheld, kAmended };
enum class LibraryKind : uint8_t { kExemplary, kMistake };

std::string_view to_string(EvaluationKind k);    // "evaluation", "self", "peer", "calibration"
std::string_view to_string(EvaluationStatus s);  // "draft", "submitted", "acknowledged", ...
std::string_view to_string(Resolution r);        // "", "upheld", "amended"
std::string_view to_string(LibraryKind k);       // "exemplary", "mistake"
std::optional<EvaluationKind> evaluation_kind_from_string(std::string_view s);
std::optional<EvaluationStatus> evaluation_status_from_string(std::string_view s);
std::optional<Resolution> resolution_from_string(std::string_view s);
std::optional<LibraryKind> library_kind_from_string(std::string_view s);

// One version of a scorecard as stored; card.id and card.version are the row's.
struct StoredScorecard {
  Scorecard card;
  std::string created_by;  // user name
  int64_t created_ms = 0;
  std::optional<int64_t> retired_ms;  // the scorecard's (same on every version)
};

struct Evaluation {
  int64_t id = 0;  // assigned by the store, increasing
  core::ContactId contact_id = core::kNoContact;
  std::string agent;  // agent name
  std::string team;   // the agent's team at the time ("" = none), for team-lead scope
  std::string queue;
  std::string channel;
  int64_t scorecard_id = 0;
  int scorecard_version = 0;
  std::string evaluator;  // user name
  EvaluationKind kind = EvaluationKind::kEvaluation;
  std::optional<int64_t> calibration_session;  // set exactly when kind is kCalibration
  std::vector<Answer> answers;
  std::optional<double> score;  // 0..100; nullopt when every item is N/A
  bool failed = false;          // a critical item failed
  EvaluationStatus status = EvaluationStatus::kDraft;
  int64_t created_ms = 0;
  std::optional<int64_t> submitted_ms;
  std::string agent_comment;  // with the acknowledgement
  std::optional<int64_t> acknowledged_ms;
  std::optional<int64_t> disputed_ms;
  std::string dispute_reason;
  std::string reviewer;  // user name of who resolved the dispute
  Resolution resolution = Resolution::kNone;
  std::string resolution_reason;
  std::optional<int64_t> resolved_ms;
  std::optional<double> original_score;  // the score before an amending resolution
};

// The new answers of a dispute resolved as amended.
struct Amendment {
  std::vector<Answer> answers;
  std::optional<double> score;
  bool failed = false;
};

// What list_evaluations() and scores() select; each unset field matches everything.
// Every member has an initializer, so designated initializers may name just the fields they set.
struct EvaluationFilter {
  std::string agent{};
  std::string team{};
  std::string evaluator{};
  core::ContactId contact_id = core::kNoContact;
  std::optional<EvaluationStatus> status{};
  std::optional<EvaluationKind> kind{};
  int64_t scorecard_id = 0;
  // submitted_ms in [from_ms, to_ms) when either is not 0 (drafts are then left out).
  int64_t from_ms = 0;
  int64_t to_ms = 0;
  int64_t before_id = 0;  // id < before_id (0: no bound): the next page
  size_t limit = 100;
};

// One submitted evaluation's figures, for trend reports.
struct ScoreRow {
  int64_t evaluation_id = 0;
  std::string agent;
  std::string team;
  int64_t submitted_ms = 0;
  std::optional<double> score;
  bool failed = false;
  EvaluationKind kind = EvaluationKind::kEvaluation;
};

struct StoredCalibration {
  int64_t id = 0;
  core::ContactId contact_id = core::kNoContact;
  int64_t scorecard_id = 0;
  int scorecard_version = 0;
  std::string title;
  std::string created_by;
  int64_t created_ms = 0;
  std::vector<std::string> participants;  // evaluators' user names
  bool closed = false;                    // "open" / "closed"
  std::optional<std::vector<Answer>> reference_answers;  // set when closed
  std::optional<double> reference_score;
  std::optional<int64_t> closed_ms;
};

// One evaluator's submitted scoring in one closed session.
struct CalibrationDeviationRow {
  int64_t session = 0;
  int64_t evaluation_id = 0;
  std::string evaluator;
  std::optional<double> score;
  std::optional<double> reference_score;
  int64_t closed_ms = 0;
};

struct LibraryEntry {
  int64_t id = 0;
  core::ContactId contact_id = core::kNoContact;
  std::optional<int64_t> evaluation_id;
  LibraryKind kind = LibraryKind::kExemplary;
  std::vector<std::string> tags;  // each not empty, without commas
  std::string note;
  std::string added_by;
  int64_t added_ms = 0;
};

struct CoachingSession {
  int64_t id = 0;
  std::string agent;
  std::optional<int64_t> evaluation_id;
  std::string coach;  // user name
  std::string goals;
  std::string follow_up_date;  // "YYYY-MM-DD" or ""
  bool done = false;           // "open" / "done"
  std::string notes;
  int64_t created_ms = 0;
  std::optional<int64_t> done_ms;
};

class QualityRepository {
 public:
  explicit QualityRepository(storage::SqlDriver& db) : db_(db) {}
  static const storage::ModuleSchema& schema();  // module "quality"

  // Scorecards. create stores `card` (its id and version ignored) as version 1 of a new
  // scorecard and returns the new id (increasing). new_version stores it as the next version
  // of `scorecard_id` and returns that version: kNotFound ("scorecard_id") when unknown,
  // kIllegalState ("scorecard_id") when retired. get: version 0 = the latest. list: the latest
  // version of each, by id. retire: kNotFound when unknown, kIllegalState when retired already.
  Result<int64_t> create_scorecard(const Scorecard& card, std::string_view by, int64_t now_ms);
  Result<int> new_version(int64_t scorecard_id, const Scorecard& card, std::string_view by, int64_t now_ms);
  Result<std::optional<StoredScorecard>> get_scorecard(int64_t scorecard_id, int version = 0);
  Result<std::vector<StoredScorecard>> list_scorecards(bool include_retired);
  Result<void> retire_scorecard(int64_t scorecard_id, int64_t now_ms);

  // Evaluations. add stores a draft or a submitted one (submitted_ms defaults to created_ms) and
  // returns its id; kInvalidArgument for another status ("status") or a calibration_session
  // that does not go with the kind ("calibration_session"); kNotFound when the scorecard
  // version is unknown ("scorecard_version") or the session is ("calibration_session");
  // kIllegalState when that session is closed. The fields after the status are ignored.
  Result<int64_t> add_evaluation(const Evaluation& e);
  Result<std::optional<Evaluation>> get_evaluation(int64_t id);
  // The transitions (docs/quality.md "Storage"): draft -> submitted -> acknowledged, or
  // submitted -> disputed -> resolved (upheld, or amended with new answers).
  Result<void> update_draft(int64_t id, const std::vector<Answer>& answers, std::optional<double> score,
                            bool failed);
  Result<void> submit(int64_t id, int64_t now_ms);
  Result<void> acknowledge(int64_t id, std::string_view comment, int64_t now_ms);
  Result<void> dispute(int64_t id, std::string_view reason, int64_t now_ms);
  // `amendment` must be set exactly when `resolution` is kAmended (kInvalidArgument
  // "amendment"); an amendment keeps the score it replaces in original_score.
  Result<void> resolve(int64_t id, std::string_view reviewer, Resolution resolution, std::string_view reason,
                       const std::optional<Amendment>& amendment, int64_t now_ms);
  Result<std::vector<Evaluation>> list_evaluations(const EvaluationFilter& filter);
  // Every evaluation of a contact, oldest first.
  Result<std::vector<Evaluation>> for_contact(core::ContactId contact_id);
  // Figures of the evaluations `filter` selects that are submitted (any later status too),
  // oldest submission first; filter.before_id and filter.status are ignored.
  Result<std::vector<ScoreRow>> scores(const EvaluationFilter& filter);

  // Calibration sessions. create: an open session (id, closed and the reference ignored).
  // close: kIllegalState ("status") when closed already.
  Result<int64_t> create_calibration(const StoredCalibration& c);
  Result<std::optional<StoredCalibration>> get_calibration(int64_t id);
  // Newest first; status "open", "closed" or "" (all).
  Result<std::vector<StoredCalibration>> list_calibrations(std::string_view status);
  Result<void> close_calibration(int64_t id, const std::vector<Answer>& reference_answers,
                                 std::optional<double> reference_score, int64_t now_ms);
  // Per closed session and evaluator ("" = every evaluator), the submitted calibration
  // scorings against the reference, oldest session first.
  Result<std::vector<CalibrationDeviationRow>> calibration_deviations(std::string_view evaluator);

  // The exemplary library. search: case-insensitive substring of the note or the tags (text ""
  // = any), of a kind (nullopt = both), carrying a tag (exact, case-insensitive; "" = any),
  // newest first. Case folding is ASCII on SQLite, full Unicode on PostgreSQL.
  Result<int64_t> add_to_library(const LibraryEntry& entry);
  Result<void> remove_from_library(int64_t id);
  Result<std::optional<LibraryEntry>> get_library_entry(int64_t id);
  Result<std::vector<LibraryEntry>> search_library(std::string_view text, std::optional<LibraryKind> kind,
                                                   std::string_view tag, size_t limit);

  // Coaching. add: an open session (done and done_ms ignored). list: the agent's ("" = all),
  // newest first. complete: kIllegalState ("status") when done already.
  Result<int64_t> add_coaching(const CoachingSession& c);
  Result<std::optional<CoachingSession>> get_coaching(int64_t id);
  Result<std::vector<CoachingSession>> list_coaching(std::string_view agent);
  Result<void> complete_coaching(int64_t id, std::string_view notes, int64_t now_ms);

  // Named settings (table quality_settings): the body as stored (the caller's JSON), nullopt
  // when never set; put replaces it.
  Result<std::optional<std::string>> setting(std::string_view name);
  Result<void> put_setting(std::string_view name, std::string_view body, std::string_view by, int64_t now_ms);

 private:
  // Why a change of a scorecard changed nothing: unknown (kNotFound) or retired (kIllegalState).
  std::unexpected<Error> scorecard_refusal(int64_t scorecard_id, std::string_view when_retired);

  storage::SqlDriver& db_;
};

}  // namespace switchyard::quality
