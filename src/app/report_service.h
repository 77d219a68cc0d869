#pragma once
// Reports: KPI rollups (reports/rollups.h) for a dimension, a grain and a
// time range, read from the store (never recomputed from events), with a
// total per id over the range. Figures derive from the counters by the
// formulas of docs/kpis.md (metrics::derive).
//
// Scope (Permission::kReadReports): "all" reads every dimension; a team
// lead ("team") reads their team and its agents; an agent ("self") reads
// their own agent rows. Asking for ids outside the scope is
// kPermissionDenied naming `ids`; without ids the scope is the default.
//
// Threading: every method from any thread; replies on service threads.
#include <cstdint>
#include <vector>

#include "app/caller.h"
#include "app/runtime.h"
#include "metrics/calendar.h"
#include "reports/rollups.h"

namespace switchyard::app {

struct ReportRequest {
  metrics::Dim dim = metrics::Dim::kQueue;
  metrics::Grain grain = metrics::Grain::kDay;
  int64_t from_ms = 0;  // buckets starting at or after floor(grain, from) ...
  int64_t to_ms = 0;    // ... and before `to` (exclusive)
  std::vector<uint32_t> ids;  // empty: every id in the caller's scope
};

struct Report {
  ReportRequest request;  // as answered: from aligned to its bucket, ids as scoped
  std::vector<reports::RollupRow> rows;    // by id, then start
  std::vector<reports::RollupRow> totals;  // one per id with rows (start_ms = from)
};

// The rows of `req` (as given: aligned and scoped) and a total per id: what
// ReportService answers once the request is checked. On the store thread
// (benchmarks: any thread that owns `db`).
Result<Report> read_report(storage::SqlDriver& db, const ReportRequest& req);

class ReportService {
 public:
  // At most this many buckets per id in one report (e.g. 15 min over ~104 days).
  static constexpr int64_t kMaxBuckets = 10'000;

  ReportService(Runtime& rt, metrics::Calendar calendar) : rt_(rt), calendar_(std::move(calendar)) {}
  const metrics::Calendar& calendar() const { return calendar_; }
  int64_t now_ms() const { return rt_.clock.now_ms(); }
  void report(const Caller& c, ReportRequest req, Reply<Report> reply);

 private:
  void read(ReportRequest req, Reply<Report> reply);
  Runtime& rt_;
  metrics::Calendar calendar_;
};

}  // namespace switchyard::app
