#include "eventlog/schema.h"

#include <array>

namespace switchyard::eventlog {

namespace {

// Version 1 is the event-log part of the first (monolithic) schema:
// - events keep the fixed fields as columns (ids are BIGINT; a ContactId
//   is stored bit-for-bit as a signed 64-bit value; kNoId / kNoContact are
//   NULL) and the payload as JSON (`json`, not `jsonb`: text kept verbatim).
constexpr std::string_view kSqliteV1 = R"sql(
CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  time_ms INTEGER NOT NULL,
  type TEXT NOT NULL,
  contact INTEGER,
  agent INTEGER,
  queue INTEGER,
  value INTEGER NOT NULL DEFAULT 0,
  value2 INTEGER NOT NULL DEFAULT 0,
  text TEXT NOT NULL DEFAULT '',
  payload TEXT
);
CREATE TABLE snapshots (
  seq INTEGER PRIMARY KEY,
  blob BLOB NOT NULL
);
CREATE TABLE idempotency (
  key TEXT PRIMARY KEY,
  contact INTEGER,
  seq INTEGER NOT NULL,
  created_ms INTEGER NOT NULL
);
CREATE INDEX idempotency_created ON idempotency (created_ms);
)sql";
constexpr std::string_view kPostgresV1 = R"sql(
CREATE TABLE events (
  seq BIGINT PRIMARY KEY,
  time_ms BIGINT NOT NULL,
  type TEXT NOT NULL,
  contact BIGINT,
  agent BIGINT,
  queue BIGINT,
  value BIGINT NOT NULL DEFAULT 0,
  value2 BIGINT NOT NULL DEFAULT 0,
  text TEXT NOT NULL DEFAULT '',
  payload JSON
);
CREATE TABLE snapshots (
  seq BIGINT PRIMARY KEY,
  blob BYTEA NOT NULL
);
CREATE TABLE idempotency (
  key TEXT PRIMARY KEY,
  contact BIGINT,
  seq BIGINT NOT NULL,
  created_ms BIGINT NOT NULL
);
CREATE INDEX idempotency_created ON idempotency (created_ms);
)sql";

// Version 2: idempotency keys are scoped per caller and remember a hash of
// the request they answered (a retry with another body is refused). Keys of
// version 1 had no caller: they cannot match any caller and are dropped
// (they expire within a day anyway).
constexpr std::string_view kSqliteV2 = R"sql(
DROP TABLE idempotency;
CREATE TABLE idempotency_keys (
  caller TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  contact INTEGER,
  seq INTEGER NOT NULL,
  created_ms INTEGER NOT NULL,
  PRIMARY KEY (caller, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_ms);
)sql";
constexpr std::string_view kPostgresV2 = R"sql(
DROP TABLE idempotency;
CREATE TABLE idempotency_keys (
  caller TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  contact BIGINT,
  seq BIGINT NOT NULL,
  created_ms BIGINT NOT NULL,
  PRIMARY KEY (caller, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_ms);
)sql";

// Version 3: the log's own binary event format (event_codec.h). Rows of
// version 1 keep format 1 (the flat columns) and are still read.
constexpr std::string_view kSqliteV3 = R"sql(
ALTER TABLE events ADD COLUMN format INTEGER NOT NULL DEFAULT 1;
ALTER TABLE events ADD COLUMN body BLOB;
)sql";
constexpr std::string_view kPostgresV3 = R"sql(
ALTER TABLE events ADD COLUMN format SMALLINT NOT NULL DEFAULT 1, ADD COLUMN body BYTEA;
)sql";

constexpr std::array<storage::Migration, 3> kMigrations = {{
    {1, "events, snapshots, idempotency", kSqliteV1, kPostgresV1},
    {2, "idempotency keys per caller", kSqliteV2, kPostgresV2},
    {3, "binary event format", kSqliteV3, kPostgresV3},
}};

}  // namespace

const storage::ModuleSchema& schema() {
  static const storage::ModuleSchema kSchema{"eventlog", kMigrations, /*adopts_legacy_schema=*/true};
  return kSchema;
}

}  // namespace switchyard::eventlog
