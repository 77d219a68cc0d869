#include "audit/audit_log.h"

#include <array>

namespace switchyard::audit {

namespace {

using storage::SqlValue;
using storage::Statement;

constexpr std::string_view kSqliteV1 = R"sql(
CREATE TABLE audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  time_ms INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  detail TEXT NOT NULL,
  seq INTEGER NOT NULL DEFAULT 0
);
)sql";
constexpr std::string_view kPostgresV1 = R"sql(
CREATE TABLE audit (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  time_ms BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  detail TEXT NOT NULL,
  seq BIGINT NOT NULL DEFAULT 0
);
)sql";
constexpr std::array<storage::Migration, 1> kMigrations = {{{1, "audit", kSqliteV1, kPostgresV1}}};

inline constexpr Statement kInsert{
    "INSERT INTO audit (time_ms, actor, action, target, detail, seq) VALUES ($1, $2, $3, $4, $5, $6)"};
inline constexpr Statement kInsertReturning{
    "INSERT INTO audit (time_ms, actor, action, target, detail, seq) "
    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"};
inline constexpr Statement kList{
    "SELECT id, time_ms, actor, action, target, detail, seq FROM audit WHERE id > $1 "
    "ORDER BY id LIMIT $2"};

AuditEntry read_entry(const storage::RowReader& r) {
  AuditEntry a;
  a.id = r.int64(0);
  a.time_ms = r.int64(1);
  a.actor = r.text(2);
  a.action = r.text(3);
  a.target = r.text(4);
  a.detail = r.text(5);
  a.seq = static_cast<uint64_t>(r.int64(6));
  return a;
}

}  // namespace

const storage::ModuleSchema& AuditLog::schema() {
  static const storage::ModuleSchema kSchema{"audit", kMigrations, /*adopts_legacy_schema=*/true};
  return kSchema;
}

void AuditLog::stage(storage::Transaction& tx, const AuditEntry& a) {
  tx.add(kInsert, {a.time_ms, tx.keep(a.actor), tx.keep(a.action), tx.keep(a.target), tx.keep(a.detail),
                   static_cast<int64_t>(a.seq)});
}

Result<int64_t> AuditLog::append(const AuditEntry& a) {
  const SqlValue params[] = {a.time_ms,
                             std::string_view(a.actor),
                             std::string_view(a.action),
                             std::string_view(a.target),
                             std::string_view(a.detail),
                             static_cast<int64_t>(a.seq)};
  return storage::query_int(db_, kInsertReturning, params);
}

Result<std::vector<AuditEntry>> AuditLog::list(int64_t after_id, size_t limit) {
  const SqlValue params[] = {after_id, storage::limit_param(limit)};
  return storage::query_all<AuditEntry>(db_, kList, params, read_entry);
}

}  // namespace switchyard::audit
