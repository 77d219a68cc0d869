#pragma once
// Sessions and API keys: who a caller is. Login with username + password
// gives an opaque bearer token (random, shown once, stored as SHA-256); API
// keys are looked up by their hash. Validated credentials are cached in
// memory, so the hot path (30k req/s on /realtime) never touches the
// database; logout, user changes and key revocation drop entries at once.
//
// Login limiting: failed attempts are limited per (username, address) and
// per address across usernames (a password-spraying client is stopped too);
// attempts are reserved before they run, so concurrent attempts cannot
// exceed either limit. Each login, good or bad, is audited; a session and
// its audit entry commit together. The password check (argon2id, ~50 ms)
// runs on the CPU lane, never on a store connection.
//
// Threading: every method from any thread; replies on service threads.
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "app/caller.h"
#include "app/runtime.h"
#include "auth/account_repository.h"
#include "auth/rate_limiter.h"

namespace switchyard::app {

struct Credentials {
  enum class Kind { kNone, kSession, kApiKey };
  Kind kind = Kind::kNone;
  std::string secret;  // the bearer token or API key as sent
};

struct LoginResult {
  std::string token;  // shown once
  int64_t expires_ms = 0;
  auth::User user;
};

class AuthService {
 public:
  struct Options {
    int64_t session_ttl_ms = 12 * 3600 * 1000;
    int max_failures = 5;               // per (username, address) in the window
    int max_failures_per_address = 20;  // per address, any usernames, in the window
    int64_t window_ms = 300'000;
    int64_t lockout_ms = 900'000;
  };
  AuthService(Runtime& rt, Options opts);

  // The caller behind `cred`, or kUnauthenticated (field "authorization").
  void authenticate(const Credentials& cred, std::string address, Reply<Caller> reply);
  // kRateLimited (with retry_after_ms) when locked; kUnauthenticated for a
  // wrong username or password (the same answer for both).
  void login(std::string username, std::string password, std::string address, Reply<LoginResult> reply);
  // kInvalidArgument for API keys (they cannot log out).
  void logout(const Caller& c, Reply<void> reply);
  // Drops cached callers of a user / an API key (after a change).
  void forget_user(int64_t user_id);
  void forget_api_key(int64_t key_id);
  // Store maintenance (bulk lane): deletes expired sessions.
  void prune_sessions(storage::SqlDriver& db);

 private:
  struct Cached {
    Caller caller;
    int64_t expires_ms = 0;  // INT64_MAX for API keys
  };
  std::optional<Result<Caller>> cached(Credentials::Kind kind, const std::string& hash);
  Result<Caller> lookup(storage::SqlDriver& db, Credentials::Kind kind, const std::string& hash);
  // Ends a login attempt's reservations (`ok`: the password was right).
  void end_attempt(const std::string& user_key, const std::string& address_key, bool ok);
  void finish_login(auth::User user, std::string address, std::string user_key, std::string address_key,
                    Reply<LoginResult> reply);

  Runtime& rt_;
  Options opts_;
  std::mutex mu_;
  std::unordered_map<std::string, Cached> cache_;  // guarded by mu_: by token/key hash
  auth::RateLimiter per_user_;                     // guarded by mu_
  auth::RateLimiter per_address_;                  // guarded by mu_
};

// Caller of a user row (role, team, agent).
Caller caller_of(const auth::User& u);

}  // namespace switchyard::app
