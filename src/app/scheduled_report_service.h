#pragma once
// Scheduled reports (docs/api.md, "Scheduled reports"; docs/operations.md):
// the center's daily report, generated at `reports.daily_at` local time for
// the local day before, from the rollups (never from events), once the
// rollup projection has applied every event committed up to the run (so
// past the end of that day); days missed while the server was down are
// generated at the next start, within `reports.keep_days`; older reports
// are pruned. One report per day (reports/scheduled_reports.h), so a run
// that repeats, a restart and a concurrent trigger change nothing.
//
// Permissions: listing and downloading need read_reports with scope "all"
// (a report holds every queue, team and agent, so agents and team leads
// get kPermissionDenied); generating a day again needs write_config
// (administrators).
//
// Threading: every method from any thread; replies on service threads. The
// engine thread only copies the queues' service-level goals; reading the
// rollups, rendering and storing run on a store worker (on demand) or the
// bulk lane (scheduled), never on the engine thread or an I/O thread.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/caller.h"
#include "app/runtime.h"
#include "metrics/calendar.h"
#include "reports/daily_report.h"
#include "reports/schedule.h"
#include "reports/scheduled_reports.h"

namespace switchyard::app {

struct ScheduledReportOptions {
  bool daily_enabled = true;  // false: no scheduled runs (on demand still works)
  reports::DailySchedule schedule;
};

struct ReportDownload {
  reports::StoredReport report;
  std::string body;
};

class ScheduledReportService {
 public:
  static constexpr size_t kMaxList = 1000;
  // After a failed run, the next attempt comes this much later.
  static constexpr int64_t kRetryMs = 300'000;

  ScheduledReportService(Runtime& rt, metrics::Calendar calendar, ScheduledReportOptions options);
  ~ScheduledReportService();  // stop()
  ScheduledReportService(const ScheduledReportService&) = delete;
  ScheduledReportService& operator=(const ScheduledReportService&) = delete;

  const metrics::Calendar& calendar() const;
  // Newest day first, at most `limit` (1..kMaxList).
  void list(const Caller& c, size_t limit, Reply<std::vector<reports::StoredReport>> reply);
  // Report `id`'s metadata (body empty), or with `format` its file.
  void download(const Caller& c, int64_t id, std::optional<reports::ReportFormat> format, reports::Lang lang,
                Reply<ReportDownload> reply);
  // Generates the report of `day` ("YYYY-MM-DD", a local day that has ended
  // and is within keep_days; else kInvalidArgument naming "day") now,
  // replacing the stored one. Answers once it is stored.
  void generate(const Caller& c, std::string_view day, Reply<reports::ScheduledReportRepository::Saved> reply);

  // Cheap; call often (serve: every second). When the injected clock has
  // reached the next run, or at the first call (catching up after
  // downtime), starts one run: prune, then generate every due day that has
  // no report. One run at a time; a failed run is tried again kRetryMs later.
  void tick();
  // The next run's time (epoch ms); 0 before the first tick.
  int64_t next_run_ms() const;
  // True when no run is in flight (tests wait for it).
  bool idle() const;
  // Lets a store job in flight finish and starts none after it. Call before
  // the store pool and the projection host stop.
  void stop();

 private:
  struct Shared;
  std::shared_ptr<Shared> s_;
};

}  // namespace switchyard::app
