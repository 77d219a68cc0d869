#include "storage/migrations.h"

#include <array>

namespace switchyard::storage {

namespace {

// Schema notes (both dialects):
// - ids of the engine (contact, agent, queue, team) are BIGINT; a ContactId
//   (uint64) is stored bit-for-bit as a signed 64-bit value; kNoId /
//   kNoContact are NULL.
// - events keep the fixed fields as columns and only the payload as JSON, so
//   recovery reads columns and parses JSON only where there is a payload.
//   PostgreSQL uses `json` (text kept verbatim: attribute order survives), not
//   `jsonb`.
// - booleans are 0/1 integers so the same statements run on both.
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
CREATE TABLE contacts (
  id INTEGER PRIMARY KEY,
  customer_id TEXT NOT NULL,
  customer_group TEXT NOT NULL,
  channel TEXT NOT NULL,
  state TEXT NOT NULL,
  queue INTEGER,
  first_queue INTEGER,
  priority INTEGER NOT NULL,
  created_ms INTEGER NOT NULL,
  answered_ms INTEGER,
  ended_ms INTEGER,
  agent INTEGER,
  disposition TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  ewt_ms INTEGER NOT NULL DEFAULT -1,
  wait_ms INTEGER NOT NULL DEFAULT 0,
  talk_ms INTEGER NOT NULL DEFAULT 0,
  hold_ms INTEGER NOT NULL DEFAULT 0,
  acw_ms INTEGER NOT NULL DEFAULT 0,
  transfers INTEGER NOT NULL DEFAULT 0,
  callback INTEGER NOT NULL DEFAULT 0,
  overflowed INTEGER NOT NULL DEFAULT 0,
  updated_seq INTEGER NOT NULL
);
CREATE INDEX contacts_customer ON contacts (customer_id, created_ms DESC, id DESC)
  WHERE customer_id <> '';
CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL
    CHECK (role IN ('agent', 'team_lead', 'quality', 'wfm', 'reporting', 'admin')),
  team INTEGER,
  agent INTEGER,
  display_name TEXT NOT NULL DEFAULT '',
  created_ms INTEGER NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_ms);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE TABLE api_keys (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  key_hash TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL
    CHECK (role IN ('agent', 'team_lead', 'quality', 'wfm', 'reporting', 'admin', 'integration')),
  created_ms INTEGER NOT NULL,
  revoked_ms INTEGER
);
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
CREATE TABLE contacts (
  id BIGINT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  customer_group TEXT NOT NULL,
  channel TEXT NOT NULL,
  state TEXT NOT NULL,
  queue BIGINT,
  first_queue BIGINT,
  priority INTEGER NOT NULL,
  created_ms BIGINT NOT NULL,
  answered_ms BIGINT,
  ended_ms BIGINT,
  agent BIGINT,
  disposition TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  ewt_ms BIGINT NOT NULL DEFAULT -1,
  wait_ms BIGINT NOT NULL DEFAULT 0,
  talk_ms BIGINT NOT NULL DEFAULT 0,
  hold_ms BIGINT NOT NULL DEFAULT 0,
  acw_ms BIGINT NOT NULL DEFAULT 0,
  transfers INTEGER NOT NULL DEFAULT 0,
  callback SMALLINT NOT NULL DEFAULT 0,
  overflowed SMALLINT NOT NULL DEFAULT 0,
  updated_seq BIGINT NOT NULL
);
CREATE INDEX contacts_customer ON contacts (customer_id, created_ms DESC, id DESC)
  WHERE customer_id <> '';
CREATE TABLE users (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL
    CHECK (role IN ('agent', 'team_lead', 'quality', 'wfm', 'reporting', 'admin')),
  team BIGINT,
  agent BIGINT,
  display_name TEXT NOT NULL DEFAULT '',
  created_ms BIGINT NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_ms BIGINT NOT NULL,
  expires_ms BIGINT NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_ms);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE TABLE api_keys (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key_hash TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL
    CHECK (role IN ('agent', 'team_lead', 'quality', 'wfm', 'reporting', 'admin', 'integration')),
  created_ms BIGINT NOT NULL,
  revoked_ms BIGINT
);
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

constexpr std::array<Migration, 1> kMigrations = {{
    {1, "initial schema", kSqliteV1, kPostgresV1},
}};

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

std::string_view migrations_table_sql(std::string_view dialect) {
  if (dialect == "postgresql")
    return "CREATE TABLE IF NOT EXISTS schema_migrations ("
           " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
           " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())";
  return "CREATE TABLE IF NOT EXISTS schema_migrations ("
         " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
         " applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)";
}

}  // namespace switchyard::storage
