#pragma once
// The reports module: KPI rollups per 15 min, hour, day, month and year, per
// center, queue, channel, agent, team and site, kept as counters (the sums
// of metrics::KpiCounters) so any figure of docs/kpis.md derives from a row
// or from rows added together. RollupProjection (rollup_projection.h)
// maintains them from committed events; this is the read side.
//
// A contact's outcomes count in the bucket in which it arrived; agent time
// counts in the bucket in which it passed (docs/kpis.md, "Intervals").
//
// Threading: one connection, one thread at a time.
#include <cstdint>
#include <span>
#include <vector>

#include "core/result.h"
#include "metrics/calendar.h"
#include "metrics/kpi_collector.h"
#include "storage/migrate.h"
#include "storage/sql_driver.h"

namespace switchyard::reports {

const storage::ModuleSchema& schema();  // module "reports"

struct RollupRow {
  uint32_t id = 0;       // queue / agent / team / site id, Channel value, 0 for the center
  int64_t start_ms = 0;  // bucket start (epoch ms)
  metrics::KpiCounters counters;
};

struct RollupQuery {
  metrics::Dim dim = metrics::Dim::kQueue;
  metrics::Grain grain = metrics::Grain::kDay;
  int64_t from_ms = 0;         // buckets starting at or after this ...
  int64_t to_ms = 0;           // ... and before this
  std::vector<uint32_t> ids;   // empty = every id
};

class RollupRepository {
 public:
  explicit RollupRepository(storage::SqlDriver& db) : db_(db) {}
  // Rows ordered by id, then start.
  Result<std::vector<RollupRow>> rows(const RollupQuery& q);

 private:
  storage::SqlDriver& db_;
};

}  // namespace switchyard::reports
