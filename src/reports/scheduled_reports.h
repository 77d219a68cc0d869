#pragma once
// Scheduled reports kept for download (table `scheduled_reports`, reports
// migration 3): one row per (kind, local day) holding the rendered files,
// the CSV and the HTML page in each language, so a report reads the same
// however often it is downloaded. The unique key makes generation
// idempotent across restarts, concurrent triggers and several servers on
// one PostgreSQL database.
//
// Threading: one connection, one thread at a time.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "reports/daily_report.h"
#include "storage/sql_driver.h"

namespace switchyard::reports {

enum class ReportFormat : uint8_t { kCsv, kHtml };

struct StoredReport {
  int64_t id = 0;
  std::string kind = "daily";
  std::string day;        // local date of the report's day
  std::string time_zone;  // the zone the day was cut in
  int64_t start_ms = 0;   // the day: [start_ms, end_ms)
  int64_t end_ms = 0;
  int64_t created_ms = 0;  // generated (or last regenerated) at
  int64_t csv_bytes = 0;
  int64_t html_en_bytes = 0;
  int64_t html_zh_bytes = 0;
};

struct ReportFiles {
  std::string csv, html_en, html_zh;
};

class ScheduledReportRepository {
 public:
  explicit ScheduledReportRepository(storage::SqlDriver& db) : db_(db) {}

  struct Saved {
    StoredReport report;  // as stored now
    bool created = false;  // false: the day had one (kept, or replaced with `replace`)
  };
  // Stores the report of `meta.kind`/`meta.day` (meta.id and the sizes are
  // ignored). When the day has one already: with `replace` its files and
  // times are replaced (same id), else it is kept and returned.
  Result<Saved> save(const StoredReport& meta, const ReportFiles& files, bool replace);
  // Newest day first, at most `limit`.
  Result<std::vector<StoredReport>> list(size_t limit);
  Result<std::optional<StoredReport>> find(int64_t id);
  // The file of report `id` in `format` (and `lang` for HTML); nullopt when
  // there is no such report.
  Result<std::optional<std::string>> content(int64_t id, ReportFormat format, Lang lang);
  // The days ("2026-03-08") of the stored reports of `kind` whose day
  // starts at or after `from_ms`.
  Result<std::vector<std::string>> days_from(std::string_view kind, int64_t from_ms);
  // Deletes the reports whose day starts before `before_ms`; how many.
  Result<uint64_t> prune(int64_t before_ms);

  // The start of the first center day row of the rollups (INT64_MAX: none):
  // the earliest day a report can show anything for.
  Result<int64_t> first_rollup_day_ms();

 private:
  storage::SqlDriver& db_;
};

// Reads the local day starting at `day_start_ms` from the rollups, renders
// it (CSV, HTML in every language) and saves it as the "daily" report of
// that day, created at `now_ms` (ScheduledReportRepository::save).
Result<ScheduledReportRepository::Saved> store_daily_report(storage::SqlDriver& db, const metrics::Calendar& cal,
                                                            int64_t day_start_ms, const ReportDirectory& dir,
                                                            int64_t now_ms, bool replace);

}  // namespace switchyard::reports
