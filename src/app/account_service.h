#pragma once
// Users, API keys and the audit log, for admins. Every change is audited in
// the same transaction as the change itself (an audit write that fails
// fails the change); passwords are hashed on the CPU lane; changed or
// deleted users and revoked keys lose their cached sessions at once.
//
// Threading: every method from any thread; replies on service threads.
#include <optional>
#include <string>
#include <vector>

#include "app/auth_service.h"
#include "app/caller.h"
#include "app/runtime.h"
#include "audit/audit_log.h"
#include "auth/account_repository.h"

namespace switchyard::app {

struct UserInput {
  auth::User user;          // username, role, team, agent, display_name
  std::string password;     // required to create; empty on update = unchanged
};

struct NewApiKey {
  auth::ApiKey key;
  std::string secret;  // shown once
};

class AccountService {
 public:
  AccountService(Runtime& rt, AuthService& auth) : rt_(rt), auth_(auth) {}

  void users(const Caller& c, Reply<std::vector<auth::User>> reply);
  void user(const Caller& c, int64_t id, Reply<auth::User> reply);
  void create_user(const Caller& c, UserInput in, Reply<auth::User> reply);
  void update_user(const Caller& c, int64_t id, UserInput in, Reply<auth::User> reply);
  void delete_user(const Caller& c, int64_t id, Reply<void> reply);

  void api_keys(const Caller& c, Reply<std::vector<auth::ApiKey>> reply);
  // `role` any role, "integration" included.
  void create_api_key(const Caller& c, std::string name, std::string role, Reply<NewApiKey> reply);
  void revoke_api_key(const Caller& c, int64_t id, Reply<void> reply);

  void audit(const Caller& c, int64_t after_id, size_t limit, Reply<std::vector<audit::AuditEntry>> reply);

 private:
  // Hashes `password` (if any) on the CPU lane, then runs `write` on a store
  // worker in one transaction.
  void write_user(UserInput in, std::function<Result<auth::User>(storage::SqlDriver&, auth::User)> write,
                  Reply<auth::User> reply);

  Runtime& rt_;
  AuthService& auth_;
};

}  // namespace switchyard::app
