#pragma once
// Internal to switchyard_storage: the small surface a database must offer so
// that SqlStore (sql_store.h) can implement the Store on it. One driver per
// database (sqlite_driver.cc, postgres_driver.cc).
//
// Statements are written once, with PostgreSQL-style placeholders $1..$n
// (the SQLite driver rewrites them to ?1..?n). A Statement is identified by
// its address: define each as an `inline constexpr Statement` (static
// storage) so a driver can prepare it once per connection and cache it.
//
// Text values: both drivers refuse text that is not valid UTF-8 or contains
// a NUL byte with kInvalidArgument (PostgreSQL cannot store either; SQLite
// would), so every backend accepts exactly the same data.
//
// Threading: like Store, one thread at a time.
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"

namespace switchyard::storage {

struct Blob {
  std::string_view bytes;
};
// NULL, an integer, text, or bytes. Text and blob views must stay valid until
// the call that receives them returns.
using SqlValue = std::variant<std::nullptr_t, int64_t, std::string_view, Blob>;

struct Statement {
  std::string_view sql;  // with $1..$n placeholders
  // PostgreSQL: plan each call with its parameters' values instead of once for all (a named
  // prepared statement falls back to a generic plan after five calls). For queries whose best plan
  // depends on a value, e.g. a text search: a common word walks the newest rows, a rare one the
  // GIN index (docs/comms.md "Search on PostgreSQL"). SQLite ignores it.
  bool plan_per_call = false;
};

struct Command {
  const Statement* statement = nullptr;
  std::vector<SqlValue> params;
};

// One result row, valid only during the RowFn call that receives it.
class RowReader {
 public:
  virtual ~RowReader() = default;
  virtual bool is_null(int col) const = 0;
  virtual int64_t int64(int col) const = 0;          // 0 for NULL
  virtual std::string_view text(int col) const = 0;  // "" for NULL
  virtual std::string blob(int col) const = 0;       // "" for NULL
};
// Returns false to stop reading rows.
using RowFn = std::function<bool(const RowReader&)>;

// True when `s` is valid UTF-8 without NUL bytes (what both drivers store).
bool is_storable_text(std::string_view s);
// kInvalidArgument naming the first text parameter that is not storable.
Result<void> check_text_params(std::span<const SqlValue> params);

class SqlDriver {
 public:
  virtual ~SqlDriver() = default;
  virtual std::string_view dialect() const = 0;  // "sqlite" or "postgresql"

  // Runs one statement; returns the number of rows it changed.
  virtual Result<uint64_t> execute(const Statement& s, std::span<const SqlValue> params) = 0;
  // Runs one statement and passes each result row to fn (rows may be read
  // as they arrive: on an error, rows before it may have been passed).
  virtual Result<void> query(const Statement& s, std::span<const SqlValue> params,
                             const RowFn& fn) = 0;
  // Runs the commands in one transaction, all or nothing; returns after the
  // commit is durable. The hot path (group commit): PostgreSQL pipelines it.
  virtual Result<void> transaction(std::span<const Command> commands) = 0;
  // Runs `body` in a transaction that excludes other writers (migrations).
  // Commits when body succeeds, rolls back otherwise.
  virtual Result<void> exclusive(const std::function<Result<void>()>& body) = 0;
  // Runs `body` (statements on this connection, reads included) in one
  // write transaction: commits when it succeeds, rolls back otherwise. For
  // changes that span repositories, e.g. a user change and its audit entry.
  virtual Result<void> in_transaction(const std::function<Result<void>()>& body) = 0;
  // Runs SQL text without parameters; may hold several statements (DDL).
  virtual Result<void> exec_script(std::string_view sql) = 0;
};

}  // namespace switchyard::storage
