#pragma once
// The accounts module's tables: users, their sessions, and API keys
// (module "accounts"). Passwords and tokens arrive hashed (password.h,
// token.h); this repository never sees a secret.
//
// Errors: a taken username or key hash is kAlreadyExists; a missing row is
// kNotFound naming "id"; an invalid role or empty username is
// kInvalidArgument naming the field.
//
// Threading: one connection, one thread at a time.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/types.h"
#include "storage/migrate.h"
#include "storage/sql_driver.h"

namespace switchyard::auth {

struct User {
  int64_t id = 0;             // assigned by create_user
  std::string username;       // unique (case-sensitive)
  std::string password_hash;  // argon2id encoded (password.h)
  std::string role;           // a user role (roles.h), not "integration"
  core::TeamId team = core::kNoId;
  core::AgentId agent = core::kNoId;  // the engine agent this user works as
  std::string display_name;
  int64_t created_ms = 0;
};

struct Session {
  std::string token_hash;  // unique; SHA-256 of the token (token.h)
  int64_t user_id = 0;     // must name a user (else kNotFound); deleted with the user
  int64_t created_ms = 0;
  int64_t expires_ms = 0;
};

struct ApiKey {
  int64_t id = 0;        // assigned by create_api_key
  std::string key_hash;  // unique; SHA-256 of the key
  std::string name;
  std::string role;  // any role, "integration" included
  int64_t created_ms = 0;
  std::optional<int64_t> revoked_ms;
};

class AccountRepository {
 public:
  static const storage::ModuleSchema& schema();  // module "accounts"

  explicit AccountRepository(storage::SqlDriver& db) : db_(db) {}
  // The checks create_user / update_user make: a username, a user role.
  static Result<void> check(const User& user);

  // ---- users: returns the new id.
  Result<int64_t> create_user(const User& user);
  Result<std::optional<User>> find_user_by_name(std::string_view username);
  Result<std::optional<User>> find_user(int64_t id);
  Result<std::vector<User>> list_users();  // by id
  // Replaces every field of user `user.id` except created_ms.
  Result<void> update_user(const User& user);
  // Deletes the user and their sessions.
  Result<void> delete_user(int64_t id);

  // ---- sessions
  Result<void> create_session(const Session& session);
  // The session, expired or not (the caller compares expires_ms with now).
  Result<std::optional<Session>> find_session(std::string_view token_hash);
  // Deleting a session that does not exist is not an error (logout twice).
  Result<void> delete_session(std::string_view token_hash);
  // Deletes sessions with expires_ms <= now_ms; returns how many.
  Result<uint64_t> delete_expired_sessions(int64_t now_ms);

  // ---- API keys
  Result<int64_t> create_api_key(const ApiKey& key);
  // Only keys that are not revoked: a revoked key is as good as none.
  Result<std::optional<ApiKey>> find_api_key(std::string_view key_hash);
  Result<std::optional<ApiKey>> api_key(int64_t id);  // revoked or not
  Result<std::vector<ApiKey>> list_api_keys();  // by id, revoked ones included
  // Revoking twice keeps the first time.
  Result<void> revoke_api_key(int64_t id, int64_t now_ms);

 private:
  storage::SqlDriver& db_;
};

}  // namespace switchyard::auth
