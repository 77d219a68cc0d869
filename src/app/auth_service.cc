#include "app/auth_service.h"

#include <limits>

#include "audit/audit_log.h"
#include "auth/password.h"
#include "auth/token.h"

namespace switchyard::app {

namespace {

constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

Error unauthenticated(std::string message) {
  return Error{ErrorCode::kUnauthenticated, std::move(message), "authorization"};
}

// An argon2id hash of a random password: checked when the username does not
// exist, so a wrong username costs the same time as a wrong password.
const std::string& decoy_hash() {
  static const std::string kHash = auth::hash_password(auth::new_token()).value_or("");
  return kHash;
}

}  // namespace

Caller caller_of(const auth::User& u) {
  Caller c;
  c.name = u.username;
  c.role = auth::role_from_string(u.role).value_or(auth::Role::kAgent);
  c.user_id = u.id;
  c.team = u.team;
  c.agent = u.agent;
  return c;
}

AuthService::AuthService(Runtime& rt, Options opts)
    : rt_(rt),
      opts_(opts),
      per_user_(opts.max_failures, opts.window_ms, opts.lockout_ms),
      per_address_(opts.max_failures_per_address, opts.window_ms, opts.lockout_ms) {}

std::optional<Result<Caller>> AuthService::cached(Credentials::Kind kind, const std::string& hash) {
  std::lock_guard lk(mu_);
  auto it = cache_.find(hash);
  if (it == cache_.end()) return std::nullopt;
  if (it->second.expires_ms <= rt_.clock.now_ms()) {
    cache_.erase(it);
    return Result<Caller>(std::unexpected(unauthenticated("session expired")));
  }
  if ((kind == Credentials::Kind::kApiKey) != (it->second.caller.api_key_id != 0)) return std::nullopt;
  return Result<Caller>(it->second.caller);
}

Result<Caller> AuthService::lookup(storage::SqlDriver& db, Credentials::Kind kind, const std::string& hash) {
  int64_t now = rt_.clock.now_ms();
  auth::AccountRepository accounts(db);
  Cached c;
  if (kind == Credentials::Kind::kSession) {
    auto s = accounts.find_session(hash);
    if (!s) return std::unexpected(s.error());
    if (!*s || (*s)->expires_ms <= now) return std::unexpected(unauthenticated("invalid or expired token"));
    auto u = accounts.find_user((*s)->user_id);
    if (!u) return std::unexpected(u.error());
    if (!*u) return std::unexpected(unauthenticated("user no longer exists"));
    c.caller = caller_of(**u);
    c.caller.token_hash = hash;
    c.expires_ms = (*s)->expires_ms;
  } else {
    auto k = accounts.find_api_key(hash);
    if (!k) return std::unexpected(k.error());
    if (!*k) return std::unexpected(unauthenticated("invalid API key"));
    c.caller.name = "apikey:" + (*k)->name;
    c.caller.role = auth::role_from_string((*k)->role).value_or(auth::Role::kIntegration);
    c.caller.api_key_id = (*k)->id;
    c.expires_ms = kNever;
  }
  std::lock_guard lk(mu_);
  cache_[hash] = c;
  return c.caller;
}

void AuthService::authenticate(const Credentials& cred, std::string address, Reply<Caller> reply) {
  if (cred.kind == Credentials::Kind::kNone || cred.secret.empty())
    return reply(std::unexpected(
        unauthenticated("missing credentials: send Authorization: Bearer <token> or X-API-Key")));
  std::string hash = auth::sha256_hex(cred.secret);
  auto with_address = [address](Result<Caller> r) {
    if (r) r->address = address;
    return r;
  };
  if (auto c = cached(cred.kind, hash)) return reply(with_address(std::move(*c)));
  rt_.store.post([this, kind = cred.kind, hash, with_address, reply = std::move(reply)](storage::SqlDriver& db) {
    reply(with_address(lookup(db, kind, hash)));
  });
}

void AuthService::end_attempt(const std::string& user_key, const std::string& address_key, bool ok) {
  using Outcome = auth::RateLimiter::Outcome;
  int64_t now = rt_.clock.now_ms();
  std::lock_guard lk(mu_);
  per_user_.finish(user_key, now, ok ? Outcome::kSuccess : Outcome::kFailure);
  per_address_.finish(address_key, now, ok ? Outcome::kSuccessKeepsCount : Outcome::kFailure);
}

void AuthService::login(std::string username, std::string password, std::string address,
                        Reply<LoginResult> reply) {
  std::string user_key = username + "|" + address;
  const std::string& address_key = address;
  {
    int64_t now = rt_.clock.now_ms();
    std::lock_guard lk(mu_);
    per_user_.prune(now);
    per_address_.prune(now);
    bool user_ok = per_user_.try_begin(user_key, now);
    bool address_ok = user_ok && per_address_.try_begin(address_key, now);
    if (!address_ok) {
      if (user_ok) per_user_.finish(user_key, now, auth::RateLimiter::Outcome::kCancelled);
      Error e{ErrorCode::kRateLimited, "too many failed logins; try again later", "username"};
      e.retry_after_ms = std::max(per_user_.retry_after_ms(user_key, now), per_address_.retry_after_ms(address_key, now));
      return reply(std::unexpected(std::move(e)));
    }
  }
  rt_.store.post([this, username, password = std::move(password), address, user_key, address_key,
                  reply = std::move(reply)](storage::SqlDriver& db) mutable {
    auto u = auth::AccountRepository(db).find_user_by_name(username);
    if (!u) {
      end_attempt(user_key, address_key, false);
      return reply(std::unexpected(u.error()));
    }
    std::optional<auth::User> user = std::move(*u);
    rt_.store.post_cpu([this, user = std::move(user), username, password = std::move(password), address, user_key,
                        address_key, reply = std::move(reply)]() mutable {
      bool ok = auth::verify_password(user ? user->password_hash : decoy_hash(), password) && user;
      if (ok) return finish_login(std::move(*user), address, user_key, address_key, std::move(reply));
      end_attempt(user_key, address_key, false);
      rt_.store.post([this, username, address, reply = std::move(reply)](storage::SqlDriver& db) {
        (void)audit::AuditLog(db).append(
            {0, rt_.clock.now_ms(), username, "auth.login_failed", "user:" + username, "from " + address, 0});
        reply(std::unexpected(Error{ErrorCode::kUnauthenticated, "wrong username or password", "password"}));
      });
    });
  });
}

void AuthService::finish_login(auth::User user, std::string address, std::string user_key, std::string address_key,
                               Reply<LoginResult> reply) {
  rt_.store.post([this, user = std::move(user), address, user_key, address_key,
                  reply = std::move(reply)](storage::SqlDriver& db) {
    int64_t now = rt_.clock.now_ms();
    std::string token = auth::new_token();
    auth::Session session{auth::sha256_hex(token), user.id, now, now + opts_.session_ttl_ms};
    auto r = db.in_transaction([&]() -> Result<void> {
      if (auto s = auth::AccountRepository(db).create_session(session); !s) return s;
      auto a = audit::AuditLog(db).append(
          {0, now, user.username, "auth.login", "user:" + user.username, "from " + address, 0});
      if (!a) return std::unexpected(a.error());
      return {};
    });
    end_attempt(user_key, address_key, r.has_value());
    if (!r) return reply(std::unexpected(r.error()));
    Caller c = caller_of(user);
    c.token_hash = session.token_hash;
    {
      std::lock_guard lk(mu_);
      cache_[session.token_hash] = Cached{c, session.expires_ms};
    }
    reply(LoginResult{std::move(token), session.expires_ms, user});
  });
}

void AuthService::logout(const Caller& c, Reply<void> reply) {
  if (c.token_hash.empty())
    return reply(make_error(ErrorCode::kInvalidArgument, "API keys cannot log out", "authorization"));
  {
    std::lock_guard lk(mu_);
    cache_.erase(c.token_hash);
  }
  rt_.store.post([hash = c.token_hash, reply = std::move(reply)](storage::SqlDriver& db) {
    reply(auth::AccountRepository(db).delete_session(hash));
  });
}

void AuthService::forget_user(int64_t user_id) {
  std::lock_guard lk(mu_);
  std::erase_if(cache_, [&](const auto& kv) { return kv.second.caller.user_id == user_id; });
}

void AuthService::forget_api_key(int64_t key_id) {
  std::lock_guard lk(mu_);
  std::erase_if(cache_, [&](const auto& kv) { return kv.second.caller.api_key_id == key_id; });
}

void AuthService::prune_sessions(storage::SqlDriver& db) {
  (void)auth::AccountRepository(db).delete_expired_sessions(rt_.clock.now_ms());
}

}  // namespace switchyard::app
