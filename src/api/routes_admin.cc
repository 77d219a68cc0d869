// Administration routes: users, API keys, the audit log. Admins only.
// Parse -> app::AccountService -> render.
#include <boost/json.hpp>

#include "api/api.h"
#include "app/account_service.h"
#include "api/errors.h"
#include "api/parse.h"

namespace switchyard::api {

namespace json = boost::json;
using auth::Permission;

namespace {

json::value id_or_null(uint32_t id) { return id == core::kNoId ? json::value(nullptr) : json::value(id); }

json::object user_json(const auth::User& u) {
  return json::object{{"id", u.id},
                      {"username", u.username},
                      {"role", u.role},
                      {"team", id_or_null(u.team)},
                      {"agent", id_or_null(u.agent)},
                      {"display_name", u.display_name},
                      {"created_ms", u.created_ms}};
}

json::object key_json(const auth::ApiKey& k) {
  return json::object{{"id", k.id},
                      {"name", k.name},
                      {"role", k.role},
                      {"created_ms", k.created_ms},
                      {"revoked_ms", k.revoked_ms ? json::value(*k.revoked_ms) : json::value(nullptr)}};
}

// {"username", "password", "role", "display_name", "team", "agent"}; team
// and agent by name or id, and they must exist (a link to nothing would
// give the user an empty scope without a word).
Result<app::UserInput> read_user(const std::string& body, const app::Names& names) {
  auto o = small_body(body, {"username", "password", "role", "display_name", "team", "agent"});
  if (!o) return std::unexpected(o.error());
  app::UserInput in;
  for (const auto& kv : *o) {
    std::string k(kv.key());
    const json::value& x = kv.value();
    if (k == "team" || k == "agent") {
      const app::Kind kind = k == "team" ? app::Kind::kTeam : app::Kind::kAgent;
      uint32_t id = core::kNoId;
      if (x.is_string()) {
        auto r = resolve(names, kind, x.get_string(), k);
        if (!r) return make_error(ErrorCode::kNotFound, "unknown " + k + " \"" + std::string(x.get_string()) + "\"", k);
        id = *r;
      } else if (!x.is_null()) {
        if (!x.is_int64() || x.get_int64() < 0 || x.get_int64() >= core::kNoId)
          return make_error(ErrorCode::kInvalidArgument, "expected a name, an id or null", k);
        id = static_cast<uint32_t>(x.get_int64());
        if (!names.name(kind, id)) return make_error(ErrorCode::kNotFound, "no " + k + " with id " + std::to_string(id), k);
      }
      (k == "team" ? in.user.team : in.user.agent) = id;
      continue;
    }
    if (!x.is_string()) return make_error(ErrorCode::kInvalidArgument, "expected a string", k);
    std::string v(x.get_string());
    if (k == "username") in.user.username = std::move(v);
    else if (k == "password") in.password = std::move(v);
    else if (k == "role") in.user.role = std::move(v);
    else in.user.display_name = std::move(v);
  }
  if (in.user.username.empty()) return make_error(ErrorCode::kInvalidArgument, "required string", "username");
  if (in.user.role.empty()) return make_error(ErrorCode::kInvalidArgument, "required string", "role");
  return in;
}

auto user_reply(http::Respond respond, int status) {
  return answer<auth::User>(std::move(respond), [status](auth::User u) { return json_response(status, user_json(u)); });
}

}  // namespace

void add_admin_routes(Routes& r, app::AccountService& accounts, app::Catalog& catalog) {
  r.add("GET", "/api/v1/users", Permission::kManageUsers, [&](const app::Caller& c, http::Request&&, http::Respond respond) {
    accounts.users(c, answer<std::vector<auth::User>>(respond, [](std::vector<auth::User> v) {
      json::array a;
      for (const auto& u : v) a.push_back(user_json(u));
      return json_response(200, a);
    }));
  });
  r.add("POST", "/api/v1/users", Permission::kManageUsers, [&](const app::Caller& c, http::Request&& req, http::Respond respond) {
    auto in = read_user(req.body, *catalog.names());
    if (!in) return respond(error_response(in.error()));
    accounts.create_user(c, std::move(*in), user_reply(respond, 201));
  });
  r.add("GET", "/api/v1/users/{id}", Permission::kManageUsers, [&](const app::Caller& c, http::Request&& req, http::Respond respond) {
    auto id = row_id(req);
    if (!id) return respond(error_response(id.error()));
    accounts.user(c, *id, user_reply(respond, 200));
  });
  r.add("PUT", "/api/v1/users/{id}", Permission::kManageUsers, [&](const app::Caller& c, http::Request&& req, http::Respond respond) {
    auto id = row_id(req);
    if (!id) return respond(error_response(id.error()));
    auto in = read_user(req.body, *catalog.names());
    if (!in) return respond(error_response(in.error()));
    accounts.update_user(c, *id, std::move(*in), user_reply(respond, 200));
  });
  r.add("DELETE", "/api/v1/users/{id}", Permission::kManageUsers, [&](const app::Caller& c, http::Request&& req, http::Respond respond) {
    auto id = row_id(req);
    if (!id) return respond(error_response(id.error()));
    accounts.delete_user(c, *id, answer<void>(respond, [] { return no_content(); }));
  });

  r.add("GET", "/api/v1/api-keys", Permission::kManageUsers, [&](const app::Caller& c, http::Request&&, http::Respond respond) {
    accounts.api_keys(c, answer<std::vector<auth::ApiKey>>(respond, [](std::vector<auth::ApiKey> v) {
      json::array a;
      for (const auto& k : v) a.push_back(key_json(k));
      return json_response(200, a);
    }));
  });
  r.add("POST", "/api/v1/api-keys", Permission::kManageUsers, [&](const app::Caller& c, http::Request&& req, http::Respond respond) {
    auto body = small_body(req.body, {"name", "role"});
    if (!body) return respond(error_response(body.error()));
    auto name = need_string(*body, "name");
    if (!name) return respond(error_response(name.error()));
    auto role = opt_string(*body, "role");
    if (!role) return respond(error_response(role.error()));
    accounts.create_api_key(c, std::move(*name), role->empty() ? "integration" : std::move(*role),
                            answer<app::NewApiKey>(respond, [](app::NewApiKey k) {
                              return json_response(201, json::object{{"id", k.key.id},
                                                                     {"name", k.key.name},
                                                                     {"role", k.key.role},
                                                                     {"key", k.secret}});
                            }));
  });
  r.add("DELETE", "/api/v1/api-keys/{id}", Permission::kManageUsers, [&](const app::Caller& c, http::Request&& req, http::Respond respond) {
    auto id = row_id(req);
    if (!id) return respond(error_response(id.error()));
    accounts.revoke_api_key(c, *id, answer<void>(respond, [] { return no_content(); }));
  });

  r.add("GET", "/api/v1/audit", Permission::kReadAudit, [&](const app::Caller& c, http::Request&& req, http::Respond respond) {
    auto after = query_int(req, "after", 0, 0, INT64_MAX);
    if (!after) return respond(error_response(after.error()));
    auto limit = query_int(req, "limit", 100, 1, 1000);
    if (!limit) return respond(error_response(limit.error()));
    accounts.audit(c, *after, static_cast<size_t>(*limit), answer<std::vector<audit::AuditEntry>>(respond, [](std::vector<audit::AuditEntry> v) {
      json::array a;
      for (const auto& e : v)
        a.push_back(json::object{{"id", e.id}, {"time_ms", e.time_ms}, {"actor", e.actor}, {"action", e.action},
                                 {"target", e.target}, {"detail", e.detail}, {"seq", e.seq}});
      return json_response(200, a);
    }));
  });
}

}  // namespace switchyard::api
