// Administration routes: users, API keys, audit log. Admins only; every
// change is audited. Run on the store worker (argon2 hashing included).
#include <boost/json.hpp>

#include <charconv>

#include "api/api.h"
#include "api/errors.h"
#include "auth/password.h"
#include "auth/token.h"

namespace switchyard::api {
namespace json = boost::json;
using auth::Permission;

namespace {

json::object user_json(const storage::User& u) {
  return json::object{{"id", u.id},
                      {"username", u.username},
                      {"role", u.role},
                      {"team", u.team == core::kNoId ? json::value(nullptr) : json::value(u.team)},
                      {"agent", u.agent == core::kNoId ? json::value(nullptr) : json::value(u.agent)},
                      {"display_name", u.display_name},
                      {"created_ms", u.created_ms}};
}

// Reads a user body. `need_password`: creating requires one; updating may change it.
Result<storage::User> read_user(const std::string& body, bool need_password, std::string& password) {
  auto v = parse_body(body);
  if (!v) return std::unexpected(v.error());
  storage::User u;
  const json::object& o = v->get_object();
  for (const auto& kv : o) {
    std::string k(kv.key());
    const json::value& x = kv.value();
    auto want_string = [&](std::string& out) -> Result<void> {
      if (!x.is_string()) return make_error(ErrorCode::kInvalidArgument, "expected a string", k);
      out = std::string(x.get_string());
      return {};
    };
    auto want_id = [&](uint32_t& out) -> Result<void> {
      if (x.is_null()) {
        out = core::kNoId;
        return {};
      }
      if (!x.is_int64() || x.get_int64() < 0 || x.get_int64() >= core::kNoId)
        return make_error(ErrorCode::kInvalidArgument, "expected an id or null", k);
      out = static_cast<uint32_t>(x.get_int64());
      return {};
    };
    Result<void> r;
    if (k == "username") r = want_string(u.username);
    else if (k == "password") r = want_string(password);
    else if (k == "role") r = want_string(u.role);
    else if (k == "display_name") r = want_string(u.display_name);
    else if (k == "team") r = want_id(u.team);
    else if (k == "agent") r = want_id(u.agent);
    else return make_error(ErrorCode::kInvalidArgument, "unknown field", k);
    if (!r) return std::unexpected(r.error());
  }
  if (u.username.empty()) return make_error(ErrorCode::kInvalidArgument, "required string", "username");
  if (!auth::role_from_string(u.role) || u.role == "integration")
    return make_error(ErrorCode::kInvalidArgument, "role must be agent, team_lead, quality, wfm, reporting or admin", "role");
  if (need_password && password.empty()) return make_error(ErrorCode::kInvalidArgument, "required string", "password");
  return u;
}

Result<int64_t> parse_id(const std::string& s) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v <= 0)
    return make_error(ErrorCode::kInvalidArgument, "not an id", "id");
  return v;
}

}  // namespace

void Api::add_admin_routes() {
  add("GET", "/api/v1/users", Permission::kManageUsers, [this](const Principal&, http::Request&&, http::Respond respond) {
    store_.post([respond](storage::Store& s) {
      auto users = s.list_users();
      if (!users) return respond(to_response(error_reply(users.error())));
      json::array a;
      for (const auto& u : *users) a.push_back(user_json(u));
      respond(to_response(json_reply(200, a)));
    });
  });
  add("POST", "/api/v1/users", Permission::kManageUsers, [this](const Principal& p, http::Request&& req, http::Respond respond) {
    std::string password;
    auto u = read_user(req.body, true, password);
    if (!u) return respond(to_response(error_reply(u.error())));
    store_.post([this, p, u = *u, password, respond](storage::Store& s) mutable {
      auto hash = auth::hash_password(password);
      if (!hash) return respond(to_response(error_reply(hash.error())));
      u.password_hash = *hash;
      u.created_ms = clock_.now_ms();
      auto id = s.create_user(u);
      if (!id) return respond(to_response(error_reply(id.error())));
      u.id = *id;
      (void)s.append_audit({0, u.created_ms, p.name, "user.create", "user:" + u.username, "role " + u.role, 0});
      respond(to_response(json_reply(201, user_json(u))));
    });
  });
  add("GET", "/api/v1/users/{id}", Permission::kManageUsers, [this](const Principal&, http::Request&& req, http::Respond respond) {
    auto id = parse_id(req.params["id"]);
    if (!id) return respond(to_response(error_reply(id.error())));
    store_.post([id = *id, respond](storage::Store& s) {
      auto u = s.find_user(id);
      if (!u) return respond(to_response(error_reply(u.error())));
      if (!*u) return respond(to_response(error_reply(404, "not_found", "user not found", "id")));
      respond(to_response(json_reply(200, user_json(**u))));
    });
  });
  add("PUT", "/api/v1/users/{id}", Permission::kManageUsers, [this](const Principal& p, http::Request&& req, http::Respond respond) {
    auto id = parse_id(req.params["id"]);
    if (!id) return respond(to_response(error_reply(id.error())));
    std::string password;
    auto u = read_user(req.body, false, password);
    if (!u) return respond(to_response(error_reply(u.error())));
    store_.post([this, p, id = *id, u = *u, password, respond](storage::Store& s) mutable {
      auto old = s.find_user(id);
      if (!old) return respond(to_response(error_reply(old.error())));
      if (!*old) return respond(to_response(error_reply(404, "not_found", "user not found", "id")));
      u.id = id;
      u.created_ms = (*old)->created_ms;
      u.password_hash = (*old)->password_hash;
      if (!password.empty()) {
        auto hash = auth::hash_password(password);
        if (!hash) return respond(to_response(error_reply(hash.error())));
        u.password_hash = *hash;
      }
      if (auto r = s.update_user(u); !r) return respond(to_response(error_reply(r.error())));
      auth_.forget_user(id);
      (void)s.append_audit({0, clock_.now_ms(), p.name, "user.update", "user:" + u.username,
                            password.empty() ? "" : "password changed", 0});
      respond(to_response(json_reply(200, user_json(u))));
    });
  });
  add("DELETE", "/api/v1/users/{id}", Permission::kManageUsers, [this](const Principal& p, http::Request&& req, http::Respond respond) {
    auto id = parse_id(req.params["id"]);
    if (!id) return respond(to_response(error_reply(id.error())));
    store_.post([this, p, id = *id, respond](storage::Store& s) {
      if (auto r = s.delete_user(id); !r) return respond(to_response(error_reply(r.error())));
      auth_.forget_user(id);
      (void)s.append_audit({0, clock_.now_ms(), p.name, "user.delete", "user:" + std::to_string(id), "", 0});
      respond(http::Response{204, "", "application/json", {}});
    });
  });

  add("GET", "/api/v1/api-keys", Permission::kManageUsers, [this](const Principal&, http::Request&&, http::Respond respond) {
    store_.post([respond](storage::Store& s) {
      auto keys = s.list_api_keys();
      if (!keys) return respond(to_response(error_reply(keys.error())));
      json::array a;
      for (const auto& k : *keys)
        a.push_back(json::object{{"id", k.id},
                                 {"name", k.name},
                                 {"role", k.role},
                                 {"created_ms", k.created_ms},
                                 {"revoked_ms", k.revoked_ms ? json::value(*k.revoked_ms) : json::value(nullptr)}});
      respond(to_response(json_reply(200, a)));
    });
  });
  add("POST", "/api/v1/api-keys", Permission::kManageUsers, [this](const Principal& p, http::Request&& req, http::Respond respond) {
    auto v = parse_body(req.body);
    if (!v) return respond(to_response(error_reply(v.error())));
    std::string name, role = "integration";
    for (const auto& kv : v->get_object()) {
      if (kv.key() != "name" && kv.key() != "role")
        return respond(to_response(error_reply(400, "invalid_argument", "unknown field", kv.key())));
      if (!kv.value().is_string())
        return respond(to_response(error_reply(400, "invalid_argument", "expected a string", kv.key())));
      (kv.key() == "name" ? name : role) = std::string(kv.value().get_string());
    }
    if (name.empty()) return respond(to_response(error_reply(400, "invalid_argument", "required string", "name")));
    if (!auth::role_from_string(role)) return respond(to_response(error_reply(400, "invalid_argument", "unknown role", "role")));
    store_.post([this, p, name, role, respond](storage::Store& s) {
      std::string key = auth::new_token("sy_");
      storage::ApiKey k{0, auth::sha256_hex(key), name, role, clock_.now_ms(), std::nullopt};
      auto id = s.create_api_key(k);
      if (!id) return respond(to_response(error_reply(id.error())));
      (void)s.append_audit({0, k.created_ms, p.name, "api_key.create", "api_key:" + name, "role " + role, 0});
      respond(to_response(json_reply(201, json::object{{"id", *id}, {"name", name}, {"role", role}, {"key", key}})));
    });
  });
  add("DELETE", "/api/v1/api-keys/{id}", Permission::kManageUsers, [this](const Principal& p, http::Request&& req, http::Respond respond) {
    auto id = parse_id(req.params["id"]);
    if (!id) return respond(to_response(error_reply(id.error())));
    store_.post([this, p, id = *id, respond](storage::Store& s) {
      if (auto r = s.revoke_api_key(id, clock_.now_ms()); !r) return respond(to_response(error_reply(r.error())));
      auth_.forget_api_key(id);
      (void)s.append_audit({0, clock_.now_ms(), p.name, "api_key.revoke", "api_key:" + std::to_string(id), "", 0});
      respond(http::Response{204, "", "application/json", {}});
    });
  });

  add("GET", "/api/v1/audit", Permission::kReadAudit, [this](const Principal&, http::Request&& req, http::Respond respond) {
    int64_t after = 0;
    size_t limit = 100;
    if (const std::string* a = req.query_param("after")) {
      auto [ptr, ec] = std::from_chars(a->data(), a->data() + a->size(), after);
      if (ec != std::errc() || ptr != a->data() + a->size() || after < 0)
        return respond(to_response(error_reply(400, "invalid_argument", "after must be an entry id", "after")));
    }
    if (const std::string* l = req.query_param("limit")) {
      auto [ptr, ec] = std::from_chars(l->data(), l->data() + l->size(), limit);
      if (ec != std::errc() || ptr != l->data() + l->size() || limit == 0 || limit > 1000)
        return respond(to_response(error_reply(400, "invalid_argument", "limit must be 1..1000", "limit")));
    }
    store_.post([after, limit, respond](storage::Store& s) {
      auto rows = s.list_audit(after, limit);
      if (!rows) return respond(to_response(error_reply(rows.error())));
      json::array a;
      for (const auto& e : *rows)
        a.push_back(json::object{{"id", e.id}, {"time_ms", e.time_ms}, {"actor", e.actor}, {"action", e.action},
                                 {"target", e.target}, {"detail", e.detail}, {"seq", e.seq}});
      respond(to_response(json_reply(200, a)));
    });
  });
}

}  // namespace switchyard::api
