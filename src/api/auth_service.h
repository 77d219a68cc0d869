#pragma once
// Who is calling: sessions (login with username + password, bearer token) and
// API keys (X-API-Key). Tokens are random, shown once, stored as SHA-256.
// Validated principals are cached in memory, so the hot path (30k req/s on
// /realtime) never touches the database; logout, user changes and key
// revocation drop the cache entries at once.
//
// Thread-safety: every method may be called from any thread.
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

#include "auth/rate_limiter.h"
#include "auth/roles.h"
#include "core/clock.h"
#include "core/types.h"
#include "http/message.h"
#include "server/engine_host.h"
#include "server/store_worker.h"

namespace switchyard::api {

struct Principal {
  std::string name;  // username, or "apikey:<name>"
  auth::Role role = auth::Role::kAgent;
  int64_t user_id = 0;     // 0 for API keys
  int64_t api_key_id = 0;  // 0 for users
  core::TeamId team = core::kNoId;
  core::AgentId agent = core::kNoId;
  std::string token_hash;  // the session's (for logout)
};

class AuthService {
 public:
  struct Options {
    int64_t session_ttl_ms = 12 * 3600 * 1000;
    int max_failures = 5;
    int64_t window_ms = 300'000;
    int64_t lockout_ms = 900'000;
  };
  AuthService(server::StoreWorker& store, const Clock& clock, Options opts);

  // Resolves the request's credentials; `done` gets the principal or a 401 error.
  void authenticate(const http::Request& req, std::function<void(Result<Principal>)> done);
  // The same, waiting for the store if the cache does not know the token.
  // For WebSocket upgrades only (their handshake hook is synchronous).
  Result<Principal> authenticate_now(const http::Request& req);

  // POST /auth/login. Rate limited per (username, address): 429 with
  // Retry-After when locked. Audited.
  void login(std::string username, std::string password, std::string remote,
             std::function<void(server::Reply)> done);
  void logout(const Principal& p, std::function<void(server::Reply)> done);
  // Drops cached principals of a user / an API key (after change or revocation).
  void forget_user(int64_t user_id);
  void forget_api_key(int64_t key_id);

 private:
  struct Cached {
    Principal principal;
    int64_t expires_ms = 0;  // INT64_MAX for API keys
  };
  enum class Kind { kNone, kSession, kApiKey };
  static std::pair<Kind, std::string> credentials(const http::Request& req);
  // On the store worker: looks the credential up and caches it.
  Result<Principal> lookup(storage::Store& store, Kind kind, const std::string& hash);
  std::optional<Result<Principal>> cached(Kind kind, const std::string& hash);

  server::StoreWorker& store_;
  const Clock& clock_;
  Options opts_;
  std::mutex mu_;
  std::unordered_map<std::string, Cached> cache_;  // by token/key hash
  auth::RateLimiter limiter_;
  int64_t last_session_prune_ms_ = 0;  // touched on the store worker only
};

// 401 with the API's error body.
Error unauthenticated(std::string message);

}  // namespace switchyard::api
