#pragma once
// Internal to switchyard_storage: SqlDriver for PostgreSQL via libpq.
//
// One connection. Statements are prepared once per connection (server-side
// prepared statements "sy<id>"); a query's rows come one at a time (libpq
// single-row mode), so a large result is never held whole. Sessions run
// without JIT compilation. A commit is pipelined (libpq pipeline mode):
// BEGIN, every insert/update, COMMIT go out without waiting for each answer,
// with a sync every kPipelineChunk statements so neither side's socket buffer
// can fill up; a batch costs about one round trip per chunk instead of one
// per statement. Durability is the server's (synchronous_commit).
//
// A broken connection is reset at the start of the next call (the statement
// cache is dropped with it); a call that fails because the connection broke
// returns kInternal.
//
// Threading: one thread at a time.
#include <unordered_map>
#include <memory>
#include <string>

#include "storage/sql_driver.h"

struct pg_conn;

namespace switchyard::storage {

class PostgresDriver final : public SqlDriver {
 public:
  static constexpr size_t kPipelineChunk = 256;

  // `url`: a libpq connection string or URI ("postgresql://user@host:port/db").
  static Result<std::unique_ptr<PostgresDriver>> open(const std::string& url);
  ~PostgresDriver() override;
  PostgresDriver(const PostgresDriver&) = delete;
  PostgresDriver& operator=(const PostgresDriver&) = delete;

  std::string_view dialect() const override { return "postgresql"; }
  Result<uint64_t> execute(const Statement& s, std::span<const SqlValue> params) override;
  Result<void> query(const Statement& s, std::span<const SqlValue> params,
                     const RowFn& fn) override;
  Result<void> transaction(std::span<const Command> commands) override;
  Result<void> exclusive(const std::function<Result<void>()>& body) override;
  Result<void> in_transaction(const std::function<Result<void>()>& body) override;
  Result<void> exec_script(std::string_view sql) override;

 private:
  explicit PostgresDriver(pg_conn* conn) : conn_(conn) {}
  Result<void> ensure_connected();
  // Prepares `s` once per connection; returns its server-side name.
  Result<const std::string*> prepare(const Statement& s);
  Result<void> rollback_if_open();

  pg_conn* conn_ = nullptr;
  std::unordered_map<const Statement*, std::string> prepared_;  // statement -> server-side name
};

}  // namespace switchyard::storage
