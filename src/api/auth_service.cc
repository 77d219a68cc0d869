#include "api/auth_service.h"

#include <boost/json.hpp>

#include <future>
#include <limits>

#include "api/errors.h"
#include "auth/password.h"
#include "auth/token.h"

namespace switchyard::api {

namespace {
constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

Principal from_user(const storage::User& u) {
  Principal p;
  p.name = u.username;
  p.role = auth::role_from_string(u.role).value_or(auth::Role::kAgent);
  p.user_id = u.id;
  p.team = u.team;
  p.agent = u.agent;
  return p;
}
}  // namespace

Error unauthenticated(std::string message) {
  return Error{ErrorCode::kUnauthenticated, std::move(message), "authorization"};
}

AuthService::AuthService(server::StoreWorker& store, const Clock& clock, Options opts)
    : store_(store), clock_(clock), opts_(opts), limiter_(opts.max_failures, opts.window_ms, opts.lockout_ms) {}

std::pair<AuthService::Kind, std::string> AuthService::credentials(const http::Request& req) {
  if (const std::string* h = req.header("authorization")) {
    if (h->rfind("Bearer ", 0) == 0) return {Kind::kSession, h->substr(7)};
    if (h->rfind("ApiKey ", 0) == 0) return {Kind::kApiKey, h->substr(7)};
  }
  if (const std::string* k = req.header("x-api-key")) return {Kind::kApiKey, *k};
  // Browsers cannot set headers on a WebSocket: a token in the query is accepted.
  if (const std::string* t = req.query_param("access_token")) return {Kind::kSession, *t};
  return {Kind::kNone, {}};
}

std::optional<Result<Principal>> AuthService::cached(Kind kind, const std::string& hash) {
  std::lock_guard lk(mu_);
  auto it = cache_.find(hash);
  if (it == cache_.end()) return std::nullopt;
  if (it->second.expires_ms <= clock_.now_ms()) {
    cache_.erase(it);
    return Result<Principal>(std::unexpected(unauthenticated("session expired")));
  }
  if ((kind == Kind::kApiKey) != (it->second.principal.api_key_id != 0)) return std::nullopt;
  return Result<Principal>(it->second.principal);
}

Result<Principal> AuthService::lookup(storage::Store& store, Kind kind, const std::string& hash) {
  int64_t now = clock_.now_ms();
  Cached c;
  if (kind == Kind::kSession) {
    auto s = store.find_session(hash);
    if (!s) return std::unexpected(s.error());
    if (!*s || (*s)->expires_ms <= now) return std::unexpected(unauthenticated("invalid or expired token"));
    auto u = store.find_user((*s)->user_id);
    if (!u) return std::unexpected(u.error());
    if (!*u) return std::unexpected(unauthenticated("user no longer exists"));
    c.principal = from_user(**u);
    c.principal.token_hash = hash;
    c.expires_ms = (*s)->expires_ms;
  } else {
    auto k = store.find_api_key(hash);
    if (!k) return std::unexpected(k.error());
    if (!*k) return std::unexpected(unauthenticated("invalid API key"));
    c.principal.name = "apikey:" + (*k)->name;
    c.principal.role = auth::role_from_string((*k)->role).value_or(auth::Role::kIntegration);
    c.principal.api_key_id = (*k)->id;
    c.expires_ms = kNever;
  }
  std::lock_guard lk(mu_);
  cache_[hash] = c;
  return c.principal;
}

void AuthService::authenticate(const http::Request& req, std::function<void(Result<Principal>)> done) {
  auto [kind, secret] = credentials(req);
  if (kind == Kind::kNone || secret.empty()) {
    done(std::unexpected(unauthenticated("missing credentials: send Authorization: Bearer <token> or X-API-Key")));
    return;
  }
  std::string hash = auth::sha256_hex(secret);
  if (auto c = cached(kind, hash)) {
    done(std::move(*c));
    return;
  }
  store_.post([this, kind, hash, done = std::move(done)](storage::Store& s) { done(lookup(s, kind, hash)); });
}

Result<Principal> AuthService::authenticate_now(const http::Request& req) {
  std::promise<Result<Principal>> p;
  auto f = p.get_future();
  authenticate(req, [&p](Result<Principal> r) { p.set_value(std::move(r)); });
  return f.get();
}

void AuthService::login(std::string username, std::string password, std::string remote,
                        std::function<void(server::Reply)> done) {
  std::string key = username + "|" + remote;
  int64_t now = clock_.now_ms();
  {
    std::lock_guard lk(mu_);
    limiter_.prune(now);
    if (!limiter_.allow(key, now)) {
      int64_t retry_s = (limiter_.retry_after_ms(key, now) + 999) / 1000;
      server::Reply r = error_reply(429, "rate_limited", "too many failed logins; try again later", "username");
      r.headers.emplace_back("Retry-After", std::to_string(retry_s));
      done(std::move(r));
      return;
    }
  }
  store_.post([this, username = std::move(username), password = std::move(password), key, remote,
               done = std::move(done)](storage::Store& s) {
    int64_t now = clock_.now_ms();
    if (now - last_session_prune_ms_ >= 3'600'000) {  // store worker only
      last_session_prune_ms_ = now;
      (void)s.delete_expired_sessions(now);
    }
    auto u = s.find_user_by_name(username);
    if (!u) return done(error_reply(u.error()));
    bool ok = *u && auth::verify_password((*u)->password_hash, password);
    storage::AuditEntry audit{0, now, username, ok ? "auth.login" : "auth.login_failed", "user:" + username,
                              "from " + remote, 0};
    (void)s.append_audit(audit);
    if (!ok) {
      std::lock_guard lk(mu_);
      limiter_.record_failure(key, now);
      return done(error_reply(401, "unauthenticated", "wrong username or password", "password"));
    }
    {
      std::lock_guard lk(mu_);
      limiter_.record_success(key);
    }
    std::string token = auth::new_token();
    storage::Session session{auth::sha256_hex(token), (*u)->id, now, now + opts_.session_ttl_ms};
    if (auto r = s.create_session(session); !r) return done(error_reply(r.error()));
    Principal p = from_user(**u);
    p.token_hash = session.token_hash;
    {
      std::lock_guard lk(mu_);
      cache_[session.token_hash] = Cached{p, session.expires_ms};
    }
    boost::json::object user{{"id", (*u)->id}, {"username", (*u)->username}, {"role", (*u)->role},
                             {"display_name", (*u)->display_name}};
    done(json_reply(200, boost::json::object{{"token", token}, {"expires_ms", session.expires_ms}, {"user", user}}));
  });
}

void AuthService::logout(const Principal& p, std::function<void(server::Reply)> done) {
  if (p.token_hash.empty()) return done(error_reply(400, "invalid_argument", "API keys cannot log out", "authorization"));
  {
    std::lock_guard lk(mu_);
    cache_.erase(p.token_hash);
  }
  store_.post([hash = p.token_hash, done = std::move(done)](storage::Store& s) {
    if (auto r = s.delete_session(hash); !r) return done(error_reply(r.error()));
    done(server::Reply{204, "", {}});
  });
}

void AuthService::forget_user(int64_t user_id) {
  std::lock_guard lk(mu_);
  std::erase_if(cache_, [&](const auto& kv) { return kv.second.principal.user_id == user_id; });
}

void AuthService::forget_api_key(int64_t key_id) {
  std::lock_guard lk(mu_);
  std::erase_if(cache_, [&](const auto& kv) { return kv.second.principal.api_key_id == key_id; });
}

}  // namespace switchyard::api
