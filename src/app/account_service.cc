#include "app/account_service.h"

#include "auth/password.h"
#include "auth/token.h"

namespace switchyard::app {

using auth::Permission;

namespace {

// Runs `body` in one transaction on `db` and returns what it made.
template <typename T>
Result<T> transactionally(storage::SqlDriver& db, const std::function<Result<T>()>& body) {
  std::optional<T> out;
  auto r = db.in_transaction([&]() -> Result<void> {
    auto v = body();
    if (!v) return std::unexpected(v.error());
    out = std::move(*v);
    return {};
  });
  if (!r) return std::unexpected(r.error());
  return std::move(*out);
}

Result<void> appended(Result<int64_t> id) {
  if (!id) return std::unexpected(id.error());
  return {};
}

}  // namespace

void AccountService::users(const Caller& c, Reply<std::vector<auth::User>> reply) {
  if (auto ok = require(c, Permission::kManageUsers); !ok) return reply(std::unexpected(ok.error()));
  on_store<std::vector<auth::User>>(
      rt_, [](storage::SqlDriver& db) { return auth::AccountRepository(db).list_users(); }, std::move(reply));
}

void AccountService::user(const Caller& c, int64_t id, Reply<auth::User> reply) {
  if (auto ok = require(c, Permission::kManageUsers); !ok) return reply(std::unexpected(ok.error()));
  on_store<auth::User>(
      rt_,
      [id](storage::SqlDriver& db) -> Result<auth::User> {
        auto u = auth::AccountRepository(db).find_user(id);
        if (!u) return std::unexpected(u.error());
        if (!*u) return make_error(ErrorCode::kNotFound, "user not found", "id");
        return std::move(**u);
      },
      std::move(reply));
}

void AccountService::write_user(UserInput in,
                                std::function<Result<auth::User>(storage::SqlDriver&, auth::User)> write,
                                Reply<auth::User> reply) {
  // Cheap checks before the expensive hash.
  if (auto ok = auth::AccountRepository::check(in.user); !ok) return reply(std::unexpected(ok.error()));
  rt_.store.post_cpu([this, in = std::move(in), write = std::move(write), reply = std::move(reply)]() mutable {
    if (!in.password.empty()) {
      auto hash = auth::hash_password(in.password);
      if (!hash) return reply(std::unexpected(hash.error()));
      in.user.password_hash = std::move(*hash);
    }
    rt_.store.post([user = std::move(in.user), write = std::move(write), reply = std::move(reply)](
                       storage::SqlDriver& db) mutable { reply(write(db, std::move(user))); });
  });
}

void AccountService::create_user(const Caller& c, UserInput in, Reply<auth::User> reply) {
  if (auto ok = require(c, Permission::kManageUsers); !ok) return reply(std::unexpected(ok.error()));
  if (in.password.empty()) return reply(make_error(ErrorCode::kInvalidArgument, "required string", "password"));
  in.user.created_ms = rt_.clock.now_ms();
  write_user(
      std::move(in),
      [this, c](storage::SqlDriver& db, auth::User u) {
        return transactionally<auth::User>(db, [&]() -> Result<auth::User> {
          auto id = auth::AccountRepository(db).create_user(u);
          if (!id && id.error().code == ErrorCode::kAlreadyExists)
            return make_error(ErrorCode::kAlreadyExists, "the username is taken", "username");
          if (!id) return std::unexpected(id.error());
          u.id = *id;
          if (auto a = appended(audit::AuditLog(db).append({0, rt_.clock.now_ms(), c.name, "user.create",
                                                           "user:" + u.username, "role " + u.role, 0}));
              !a)
            return std::unexpected(a.error());
          return u;
        });
      },
      std::move(reply));
}

void AccountService::update_user(const Caller& c, int64_t id, UserInput in, Reply<auth::User> reply) {
  if (auto ok = require(c, Permission::kManageUsers); !ok) return reply(std::unexpected(ok.error()));
  bool password_changed = !in.password.empty();
  write_user(
      std::move(in),
      [this, c, id, password_changed](storage::SqlDriver& db, auth::User u) {
        auto r = transactionally<auth::User>(db, [&]() -> Result<auth::User> {
          auth::AccountRepository accounts(db);
          auto old = accounts.find_user(id);
          if (!old) return std::unexpected(old.error());
          if (!*old) return make_error(ErrorCode::kNotFound, "user not found", "id");
          u.id = id;
          u.created_ms = (*old)->created_ms;
          if (!password_changed) u.password_hash = (*old)->password_hash;
          if (auto w = accounts.update_user(u); !w) {
            if (w.error().code == ErrorCode::kAlreadyExists)
              return make_error(ErrorCode::kAlreadyExists, "the username is taken", "username");
            return std::unexpected(w.error());
          }
          std::string detail;
          if ((*old)->role != u.role) detail = "role " + (*old)->role + " -> " + u.role;
          if ((*old)->username != u.username)
            detail += std::string(detail.empty() ? "" : "; ") + "renamed from " + (*old)->username;
          if (password_changed) detail += std::string(detail.empty() ? "" : "; ") + "password changed";
          if (auto a = appended(audit::AuditLog(db).append(
                  {0, rt_.clock.now_ms(), c.name, "user.update", "user:" + u.username, detail, 0}));
              !a)
            return std::unexpected(a.error());
          return u;
        });
        if (r) auth_.forget_user(id);
        return r;
      },
      std::move(reply));
}

void AccountService::delete_user(const Caller& c, int64_t id, Reply<void> reply) {
  if (auto ok = require(c, Permission::kManageUsers); !ok) return reply(std::unexpected(ok.error()));
  rt_.store.post([this, c, id, reply = std::move(reply)](storage::SqlDriver& db) {
    auto r = db.in_transaction([&]() -> Result<void> {
      auth::AccountRepository accounts(db);
      auto old = accounts.find_user(id);
      if (!old) return std::unexpected(old.error());
      if (!*old) return make_error(ErrorCode::kNotFound, "no such user", "id");
      if (auto d = accounts.delete_user(id); !d) return d;
      return appended(audit::AuditLog(db).append(
          {0, rt_.clock.now_ms(), c.name, "user.delete", "user:" + (*old)->username, "role " + (*old)->role, 0}));
    });
    if (r) auth_.forget_user(id);
    reply(std::move(r));
  });
}

void AccountService::api_keys(const Caller& c, Reply<std::vector<auth::ApiKey>> reply) {
  if (auto ok = require(c, Permission::kManageUsers); !ok) return reply(std::unexpected(ok.error()));
  on_store<std::vector<auth::ApiKey>>(
      rt_, [](storage::SqlDriver& db) { return auth::AccountRepository(db).list_api_keys(); }, std::move(reply));
}

void AccountService::create_api_key(const Caller& c, std::string name, std::string role, Reply<NewApiKey> reply) {
  if (auto ok = require(c, Permission::kManageUsers); !ok) return reply(std::unexpected(ok.error()));
  if (name.empty()) return reply(make_error(ErrorCode::kInvalidArgument, "required string", "name"));
  on_store<NewApiKey>(
      rt_,
      [this, c, name = std::move(name), role = std::move(role)](storage::SqlDriver& db) {
        return transactionally<NewApiKey>(db, [&]() -> Result<NewApiKey> {
          NewApiKey out;
          out.secret = auth::new_token("sy_");
          out.key = auth::ApiKey{0, auth::sha256_hex(out.secret), name, role, rt_.clock.now_ms(), std::nullopt};
          auto id = auth::AccountRepository(db).create_api_key(out.key);
          if (!id) return std::unexpected(id.error());
          out.key.id = *id;
          if (auto a = appended(audit::AuditLog(db).append(
                  {0, out.key.created_ms, c.name, "api_key.create", "api_key:" + name, "role " + role, 0}));
              !a)
            return std::unexpected(a.error());
          return out;
        });
      },
      std::move(reply));
}

void AccountService::revoke_api_key(const Caller& c, int64_t id, Reply<void> reply) {
  if (auto ok = require(c, Permission::kManageUsers); !ok) return reply(std::unexpected(ok.error()));
  rt_.store.post([this, c, id, reply = std::move(reply)](storage::SqlDriver& db) {
    auto r = db.in_transaction([&]() -> Result<void> {
      auth::AccountRepository accounts(db);
      auto key = accounts.api_key(id);
      if (!key) return std::unexpected(key.error());
      if (!*key) return make_error(ErrorCode::kNotFound, "no such API key", "id");
      if ((*key)->revoked_ms) return {};  // revoked before: nothing changes, nothing to audit
      if (auto v = accounts.revoke_api_key(id, rt_.clock.now_ms()); !v) return v;
      return appended(audit::AuditLog(db).append(
          {0, rt_.clock.now_ms(), c.name, "api_key.revoke", "api_key:" + (*key)->name, "", 0}));
    });
    if (r) auth_.forget_api_key(id);
    reply(std::move(r));
  });
}

void AccountService::audit(const Caller& c, int64_t after_id, size_t limit,
                           Reply<std::vector<audit::AuditEntry>> reply) {
  if (auto ok = require(c, Permission::kReadAudit); !ok) return reply(std::unexpected(ok.error()));
  on_store<std::vector<audit::AuditEntry>>(
      rt_, [after_id, limit](storage::SqlDriver& db) { return audit::AuditLog(db).list(after_id, limit); },
      std::move(reply));
}

}  // namespace switchyard::app
