#include "speech/speech_store.h"

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>

#include "storage/sql_util.h"

namespace switchyard::speech {

namespace {

using storage::SqlValue;
using storage::Statement;
namespace json = boost::json;

#define SY_SPEECH_TABLES(id_column)                                                        \
  "CREATE TABLE speech_keywords (\n"                                                       \
  "  queue TEXT PRIMARY KEY,\n"                                                            \
  "  keywords TEXT NOT NULL,\n"                                                            \
  "  updated_by TEXT NOT NULL,\n"                                                          \
  "  updated_ms BIGINT NOT NULL\n"                                                         \
  ");\n"                                                                                   \
  "CREATE TABLE speech_transcripts (\n"                                                    \
  "  contact_id BIGINT PRIMARY KEY,\n"                                                     \
  "  queue TEXT NOT NULL,\n"                                                               \
  "  status TEXT NOT NULL,\n"                                                              \
  "  progress_ppm BIGINT NOT NULL,\n"                                                      \
  "  error TEXT NOT NULL,\n"                                                               \
  "  duration_ms BIGINT NOT NULL,\n"                                                       \
  "  segments TEXT NOT NULL,\n"                                                            \
  "  words TEXT NOT NULL,\n"                                                               \
  "  created_ms BIGINT NOT NULL,\n"                                                        \
  "  updated_ms BIGINT NOT NULL\n"                                                         \
  ");\n"                                                                                   \
  "CREATE INDEX speech_transcripts_status ON speech_transcripts (status, created_ms);\n"   \
  "CREATE TABLE speech_hits (\n"                                                           \
  "  id " id_column ",\n"                                                                  \
  "  contact_id BIGINT NOT NULL,\n"                                                        \
  "  queue TEXT NOT NULL,\n"                                                               \
  "  day TEXT NOT NULL,\n"                                                                 \
  "  keyword TEXT NOT NULL,\n"                                                             \
  "  channel TEXT NOT NULL,\n"                                                             \
  "  start_ms BIGINT NOT NULL,\n"                                                          \
  "  end_ms BIGINT NOT NULL,\n"                                                            \
  "  text TEXT NOT NULL,\n"                                                                \
  "  source TEXT NOT NULL,\n"                                                              \
  "  time_ms BIGINT NOT NULL\n"                                                            \
  ");\n"                                                                                   \
  "CREATE INDEX speech_hits_contact ON speech_hits (contact_id, source);\n"                \
  "CREATE INDEX speech_hits_day ON speech_hits (day, queue);\n"                            \
  "CREATE INDEX speech_hits_time ON speech_hits (time_ms);\n"

constexpr std::string_view kV1Sqlite = SY_SPEECH_TABLES("INTEGER PRIMARY KEY AUTOINCREMENT");
constexpr std::string_view kV1Postgres = SY_SPEECH_TABLES("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY");
#undef SY_SPEECH_TABLES

// v2: the keywords that alert (docs/quality.md "Keyword alerts") and the agent of each contact, so
// that hits count per team.
constexpr std::string_view kV2 =
    "ALTER TABLE speech_keywords ADD COLUMN alert TEXT NOT NULL DEFAULT '[]';\n"
    "ALTER TABLE speech_transcripts ADD COLUMN agent TEXT NOT NULL DEFAULT '';\n"
    "ALTER TABLE speech_hits ADD COLUMN agent TEXT NOT NULL DEFAULT '';\n";
constexpr std::array<storage::Migration, 2> kMigrations = {
    {{1, "keyword lists, transcripts, keyword hits", kV1Sqlite, kV1Postgres},
     {2, "alerting keywords, the agent of a hit", kV2, kV2}}};

constexpr Statement kUpsertKeywords{
    "INSERT INTO speech_keywords (queue, keywords, updated_by, updated_ms, alert) VALUES ($1, $2, $3, $4, $5) "
    "ON CONFLICT (queue) DO UPDATE SET keywords = excluded.keywords, updated_by = excluded.updated_by, "
    "updated_ms = excluded.updated_ms, alert = excluded.alert"};
constexpr Statement kDeleteKeywords{"DELETE FROM speech_keywords WHERE queue = $1"};
constexpr Statement kKeywordLists{
    "SELECT queue, keywords, updated_by, updated_ms, alert FROM speech_keywords ORDER BY queue"};
constexpr Statement kKeywords{
    "SELECT queue, keywords, updated_by, updated_ms, alert FROM speech_keywords WHERE queue = $1"};

constexpr Statement kQueue{
    "INSERT INTO speech_transcripts (contact_id, queue, status, progress_ppm, error, duration_ms, segments, words, "
    "created_ms, updated_ms, agent) VALUES ($1, $2, 'queued', 0, '', 0, '[]', '[]', $3, $3, $4) "
    "ON CONFLICT (contact_id) DO UPDATE SET queue = excluded.queue, agent = excluded.agent, status = 'queued', "
    "progress_ppm = 0, error = '', "
    "duration_ms = 0, segments = '[]', words = '[]', updated_ms = excluded.updated_ms"};
constexpr Statement kProgress{
    "UPDATE speech_transcripts SET status = $2, progress_ppm = $3, updated_ms = $4 WHERE contact_id = $1"};
constexpr Statement kFinish{
    "UPDATE speech_transcripts SET status = 'done', progress_ppm = 1000000, error = '', duration_ms = $2, "
    "segments = $3, words = $4, updated_ms = $5 WHERE contact_id = $1"};
constexpr Statement kFail{
    "UPDATE speech_transcripts SET status = 'failed', error = $2, updated_ms = $3 WHERE contact_id = $1"};
constexpr Statement kTranscript{
    "SELECT contact_id, queue, status, progress_ppm, error, duration_ms, segments, words, created_ms, updated_ms, "
    "agent FROM speech_transcripts WHERE contact_id = $1"};
constexpr Statement kPending{
    "SELECT contact_id FROM speech_transcripts WHERE status IN ('queued', 'running') ORDER BY created_ms, contact_id"};
constexpr Statement kCounts{"SELECT status, COUNT(*) FROM speech_transcripts GROUP BY status"};

constexpr Statement kDeleteHits{"DELETE FROM speech_hits WHERE contact_id = $1 AND source = $2"};
constexpr Statement kInsertHit{
    "INSERT INTO speech_hits (contact_id, queue, day, keyword, channel, start_ms, end_ms, text, source, time_ms, agent) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"};
constexpr Statement kHits{
    "SELECT contact_id, queue, day, keyword, channel, start_ms, end_ms, text, source, time_ms, agent FROM speech_hits "
    "WHERE contact_id = $1 ORDER BY start_ms, id"};
constexpr Statement kHitDays{
    "SELECT day, queue, keyword, COUNT(*) FROM speech_hits WHERE day >= $1 AND day <= $2 AND ($3 = '' OR queue = $3) "
    "GROUP BY day, queue, keyword ORDER BY day, queue, keyword"};
constexpr Statement kHitAgentDays{
    "SELECT day, agent, keyword, COUNT(*) FROM speech_hits WHERE day >= $1 AND day <= $2 AND ($3 = '' OR queue = $3) "
    "GROUP BY day, agent, keyword ORDER BY day, agent, keyword"};
constexpr Statement kHitCounts{
    "SELECT contact_id, COUNT(*) FROM speech_hits WHERE time_ms >= $1 AND time_ms < $2 GROUP BY contact_id "
    "ORDER BY contact_id"};

std::string encode_keywords(const std::vector<std::string>& k) {
  json::array a;
  for (const std::string& s : k) a.emplace_back(s);
  return json::serialize(a);
}

std::vector<std::string> decode_keywords(std::string_view text) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const json::value& s : v.as_array())
    if (s.is_string()) out.emplace_back(s.as_string());
  return out;
}

KeywordList read_list(const storage::RowReader& r) {
  return KeywordList{std::string(r.text(0)), decode_keywords(r.text(1)), std::string(r.text(2)), r.int64(3),
                     decode_keywords(r.text(4))};
}

std::string encode_segments(const std::vector<Segment>& v) {
  json::array a;
  for (const Segment& s : v)
    a.push_back(json::object{{"channel", s.channel}, {"start_ms", s.start_ms}, {"end_ms", s.end_ms}, {"text", s.text}});
  return json::serialize(a);
}

std::string encode_words(const std::vector<ChannelWord>& v) {
  json::array a;
  for (const ChannelWord& w : v)
    a.push_back(json::object{{"channel", w.channel}, {"word", w.word}, {"start_ms", w.start_ms}, {"end_ms", w.end_ms}});
  return json::serialize(a);
}

// The stored arrays are this module's own: a malformed one reads as empty.
json::array parse_array(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  return !ec && v.is_array() ? std::move(v.as_array()) : json::array{};
}
std::string str(const json::object& o, std::string_view k) {
  const json::value* v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}
int64_t num(const json::object& o, std::string_view k) {
  const json::value* v = o.if_contains(k);
  return v && v->is_int64() ? v->as_int64() : 0;
}

Transcript read_transcript(const storage::RowReader& r) {
  Transcript t;
  t.contact = static_cast<core::ContactId>(r.int64(0));
  t.queue = r.text(1);
  t.status = transcript_status_from_string(r.text(2)).value_or(TranscriptStatus::kFailed);
  t.progress = double(r.int64(3)) / 1e6;
  t.error = r.text(4);
  t.duration_ms = r.int64(5);
  for (const json::value& v : parse_array(r.text(6)))
    if (v.is_object()) {
      const json::object& o = v.as_object();
      t.segments.push_back(Segment{str(o, "channel"), num(o, "start_ms"), num(o, "end_ms"), str(o, "text")});
    }
  for (const json::value& v : parse_array(r.text(7)))
    if (v.is_object()) {
      const json::object& o = v.as_object();
      t.words.push_back(ChannelWord{str(o, "channel"), str(o, "word"), num(o, "start_ms"), num(o, "end_ms")});
    }
  t.created_ms = r.int64(8);
  t.updated_ms = r.int64(9);
  t.agent = r.text(10);
  return t;
}

Hit read_hit(const storage::RowReader& r) {
  return Hit{static_cast<core::ContactId>(r.int64(0)), std::string(r.text(1)), std::string(r.text(2)),
             std::string(r.text(3)), std::string(r.text(4)), r.int64(5), r.int64(6), std::string(r.text(7)),
             std::string(r.text(8)), r.int64(9), std::string(r.text(10))};
}

int64_t ppm(double progress) { return std::llround(std::clamp(progress, 0.0, 1.0) * 1e6); }

}  // namespace

std::string_view to_string(TranscriptStatus s) {
  switch (s) {
    case TranscriptStatus::kQueued: return "queued";
    case TranscriptStatus::kRunning: return "running";
    case TranscriptStatus::kDone: return "done";
    case TranscriptStatus::kFailed: return "failed";
  }
  return "failed";
}

std::optional<TranscriptStatus> transcript_status_from_string(std::string_view s) {
  for (TranscriptStatus t : {TranscriptStatus::kQueued, TranscriptStatus::kRunning, TranscriptStatus::kDone,
                             TranscriptStatus::kFailed})
    if (to_string(t) == s) return t;
  return std::nullopt;
}

const storage::ModuleSchema& SpeechRepository::schema() {
  static const storage::ModuleSchema kSchema{"speech", kMigrations};
  return kSchema;
}

Result<void> SpeechRepository::set_keywords(const KeywordList& list) {
  if (list.keywords.empty()) {
    const SqlValue params[] = {std::string_view(list.queue)};
    auto r = db_.execute(kDeleteKeywords, params);
    if (!r) return std::unexpected(r.error());
    return {};
  }
  const std::string text = encode_keywords(list.keywords), alert = encode_keywords(list.alert);
  const SqlValue params[] = {std::string_view(list.queue), std::string_view(text), std::string_view(list.updated_by),
                             list.updated_ms, std::string_view(alert)};
  auto r = db_.execute(kUpsertKeywords, params);
  if (!r) return std::unexpected(r.error());
  return {};
}

Result<std::vector<KeywordList>> SpeechRepository::keyword_lists() {
  return storage::query_all<KeywordList>(db_, kKeywordLists, {}, read_list);
}

Result<std::optional<KeywordList>> SpeechRepository::keywords(std::string_view queue) {
  const SqlValue params[] = {queue};
  return storage::query_one<KeywordList>(db_, kKeywords, params, read_list);
}

Result<void> SpeechRepository::queue_transcript(core::ContactId contact, std::string_view queue, std::string_view agent,
                                                int64_t now_ms) {
  const SqlValue params[] = {storage::contact_param(contact), queue, now_ms, agent};
  auto r = db_.execute(kQueue, params);
  if (!r) return std::unexpected(r.error());
  return {};
}

Result<void> SpeechRepository::set_progress(core::ContactId contact, TranscriptStatus status, double progress,
                                            int64_t now_ms) {
  const SqlValue params[] = {storage::contact_param(contact), to_string(status), ppm(progress), now_ms};
  if (auto r = storage::expect_changed(db_.execute(kProgress, params), "transcript"); !r)
    return make_error(r.error().code, r.error().message, "contact");
  return {};
}

Result<void> SpeechRepository::finish(const Transcript& t, std::span<const Hit> hits, const Also& also) {
  return db_.in_transaction([&]() -> Result<void> {
    const std::string segments = encode_segments(t.segments), words = encode_words(t.words);
    const SqlValue params[] = {storage::contact_param(t.contact), t.duration_ms, std::string_view(segments),
                               std::string_view(words), t.updated_ms};
    if (auto r = storage::expect_changed(db_.execute(kFinish, params), "transcript"); !r)
      return make_error(r.error().code, r.error().message, "contact");
    if (auto r = write_hits(t.contact, "speech", hits); !r) return r;
    return also ? also() : Result<void>{};
  });
}

Result<void> SpeechRepository::fail(core::ContactId contact, std::string_view error, int64_t now_ms) {
  const SqlValue params[] = {storage::contact_param(contact), error, now_ms};
  if (auto r = storage::expect_changed(db_.execute(kFail, params), "transcript"); !r)
    return make_error(r.error().code, r.error().message, "contact");
  return {};
}

Result<std::optional<Transcript>> SpeechRepository::transcript(core::ContactId contact) {
  const SqlValue params[] = {storage::contact_param(contact)};
  return storage::query_one<Transcript>(db_, kTranscript, params, read_transcript);
}

Result<std::vector<core::ContactId>> SpeechRepository::pending() {
  return storage::query_all<core::ContactId>(
      db_, kPending, {}, [](const storage::RowReader& r) { return static_cast<core::ContactId>(r.int64(0)); });
}

Result<TranscriptCounts> SpeechRepository::counts() {
  TranscriptCounts c;
  auto r = db_.query(kCounts, {}, [&](const storage::RowReader& row) {
    switch (transcript_status_from_string(row.text(0)).value_or(TranscriptStatus::kFailed)) {
      case TranscriptStatus::kQueued: c.queued += row.int64(1); break;
      case TranscriptStatus::kRunning: c.running += row.int64(1); break;
      case TranscriptStatus::kDone: c.done += row.int64(1); break;
      case TranscriptStatus::kFailed: c.failed += row.int64(1); break;
    }
    return true;
  });
  if (!r) return std::unexpected(r.error());
  return c;
}

Result<void> SpeechRepository::replace_hits(core::ContactId contact, std::string_view source, std::span<const Hit> hits,
                                            const Also& also) {
  return db_.in_transaction([&]() -> Result<void> {
    if (auto r = write_hits(contact, source, hits); !r) return r;
    return also ? also() : Result<void>{};
  });
}

Result<void> SpeechRepository::write_hits(core::ContactId contact, std::string_view source, std::span<const Hit> hits) {
  const SqlValue del[] = {storage::contact_param(contact), source};
  if (auto r = db_.execute(kDeleteHits, del); !r) return std::unexpected(r.error());
  for (const Hit& h : hits) {
    const SqlValue params[] = {storage::contact_param(contact), std::string_view(h.queue), std::string_view(h.day),
                               std::string_view(h.keyword), std::string_view(h.channel), h.start_ms, h.end_ms,
                               std::string_view(h.text), source, h.time_ms, std::string_view(h.agent)};
    if (auto r = db_.execute(kInsertHit, params); !r) return std::unexpected(r.error());
  }
  return {};
}

Result<std::vector<Hit>> SpeechRepository::hits(core::ContactId contact) {
  const SqlValue params[] = {storage::contact_param(contact)};
  return storage::query_all<Hit>(db_, kHits, params, read_hit);
}

Result<std::vector<HitDay>> SpeechRepository::hit_days(std::string_view from_day, std::string_view to_day,
                                                       std::string_view queue) {
  const SqlValue params[] = {from_day, to_day, queue};
  return storage::query_all<HitDay>(db_, kHitDays, params, [](const storage::RowReader& r) {
    return HitDay{std::string(r.text(0)), std::string(r.text(1)), std::string(r.text(2)), r.int64(3)};
  });
}

Result<std::vector<HitAgentDay>> SpeechRepository::hit_agent_days(std::string_view from_day, std::string_view to_day,
                                                                  std::string_view queue) {
  const SqlValue params[] = {from_day, to_day, queue};
  return storage::query_all<HitAgentDay>(db_, kHitAgentDays, params, [](const storage::RowReader& r) {
    return HitAgentDay{std::string(r.text(0)), std::string(r.text(1)), std::string(r.text(2)), r.int64(3)};
  });
}

Result<std::vector<std::pair<core::ContactId, int>>> SpeechRepository::hit_counts(int64_t from_ms, int64_t to_ms) {
  const SqlValue params[] = {from_ms, to_ms};
  return storage::query_all<std::pair<core::ContactId, int>>(db_, kHitCounts, params, [](const storage::RowReader& r) {
    return std::pair<core::ContactId, int>{static_cast<core::ContactId>(r.int64(0)), static_cast<int>(r.int64(1))};
  });
}

}  // namespace switchyard::speech
