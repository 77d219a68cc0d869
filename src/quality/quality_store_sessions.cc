// QualityRepository, continued: calibration sessions, the exemplary library, coaching; and the
// helpers both files share (quality_store_sql.h).
#include <boost/json.hpp>

#include <cmath>
#include <utility>

#include "quality/quality_json.h"
#include "quality/quality_store.h"
#include "quality/quality_store_sql.h"

namespace switchyard::quality {

namespace store_detail {

namespace json = boost::json;

storage::SqlValue score_param(const std::optional<double>& score) {
  if (!score) return nullptr;
  return static_cast<int64_t>(std::llround(*score * 1e6));
}

std::optional<double> score_col(const storage::RowReader& r, int col) {
  if (r.is_null(col)) return std::nullopt;
  return static_cast<double>(r.int64(col)) / 1e6;
}

std::string encode_answers(const std::vector<Answer>& answers) { return json::serialize(answers_to_json(answers)); }

Result<std::vector<Answer>> decode_answers(std::string_view text, std::string_view what) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return make_error(ErrorCode::kInternal, std::string(what) + ": stored answers are not JSON");
  auto answers = answers_from_json(v);
  if (!answers)
    return make_error(ErrorCode::kInternal, std::string(what) + ": stored answers: " + answers.error().message);
  return answers;
}

Result<std::optional<std::string>> query_text(storage::SqlDriver& db, const storage::Statement& s,
                                              std::span<const storage::SqlValue> params) {
  return storage::query_one<std::string>(db, s, params,
                                         [](const storage::RowReader& r) { return std::string(r.text(0)); });
}

Result<void> check_transition(storage::SqlDriver& db, Result<uint64_t> changed, const storage::Statement& status_query,
                              std::string_view what, int64_t id, std::string_view required) {
  if (!changed) return std::unexpected(std::move(changed.error()));
  if (*changed > 0) return {};
  const storage::SqlValue params[] = {id};
  auto status = query_text(db, status_query, params);
  if (!status) return std::unexpected(std::move(status.error()));
  const std::string name = std::string(what) + " " + std::to_string(id);
  if (!*status) return make_error(ErrorCode::kNotFound, "no " + name, "id");
  return make_error(ErrorCode::kIllegalState, name + " is " + **status + ", not " + std::string(required), "status");
}

}  // namespace store_detail

namespace {

using storage::SqlValue;
using storage::Statement;
using namespace store_detail;
namespace json = boost::json;

constexpr Statement kCreateCalibration{
    "INSERT INTO quality_calibrations (contact_id, scorecard_id, scorecard_version, title, created_by, created_ms, "
    "participants, status) VALUES ($1, $2, $3, $4, $5, $6, $7, 'open') RETURNING id"};
#define SY_CALIBRATION_COLUMNS                                                                                \
  "SELECT id, contact_id, scorecard_id, scorecard_version, title, created_by, created_ms, participants, "    \
  "status, reference_answers, reference_score_micro, closed_ms FROM quality_calibrations "
constexpr Statement kGetCalibration{SY_CALIBRATION_COLUMNS "WHERE id = $1"};
constexpr Statement kListCalibrations{SY_CALIBRATION_COLUMNS "WHERE ($1 = '' OR status = $1) ORDER BY id DESC"};
#undef SY_CALIBRATION_COLUMNS
constexpr Statement kCalibrationStatus{"SELECT status FROM quality_calibrations WHERE id = $1"};
constexpr Statement kCloseCalibration{
    "UPDATE quality_calibrations SET status = 'closed', reference_answers = $2, reference_score_micro = $3, "
    "closed_ms = $4 WHERE id = $1 AND status = 'open'"};
constexpr Statement kDeviations{
    "SELECT c.id, e.id, e.evaluator, e.score_micro, c.reference_score_micro, c.closed_ms "
    "FROM quality_calibrations c JOIN quality_evaluations e ON e.calibration_session = c.id "
    "WHERE c.status = 'closed' AND e.kind = 'calibration' AND e.status <> 'draft' AND ($1 = '' OR e.evaluator = $1) "
    "ORDER BY c.closed_ms, c.id, e.evaluator, e.id"};

constexpr Statement kAddToLibrary{
    "INSERT INTO quality_library (contact_id, evaluation_id, kind, tags, note, added_by, added_ms) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"};
constexpr Statement kRemoveFromLibrary{"DELETE FROM quality_library WHERE id = $1"};
// $1: a LIKE pattern for the note or the tags, $3: one for a whole tag (tags are stored ",a,b,").
#define SY_LIBRARY_COLUMNS "SELECT id, contact_id, evaluation_id, kind, tags, note, added_by, added_ms FROM quality_library "
constexpr Statement kGetLibraryEntry{SY_LIBRARY_COLUMNS "WHERE id = $1"};
constexpr Statement kSearchLibrary{
    SY_LIBRARY_COLUMNS "WHERE "
    "($1 = '' OR LOWER(note) LIKE LOWER($1) ESCAPE '\\' OR LOWER(tags) LIKE LOWER($1) ESCAPE '\\') AND "
    "($2 = '' OR kind = $2) AND ($3 = '' OR LOWER(tags) LIKE LOWER($3) ESCAPE '\\') ORDER BY id DESC LIMIT $4"};

constexpr Statement kAddCoaching{
    "INSERT INTO quality_coaching (agent, evaluation_id, coach, goals, follow_up_date, status, notes, created_ms) "
    "VALUES ($1, $2, $3, $4, $5, 'open', $6, $7) RETURNING id"};
#define SY_COACHING_COLUMNS \
  "SELECT id, agent, evaluation_id, coach, goals, follow_up_date, status, notes, created_ms, done_ms FROM quality_coaching "
constexpr Statement kGetCoaching{SY_COACHING_COLUMNS "WHERE id = $1"};
constexpr Statement kListCoaching{SY_COACHING_COLUMNS "WHERE ($1 = '' OR agent = $1) ORDER BY id DESC"};
#undef SY_COACHING_COLUMNS
constexpr Statement kCoachingStatus{"SELECT status FROM quality_coaching WHERE id = $1"};
constexpr Statement kCompleteCoaching{
    "UPDATE quality_coaching SET status = 'done', notes = $2, done_ms = $3 WHERE id = $1 AND status = 'open'"};

struct CalibrationRow {
  StoredCalibration c;
  std::string participants;
  std::optional<std::string> reference;
};

CalibrationRow read_calibration(const storage::RowReader& r) {
  CalibrationRow row;
  StoredCalibration& c = row.c;
  c.id = r.int64(0);
  c.contact_id = static_cast<core::ContactId>(r.int64(1));
  c.scorecard_id = r.int64(2);
  c.scorecard_version = static_cast<int>(r.int64(3));
  c.title = r.text(4);
  c.created_by = r.text(5);
  c.created_ms = r.int64(6);
  row.participants = r.text(7);
  c.closed = r.text(8) == "closed";
  if (!r.is_null(9)) row.reference = std::string(r.text(9));
  c.reference_score = score_col(r, 10);
  c.closed_ms = storage::opt_col(r, 11);
  return row;
}

// The stored participants and reference read back.
Result<StoredCalibration> decode_calibration(CalibrationRow row) {
  const std::string what = "calibration " + std::to_string(row.c.id);
  boost::system::error_code ec;
  json::value v = json::parse(row.participants, ec);
  if (ec || !v.is_array()) return make_error(ErrorCode::kInternal, what + ": stored participants are not a list");
  for (const json::value& p : v.as_array()) {
    if (!p.is_string()) return make_error(ErrorCode::kInternal, what + ": a stored participant is not a name");
    row.c.participants.emplace_back(p.as_string());
  }
  if (row.reference) {
    auto answers = decode_answers(*row.reference, what);
    if (!answers) return std::unexpected(answers.error());
    row.c.reference_answers = std::move(*answers);
  }
  return std::move(row.c);
}

Result<std::vector<StoredCalibration>> query_calibrations(storage::SqlDriver& db, const Statement& s,
                                                          std::span<const SqlValue> params) {
  return query_decoded<StoredCalibration, CalibrationRow>(db, s, params, read_calibration, decode_calibration);
}

// `text` with LIKE's wildcards and the escape character escaped.
using storage::like_escaped;
using storage::split_tags;

CoachingSession read_coaching(const storage::RowReader& r) {
  CoachingSession c;
  c.id = r.int64(0);
  c.agent = r.text(1);
  c.evaluation_id = storage::opt_col(r, 2);
  c.coach = r.text(3);
  c.goals = r.text(4);
  c.follow_up_date = r.text(5);
  c.done = r.text(6) == "done";
  c.notes = r.text(7);
  c.created_ms = r.int64(8);
  c.done_ms = storage::opt_col(r, 9);
  return c;
}

// "YYYY-MM-DD" by shape (the calendar is the caller's), or "".
bool is_date_or_empty(std::string_view d) {
  if (d.empty()) return true;
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (d[i] < '0' || d[i] > '9') return false;
  return true;
}

// A row of SY_LIBRARY_COLUMNS; `bad_kind` is set when its kind is unknown.
LibraryEntry read_library(const storage::RowReader& r, bool& bad_kind) {
  LibraryEntry e;
  e.id = r.int64(0);
  e.contact_id = static_cast<core::ContactId>(r.int64(1));
  e.evaluation_id = storage::opt_col(r, 2);
  auto k = library_kind_from_string(r.text(3));
  bad_kind = bad_kind || !k;
  e.kind = k.value_or(LibraryKind::kExemplary);
  e.tags = split_tags(r.text(4));
  e.note = r.text(5);
  e.added_by = r.text(6);
  e.added_ms = r.int64(7);
  return e;
}

}  // namespace

// --- calibration sessions ---

Result<int64_t> QualityRepository::create_calibration(const StoredCalibration& c) {
  if (c.participants.empty())
    return make_error(ErrorCode::kInvalidArgument, "a calibration session has participants", "participants");
  json::array names;
  for (const std::string& p : c.participants) names.emplace_back(p);
  const std::string participants = json::serialize(names);
  const SqlValue params[] = {static_cast<int64_t>(c.contact_id), c.scorecard_id, int64_t{c.scorecard_version},
                             std::string_view(c.title), std::string_view(c.created_by), c.created_ms,
                             std::string_view(participants)};
  return storage::query_int(db_, kCreateCalibration, params);
}

Result<std::optional<StoredCalibration>> QualityRepository::get_calibration(int64_t id) {
  const SqlValue params[] = {id};
  auto rows = query_calibrations(db_, kGetCalibration, params);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return std::nullopt;
  return std::move(rows->front());
}

Result<std::vector<StoredCalibration>> QualityRepository::list_calibrations(std::string_view status) {
  if (status != "" && status != "open" && status != "closed")
    return make_error(ErrorCode::kInvalidArgument, "a session is open or closed", "status");
  const SqlValue params[] = {status};
  return query_calibrations(db_, kListCalibrations, params);
}

Result<void> QualityRepository::close_calibration(int64_t id, const std::vector<Answer>& reference_answers,
                                                  std::optional<double> reference_score, int64_t now_ms) {
  const std::string answers = encode_answers(reference_answers);
  const SqlValue params[] = {id, std::string_view(answers), score_param(reference_score), now_ms};
  return check_transition(db_, db_.execute(kCloseCalibration, params), kCalibrationStatus, "calibration session",
                          id, "open");
}

Result<std::vector<CalibrationDeviationRow>> QualityRepository::calibration_deviations(std::string_view evaluator) {
  const SqlValue params[] = {evaluator};
  return storage::query_all<CalibrationDeviationRow>(db_, kDeviations, params, [](const storage::RowReader& r) {
    CalibrationDeviationRow d;
    d.session = r.int64(0);
    d.evaluation_id = r.int64(1);
    d.evaluator = r.text(2);
    d.score = score_col(r, 3);
    d.reference_score = score_col(r, 4);
    d.closed_ms = r.int64(5);
    return d;
  });
}

// --- the exemplary library ---

Result<int64_t> QualityRepository::add_to_library(const LibraryEntry& entry) {
  for (size_t i = 0; i < entry.tags.size(); ++i) {
    const std::string& t = entry.tags[i];
    if (t.empty() || t.find(',') != std::string::npos)
      return make_error(ErrorCode::kInvalidArgument, "a tag is not empty and has no comma",
                        "tags[" + std::to_string(i) + "]");
  }
  const std::string tags = storage::joined_tags(entry.tags);
  const SqlValue params[] = {static_cast<int64_t>(entry.contact_id), storage::opt_param(entry.evaluation_id),
                             to_string(entry.kind),      std::string_view(tags),
                             std::string_view(entry.note), std::string_view(entry.added_by),
                             entry.added_ms};
  return storage::query_int(db_, kAddToLibrary, params);
}

Result<void> QualityRepository::remove_from_library(int64_t id) {
  const SqlValue params[] = {id};
  return storage::expect_changed(db_.execute(kRemoveFromLibrary, params), "library entry");
}

Result<std::vector<LibraryEntry>> QualityRepository::search_library(std::string_view text,
                                                                    std::optional<LibraryKind> kind,
                                                                    std::string_view tag, size_t limit) {
  const std::string text_pattern = text.empty() ? "" : "%" + like_escaped(text) + "%";
  const std::string tag_pattern = tag.empty() ? "" : "%," + like_escaped(tag) + ",%";
  const SqlValue params[] = {std::string_view(text_pattern), kind ? to_string(*kind) : std::string_view(),
                             std::string_view(tag_pattern), storage::limit_param(limit)};
  bool bad_kind = false;
  auto rows = storage::query_all<LibraryEntry>(db_, kSearchLibrary, params,
                                               [&](const storage::RowReader& r) { return read_library(r, bad_kind); });
  if (rows && bad_kind) return make_error(ErrorCode::kInternal, "a library entry of an unknown kind is stored");
  return rows;
}

Result<std::optional<LibraryEntry>> QualityRepository::get_library_entry(int64_t id) {
  const SqlValue params[] = {id};
  bool bad_kind = false;
  auto row = storage::query_one<LibraryEntry>(db_, kGetLibraryEntry, params,
                                              [&](const storage::RowReader& r) { return read_library(r, bad_kind); });
  if (row && bad_kind) return make_error(ErrorCode::kInternal, "a library entry of an unknown kind is stored");
  return row;
}

// --- coaching ---

Result<int64_t> QualityRepository::add_coaching(const CoachingSession& c) {
  if (c.agent.empty()) return make_error(ErrorCode::kInvalidArgument, "a coaching session names its agent", "agent");
  if (!is_date_or_empty(c.follow_up_date))
    return make_error(ErrorCode::kInvalidArgument, "a follow-up date is YYYY-MM-DD", "follow_up_date");
  const SqlValue params[] = {std::string_view(c.agent), storage::opt_param(c.evaluation_id),
                             std::string_view(c.coach), std::string_view(c.goals),
                             std::string_view(c.follow_up_date), std::string_view(c.notes),
                             c.created_ms};
  return storage::query_int(db_, kAddCoaching, params);
}

Result<std::optional<CoachingSession>> QualityRepository::get_coaching(int64_t id) {
  const SqlValue params[] = {id};
  return storage::query_one<CoachingSession>(db_, kGetCoaching, params, read_coaching);
}

Result<std::vector<CoachingSession>> QualityRepository::list_coaching(std::string_view agent) {
  const SqlValue params[] = {agent};
  return storage::query_all<CoachingSession>(db_, kListCoaching, params, read_coaching);
}

Result<void> QualityRepository::complete_coaching(int64_t id, std::string_view notes, int64_t now_ms) {
  const SqlValue params[] = {id, notes, now_ms};
  return check_transition(db_, db_.execute(kCompleteCoaching, params), kCoachingStatus, "coaching session", id,
                          "open");
}

}  // namespace switchyard::quality
