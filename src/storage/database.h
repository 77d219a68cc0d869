#pragma once
// Opening a database connection from a store URL, shared by every module.
//
//   "sqlite:PATH", "sqlite:PATH?synchronous=normal", or a bare PATH -> SQLite
//   "postgresql://..." or "postgres://..." (libpq URI)              -> PostgreSQL
//
// A connection (SqlDriver) is used by one thread at a time. The server opens
// one per thread that touches the store (commit thread, store workers,
// projection host); each module works through its own repository over it.
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "storage/sql_driver.h"

namespace switchyard::storage {

struct OpenOptions {
  // SQLite only: commit without fsync (WAL, synchronous=NORMAL) whatever the
  // URL says. For connections whose writes can be rebuilt (projections):
  // a crash loses nothing, a power loss at most their last commits, which
  // the next durable commit of another connection or a catch-up restores.
  bool relaxed_durability = false;
};

// Opens a connection. kInvalidArgument (field "url") for an unknown scheme
// or option, kInternal when the database cannot be reached or opened.
Result<std::unique_ptr<SqlDriver>> open_database(std::string_view url, OpenOptions options = {});

// True for PostgreSQL URLs.
bool is_postgres_url(std::string_view url);

// Bytes SQLite holds in this process's heap, all connections together (page
// caches, prepared statements, sorter memory); 0 when none is open.
int64_t sqlite_heap_bytes();

}  // namespace switchyard::storage
