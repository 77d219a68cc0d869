#pragma once
// Versioned schema migrations, the same logical schema on SQLite and
// PostgreSQL. Applied in order at Store::open, each in its own exclusive
// transaction together with its row in `schema_migrations`. Never edit a
// released migration: append a new one.
#include <span>
#include <string_view>

namespace switchyard::storage {

struct Migration {
  int version;  // 1, 2, 3, ... without gaps
  std::string_view name;
  std::string_view sqlite;      // DDL for SQLite
  std::string_view postgresql;  // DDL for PostgreSQL
};

std::span<const Migration> migrations();
// CREATE TABLE IF NOT EXISTS schema_migrations (...) for the dialect.
std::string_view migrations_table_sql(std::string_view dialect);

}  // namespace switchyard::storage
