#include "surveys/surveys.h"

#include <boost/json.hpp>

#include <array>

namespace switchyard::surveys {

namespace {

using storage::SqlValue;
using storage::Statement;
namespace json = boost::json;

constexpr std::string_view kV1 = R"sql(
CREATE TABLE survey_forms (
  queue BIGINT PRIMARY KEY,
  enabled SMALLINT NOT NULL,
  question TEXT NOT NULL,
  extra TEXT NOT NULL,
  ttl_s BIGINT NOT NULL
);
CREATE TABLE surveys (
  contact BIGINT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  queue BIGINT NOT NULL,
  agent BIGINT,
  channel SMALLINT NOT NULL,
  issued_ms BIGINT NOT NULL,
  expires_ms BIGINT NOT NULL,
  answered_ms BIGINT,
  rating SMALLINT NOT NULL DEFAULT 0,
  answers TEXT NOT NULL DEFAULT '[]',
  comment TEXT NOT NULL DEFAULT '',
  published SMALLINT NOT NULL DEFAULT 0
);
CREATE INDEX surveys_unpublished ON surveys (published) WHERE published = 0;
)sql";

constexpr std::array<storage::Migration, 1> kMigrations = {{{1, "survey forms and surveys", kV1, kV1}}};

#define SY_SURVEY_COLUMNS \
  "contact, queue, agent, channel, issued_ms, expires_ms, answered_ms, rating, answers, comment, published"

constexpr Statement kSelectForm{"SELECT enabled, question, extra, ttl_s FROM survey_forms WHERE queue = $1"};
constexpr Statement kUpsertForm{
    "INSERT INTO survey_forms (queue, enabled, question, extra, ttl_s) VALUES ($1, $2, $3, $4, $5) "
    "ON CONFLICT (queue) DO UPDATE SET enabled = excluded.enabled, question = excluded.question, "
    "extra = excluded.extra, ttl_s = excluded.ttl_s"};
constexpr Statement kIssue{
    "INSERT INTO surveys (contact, token_hash, queue, agent, channel, issued_ms, expires_ms) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7) "
    "ON CONFLICT (contact) DO UPDATE SET token_hash = excluded.token_hash, issued_ms = excluded.issued_ms, "
    "expires_ms = excluded.expires_ms WHERE surveys.answered_ms IS NULL RETURNING contact"};
constexpr Statement kByToken{"SELECT " SY_SURVEY_COLUMNS " FROM surveys WHERE token_hash = $1"};
constexpr Statement kAnswer{
    "UPDATE surveys SET answered_ms = $2, rating = $3, answers = $4, comment = $5 "
    "WHERE token_hash = $1 AND answered_ms IS NULL AND expires_ms > $2 RETURNING contact"};
constexpr Statement kAnswered{"SELECT " SY_SURVEY_COLUMNS
                               " FROM surveys WHERE contact >= $1 AND contact <= $2 AND answered_ms IS NOT NULL "
                               "ORDER BY contact"};
// $1 agent, $2 since (answered_ms), $3 one contact (0 = any), $4 limit: answered with a comment.
constexpr Statement kCommentsOf{"SELECT " SY_SURVEY_COLUMNS
                                " FROM surveys WHERE agent = $1 AND answered_ms >= $2 AND comment <> '' AND "
                                "($3 = 0 OR contact = $3) ORDER BY answered_ms DESC, contact DESC LIMIT $4"};
constexpr Statement kPublished{"UPDATE surveys SET published = 1 WHERE contact = $1"};
constexpr Statement kUnpublished{
    "SELECT " SY_SURVEY_COLUMNS " FROM surveys WHERE published = 0 AND answered_ms IS NOT NULL ORDER BY answered_ms"};

#undef SY_SURVEY_COLUMNS

std::string texts_json(const std::vector<std::string>& v) {
  json::array a;
  for (const std::string& s : v) a.emplace_back(s);
  return json::serialize(a);
}

std::vector<std::string> texts_of(std::string_view text) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const json::value& x : v.as_array())
    if (x.is_string()) out.emplace_back(x.as_string());
  return out;
}

Survey read_survey(const storage::RowReader& r) {
  Survey s;
  s.contact = static_cast<core::ContactId>(r.int64(0));
  s.queue = storage::id_col(r, 1);
  s.agent = storage::id_col(r, 2);
  s.channel = static_cast<core::Channel>(r.int64(3));
  s.issued_ms = r.int64(4);
  s.expires_ms = r.int64(5);
  s.answered_ms = storage::opt_col(r, 6);
  s.rating = static_cast<int>(r.int64(7));
  s.answers = texts_of(r.text(8));
  s.comment = r.text(9);
  s.published = r.int64(10) != 0;
  return s;
}

}  // namespace

const storage::ModuleSchema& schema() {
  static const storage::ModuleSchema kSchema{"surveys", kMigrations};
  return kSchema;
}

Result<std::optional<SurveyForm>> SurveyRepository::form(core::QueueId queue) {
  const SqlValue params[] = {int64_t{queue}};
  return storage::query_one<SurveyForm>(db_, kSelectForm, params, [](const storage::RowReader& r) {
    SurveyForm f;
    f.enabled = r.int64(0) != 0;
    f.question = r.text(1);
    f.extra = texts_of(r.text(2));
    f.ttl_s = r.int64(3);
    return f;
  });
}

void SurveyRepository::stage_form(storage::Transaction& tx, core::QueueId queue, const SurveyForm& f) {
  tx.add(kUpsertForm, {int64_t{queue}, int64_t{f.enabled ? 1 : 0}, tx.keep(f.question), tx.keep(texts_json(f.extra)),
                       f.ttl_s});
}

Result<void> SurveyRepository::issue(std::string_view token_hash, const Survey& s) {
  const SqlValue params[] = {storage::contact_param(s.contact), token_hash, storage::id_param(s.queue),
                             storage::id_param(s.agent), int64_t{static_cast<int>(s.channel)}, s.issued_ms,
                             s.expires_ms};
  bool done = false;
  auto r = db_.query(kIssue, params, [&](const storage::RowReader&) {
    done = true;
    return false;
  });
  if (!r) return std::unexpected(std::move(r.error()));
  if (!done) return make_error(ErrorCode::kIllegalState, "the contact's survey was answered already", "contact");
  return {};
}

Result<std::optional<Survey>> SurveyRepository::by_token(std::string_view token_hash) {
  const SqlValue params[] = {token_hash};
  return storage::query_one<Survey>(db_, kByToken, params, read_survey);
}

Result<bool> SurveyRepository::answer(std::string_view token_hash, int64_t now_ms, int rating,
                                      const std::vector<std::string>& answers, std::string_view comment) {
  const std::string texts = texts_json(answers);
  const SqlValue params[] = {token_hash, now_ms, int64_t{rating}, std::string_view(texts), comment};
  bool done = false;
  auto r = db_.query(kAnswer, params, [&](const storage::RowReader&) {
    done = true;
    return false;
  });
  if (!r) return std::unexpected(std::move(r.error()));
  return done;
}

void SurveyRepository::stage_published(storage::Transaction& tx, core::ContactId contact) {
  tx.add(kPublished, {storage::contact_param(contact)});
}

Result<std::vector<Survey>> SurveyRepository::unpublished() {
  return storage::query_all<Survey>(db_, kUnpublished, {}, read_survey);
}

Result<std::vector<Survey>> SurveyRepository::answered(core::ContactId first, core::ContactId last) {
  const SqlValue params[] = {static_cast<int64_t>(first), static_cast<int64_t>(last)};
  return storage::query_all<Survey>(db_, kAnswered, params, read_survey);
}

Result<std::vector<Survey>> SurveyRepository::comments_of(core::AgentId agent, int64_t since_ms, core::ContactId contact,
                                                         size_t limit) {
  const SqlValue params[] = {static_cast<int64_t>(agent), since_ms,
                             contact == core::kNoContact ? int64_t{0} : static_cast<int64_t>(contact),
                             storage::limit_param(limit)};
  return storage::query_all<Survey>(db_, kCommentsOf, params, read_survey);
}

}  // namespace switchyard::surveys
