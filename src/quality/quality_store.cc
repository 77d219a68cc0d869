#include "quality/quality_store.h"

#include <boost/json.hpp>

#include <array>
#include <cmath>
#include <utility>

#include "quality/quality_json.h"
#include "quality/quality_store_sql.h"

namespace switchyard::quality {

namespace {

using storage::SqlValue;
using storage::Statement;
using namespace store_detail;
namespace json = boost::json;

// Scorecard ids are allocated by the store (MAX + 1), so that table has no identity column.
#define SY_QUALITY_TABLES(id_column)                                                 \
  "CREATE TABLE quality_scorecards (\n"                                              \
  "  scorecard_id BIGINT NOT NULL,\n"                                                \
  "  version BIGINT NOT NULL,\n"                                                     \
  "  name TEXT NOT NULL,\n"                                                          \
  "  body TEXT NOT NULL,\n"                                                          \
  "  created_ms BIGINT NOT NULL,\n"                                                  \
  "  created_by TEXT NOT NULL,\n"                                                    \
  "  retired_ms BIGINT,\n"                                                           \
  "  PRIMARY KEY (scorecard_id, version)\n"                                          \
  ");\n"                                                                             \
  "CREATE TABLE quality_evaluations (\n"                                             \
  "  id " id_column ",\n"                                                            \
  "  contact_id BIGINT NOT NULL,\n"                                                  \
  "  agent TEXT NOT NULL,\n"                                                         \
  "  team TEXT NOT NULL,\n"                                                          \
  "  queue TEXT NOT NULL,\n"                                                         \
  "  channel TEXT NOT NULL,\n"                                                       \
  "  scorecard_id BIGINT NOT NULL,\n"                                                \
  "  scorecard_version BIGINT NOT NULL,\n"                                           \
  "  evaluator TEXT NOT NULL,\n"                                                     \
  "  kind TEXT NOT NULL,\n"                                                          \
  "  calibration_session BIGINT,\n"                                                  \
  "  answers TEXT NOT NULL,\n"                                                       \
  "  score_micro BIGINT,\n"                                                          \
  "  failed BIGINT NOT NULL,\n"                                                      \
  "  status TEXT NOT NULL,\n"                                                        \
  "  created_ms BIGINT NOT NULL,\n"                                                  \
  "  submitted_ms BIGINT,\n"                                                         \
  "  agent_comment TEXT NOT NULL DEFAULT '',\n"                                      \
  "  acknowledged_ms BIGINT,\n"                                                      \
  "  disputed_ms BIGINT,\n"                                                          \
  "  dispute_reason TEXT NOT NULL DEFAULT '',\n"                                     \
  "  reviewer TEXT NOT NULL DEFAULT '',\n"                                           \
  "  resolution TEXT NOT NULL DEFAULT '',\n"                                         \
  "  resolution_reason TEXT NOT NULL DEFAULT '',\n"                                  \
  "  resolved_ms BIGINT,\n"                                                          \
  "  original_score_micro BIGINT\n"                                                  \
  ");\n"                                                                             \
  "CREATE INDEX quality_evaluations_agent ON quality_evaluations (agent, id);\n"     \
  "CREATE INDEX quality_evaluations_team ON quality_evaluations (team, id);\n"       \
  "CREATE INDEX quality_evaluations_evaluator ON quality_evaluations (evaluator, id);\n" \
  "CREATE INDEX quality_evaluations_contact ON quality_evaluations (contact_id, id);\n" \
  "CREATE INDEX quality_evaluations_card ON quality_evaluations (scorecard_id, scorecard_version);\n" \
  "CREATE INDEX quality_evaluations_submitted ON quality_evaluations (submitted_ms);\n" \
  "CREATE INDEX quality_evaluations_session ON quality_evaluations (calibration_session);\n" \
  "CREATE TABLE quality_calibrations (\n"                                            \
  "  id " id_column ",\n"                                                            \
  "  contact_id BIGINT NOT NULL,\n"                                                  \
  "  scorecard_id BIGINT NOT NULL,\n"                                                \
  "  scorecard_version BIGINT NOT NULL,\n"                                           \
  "  title TEXT NOT NULL,\n"                                                         \
  "  created_by TEXT NOT NULL,\n"                                                    \
  "  created_ms BIGINT NOT NULL,\n"                                                  \
  "  participants TEXT NOT NULL,\n"                                                  \
  "  status TEXT NOT NULL,\n"                                                        \
  "  reference_answers TEXT,\n"                                                      \
  "  reference_score_micro BIGINT,\n"                                                \
  "  closed_ms BIGINT\n"                                                             \
  ");\n"                                                                             \
  "CREATE INDEX quality_calibrations_status ON quality_calibrations (status, id);\n" \
  "CREATE TABLE quality_library (\n"                                                 \
  "  id " id_column ",\n"                                                            \
  "  contact_id BIGINT NOT NULL,\n"                                                  \
  "  evaluation_id BIGINT,\n"                                                        \
  "  kind TEXT NOT NULL,\n"                                                          \
  "  tags TEXT NOT NULL,\n"                                                          \
  "  note TEXT NOT NULL,\n"                                                          \
  "  added_by TEXT NOT NULL,\n"                                                      \
  "  added_ms BIGINT NOT NULL\n"                                                     \
  ");\n"                                                                             \
  "CREATE INDEX quality_library_contact ON quality_library (contact_id);\n"          \
  "CREATE TABLE quality_coaching (\n"                                                \
  "  id " id_column ",\n"                                                            \
  "  agent TEXT NOT NULL,\n"                                                         \
  "  evaluation_id BIGINT,\n"                                                        \
  "  coach TEXT NOT NULL,\n"                                                         \
  "  goals TEXT NOT NULL,\n"                                                         \
  "  follow_up_date TEXT NOT NULL,\n"                                                \
  "  status TEXT NOT NULL,\n"                                                        \
  "  notes TEXT NOT NULL,\n"                                                         \
  "  created_ms BIGINT NOT NULL,\n"                                                  \
  "  done_ms BIGINT\n"                                                               \
  ");\n"                                                                             \
  "CREATE INDEX quality_coaching_agent ON quality_coaching (agent, id);\n"

constexpr std::string_view kV1Sqlite = SY_QUALITY_TABLES("INTEGER PRIMARY KEY AUTOINCREMENT");
constexpr std::string_view kV1Postgres = SY_QUALITY_TABLES("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY");
#undef SY_QUALITY_TABLES

// Version 2: named settings (the targeted-sampling plan), each a JSON text the service reads.
constexpr std::string_view kV2 =
    "CREATE TABLE quality_settings (\n"
    "  name TEXT PRIMARY KEY,\n"
    "  body TEXT NOT NULL,\n"
    "  updated_by TEXT NOT NULL,\n"
    "  updated_ms BIGINT NOT NULL\n"
    ");\n";

constexpr std::array<storage::Migration, 2> kMigrations = {{
    {1, "scorecards, evaluations, calibrations, library and coaching", kV1Sqlite, kV1Postgres},
    {2, "settings", kV2, kV2},
}};
constexpr Statement kGetSetting{"SELECT body FROM quality_settings WHERE name = $1"};
constexpr Statement kPutSetting{
    "INSERT INTO quality_settings (name, body, updated_by, updated_ms) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (name) DO UPDATE SET body = excluded.body, updated_by = excluded.updated_by, "
    "updated_ms = excluded.updated_ms"};

// Parameters of INSERT ... SELECT are cast: PostgreSQL does not infer their type from the target.
constexpr Statement kCreateScorecard{
    "INSERT INTO quality_scorecards (scorecard_id, version, name, body, created_ms, created_by) "
    "SELECT COALESCE(MAX(scorecard_id), 0) + 1, 1, CAST($1 AS TEXT), CAST($2 AS TEXT), CAST($3 AS BIGINT), "
    "CAST($4 AS TEXT) FROM quality_scorecards RETURNING scorecard_id"};
constexpr Statement kNewVersion{
    "INSERT INTO quality_scorecards (scorecard_id, version, name, body, created_ms, created_by) "
    "SELECT scorecard_id, MAX(version) + 1, CAST($2 AS TEXT), CAST($3 AS TEXT), CAST($4 AS BIGINT), "
    "CAST($5 AS TEXT) FROM quality_scorecards WHERE scorecard_id = $1 GROUP BY scorecard_id "
    "HAVING COUNT(retired_ms) = 0 RETURNING version"};
#define SY_CARD_COLUMNS "scorecard_id, version, body, created_by, created_ms, retired_ms"
constexpr Statement kGetScorecard{
    "SELECT " SY_CARD_COLUMNS " FROM quality_scorecards WHERE scorecard_id = $1 AND ($2 = 0 OR version = $2) "
    "ORDER BY version DESC LIMIT 1"};
constexpr Statement kListScorecards{
    "SELECT " SY_CARD_COLUMNS " FROM quality_scorecards s WHERE version = (SELECT MAX(version) FROM "
    "quality_scorecards m WHERE m.scorecard_id = s.scorecard_id) AND ($1 = 1 OR retired_ms IS NULL) "
    "ORDER BY scorecard_id"};
#undef SY_CARD_COLUMNS
constexpr Statement kRetireScorecard{
    "UPDATE quality_scorecards SET retired_ms = $2 WHERE scorecard_id = $1 AND retired_ms IS NULL"};
constexpr Statement kScorecardState{
    "SELECT CASE WHEN COUNT(retired_ms) > 0 THEN 'retired' ELSE 'active' END FROM quality_scorecards "
    "WHERE scorecard_id = $1 GROUP BY scorecard_id"};
constexpr Statement kVersionExists{
    "SELECT COUNT(*) FROM quality_scorecards WHERE scorecard_id = $1 AND version = $2"};
constexpr Statement kSessionState{"SELECT status FROM quality_calibrations WHERE id = $1"};

constexpr Statement kAddEvaluation{
    "INSERT INTO quality_evaluations (contact_id, agent, team, queue, channel, scorecard_id, scorecard_version, "
    "evaluator, kind, calibration_session, answers, score_micro, failed, status, created_ms, submitted_ms) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id"};
#define SY_EVAL_COLUMNS                                                                                         \
  "SELECT id, contact_id, agent, team, queue, channel, scorecard_id, scorecard_version, evaluator, kind, "     \
  "calibration_session, answers, score_micro, failed, status, created_ms, submitted_ms, agent_comment, "      \
  "acknowledged_ms, disputed_ms, dispute_reason, reviewer, resolution, resolution_reason, resolved_ms, "      \
  "original_score_micro FROM quality_evaluations "
// The filter's fields, $1..$9 (EvaluationFilter; '' and 0 match everything).
#define SY_EVAL_FILTER                                                                                      \
  "($1 = '' OR agent = $1) AND ($2 = '' OR team = $2) AND ($3 = '' OR evaluator = $3) AND "                \
  "($4 = 0 OR contact_id = $4) AND ($5 = '' OR status = $5) AND ($6 = '' OR kind = $6) AND "               \
  "($7 = 0 OR scorecard_id = $7) AND ($8 = 0 OR submitted_ms >= $8) AND ($9 = 0 OR submitted_ms < $9)"
constexpr Statement kGetEvaluation{SY_EVAL_COLUMNS "WHERE id = $1"};
constexpr Statement kForContact{SY_EVAL_COLUMNS "WHERE contact_id = $1 ORDER BY id"};
constexpr Statement kListEvaluations{
    SY_EVAL_COLUMNS "WHERE " SY_EVAL_FILTER " AND ($10 = 0 OR id < $10) ORDER BY id DESC LIMIT $11"};
constexpr Statement kScores{
    "SELECT id, agent, team, submitted_ms, score_micro, failed, kind FROM quality_evaluations WHERE " SY_EVAL_FILTER
    " AND submitted_ms IS NOT NULL ORDER BY submitted_ms, id LIMIT $10"};
#undef SY_EVAL_FILTER
#undef SY_EVAL_COLUMNS
constexpr Statement kEvaluationStatus{"SELECT status FROM quality_evaluations WHERE id = $1"};
constexpr Statement kUpdateDraft{
    "UPDATE quality_evaluations SET answers = $2, score_micro = $3, failed = $4 WHERE id = $1 AND status = 'draft'"};
constexpr Statement kSubmit{
    "UPDATE quality_evaluations SET status = 'submitted', submitted_ms = $2 WHERE id = $1 AND status = 'draft'"};
constexpr Statement kAcknowledge{
    "UPDATE quality_evaluations SET status = 'acknowledged', agent_comment = $2, acknowledged_ms = $3 "
    "WHERE id = $1 AND status = 'submitted'"};
constexpr Statement kDispute{
    "UPDATE quality_evaluations SET status = 'disputed', dispute_reason = $2, disputed_ms = $3 "
    "WHERE id = $1 AND status = 'submitted'"};
constexpr Statement kUphold{
    "UPDATE quality_evaluations SET status = 'resolved', reviewer = $2, resolution = 'upheld', "
    "resolution_reason = $3, resolved_ms = $4 WHERE id = $1 AND status = 'disputed'"};
// SET reads the row as it was: original_score_micro gets the score being replaced.
constexpr Statement kAmend{
    "UPDATE quality_evaluations SET status = 'resolved', reviewer = $2, resolution = 'amended', "
    "resolution_reason = $3, resolved_ms = $4, original_score_micro = score_micro, answers = $5, "
    "score_micro = $6, failed = $7 WHERE id = $1 AND status = 'disputed'"};

template <typename E, size_t N>
std::optional<E> from_names(const std::array<std::string_view, N>& names, std::string_view s) {
  for (size_t i = 0; i < N; ++i)
    if (names[i] == s) return static_cast<E>(i);
  return std::nullopt;
}
constexpr std::array<std::string_view, 4> kKindNames = {"evaluation", "self", "peer", "calibration"};
constexpr std::array<std::string_view, 5> kStatusNames = {"draft", "submitted", "acknowledged", "disputed",
                                                          "resolved"};
constexpr std::array<std::string_view, 3> kResolutionNames = {"", "upheld", "amended"};
constexpr std::array<std::string_view, 2> kLibraryKindNames = {"exemplary", "mistake"};

// A row with its stored texts, decoded after the query (decoding can fail; a row reader cannot).
struct EvaluationRow {
  Evaluation e;
  std::string answers, kind, status, resolution;
};

EvaluationRow read_evaluation(const storage::RowReader& r) {
  EvaluationRow row;
  Evaluation& e = row.e;
  e.id = r.int64(0);
  e.contact_id = static_cast<core::ContactId>(r.int64(1));
  e.agent = r.text(2);
  e.team = r.text(3);
  e.queue = r.text(4);
  e.channel = r.text(5);
  e.scorecard_id = r.int64(6);
  e.scorecard_version = static_cast<int>(r.int64(7));
  e.evaluator = r.text(8);
  row.kind = r.text(9);
  e.calibration_session = storage::opt_col(r, 10);
  row.answers = r.text(11);
  e.score = score_col(r, 12);
  e.failed = r.int64(13) != 0;
  row.status = r.text(14);
  e.created_ms = r.int64(15);
  e.submitted_ms = storage::opt_col(r, 16);
  e.agent_comment = r.text(17);
  e.acknowledged_ms = storage::opt_col(r, 18);
  e.disputed_ms = storage::opt_col(r, 19);
  e.dispute_reason = r.text(20);
  e.reviewer = r.text(21);
  row.resolution = r.text(22);
  e.resolution_reason = r.text(23);
  e.resolved_ms = storage::opt_col(r, 24);
  e.original_score = score_col(r, 25);
  return row;
}

Result<Evaluation> decode(EvaluationRow row) {
  const std::string what = "evaluation " + std::to_string(row.e.id);
  auto answers = decode_answers(row.answers, what);
  if (!answers) return std::unexpected(answers.error());
  auto kind = evaluation_kind_from_string(row.kind);
  auto status = evaluation_status_from_string(row.status);
  auto resolution = resolution_from_string(row.resolution);
  if (!kind || !status || !resolution) return make_error(ErrorCode::kInternal, what + ": unknown kind or status");
  row.e.answers = std::move(*answers);
  row.e.kind = *kind;
  row.e.status = *status;
  row.e.resolution = *resolution;
  return std::move(row.e);
}

Result<std::vector<Evaluation>> query_evaluations(storage::SqlDriver& db, const Statement& s,
                                                  std::span<const SqlValue> params) {
  return query_decoded<Evaluation, EvaluationRow>(db, s, params, read_evaluation,
                                                  [](EvaluationRow row) { return decode(std::move(row)); });
}

struct ScorecardRow {
  StoredScorecard s;
  std::string body;
};

ScorecardRow read_scorecard(const storage::RowReader& r) {
  ScorecardRow row;
  row.s.card.id = r.int64(0);
  row.s.card.version = static_cast<int>(r.int64(1));
  row.body = r.text(2);
  row.s.created_by = r.text(3);
  row.s.created_ms = r.int64(4);
  row.s.retired_ms = storage::opt_col(r, 5);
  return row;
}

// The stored body read back; the row's id and version win over the body's.
Result<StoredScorecard> decode(ScorecardRow row) {
  const std::string what = "scorecard " + std::to_string(row.s.card.id);
  boost::system::error_code ec;
  json::value v = json::parse(row.body, ec);
  if (ec) return make_error(ErrorCode::kInternal, what + ": stored body is not JSON");
  auto card = scorecard_from_json(v);
  if (!card) return make_error(ErrorCode::kInternal, what + ": stored body: " + card.error().message);
  card->id = row.s.card.id;
  card->version = row.s.card.version;
  row.s.card = std::move(*card);
  return std::move(row.s);
}

std::string encode_card(const Scorecard& card) { return json::serialize(to_json(card)); }

// A stored score's range: a percent, finite.
Result<void> check_score(const std::optional<double>& score, std::string_view field) {
  if (score && !(std::isfinite(*score) && *score >= 0 && *score <= 100))
    return make_error(ErrorCode::kInvalidArgument, "a score is a percent 0..100", std::string(field));
  return {};
}

}  // namespace

std::string_view to_string(EvaluationKind k) { return kKindNames[static_cast<size_t>(k)]; }
std::string_view to_string(EvaluationStatus s) { return kStatusNames[static_cast<size_t>(s)]; }
std::string_view to_string(Resolution r) { return kResolutionNames[static_cast<size_t>(r)]; }
std::string_view to_string(LibraryKind k) { return kLibraryKindNames[static_cast<size_t>(k)]; }
std::optional<EvaluationKind> evaluation_kind_from_string(std::string_view s) {
  return from_names<EvaluationKind>(kKindNames, s);
}
std::optional<EvaluationStatus> evaluation_status_from_string(std::string_view s) {
  return from_names<EvaluationStatus>(kStatusNames, s);
}
std::optional<Resolution> resolution_from_string(std::string_view s) {
  return from_names<Resolution>(kResolutionNames, s);
}
std::optional<LibraryKind> library_kind_from_string(std::string_view s) {
  return from_names<LibraryKind>(kLibraryKindNames, s);
}

const storage::ModuleSchema& QualityRepository::schema() {
  static const storage::ModuleSchema kSchema{"quality", kMigrations};
  return kSchema;
}

// --- scorecards ---

std::unexpected<Error> QualityRepository::scorecard_refusal(int64_t scorecard_id, std::string_view when_retired) {
  const SqlValue id[] = {scorecard_id};
  auto state = query_text(db_, kScorecardState, id);
  if (!state) return std::unexpected(state.error());
  const std::string name = "scorecard " + std::to_string(scorecard_id);
  if (!*state) return make_error(ErrorCode::kNotFound, "no " + name, "scorecard_id");
  return make_error(ErrorCode::kIllegalState, name + ": " + std::string(when_retired), "scorecard_id");
}

Result<int64_t> QualityRepository::create_scorecard(const Scorecard& card, std::string_view by, int64_t now_ms) {
  const std::string body = encode_card(card);
  const SqlValue params[] = {std::string_view(card.name), std::string_view(body), now_ms, by};
  return storage::query_int(db_, kCreateScorecard, params);
}

Result<int> QualityRepository::new_version(int64_t scorecard_id, const Scorecard& card, std::string_view by,
                                           int64_t now_ms) {
  const std::string body = encode_card(card);
  const SqlValue params[] = {scorecard_id, std::string_view(card.name), std::string_view(body), now_ms, by};
  auto version = storage::query_int(db_, kNewVersion, params);
  if (!version) return std::unexpected(version.error());
  if (*version > 0) return static_cast<int>(*version);
  return scorecard_refusal(scorecard_id, "it is retired: it gets no new versions");
}

Result<std::optional<StoredScorecard>> QualityRepository::get_scorecard(int64_t scorecard_id, int version) {
  const SqlValue params[] = {scorecard_id, int64_t{version}};
  auto row = storage::query_one<ScorecardRow>(db_, kGetScorecard, params, read_scorecard);
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::nullopt;
  auto s = decode(std::move(**row));
  if (!s) return std::unexpected(s.error());
  return std::move(*s);
}

Result<std::vector<StoredScorecard>> QualityRepository::list_scorecards(bool include_retired) {
  const SqlValue params[] = {int64_t{include_retired ? 1 : 0}};
  return query_decoded<StoredScorecard, ScorecardRow>(db_, kListScorecards, params, read_scorecard,
                                                      [](ScorecardRow row) { return decode(std::move(row)); });
}

Result<void> QualityRepository::retire_scorecard(int64_t scorecard_id, int64_t now_ms) {
  const SqlValue params[] = {scorecard_id, now_ms};
  auto changed = db_.execute(kRetireScorecard, params);
  if (!changed) return std::unexpected(changed.error());
  if (*changed > 0) return {};
  return scorecard_refusal(scorecard_id, "it is retired already");
}

// --- evaluations ---

Result<int64_t> QualityRepository::add_evaluation(const Evaluation& e) {
  if (e.status != EvaluationStatus::kDraft && e.status != EvaluationStatus::kSubmitted)
    return make_error(ErrorCode::kInvalidArgument, "a new evaluation is a draft or submitted", "status");
  if (e.calibration_session.has_value() != (e.kind == EvaluationKind::kCalibration))
    return make_error(ErrorCode::kInvalidArgument, "a calibration session goes with kind calibration only",
                      "calibration_session");
  if (e.agent.empty()) return make_error(ErrorCode::kInvalidArgument, "an evaluation names its agent", "agent");
  if (e.evaluator.empty())
    return make_error(ErrorCode::kInvalidArgument, "an evaluation names its evaluator", "evaluator");
  if (auto ok = check_score(e.score, "score"); !ok) return std::unexpected(ok.error());
  const SqlValue card[] = {e.scorecard_id, int64_t{e.scorecard_version}};
  auto exists = storage::query_int(db_, kVersionExists, card);
  if (!exists) return std::unexpected(exists.error());
  if (*exists == 0)
    return make_error(ErrorCode::kNotFound,
                      "no scorecard " + std::to_string(e.scorecard_id) + " version " +
                          std::to_string(e.scorecard_version),
                      "scorecard_version");
  if (e.calibration_session) {
    const SqlValue session[] = {*e.calibration_session};
    auto status = query_text(db_, kSessionState, session);
    if (!status) return std::unexpected(status.error());
    if (!*status) return make_error(ErrorCode::kNotFound, "no calibration session", "calibration_session");
    if (**status != "open")
      return make_error(ErrorCode::kIllegalState, "the calibration session is closed", "calibration_session");
  }
  const std::string answers = encode_answers(e.answers);
  const bool submitted = e.status == EvaluationStatus::kSubmitted;
  const SqlValue params[] = {static_cast<int64_t>(e.contact_id),
                             std::string_view(e.agent),
                             std::string_view(e.team),
                             std::string_view(e.queue),
                             std::string_view(e.channel),
                             e.scorecard_id,
                             int64_t{e.scorecard_version},
                             std::string_view(e.evaluator),
                             to_string(e.kind),
                             storage::opt_param(e.calibration_session),
                             std::string_view(answers),
                             score_param(e.score),
                             int64_t{e.failed ? 1 : 0},
                             to_string(e.status),
                             e.created_ms,
                             submitted ? SqlValue{e.submitted_ms.value_or(e.created_ms)} : SqlValue{nullptr}};
  return storage::query_int(db_, kAddEvaluation, params);
}

Result<std::optional<Evaluation>> QualityRepository::get_evaluation(int64_t id) {
  const SqlValue params[] = {id};
  auto rows = query_evaluations(db_, kGetEvaluation, params);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return std::nullopt;
  return std::move(rows->front());
}

Result<void> QualityRepository::update_draft(int64_t id, const std::vector<Answer>& answers,
                                             std::optional<double> score, bool failed) {
  if (auto ok = check_score(score, "score"); !ok) return ok;
  const std::string text = encode_answers(answers);
  const SqlValue params[] = {id, std::string_view(text), score_param(score), int64_t{failed ? 1 : 0}};
  return check_transition(db_, db_.execute(kUpdateDraft, params), kEvaluationStatus, "evaluation", id, "draft");
}

Result<void> QualityRepository::submit(int64_t id, int64_t now_ms) {
  const SqlValue params[] = {id, now_ms};
  return check_transition(db_, db_.execute(kSubmit, params), kEvaluationStatus, "evaluation", id, "draft");
}

Result<void> QualityRepository::acknowledge(int64_t id, std::string_view comment, int64_t now_ms) {
  const SqlValue params[] = {id, comment, now_ms};
  return check_transition(db_, db_.execute(kAcknowledge, params), kEvaluationStatus, "evaluation", id,
                          "submitted");
}

Result<void> QualityRepository::dispute(int64_t id, std::string_view reason, int64_t now_ms) {
  const SqlValue params[] = {id, reason, now_ms};
  return check_transition(db_, db_.execute(kDispute, params), kEvaluationStatus, "evaluation", id, "submitted");
}

Result<void> QualityRepository::resolve(int64_t id, std::string_view reviewer, Resolution resolution,
                                        std::string_view reason, const std::optional<Amendment>& amendment,
                                        int64_t now_ms) {
  if (resolution == Resolution::kNone)
    return make_error(ErrorCode::kInvalidArgument, "a dispute is upheld or amended", "resolution");
  if (amendment.has_value() != (resolution == Resolution::kAmended))
    return make_error(ErrorCode::kInvalidArgument, "new answers go with an amended resolution only", "amendment");
  if (reviewer.empty()) return make_error(ErrorCode::kInvalidArgument, "a resolution names its reviewer", "reviewer");
  Result<uint64_t> changed = 0;
  if (amendment) {
    if (auto ok = check_score(amendment->score, "amendment.score"); !ok) return ok;
    const std::string answers = encode_answers(amendment->answers);
    const SqlValue params[] = {id,     reviewer, reason, now_ms, std::string_view(answers), score_param(amendment->score),
                               int64_t{amendment->failed ? 1 : 0}};
    changed = db_.execute(kAmend, params);
  } else {
    const SqlValue params[] = {id, reviewer, reason, now_ms};
    changed = db_.execute(kUphold, params);
  }
  return check_transition(db_, std::move(changed), kEvaluationStatus, "evaluation", id, "disputed");
}

Result<std::vector<Evaluation>> QualityRepository::list_evaluations(const EvaluationFilter& f) {
  const SqlValue params[] = {std::string_view(f.agent),
                             std::string_view(f.team),
                             std::string_view(f.evaluator),
                             static_cast<int64_t>(f.contact_id),
                             f.status ? to_string(*f.status) : std::string_view(),
                             f.kind ? to_string(*f.kind) : std::string_view(),
                             f.scorecard_id,
                             f.from_ms,
                             f.to_ms,
                             f.before_id,
                             storage::limit_param(f.limit)};
  return query_evaluations(db_, kListEvaluations, params);
}

Result<std::vector<Evaluation>> QualityRepository::for_contact(core::ContactId contact_id) {
  const SqlValue params[] = {static_cast<int64_t>(contact_id)};
  return query_evaluations(db_, kForContact, params);
}

Result<std::vector<ScoreRow>> QualityRepository::scores(const EvaluationFilter& f) {
  const SqlValue params[] = {std::string_view(f.agent),
                             std::string_view(f.team),
                             std::string_view(f.evaluator),
                             static_cast<int64_t>(f.contact_id),
                             std::string_view(),
                             f.kind ? to_string(*f.kind) : std::string_view(),
                             f.scorecard_id,
                             f.from_ms,
                             f.to_ms,
                             storage::limit_param(f.limit)};
  bool bad_kind = false;
  auto rows = storage::query_all<ScoreRow>(db_, kScores, params, [&](const storage::RowReader& r) {
    ScoreRow s;
    s.evaluation_id = r.int64(0);
    s.agent = r.text(1);
    s.team = r.text(2);
    s.submitted_ms = r.int64(3);
    s.score = score_col(r, 4);
    s.failed = r.int64(5) != 0;
    auto kind = evaluation_kind_from_string(r.text(6));
    bad_kind = bad_kind || !kind;
    s.kind = kind.value_or(EvaluationKind::kEvaluation);
    return s;
  });
  if (rows && bad_kind) return make_error(ErrorCode::kInternal, "an evaluation of an unknown kind is stored");
  return rows;
}

Result<std::optional<std::string>> QualityRepository::setting(std::string_view name) {
  const SqlValue params[] = {name};
  return storage::query_one<std::string>(db_, kGetSetting, params, [](const storage::RowReader& r) { return r.text(0); });
}

Result<void> QualityRepository::put_setting(std::string_view name, std::string_view body, std::string_view by,
                                            int64_t now_ms) {
  const SqlValue params[] = {name, body, by, now_ms};
  auto r = db_.execute(kPutSetting, params);
  if (!r) return std::unexpected(r.error());
  return {};
}

}  // namespace switchyard::quality
