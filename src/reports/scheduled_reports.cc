#include "reports/scheduled_reports.h"

#include "storage/sql_util.h"

namespace switchyard::reports {

namespace {

using storage::SqlValue;

#define SY_META "id, kind, day, time_zone, start_ms, end_ms, created_ms, csv_bytes, html_en_bytes, html_zh_bytes"
constexpr storage::Statement kFindDay{"SELECT " SY_META " FROM scheduled_reports WHERE kind = $1 AND day = $2"};
constexpr storage::Statement kFindId{"SELECT " SY_META " FROM scheduled_reports WHERE id = $1"};
constexpr storage::Statement kList{"SELECT " SY_META
                                   " FROM scheduled_reports ORDER BY start_ms DESC, id DESC LIMIT $1"};
#undef SY_META
constexpr storage::Statement kInsert{
    "INSERT INTO scheduled_reports (kind, day, time_zone, start_ms, end_ms, created_ms, csv, html_en, html_zh, "
    "csv_bytes, html_en_bytes, html_zh_bytes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
    "ON CONFLICT (kind, day) DO NOTHING"};
constexpr storage::Statement kReplace{
    "UPDATE scheduled_reports SET time_zone = $3, start_ms = $4, end_ms = $5, created_ms = $6, csv = $7, "
    "html_en = $8, html_zh = $9, csv_bytes = $10, html_en_bytes = $11, html_zh_bytes = $12 "
    "WHERE kind = $1 AND day = $2"};
constexpr storage::Statement kCsv{"SELECT csv FROM scheduled_reports WHERE id = $1"};
constexpr storage::Statement kHtmlEn{"SELECT html_en FROM scheduled_reports WHERE id = $1"};
constexpr storage::Statement kHtmlZh{"SELECT html_zh FROM scheduled_reports WHERE id = $1"};
constexpr storage::Statement kDaysFrom{
    "SELECT day FROM scheduled_reports WHERE kind = $1 AND start_ms >= $2 ORDER BY start_ms"};
constexpr storage::Statement kPrune{"DELETE FROM scheduled_reports WHERE start_ms < $1"};
// The center's (dim 0) day rows (grain 2): metrics::Dim / metrics::Grain values.
constexpr storage::Statement kFirstDay{"SELECT MIN(start_ms) FROM rollups_coarse WHERE dim = 0 AND grain = 2"};
static_assert(static_cast<int>(metrics::Dim::kCenter) == 0 && static_cast<int>(metrics::Grain::kDay) == 2);

StoredReport read_meta(const storage::RowReader& r) {
  StoredReport m;
  m.id = r.int64(0);
  m.kind = std::string(r.text(1));
  m.day = std::string(r.text(2));
  m.time_zone = std::string(r.text(3));
  m.start_ms = r.int64(4);
  m.end_ms = r.int64(5);
  m.created_ms = r.int64(6);
  m.csv_bytes = r.int64(7);
  m.html_en_bytes = r.int64(8);
  m.html_zh_bytes = r.int64(9);
  return m;
}

}  // namespace

Result<ScheduledReportRepository::Saved> ScheduledReportRepository::save(const StoredReport& meta,
                                                                         const ReportFiles& files, bool replace) {
  const SqlValue key[] = {std::string_view(meta.kind), std::string_view(meta.day)};
  const SqlValue params[] = {std::string_view(meta.kind),
                             std::string_view(meta.day),
                             std::string_view(meta.time_zone),
                             meta.start_ms,
                             meta.end_ms,
                             meta.created_ms,
                             std::string_view(files.csv),
                             std::string_view(files.html_en),
                             std::string_view(files.html_zh),
                             static_cast<int64_t>(files.csv.size()),
                             static_cast<int64_t>(files.html_en.size()),
                             static_cast<int64_t>(files.html_zh.size())};
  Saved out;
  auto done = db_.in_transaction([&]() -> Result<void> {
    auto existing = storage::query_one<StoredReport>(db_, kFindDay, key, read_meta);
    if (!existing) return std::unexpected(std::move(existing.error()));
    if (!*existing) {
      // Another writer may insert the same day meanwhile: the unique key
      // keeps one, and this one then counts as not created.
      auto changed = db_.execute(kInsert, params);
      if (!changed) return std::unexpected(std::move(changed.error()));
      out.created = *changed == 1;
    }
    if (!out.created && replace)
      if (auto changed = db_.execute(kReplace, params); !changed) return std::unexpected(std::move(changed.error()));
    auto now = storage::query_one<StoredReport>(db_, kFindDay, key, read_meta);
    if (!now) return std::unexpected(std::move(now.error()));
    if (!*now) return make_error(ErrorCode::kInternal, "the report of " + meta.day + " vanished", "day");
    out.report = std::move(**now);
    return {};
  });
  if (!done) return std::unexpected(std::move(done.error()));
  return out;
}

Result<std::vector<StoredReport>> ScheduledReportRepository::list(size_t limit) {
  const SqlValue params[] = {storage::limit_param(limit)};
  return storage::query_all<StoredReport>(db_, kList, params, read_meta);
}

Result<std::optional<StoredReport>> ScheduledReportRepository::find(int64_t id) {
  const SqlValue params[] = {id};
  return storage::query_one<StoredReport>(db_, kFindId, params, read_meta);
}

Result<std::optional<std::string>> ScheduledReportRepository::content(int64_t id, ReportFormat format, Lang lang) {
  const storage::Statement& s = format == ReportFormat::kCsv ? kCsv : lang == Lang::kZh ? kHtmlZh : kHtmlEn;
  const SqlValue params[] = {id};
  return storage::query_one<std::string>(db_, s, params,
                                         [](const storage::RowReader& r) { return std::string(r.text(0)); });
}

Result<std::vector<std::string>> ScheduledReportRepository::days_from(std::string_view kind, int64_t from_ms) {
  const SqlValue params[] = {kind, from_ms};
  return storage::query_all<std::string>(db_, kDaysFrom, params,
                                         [](const storage::RowReader& r) { return std::string(r.text(0)); });
}

Result<uint64_t> ScheduledReportRepository::prune(int64_t before_ms) {
  const SqlValue params[] = {before_ms};
  return db_.execute(kPrune, params);
}

Result<int64_t> ScheduledReportRepository::first_rollup_day_ms() {
  auto v = storage::query_one<std::optional<int64_t>>(db_, kFirstDay, {},
                                                      [](const storage::RowReader& r) { return storage::opt_col(r, 0); });
  if (!v) return std::unexpected(std::move(v.error()));
  return *v && **v ? ***v : INT64_MAX;
}

Result<ScheduledReportRepository::Saved> store_daily_report(storage::SqlDriver& db, const metrics::Calendar& cal,
                                                            int64_t day_start_ms, const ReportDirectory& dir,
                                                            int64_t now_ms, bool replace) {
  auto r = load_daily_report(db, cal, day_start_ms, dir, now_ms);
  if (!r) return std::unexpected(std::move(r.error()));
  ReportFiles files{daily_report_csv(*r, cal), daily_report_html(*r, cal, Lang::kEn),
                    daily_report_html(*r, cal, Lang::kZh)};
  StoredReport meta;
  meta.day = r->day;
  meta.time_zone = r->time_zone;
  meta.start_ms = r->start_ms;
  meta.end_ms = r->end_ms;
  meta.created_ms = now_ms;
  return ScheduledReportRepository(db).save(meta, files, replace);
}

}  // namespace switchyard::reports
