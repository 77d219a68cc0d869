#include "storage/sql_store.h"

#include <boost/json.hpp>
#include <string>
#include <unordered_map>

#include "codec/event_json.h"
#include "codec/legacy_event.h"
#include "storage/commit_plan.h"
#include "storage/migrations.h"
#include "storage/sql_statements.h"

namespace switchyard::storage {

namespace json = boost::json;
using core::EventType;

namespace {

// Rows per page of load_events: bounds memory (PostgreSQL materializes a
// page) while keeping the per-page query cost negligible.
constexpr int64_t kLoadPage = 10'000;

std::optional<EventType> event_type(std::string_view name) {
  static const auto* const kByName = [] {
    auto* m = new std::unordered_map<std::string_view, EventType>();
    for (int i = 0; i < core::kEventTypeCount; ++i) {
      auto t = static_cast<EventType>(i);
      m->emplace(core::to_string(t), t);
    }
    return m;
  }();
  auto it = kByName->find(name);
  if (it == kByName->end()) return std::nullopt;
  return it->second;
}

std::optional<core::ContactState> contact_state(std::string_view s) {
  for (int i = 0; i <= static_cast<int>(core::ContactState::kExpired); ++i)
    if (core::to_string(static_cast<core::ContactState>(i)) == s)
      return static_cast<core::ContactState>(i);
  return std::nullopt;
}

uint32_t id_col(const RowReader& r, int col) {
  return r.is_null(col) ? core::kNoId : static_cast<uint32_t>(r.int64(col));
}

std::optional<int64_t> opt_col(const RowReader& r, int col) {
  if (r.is_null(col)) return std::nullopt;
  return r.int64(col);
}

ContactRecord read_contact(const RowReader& r) {
  ContactRecord c;
  c.id = static_cast<core::ContactId>(r.int64(0));
  c.customer_id = r.text(1);
  c.customer_group = r.text(2);
  c.channel = core::channel_from_string(r.text(3)).value_or(core::Channel::kVoice);
  c.state = contact_state(r.text(4)).value_or(core::ContactState::kQueued);
  c.queue = id_col(r, 5);
  c.first_queue = id_col(r, 6);
  c.priority = static_cast<int>(r.int64(7));
  c.created_ms = r.int64(8);
  c.answered_ms = opt_col(r, 9);
  c.ended_ms = opt_col(r, 10);
  c.agent = id_col(r, 11);
  c.disposition = r.text(12);
  c.reason = r.text(13);
  c.ewt_ms = r.int64(14);
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

User read_user(const RowReader& r) {
  User u;
  u.id = r.int64(0);
  u.username = r.text(1);
  u.password_hash = r.text(2);
  u.role = r.text(3);
  u.team = id_col(r, 4);
  u.agent = id_col(r, 5);
  u.display_name = r.text(6);
  u.created_ms = r.int64(7);
  return u;
}

ApiKey read_api_key(const RowReader& r) {
  ApiKey k;
  k.id = r.int64(0);
  k.key_hash = r.text(1);
  k.name = r.text(2);
  k.role = r.text(3);
  k.created_ms = r.int64(4);
  k.revoked_ms = opt_col(r, 5);
  return k;
}

AuditEntry read_audit(const RowReader& r) {
  AuditEntry a;
  a.id = r.int64(0);
  a.time_ms = r.int64(1);
  a.actor = r.text(2);
  a.action = r.text(3);
  a.target = r.text(4);
  a.detail = r.text(5);
  a.seq = static_cast<uint64_t>(r.int64(6));
  return a;
}

// Runs a query expected to return at most one row, read with `read`.
template <typename T, typename Read>
Result<std::optional<T>> query_one(SqlDriver& d, const Statement& s,
                                   std::span<const SqlValue> params, Read read) {
  std::optional<T> out;
  auto r = d.query(s, params, [&](const RowReader& row) {
    out = read(row);
    return false;
  });
  if (!r) return std::unexpected(std::move(r.error()));
  return out;
}

template <typename T, typename Read>
Result<std::vector<T>> query_all(SqlDriver& d, const Statement& s, std::span<const SqlValue> params,
                                 Read read) {
  std::vector<T> out;
  auto r = d.query(s, params, [&](const RowReader& row) {
    out.push_back(read(row));
    return true;
  });
  if (!r) return std::unexpected(std::move(r.error()));
  return out;
}

Result<void> expect_changed(Result<uint64_t> changed, std::string_view what) {
  if (!changed) return std::unexpected(std::move(changed.error()));
  if (*changed == 0) return make_error(ErrorCode::kNotFound, "no such " + std::string(what), "id");
  return {};
}

int64_t limit_param(size_t limit) {
  return static_cast<int64_t>(std::min<size_t>(limit, static_cast<size_t>(INT64_MAX)));
}

}  // namespace

Result<std::unique_ptr<Store>> SqlStore::open(std::unique_ptr<SqlDriver> driver) {
  std::unique_ptr<SqlStore> store(new SqlStore(std::move(driver)));
  if (auto r = store->migrate(); !r) return std::unexpected(std::move(r.error()));
  return std::unique_ptr<Store>(std::move(store));
}

Result<int64_t> SqlStore::query_int(const Statement& s, std::span<const SqlValue> params) {
  int64_t v = 0;
  auto r = driver_->query(s, params, [&](const RowReader& row) {
    v = row.int64(0);
    return false;
  });
  if (!r) return std::unexpected(std::move(r.error()));
  return v;
}

Result<void> SqlStore::migrate() {
  if (auto r = driver_->exec_script(migrations_table_sql(driver_->dialect())); !r) return r;
  auto current = query_int(sql::kMaxMigration, {});
  if (!current) return std::unexpected(std::move(current.error()));
  const int latest = migrations().back().version;
  if (*current > latest)
    return make_error(ErrorCode::kIllegalState,
                      "database schema version " + std::to_string(*current) +
                          " is newer than this binary's (" + std::to_string(latest) + ")");
  const bool pg = driver_->dialect() == "postgresql";
  for (const Migration& m : migrations()) {
    if (m.version <= *current) continue;
    auto r = driver_->exclusive([&]() -> Result<void> {
      const SqlValue version[] = {int64_t{m.version}};
      bool applied = false;  // by another process since we looked
      auto q = driver_->query(sql::kMigrationApplied, version, [&](const RowReader&) {
        applied = true;
        return false;
      });
      if (!q || applied) return q;
      if (auto s = driver_->exec_script(pg ? m.postgresql : m.sqlite); !s) return s;
      const SqlValue row[] = {int64_t{m.version}, m.name};
      if (auto e = driver_->execute(sql::kInsertMigration, row); !e)
        return std::unexpected(std::move(e.error()));
      return {};
    });
    if (!r)
      return make_error(r.error().code, "migration " + std::to_string(m.version) + " (" +
                                            std::string(m.name) + ") failed: " + r.error().message);
  }
  return {};
}

Result<int> SqlStore::schema_version() {
  auto v = query_int(sql::kMaxMigration, {});
  if (!v) return std::unexpected(std::move(v.error()));
  return static_cast<int>(*v);
}

// ---- event log ----------------------------------------------------------------

Result<void> SqlStore::do_commit(const Batch& batch) {
  CommitPlan plan = plan_commit(batch);
  return driver_->transaction(plan.commands);
}

Result<void> SqlStore::load_events(uint64_t after_seq, const EventVisitor& visit) {
  uint64_t cursor = after_seq;
  std::optional<Error> bad;
  bool stopped = false;
  json::parser parser;
  for (;;) {
    int64_t rows = 0;
    const SqlValue params[] = {static_cast<int64_t>(cursor), kLoadPage};
    auto r = driver_->query(sql::kLoadEvents, params, [&](const RowReader& row) {
      ++rows;
      // The row is the flat shape of the event (codec/legacy_event.h).
      codec::FlatEvent e;
      e.seq = static_cast<uint64_t>(row.int64(0));
      e.time_ms = row.int64(1);
      std::optional<EventType> type = event_type(row.text(2));
      if (!type) {
        bad = Error{ErrorCode::kInternal,
                    "event " + std::to_string(e.seq) + " has unknown type \"" +
                        std::string(row.text(2)) + "\"",
                    "type"};
        return false;
      }
      e.type = *type;
      e.contact = row.is_null(3) ? core::kNoContact : static_cast<core::ContactId>(row.int64(3));
      e.agent = id_col(row, 4);
      e.queue = id_col(row, 5);
      e.value = row.int64(6);
      e.value2 = row.int64(7);
      e.text = row.text(8);
      if (!row.is_null(9)) {
        boost::system::error_code ec;
        parser.reset();
        std::string_view text = row.text(9);
        parser.write(text.data(), text.size(), ec);
        if (ec) {
          bad = Error{
              ErrorCode::kInternal,
              "event " + std::to_string(e.seq) + " has a payload that is not JSON: " + ec.message(),
              "payload"};
          return false;
        }
        auto payload = codec::payload_from_json(parser.release(), "payload");
        if (!payload) {
          bad = Error{ErrorCode::kInternal,
                      "event " + std::to_string(e.seq) +
                          " has an invalid payload: " + payload.error().message,
                      payload.error().field};
          return false;
        }
        e.payload = std::move(*payload);
      }
      const uint64_t seq = e.seq;
      auto event = codec::unflatten(std::move(e));
      if (!event) {
        bad = Error{ErrorCode::kInternal,
                    "event " + std::to_string(seq) + " does not fit its type: " + event.error().message,
                    event.error().field};
        return false;
      }
      cursor = seq;
      if (!visit(std::move(*event))) {
        stopped = true;
        return false;
      }
      return true;
    });
    if (!r) return r;
    if (bad) return std::unexpected(std::move(*bad));
    if (stopped || rows < kLoadPage) return {};
  }
}

Result<uint64_t> SqlStore::last_seq() {
  auto v = query_int(sql::kLastSeq, {});
  if (!v) return std::unexpected(std::move(v.error()));
  return static_cast<uint64_t>(*v);
}

// ---- snapshots ----------------------------------------------------------------

Result<void> SqlStore::save_snapshot(uint64_t seq, std::string_view blob) {
  const Command commands[] = {
      {&sql::kUpsertSnapshot, {static_cast<int64_t>(seq), Blob{blob}}},
      {&sql::kPruneSnapshots, {int64_t{kKeptSnapshots}}},
  };
  return driver_->transaction(commands);
}

Result<std::optional<Snapshot>> SqlStore::load_latest_snapshot() {
  return query_one<Snapshot>(*driver_, sql::kLatestSnapshot, {}, [](const RowReader& r) {
    return Snapshot{static_cast<uint64_t>(r.int64(0)), r.blob(1)};
  });
}

// ---- idempotency ----------------------------------------------------------------

namespace {
IdempotencyEntry read_idempotency(const RowReader& r) {
  IdempotencyEntry e;
  e.key = r.text(0);
  e.contact = r.is_null(1) ? core::kNoContact : static_cast<core::ContactId>(r.int64(1));
  e.seq = static_cast<uint64_t>(r.int64(2));
  e.created_ms = r.int64(3);
  return e;
}
}  // namespace

Result<std::optional<IdempotencyEntry>> SqlStore::find_idempotency(std::string_view key) {
  const SqlValue params[] = {key};
  return query_one<IdempotencyEntry>(*driver_, sql::kFindIdempotency, params, read_idempotency);
}

Result<std::vector<IdempotencyEntry>> SqlStore::idempotency_since(int64_t since_ms) {
  const SqlValue params[] = {since_ms};
  return query_all<IdempotencyEntry>(*driver_, sql::kIdempotencySince, params, read_idempotency);
}

Result<uint64_t> SqlStore::delete_idempotency_before(int64_t before_ms) {
  const SqlValue params[] = {before_ms};
  return driver_->execute(sql::kDeleteIdempotencyBefore, params);
}

// ---- contacts ----------------------------------------------------------------

Result<std::vector<ContactRecord>> SqlStore::customer_contacts(std::string_view customer_id,
                                                               size_t limit) {
  const SqlValue params[] = {customer_id, limit_param(limit)};
  return query_all<ContactRecord>(*driver_, sql::kCustomerContacts, params, read_contact);
}

Result<std::optional<ContactRecord>> SqlStore::contact_record(core::ContactId id) {
  const SqlValue params[] = {static_cast<int64_t>(id)};
  return query_one<ContactRecord>(*driver_, sql::kSelectContact, params, read_contact);
}

// ---- users ----------------------------------------------------------------

Result<int64_t> SqlStore::do_create_user(const User& u) {
  const SqlValue params[] = {std::string_view(u.username),
                             std::string_view(u.password_hash),
                             std::string_view(u.role),
                             id_param(u.team),
                             id_param(u.agent),
                             std::string_view(u.display_name),
                             u.created_ms};
  return query_int(sql::kInsertUser, params);
}

Result<std::optional<User>> SqlStore::find_user_by_name(std::string_view username) {
  const SqlValue params[] = {username};
  return query_one<User>(*driver_, sql::kUserByName, params, read_user);
}

Result<std::optional<User>> SqlStore::find_user(int64_t id) {
  const SqlValue params[] = {id};
  return query_one<User>(*driver_, sql::kUserById, params, read_user);
}

Result<std::vector<User>> SqlStore::list_users() {
  return query_all<User>(*driver_, sql::kListUsers, {}, read_user);
}

Result<void> SqlStore::do_update_user(const User& u) {
  const SqlValue params[] = {u.id,
                             std::string_view(u.username),
                             std::string_view(u.password_hash),
                             std::string_view(u.role),
                             id_param(u.team),
                             id_param(u.agent),
                             std::string_view(u.display_name)};
  return expect_changed(driver_->execute(sql::kUpdateUser, params), "user");
}

Result<void> SqlStore::delete_user(int64_t id) {
  const SqlValue params[] = {id};
  return expect_changed(driver_->execute(sql::kDeleteUser, params), "user");
}

// ---- sessions ----------------------------------------------------------------

Result<void> SqlStore::create_session(const Session& s) {
  const SqlValue params[] = {std::string_view(s.token_hash), s.user_id, s.created_ms, s.expires_ms};
  auto r = driver_->execute(sql::kInsertSession, params);
  if (!r) {
    if (r.error().code == ErrorCode::kNotFound) r.error().field = "user_id";
    return std::unexpected(std::move(r.error()));
  }
  return {};
}

Result<std::optional<Session>> SqlStore::find_session(std::string_view token_hash) {
  const SqlValue params[] = {token_hash};
  return query_one<Session>(*driver_, sql::kFindSession, params, [](const RowReader& r) {
    return Session{std::string(r.text(0)), r.int64(1), r.int64(2), r.int64(3)};
  });
}

Result<void> SqlStore::delete_session(std::string_view token_hash) {
  const SqlValue params[] = {token_hash};
  auto r = driver_->execute(sql::kDeleteSession, params);
  if (!r) return std::unexpected(std::move(r.error()));
  return {};
}

Result<uint64_t> SqlStore::delete_expired_sessions(int64_t now_ms) {
  const SqlValue params[] = {now_ms};
  return driver_->execute(sql::kDeleteExpiredSessions, params);
}

// ---- API keys ----------------------------------------------------------------

Result<int64_t> SqlStore::do_create_api_key(const ApiKey& k) {
  const SqlValue params[] = {std::string_view(k.key_hash), std::string_view(k.name),
                             std::string_view(k.role), k.created_ms};
  return query_int(sql::kInsertApiKey, params);
}

Result<std::optional<ApiKey>> SqlStore::find_api_key(std::string_view key_hash) {
  const SqlValue params[] = {key_hash};
  return query_one<ApiKey>(*driver_, sql::kFindApiKey, params, read_api_key);
}

Result<std::vector<ApiKey>> SqlStore::list_api_keys() {
  return query_all<ApiKey>(*driver_, sql::kListApiKeys, {}, read_api_key);
}

Result<void> SqlStore::revoke_api_key(int64_t id, int64_t now_ms) {
  const SqlValue params[] = {id, now_ms};
  return expect_changed(driver_->execute(sql::kRevokeApiKey, params), "API key");
}

// ---- audit ----------------------------------------------------------------

Result<int64_t> SqlStore::append_audit(const AuditEntry& a) {
  const SqlValue params[] = {a.time_ms,
                             std::string_view(a.actor),
                             std::string_view(a.action),
                             std::string_view(a.target),
                             std::string_view(a.detail),
                             static_cast<int64_t>(a.seq)};
  return query_int(sql::kInsertAuditReturning, params);
}

Result<std::vector<AuditEntry>> SqlStore::list_audit(int64_t after_id, size_t limit) {
  const SqlValue params[] = {after_id, limit_param(limit)};
  return query_all<AuditEntry>(*driver_, sql::kListAudit, params, read_audit);
}

}  // namespace switchyard::storage
