#include "reports/rollups.h"

#include <algorithm>
#include <array>
#include <charconv>
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

// Version 5: the day, month and year rows move to `rollups_coarse`, their
// counters as one text (rollup_sql.h). The texts are made by the same
// concatenation on both databases (a number || text is text), less the
// leading comma.
#define SY_CONCAT(c) " || ',' || " #c
#define SY_V5(table_suffix)                                                                              \
  "CREATE TABLE rollups_coarse (\n  grain SMALLINT NOT NULL,\n  dim SMALLINT NOT NULL,\n"                 \
  "  id BIGINT NOT NULL,\n  start_ms BIGINT NOT NULL,\n  counters TEXT NOT NULL,\n"                      \
  "  PRIMARY KEY (dim, grain, id, start_ms)\n)" table_suffix ";\n"                                       \
  "INSERT INTO rollups_coarse (grain, dim, id, start_ms, counters)\n"                                    \
  "  SELECT grain, dim, id, start_ms, SUBSTR(''" SY_ROLLUP_COUNTERS_V5(SY_CONCAT) ", 2)\n"                     \
  "  FROM rollups WHERE grain >= 2;\n"                                                                  \
  "DELETE FROM rollups WHERE grain >= 2;\n"
constexpr std::string_view kSqliteV5 = SY_V5(" WITHOUT ROWID");
constexpr std::string_view kPostgresV5 = SY_V5("");
#undef SY_V5
#undef SY_CONCAT

constexpr std::array<storage::Migration, 5> kMigrations = {{
    {1, "rollups", kSqliteV1, kPostgresV1},
    {2, "survey answers", kV2, kV2},
    {3, "scheduled reports", kSqliteV3, kPostgresV3},
    {4, "first-contact resolution", kSqliteV4, kPostgresV4},
    {5, "coarse rollups as text", kSqliteV5, kPostgresV5},
}};

#define SY_NAME(c) ", " #c
#define SY_EXCLUDED(c) ", " #c " = rollups." #c " + excluded." #c
std::string upsert_tail() {
  std::string s = "ON CONFLICT (dim, grain, id, start_ms) DO UPDATE SET grain = excluded.grain" SY_ROLLUP_COUNTERS(SY_EXCLUDED);
  // The longest wait is a maximum, not a sum.
  const std::string sum = "max_wait_ms = rollups.max_wait_ms + excluded.max_wait_ms";
  s.replace(s.find(sum), sum.size(),
            "max_wait_ms = CASE WHEN excluded.max_wait_ms > rollups.max_wait_ms "
            "THEN excluded.max_wait_ms ELSE rollups.max_wait_ms END");
  return s;
}
constexpr std::string_view kUpsertHead = "INSERT INTO rollups (grain, dim, id, start_ms" SY_ROLLUP_COUNTERS(SY_NAME) ")";
const std::string kSelect = "SELECT id, start_ms" SY_ROLLUP_COUNTERS(SY_NAME)
    " FROM rollups WHERE dim = $1 AND grain = $2 AND start_ms >= $3 AND start_ms < $4";
#undef SY_EXCLUDED
#undef SY_NAME
const std::string kSelectCoarse =
    "SELECT id, start_ms, counters FROM rollups_coarse WHERE dim = $1 AND grain = $2 AND start_ms >= $3 AND "
    "start_ms < $4";

const std::string kSelectAll = kSelect + " ORDER BY id, start_ms";
const std::string kSelectOne = kSelect + " AND id = $5 ORDER BY start_ms";
const std::string kSelectCoarseAll = kSelectCoarse + " ORDER BY id, start_ms";
const std::string kSelectCoarseOne = kSelectCoarse + " AND id = $5 ORDER BY start_ms";

// Fills `row` from (id, start_ms, counters...) or (id, start_ms, text).
bool read_row(const storage::RowReader& r, bool coarse, RollupRow& row) {
  row.id = static_cast<uint32_t>(r.int64(0));
  row.start_ms = r.int64(1);
  KpiCounters& c = row.counters;
  if (coarse) return sql::parse_counters(r.text(2), c);
  int col = 2;
#define SY_READ(f) c.f = static_cast<decltype(c.f)>(r.int64(col++));
  SY_ROLLUP_COUNTERS(SY_READ)
#undef SY_READ
  return true;
}

}  // namespace

namespace sql {
const storage::BatchInsert& upsert_rollups() {
  static const storage::BatchInsert b(kUpsertHead, 4 + kCounterCount, upsert_tail());
  return b;
}
const storage::BatchInsert& put_coarse() {
  static const storage::BatchInsert b("INSERT INTO rollups_coarse (grain, dim, id, start_ms, counters)", 5,
                                      "ON CONFLICT (dim, grain, id, start_ms) DO UPDATE SET counters = "
                                      "excluded.counters");
  return b;
}
const storage::Statement& select_rollups(bool coarse) {
  static const storage::Statement s{kSelectAll}, c{kSelectCoarseAll};
  return coarse ? c : s;
}
const storage::Statement& select_rollups_of(bool coarse) {
  static const storage::Statement s{kSelectOne}, c{kSelectCoarseOne};
  return coarse ? c : s;
}

std::string format_counters(const KpiCounters& c) {
  std::string out;
  out.reserve(4 * kCounterCount);
  char buf[24];
  bool first = true;
  auto put = [&](uint64_t v) {
    if (!first) out += ',';
    first = false;
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, static_cast<int64_t>(v));
    out.append(buf, end);
  };
#define SY_PUT(f) put(c.f);
  SY_ROLLUP_COUNTERS(SY_PUT)
#undef SY_PUT
  return out;
}

bool parse_counters(std::string_view text, KpiCounters& c) {
  const char* p = text.data();
  const char* const end = p + text.size();
  bool ok = true;
  // Each field: a decimal then ',' or the end; fields past the text are 0.
  auto next = [&]() -> uint64_t {
    if (!ok || p == end) return 0;
    int64_t v = 0;
    auto [q, ec] = std::from_chars(p, end, v);
    if (ec != std::errc() || v < 0 || (q != end && *q != ',')) {
      ok = false;
      return 0;
    }
    p = q == end ? q : q + 1;
    return static_cast<uint64_t>(v);
  };
#define SY_GET(f) c.f = static_cast<decltype(c.f)>(next());
  SY_ROLLUP_COUNTERS(SY_GET)
#undef SY_GET
  return ok;
}
}  // namespace sql

const storage::ModuleSchema& schema() {
  static const storage::ModuleSchema kSchema{"reports", kMigrations};
  return kSchema;
}

Result<std::vector<RollupRow>> RollupRepository::rows(const RollupQuery& q) {
  const SqlValue dim = int64_t{static_cast<int>(q.dim)};
  const SqlValue grain = int64_t{static_cast<int>(q.grain)};
  const bool coarse = sql::is_coarse(q.grain);
  std::vector<RollupRow> out;
  bool bad = false;
  // Appends each row; the capacity doubles into a fresh buffer on huge pages
  // (core/memory.h): a year of days for 200 queues is 73,000 rows, 20 MB.
  auto add = [&out, &bad, coarse](const storage::RowReader& r) {
    if (out.size() == out.capacity()) {
      std::vector<RollupRow> more;
      more.reserve(std::max<size_t>(256, 2 * out.capacity()));
      advise_huge_pages(more.data(), more.capacity() * sizeof(RollupRow));
      more.insert(more.end(), out.begin(), out.end());
      out.swap(more);
    }
    if (!read_row(r, coarse, out.emplace_back())) bad = true;
    return !bad;
  };
  if (q.ids.empty()) {
    const SqlValue params[] = {dim, grain, q.from_ms, q.to_ms};
    if (auto r = db_.query(sql::select_rollups(coarse), params, add); !r) return std::unexpected(std::move(r.error()));
  } else {
    for (uint32_t id : q.ids) {
      const SqlValue params[] = {dim, grain, q.from_ms, q.to_ms, int64_t{id}};
      if (auto r = db_.query(sql::select_rollups_of(coarse), params, add); !r || bad) {
        if (!r) return std::unexpected(std::move(r.error()));
        break;
      }
    }
  }
  if (bad) return make_error(ErrorCode::kInternal, "rollups_coarse holds a counters text that is not a list of counts");
  return out;
}

}  // namespace switchyard::reports
