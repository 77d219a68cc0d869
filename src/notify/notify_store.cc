#include "notify/notify_store.h"

#include <array>

namespace switchyard::notify {

namespace {

using storage::SqlValue;
using storage::Statement;

constexpr std::string_view kSqliteV1 = R"sql(
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  data TEXT NOT NULL,
  link TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  read_ms INTEGER
);
CREATE INDEX notifications_by_user ON notifications (user_id, id);
CREATE INDEX notifications_by_time ON notifications (created_ms);
)sql";
constexpr std::string_view kPostgresV1 = R"sql(
CREATE TABLE notifications (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  data TEXT NOT NULL,
  link TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  read_ms BIGINT
);
CREATE INDEX notifications_by_user ON notifications (user_id, id);
CREATE INDEX notifications_by_time ON notifications (created_ms);
)sql";
constexpr std::array<storage::Migration, 1> kMigrations = {{{1, "notifications", kSqliteV1, kPostgresV1}}};

inline constexpr Statement kInsert{
    "INSERT INTO notifications (user_id, kind, data, link, created_ms) VALUES ($1, $2, $3, $4, $5)"};
inline constexpr Statement kInsertReturning{
    "INSERT INTO notifications (user_id, kind, data, link, created_ms) VALUES ($1, $2, $3, $4, $5) "
    "RETURNING id"};
inline constexpr Statement kList{
    "SELECT id, user_id, kind, data, link, created_ms, read_ms FROM notifications "
    "WHERE user_id = $1 AND ($2 = 0 OR id < $2) AND ($3 = 0 OR read_ms IS NULL) ORDER BY id DESC LIMIT $4"};
inline constexpr Statement kAfter{
    "SELECT id, user_id, kind, data, link, created_ms, read_ms FROM notifications "
    "WHERE user_id = $1 AND id > $2 ORDER BY id LIMIT $3"};
inline constexpr Statement kUnread{"SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_ms IS NULL"};
inline constexpr Statement kMarkOne{
    "UPDATE notifications SET read_ms = $3 WHERE user_id = $1 AND id = $2 AND read_ms IS NULL"};
inline constexpr Statement kMarkAll{
    "UPDATE notifications SET read_ms = $2 WHERE user_id = $1 AND read_ms IS NULL"};
inline constexpr Statement kPrune{"DELETE FROM notifications WHERE created_ms < $1"};

Notification read_row(const storage::RowReader& r) {
  Notification n;
  n.id = r.int64(0);
  n.user_id = r.int64(1);
  n.kind = r.text(2);
  n.data = r.text(3);
  n.link = r.text(4);
  n.created_ms = r.int64(5);
  n.read_ms = storage::opt_col(r, 6);
  return n;
}

}  // namespace

const storage::ModuleSchema& NotifyRepository::schema() {
  static const storage::ModuleSchema kSchema{"notify", kMigrations};
  return kSchema;
}

void NotifyRepository::stage(storage::Transaction& tx, const Notification& n) {
  tx.add(kInsert, {n.user_id, tx.keep(n.kind), tx.keep(n.data), tx.keep(n.link), n.created_ms});
}

void NotifyRepository::stage_all(storage::Transaction& tx, std::span<const int64_t> users, std::string_view kind,
                                 std::string_view data, std::string_view link, int64_t now_ms) {
  for (int64_t u : users) stage(tx, Notification{0, u, std::string(kind), std::string(data), std::string(link), now_ms, {}});
}

Result<int64_t> NotifyRepository::add(const Notification& n) {
  const SqlValue params[] = {n.user_id, std::string_view(n.kind), std::string_view(n.data),
                             std::string_view(n.link), n.created_ms};
  return storage::query_int(db_, kInsertReturning, params);
}

Result<std::vector<Notification>> NotifyRepository::list(int64_t user_id, bool unread_only, int64_t before_id,
                                                         size_t limit) {
  const SqlValue params[] = {user_id, before_id, int64_t{unread_only ? 1 : 0}, storage::limit_param(limit)};
  return storage::query_all<Notification>(db_, kList, params, read_row);
}

Result<std::vector<Notification>> NotifyRepository::after(int64_t user_id, int64_t after_id, size_t limit) {
  const SqlValue params[] = {user_id, after_id, storage::limit_param(limit)};
  return storage::query_all<Notification>(db_, kAfter, params, read_row);
}

Result<int64_t> NotifyRepository::unread(int64_t user_id) {
  const SqlValue params[] = {user_id};
  return storage::query_int(db_, kUnread, params);
}

Result<uint64_t> NotifyRepository::mark_read(int64_t user_id, std::span<const int64_t> ids, int64_t now_ms) {
  uint64_t changed = 0;
  for (int64_t id : ids) {
    const SqlValue params[] = {user_id, id, now_ms};
    auto n = db_.execute(kMarkOne, params);
    if (!n) return std::unexpected(n.error());
    changed += *n;
  }
  return changed;
}

Result<uint64_t> NotifyRepository::mark_all_read(int64_t user_id, int64_t now_ms) {
  const SqlValue params[] = {user_id, now_ms};
  return db_.execute(kMarkAll, params);
}

Result<uint64_t> NotifyRepository::prune(int64_t before_ms) {
  const SqlValue params[] = {before_ms};
  return db_.execute(kPrune, params);
}

}  // namespace switchyard::notify
