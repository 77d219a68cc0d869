#include "history/contact_history.h"

#include <array>

#include "history/history_sql.h"
#include "storage/sql_util.h"

namespace switchyard::history {

namespace {

using storage::SqlValue;

// Version 1 is the contacts table of the first (monolithic) schema, which
// the commit transaction maintained.
constexpr std::string_view kSqliteV1 = R"sql(
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
)sql";
constexpr std::string_view kPostgresV1 = R"sql(
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
)sql";
// Version 2: the table is a projection with its own checkpoint (the last
// event applied, and the version of the projection's rules). A database of
// version 1 was maintained in the same transaction as the log, so it is
// complete up to its newest row: the checkpoint starts there, and events
// after it are applied by the projection (re-applying one is harmless:
// every change is guarded by updated_seq).
constexpr std::string_view kV2 = R"sql(
CREATE TABLE history_checkpoint (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL,
  seq BIGINT NOT NULL
);
INSERT INTO history_checkpoint (id, version, seq)
  SELECT 1, 1, COALESCE(MAX(updated_seq), 0) FROM contacts;
)sql";

// Version 3: contacts by time (quality's targeted sampling reads a week at a time).
constexpr std::string_view kV3 = "CREATE INDEX contacts_created ON contacts (created_ms);";
constexpr std::string_view kV4 = "CREATE INDEX contacts_ended ON contacts (ended_ms, id);";

constexpr std::array<storage::Migration, 4> kMigrations = {{
    {1, "contacts", kSqliteV1, kPostgresV1},
    {2, "history checkpoint", kV2, kV2},
    {3, "contacts by creation time", kV3, kV3},
    {4, "contacts by end time", kV4, kV4},
}};

std::optional<core::ContactState> contact_state(std::string_view s) {
  for (int i = 0; i <= static_cast<int>(core::ContactState::kExpired); ++i)
    if (core::to_string(static_cast<core::ContactState>(i)) == s) return static_cast<core::ContactState>(i);
  return std::nullopt;
}

ContactRecord read_contact(const storage::RowReader& r) {
  ContactRecord c;
  c.id = static_cast<core::ContactId>(r.int64(0));
  c.customer_id = r.text(1);
  c.customer_group = r.text(2);
  c.channel = core::channel_from_string(r.text(3)).value_or(core::Channel::kVoice);
  c.state = contact_state(r.text(4)).value_or(core::ContactState::kQueued);
  c.queue = storage::id_col(r, 5);
  c.first_queue = storage::id_col(r, 6);
  c.priority = static_cast<int>(r.int64(7));
  c.created_ms = r.int64(8);
  c.answered_ms = storage::opt_col(r, 9);
  c.ended_ms = storage::opt_col(r, 10);
  c.agent = storage::id_col(r, 11);
  c.disposition = r.text(12);
  c.reason = r.text(13);
  if (int64_t ewt = r.int64(14); ewt >= 0) c.ewt_ms = ewt;
  c.wait_ms = r.int64(15);
  c.talk_ms = r.int64(16);
  c.hold_ms = r.int64(17);
  c.acw_ms = r.int64(18);
  c.transfers = static_cast<int>(r.int64(19));
  c.callback = r.int64(20) != 0;
  c.overflowed = r.int64(21) != 0;
  c.updated_seq = static_cast<uint64_t>(r.int64(22));
  return c;
}

}  // namespace

const storage::ModuleSchema& schema() {
  static const storage::ModuleSchema kSchema{"history", kMigrations, /*adopts_legacy_schema=*/true};
  return kSchema;
}

Result<std::vector<ContactRecord>> HistoryRepository::customer_contacts(std::string_view customer_id,
                                                                        size_t limit) {
  const SqlValue params[] = {customer_id, storage::limit_param(limit)};
  return storage::query_all<ContactRecord>(db_, sql::kCustomerContacts, params, read_contact);
}

Result<std::vector<ContactRecord>> HistoryRepository::created_between(int64_t from_ms, int64_t to_ms, size_t limit) {
  const SqlValue params[] = {from_ms, to_ms, storage::limit_param(limit)};
  return storage::query_all<ContactRecord>(db_, sql::kCreatedBetween, params, read_contact);
}

Result<std::vector<ContactRecord>> HistoryRepository::ended_between(const EndedQuery& q) {
  std::string agents;
  if (!q.agents.empty()) {
    agents = ",";
    for (core::AgentId a : q.agents) agents += std::to_string(a) + ",";
  }
  const SqlValue params[] = {q.from_ms,
                             q.to_ms,
                             std::string_view(agents),
                             q.queue == core::kNoId ? int64_t{-1} : int64_t{q.queue},
                             q.channel ? core::to_string(*q.channel) : std::string_view(),
                             q.before ? q.before->first : int64_t{0},
                             q.before ? static_cast<int64_t>(q.before->second) : int64_t{0},
                             storage::limit_param(q.limit),
                             static_cast<int64_t>(q.contact)};
  return storage::query_all<ContactRecord>(db_, sql::kEndedBetween, params, read_contact);
}

Result<std::optional<ContactRecord>> HistoryRepository::contact(core::ContactId id) {
  const SqlValue params[] = {static_cast<int64_t>(id)};
  return storage::query_one<ContactRecord>(db_, sql::kSelectContact, params, read_contact);
}

}  // namespace switchyard::history
