#pragma once
// Opening a store for the server's modules: the directory of a SQLite file
// is created, and every module's pending migrations run (eventlog,
// accounts, audit, history, reports, in that order). Shared by `switchyard serve`,
// `switchyard simulate --store` and the application tests, so that every
// one of them sees the same schema.
//
// Threading: any thread; the connection it returns is the caller's.
#include <memory>
#include <string>

#include "core/result.h"
#include "storage/database.h"
#include "storage/sql_driver.h"

namespace switchyard::app {

// Runs every module's pending migrations on `db`.
Result<void> migrate_all(storage::SqlDriver& db);

// Opens a connection to `url` (storage::open_database), creating the
// directory of a SQLite file first, and migrates it. kInvalidArgument
// (field "url") for a URL that names no store, kInternal when the database
// cannot be opened.
Result<std::unique_ptr<storage::SqlDriver>> open_migrated_store(const std::string& url);

}  // namespace switchyard::app
