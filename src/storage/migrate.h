#pragma once
// Schema migrations, per module. Each module (event log, accounts, audit,
// history, and later reports, QA, WFM, ...) owns its tables and lists their
// migrations; `migrate` applies the ones a database lacks, in order, each in
// its own exclusive transaction together with its row in `module_migrations`
// (module, version, name, applied_at). Never edit a released migration:
// append a new one.
//
// Databases created before modules had their own migrations have one
// `schema_migrations` table at version 1 (the first, monolithic schema). A
// module whose first migration `adopts_legacy_schema` is recorded as applied
// there instead of running (its tables already exist).
#include <span>
#include <string_view>

#include "core/result.h"
#include "storage/sql_driver.h"

namespace switchyard::storage {

struct Migration {
  int version;  // 1, 2, 3, ... without gaps, per module
  std::string_view name;
  std::string_view sqlite;      // DDL (and data moves) for SQLite
  std::string_view postgresql;  // the same for PostgreSQL
};

struct ModuleSchema {
  std::string_view module;  // unique name, e.g. "eventlog"
  std::span<const Migration> migrations;
  // Version 1 of this module is part of the legacy schema_migrations v1.
  bool adopts_legacy_schema = false;
};

// Applies the module's pending migrations. kIllegalState when the database
// has a newer version of the module than this binary knows.
Result<void> migrate(SqlDriver& db, const ModuleSchema& schema);
// The highest version of `module` applied (0 = none).
Result<int> schema_version(SqlDriver& db, std::string_view module);

}  // namespace switchyard::storage
