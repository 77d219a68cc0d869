#include "storage/migrate.h"

#include <string>

#include "storage/sql_util.h"

namespace switchyard::storage {

namespace {

constexpr std::string_view kTableSqlite =
    "CREATE TABLE IF NOT EXISTS module_migrations ("
    " module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (module, version))";
constexpr std::string_view kTablePostgres =
    "CREATE TABLE IF NOT EXISTS module_migrations ("
    " module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL,"
    " applied_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (module, version))";

inline constexpr Statement kMaxVersion{
    "SELECT COALESCE(MAX(version), 0) FROM module_migrations WHERE module = $1"};
inline constexpr Statement kApplied{
    "SELECT version FROM module_migrations WHERE module = $1 AND version = $2"};
inline constexpr Statement kInsert{
    "INSERT INTO module_migrations (module, version, name) VALUES ($1, $2, $3)"};
inline constexpr Statement kLegacyTableSqlite{
    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"};
inline constexpr Statement kLegacyTablePostgres{
    "SELECT COUNT(*) FROM information_schema.tables "
    "WHERE table_schema = current_schema() AND table_name = 'schema_migrations'"};
inline constexpr Statement kLegacyVersion{
    "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"};

bool is_pg(const SqlDriver& db) { return db.dialect() == "postgresql"; }

// The legacy monolithic schema's version (0 when there is none).
Result<int64_t> legacy_version(SqlDriver& db) {
  auto has = query_int(db, is_pg(db) ? kLegacyTablePostgres : kLegacyTableSqlite);
  if (!has) return has;
  if (*has == 0) return 0;
  return query_int(db, kLegacyVersion);
}

// Runs `body` for one version inside the exclusive transaction unless another
// process applied it meanwhile; records it.
Result<void> apply_one(SqlDriver& db, std::string_view module, const Migration& m, bool run_ddl) {
  return db.exclusive([&]() -> Result<void> {
    const SqlValue key[] = {module, int64_t{m.version}};
    bool applied = false;
    auto q = db.query(kApplied, key, [&](const RowReader&) {
      applied = true;
      return false;
    });
    if (!q || applied) return q;
    if (run_ddl)
      if (auto s = db.exec_script(is_pg(db) ? m.postgresql : m.sqlite); !s) return s;
    const SqlValue row[] = {module, int64_t{m.version}, m.name};
    if (auto e = db.execute(kInsert, row); !e) return std::unexpected(std::move(e.error()));
    return {};
  });
}

}  // namespace

Result<int> schema_version(SqlDriver& db, std::string_view module) {
  const SqlValue p[] = {module};
  auto v = query_int(db, kMaxVersion, p);
  if (!v) return std::unexpected(std::move(v.error()));
  return static_cast<int>(*v);
}

Result<void> migrate(SqlDriver& db, const ModuleSchema& schema) {
  if (auto r = db.exec_script(is_pg(db) ? kTablePostgres : kTableSqlite); !r) return r;
  auto current = schema_version(db, schema.module);
  if (!current) return std::unexpected(std::move(current.error()));
  const int latest = schema.migrations.empty() ? 0 : schema.migrations.back().version;
  const std::string module(schema.module);
  if (*current > latest)
    return make_error(ErrorCode::kIllegalState,
                      "database schema of module " + module + " is at version " +
                          std::to_string(*current) + ", newer than this binary's (" +
                          std::to_string(latest) + ")");
  int done = *current;
  if (done == 0 && schema.adopts_legacy_schema && !schema.migrations.empty()) {
    auto legacy = legacy_version(db);
    if (!legacy) return std::unexpected(std::move(legacy.error()));
    if (*legacy >= 1) {
      if (auto r = apply_one(db, schema.module, schema.migrations.front(), /*run_ddl=*/false); !r)
        return r;
      done = 1;
    }
  }
  for (const Migration& m : schema.migrations) {
    if (m.version <= done) continue;
    if (auto r = apply_one(db, schema.module, m, /*run_ddl=*/true); !r)
      return make_error(r.error().code, "migration " + module + " " + std::to_string(m.version) +
                                            " (" + std::string(m.name) + ") failed: " + r.error().message);
  }
  return {};
}

}  // namespace switchyard::storage
