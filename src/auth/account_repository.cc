#include "auth/account_repository.h"

#include <array>

#include "auth/roles.h"
#include "storage/sql_util.h"

namespace switchyard::auth {

namespace {

using storage::SqlValue;
using storage::Statement;

// Version 1 is the accounts part of the first (monolithic) schema.
constexpr std::string_view kSqliteV1 = R"sql(
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
)sql";
constexpr std::string_view kPostgresV1 = R"sql(
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
)sql";
constexpr std::array<storage::Migration, 1> kMigrations = {
    {{1, "users, sessions, api keys", kSqliteV1, kPostgresV1}}};

#define SY_USER_COLUMNS "id, username, password_hash, role, team, agent, display_name, created_ms"
#define SY_API_KEY_COLUMNS "id, key_hash, name, role, created_ms, revoked_ms"
inline constexpr Statement kInsertUser{
    "INSERT INTO users (username, password_hash, role, team, agent, display_name, created_ms) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"};
inline constexpr Statement kUserByName{"SELECT " SY_USER_COLUMNS " FROM users WHERE username = $1"};
inline constexpr Statement kUserById{"SELECT " SY_USER_COLUMNS " FROM users WHERE id = $1"};
inline constexpr Statement kListUsers{"SELECT " SY_USER_COLUMNS " FROM users ORDER BY id"};
inline constexpr Statement kUpdateUser{
    "UPDATE users SET username = $2, password_hash = $3, role = $4, team = $5, agent = $6, "
    "display_name = $7 WHERE id = $1"};
inline constexpr Statement kDeleteUser{"DELETE FROM users WHERE id = $1"};
inline constexpr Statement kInsertSession{
    "INSERT INTO sessions (token_hash, user_id, created_ms, expires_ms) VALUES ($1, $2, $3, $4)"};
inline constexpr Statement kFindSession{
    "SELECT token_hash, user_id, created_ms, expires_ms FROM sessions WHERE token_hash = $1"};
inline constexpr Statement kDeleteSession{"DELETE FROM sessions WHERE token_hash = $1"};
inline constexpr Statement kDeleteExpiredSessions{"DELETE FROM sessions WHERE expires_ms <= $1"};
inline constexpr Statement kInsertApiKey{
    "INSERT INTO api_keys (key_hash, name, role, created_ms) VALUES ($1, $2, $3, $4) RETURNING id"};
inline constexpr Statement kFindApiKey{
    "SELECT " SY_API_KEY_COLUMNS " FROM api_keys WHERE key_hash = $1 AND revoked_ms IS NULL"};
inline constexpr Statement kApiKeyById{"SELECT " SY_API_KEY_COLUMNS " FROM api_keys WHERE id = $1"};
inline constexpr Statement kListApiKeys{"SELECT " SY_API_KEY_COLUMNS " FROM api_keys ORDER BY id"};
inline constexpr Statement kRevokeApiKey{
    "UPDATE api_keys SET revoked_ms = COALESCE(revoked_ms, $2) WHERE id = $1"};
#undef SY_USER_COLUMNS
#undef SY_API_KEY_COLUMNS

User read_user(const storage::RowReader& r) {
  User u;
  u.id = r.int64(0);
  u.username = r.text(1);
  u.password_hash = r.text(2);
  u.role = r.text(3);
  u.team = storage::id_col(r, 4);
  u.agent = storage::id_col(r, 5);
  u.display_name = r.text(6);
  u.created_ms = r.int64(7);
  return u;
}

ApiKey read_api_key(const storage::RowReader& r) {
  ApiKey k;
  k.id = r.int64(0);
  k.key_hash = r.text(1);
  k.name = r.text(2);
  k.role = r.text(3);
  k.created_ms = r.int64(4);
  k.revoked_ms = storage::opt_col(r, 5);
  return k;
}

Result<void> check_role(std::string_view role, bool api_key) {
  auto r = role_from_string(role);
  if (!r || (!api_key && *r == Role::kIntegration))
    return make_error(ErrorCode::kInvalidArgument,
                      "unknown role \"" + std::string(role) +
                          "\" (agent, team_lead, quality, wfm, reporting, admin" +
                          (api_key ? ", integration)" : ")"),
                      "role");
  return {};
}

Result<void> check_user(const User& u) {
  if (u.username.empty()) return make_error(ErrorCode::kInvalidArgument, "must not be empty", "username");
  return check_role(u.role, /*api_key=*/false);
}

}  // namespace

Result<void> AccountRepository::check(const User& user) { return check_user(user); }

const storage::ModuleSchema& AccountRepository::schema() {
  static const storage::ModuleSchema kSchema{"accounts", kMigrations, /*adopts_legacy_schema=*/true};
  return kSchema;
}

Result<int64_t> AccountRepository::create_user(const User& u) {
  if (auto c = check_user(u); !c) return std::unexpected(std::move(c.error()));
  const SqlValue params[] = {std::string_view(u.username), std::string_view(u.password_hash),
                             std::string_view(u.role),     storage::id_param(u.team),
                             storage::id_param(u.agent),   std::string_view(u.display_name),
                             u.created_ms};
  return storage::query_int(db_, kInsertUser, params);
}

Result<std::optional<User>> AccountRepository::find_user_by_name(std::string_view username) {
  const SqlValue params[] = {username};
  return storage::query_one<User>(db_, kUserByName, params, read_user);
}

Result<std::optional<User>> AccountRepository::find_user(int64_t id) {
  const SqlValue params[] = {id};
  return storage::query_one<User>(db_, kUserById, params, read_user);
}

Result<std::vector<User>> AccountRepository::list_users() {
  return storage::query_all<User>(db_, kListUsers, {}, read_user);
}

Result<void> AccountRepository::update_user(const User& u) {
  if (auto c = check_user(u); !c) return c;
  const SqlValue params[] = {u.id,
                             std::string_view(u.username),
                             std::string_view(u.password_hash),
                             std::string_view(u.role),
                             storage::id_param(u.team),
                             storage::id_param(u.agent),
                             std::string_view(u.display_name)};
  return storage::expect_changed(db_.execute(kUpdateUser, params), "user");
}

Result<void> AccountRepository::delete_user(int64_t id) {
  const SqlValue params[] = {id};
  return storage::expect_changed(db_.execute(kDeleteUser, params), "user");
}

Result<void> AccountRepository::create_session(const Session& s) {
  const SqlValue params[] = {std::string_view(s.token_hash), s.user_id, s.created_ms, s.expires_ms};
  auto r = db_.execute(kInsertSession, params);
  if (!r) {
    if (r.error().code == ErrorCode::kNotFound) r.error().field = "user_id";
    return std::unexpected(std::move(r.error()));
  }
  return {};
}

Result<std::optional<Session>> AccountRepository::find_session(std::string_view token_hash) {
  const SqlValue params[] = {token_hash};
  return storage::query_one<Session>(db_, kFindSession, params, [](const storage::RowReader& r) {
    return Session{std::string(r.text(0)), r.int64(1), r.int64(2), r.int64(3)};
  });
}

Result<void> AccountRepository::delete_session(std::string_view token_hash) {
  const SqlValue params[] = {token_hash};
  auto r = db_.execute(kDeleteSession, params);
  if (!r) return std::unexpected(std::move(r.error()));
  return {};
}

Result<uint64_t> AccountRepository::delete_expired_sessions(int64_t now_ms) {
  const SqlValue params[] = {now_ms};
  return db_.execute(kDeleteExpiredSessions, params);
}

Result<int64_t> AccountRepository::create_api_key(const ApiKey& k) {
  if (k.key_hash.empty()) return make_error(ErrorCode::kInvalidArgument, "must not be empty", "key_hash");
  if (auto c = check_role(k.role, /*api_key=*/true); !c) return std::unexpected(std::move(c.error()));
  const SqlValue params[] = {std::string_view(k.key_hash), std::string_view(k.name),
                             std::string_view(k.role), k.created_ms};
  return storage::query_int(db_, kInsertApiKey, params);
}

Result<std::optional<ApiKey>> AccountRepository::find_api_key(std::string_view key_hash) {
  const SqlValue params[] = {key_hash};
  return storage::query_one<ApiKey>(db_, kFindApiKey, params, read_api_key);
}

Result<std::optional<ApiKey>> AccountRepository::api_key(int64_t id) {
  const SqlValue params[] = {id};
  return storage::query_one<ApiKey>(db_, kApiKeyById, params, read_api_key);
}

Result<std::vector<ApiKey>> AccountRepository::list_api_keys() {
  return storage::query_all<ApiKey>(db_, kListApiKeys, {}, read_api_key);
}

Result<void> AccountRepository::revoke_api_key(int64_t id, int64_t now_ms) {
  const SqlValue params[] = {id, now_ms};
  return storage::expect_changed(db_.execute(kRevokeApiKey, params), "API key");
}

}  // namespace switchyard::auth
