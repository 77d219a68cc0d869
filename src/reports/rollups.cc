#include "reports/rollups.h"

#include <algorithm>
#include <array>
#include <string>

#include "core/memory.h"
#include "reports/rollup_sql.h"
#include "storage/sql_util.h"

namespace switchyard::reports {

namespace {

using metrics::KpiCounters;
using storage::SqlValue;

#define SY_COLUMN_DEF(c) ",\n  " #c " BIGINT NOT NULL DEFAULT 0"
// Version 1: the rollups, the projection's checkpoint (with the creation
// seq of the oldest contact still open, from which it replays its memory
// after a restart, and the time zone the buckets were cut in) and the
// agents' states at the checkpoint.
#define SY_V1(table_suffix)                                                                \
  "CREATE TABLE rollups (\n  grain SMALLINT NOT NULL,\n  dim SMALLINT NOT NULL,\n"          \
  "  id BIGINT NOT NULL,\n  start_ms BIGINT NOT NULL" SY_ROLLUP_COUNTERS_V1(SY_COLUMN_DEF)     \
  ",\n  PRIMARY KEY (dim, grain, id, start_ms)\n)" table_suffix ";\n"                        \
  "CREATE TABLE rollup_checkpoint (\n  id INTEGER PRIMARY KEY CHECK (id = 1),\n"            \
  "  version INTEGER NOT NULL,\n  seq BIGINT NOT NULL,\n  low_seq BIGINT NOT NULL,\n"        \
  "  time_zone TEXT NOT NULL\n);\n"                                                          \
  "INSERT INTO rollup_checkpoint (id, version, seq, low_seq, time_zone) VALUES (1, 0, 0, 0, '');\n" \
  "CREATE TABLE rollup_agents (\n  agent BIGINT PRIMARY KEY,\n  state SMALLINT NOT NULL,\n"  \
  "  since_ms BIGINT NOT NULL\n);\n"

constexpr std::string_view kSqliteV1 = SY_V1(" WITHOUT ROWID");
constexpr std::string_view kPostgresV1 = SY_V1("");
#undef SY_V1
#undef SY_COLUMN_DEF

// Version 2: survey answers (CSAT).
constexpr std::string_view kV2 =
    "ALTER TABLE rollups ADD COLUMN survey_answers BIGINT NOT NULL DEFAULT 0;\n"
    "ALTER TABLE rollups ADD COLUMN survey_satisfied BIGINT NOT NULL DEFAULT 0;\n"
    "ALTER TABLE rollups ADD COLUMN survey_score_sum BIGINT NOT NULL DEFAULT 0;\n";

// Version 3: scheduled reports kept for download (scheduled_reports.h), one
// per kind and local day.
#define SY_V3(id_column)                                                                            \
  "CREATE TABLE scheduled_reports (\n  id " id_column ",\n  kind TEXT NOT NULL,\n"                 \
  "  day TEXT NOT NULL,\n  time_zone TEXT NOT NULL,\n  start_ms BIGINT NOT NULL,\n"                \
  "  end_ms BIGINT NOT NULL,\n  created_ms BIGINT NOT NULL,\n  csv TEXT NOT NULL,\n"               \
  "  html_en TEXT NOT NULL,\n  html_zh TEXT NOT NULL,\n  csv_bytes BIGINT NOT NULL,\n"             \
  "  html_en_bytes BIGINT NOT NULL,\n  html_zh_bytes BIGINT NOT NULL,\n  UNIQUE (kind, day)\n);\n" \
  "CREATE INDEX scheduled_reports_start ON scheduled_reports (start_ms);\n"
constexpr std::string_view kSqliteV3 = SY_V3("INTEGER PRIMARY KEY AUTOINCREMENT");
constexpr std::string_view kPostgresV3 = SY_V3("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY");
#undef SY_V3

// Version 4: FCR (docs/kpis.md, "FCR and repeat contacts"): the counters,
// the FCR settings the rows were counted with, and the latest handled
// contact per (customer, topic) at the checkpoint.
#define SY_V4(table_suffix)                                                                             \
  "ALTER TABLE rollups ADD COLUMN fcr_eligible BIGINT NOT NULL DEFAULT 0;\n"                            \
  "ALTER TABLE rollups ADD COLUMN repeats BIGINT NOT NULL DEFAULT 0;\n"                                 \
  "ALTER TABLE rollups ADD COLUMN unresolved BIGINT NOT NULL DEFAULT 0;\n"                              \
  "ALTER TABLE rollup_checkpoint ADD COLUMN fcr_topic TEXT NOT NULL DEFAULT '';\n"                      \
  "ALTER TABLE rollup_checkpoint ADD COLUMN fcr_window_ms BIGINT NOT NULL DEFAULT 0;\n"                 \
  "CREATE TABLE rollup_customers (\n  customer TEXT NOT NULL,\n  topic TEXT NOT NULL,\n"                \
  "  arrival_ms BIGINT NOT NULL,\n  end_ms BIGINT NOT NULL,\n  queue BIGINT NOT NULL,\n"                \
  "  agent BIGINT NOT NULL,\n  team BIGINT NOT NULL,\n  site BIGINT NOT NULL,\n"                        \
  "  channel SMALLINT NOT NULL,\n  customer_group TEXT NOT NULL,\n  PRIMARY KEY (customer, topic)\n)" \
  table_suffix ";\n"                                                                                   \
  "CREATE INDEX rollup_customers_end ON rollup_customers (end_ms);\n"
constexpr std::string_view kSqliteV4 = SY_V4(" WITHOUT ROWID");
constexpr std::string_view kPostgresV4 = SY_V4("");
#undef SY_V4

constexpr std::array<storage::Migration, 4> kMigrations = {{
    {1, "rollups", kSqliteV1, kPostgresV1},
    {2, "survey answers", kV2, kV2},
    {3, "scheduled reports", kSqliteV3, kPostgresV3},
    {4, "first-contact resolution", kSqliteV4, kPostgresV4},
}};

#define SY_NAME(c) ", " #c
#define SY_EXCLUDED(c) ", " #c " = rollups." #c " + excluded." #c
std::string upsert_text() {
  std::string s = "INSERT INTO rollups (grain, dim, id, start_ms" SY_ROLLUP_COUNTERS(SY_NAME) ") VALUES ($1, $2, $3, $4";
  for (int i = 0; i < sql::kCounterCount; ++i) s += ", $" + std::to_string(i + 5);
  s += ") ON CONFLICT (dim, grain, id, start_ms) DO UPDATE SET grain = excluded.grain" SY_ROLLUP_COUNTERS(SY_EXCLUDED);
  // The longest wait is a maximum, not a sum.
  const std::string sum = "max_wait_ms = rollups.max_wait_ms + excluded.max_wait_ms";
  s.replace(s.find(sum), sum.size(),
            "max_wait_ms = CASE WHEN excluded.max_wait_ms > rollups.max_wait_ms "
            "THEN excluded.max_wait_ms ELSE rollups.max_wait_ms END");
  return s;
}
const std::string kSelect = "SELECT id, start_ms" SY_ROLLUP_COUNTERS(SY_NAME)
    " FROM rollups WHERE dim = $1 AND grain = $2 AND start_ms >= $3 AND start_ms < $4";
#undef SY_EXCLUDED
#undef SY_NAME

const std::string kUpsertText = upsert_text();
const std::string kSelectAll = kSelect + " ORDER BY id, start_ms";
const std::string kSelectOne = kSelect + " AND id = $5 ORDER BY start_ms";

RollupRow read_row(const storage::RowReader& r) {
  RollupRow row;
  row.id = static_cast<uint32_t>(r.int64(0));
  row.start_ms = r.int64(1);
  int col = 2;
  KpiCounters& c = row.counters;
#define SY_READ(f) c.f = static_cast<decltype(c.f)>(r.int64(col++));
  SY_ROLLUP_COUNTERS(SY_READ)
#undef SY_READ
  return row;
}

}  // namespace

namespace sql {
const storage::Statement& upsert_rollup() {
  static const storage::Statement s{kUpsertText};
  return s;
}
const storage::Statement& select_rollups() {
  static const storage::Statement s{kSelectAll};
  return s;
}
const storage::Statement& select_rollups_of() {
  static const storage::Statement s{kSelectOne};
  return s;
}
}  // namespace sql

const storage::ModuleSchema& schema() {
  static const storage::ModuleSchema kSchema{"reports", kMigrations};
  return kSchema;
}

Result<std::vector<RollupRow>> RollupRepository::rows(const RollupQuery& q) {
  const SqlValue dim = int64_t{static_cast<int>(q.dim)};
  const SqlValue grain = int64_t{static_cast<int>(q.grain)};
  std::vector<RollupRow> out;
  // Appends each row; the capacity doubles into a fresh buffer on huge pages
  // (core/memory.h): a year of days for 200 queues is 73,000 rows, 20 MB.
  auto add = [&out](const storage::RowReader& r) {
    if (out.size() == out.capacity()) {
      std::vector<RollupRow> more;
      more.reserve(std::max<size_t>(256, 2 * out.capacity()));
      advise_huge_pages(more.data(), more.capacity() * sizeof(RollupRow));
      more.insert(more.end(), out.begin(), out.end());
      out.swap(more);
    }
    out.push_back(read_row(r));
    return true;
  };
  if (q.ids.empty()) {
    const SqlValue params[] = {dim, grain, q.from_ms, q.to_ms};
    if (auto r = db_.query(sql::select_rollups(), params, add); !r) return std::unexpected(std::move(r.error()));
    return out;
  }
  for (uint32_t id : q.ids) {
    const SqlValue params[] = {dim, grain, q.from_ms, q.to_ms, int64_t{id}};
    if (auto r = db_.query(sql::select_rollups_of(), params, add); !r) return std::unexpected(std::move(r.error()));
  }
  return out;
}

}  // namespace switchyard::reports
