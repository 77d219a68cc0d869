#pragma once
// Internal to switchyard_storage: SqlDriver for SQLite 3.
//
// Settings (applied at open): journal_mode=WAL (readers never block the
// writer), synchronous=FULL by default (each commit fsyncs the WAL: durable
// against power loss; NORMAL is durable against process crashes only),
// busy_timeout=5000 ms, foreign_keys=ON. Transactions are BEGIN IMMEDIATE so
// a writer waits for the lock up front instead of failing at commit.
//
// Threading: one thread at a time (the connection is opened NOMUTEX).
#include <sqlite3.h>

#include <unordered_map>
#include <memory>
#include <string>

#include "storage/sql_driver.h"

namespace switchyard::storage {

struct SqliteOptions {
  bool synchronous_full = true;  // false: synchronous=NORMAL
};

class SqliteDriver final : public SqlDriver {
 public:
  // Opens or creates the database file at `path` (":memory:" for a private
  // in-memory database).
  static Result<std::unique_ptr<SqliteDriver>> open(const std::string& path,
                                                    const SqliteOptions& options);
  ~SqliteDriver() override;
  SqliteDriver(const SqliteDriver&) = delete;
  SqliteDriver& operator=(const SqliteDriver&) = delete;

  std::string_view dialect() const override { return "sqlite"; }
  Result<uint64_t> execute(const Statement& s, std::span<const SqlValue> params) override;
  Result<void> query(const Statement& s, std::span<const SqlValue> params,
                     const RowFn& fn) override;
  Result<void> transaction(std::span<const Command> commands) override;
  Result<void> exclusive(const std::function<Result<void>()>& body) override;
  Result<void> in_transaction(const std::function<Result<void>()>& body) override;
  Result<void> exec_script(std::string_view sql) override;

 private:
  explicit SqliteDriver(sqlite3* db) : db_(db) {}
  Result<sqlite3_stmt*> prepare(const Statement& s);
  Result<void> bind(sqlite3_stmt* st, std::span<const SqlValue> params);
  // Binds, steps to the end (ignoring rows) and resets.
  Result<void> run(const Statement& s, std::span<const SqlValue> params);
  std::unexpected<Error> error(std::string_view what) const;

  sqlite3* db_ = nullptr;
  std::unordered_map<const Statement*, sqlite3_stmt*> statements_;  // prepared, by identity
};

}  // namespace switchyard::storage
