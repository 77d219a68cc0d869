#include "api/api.h"

#include <boost/json.hpp>

#include "api/errors.h"
#include "api/scope.h"
#include "api/views.h"
#include "codec/event_json.h"

namespace switchyard::api {
namespace json = boost::json;

Api::Api(server::EngineHost& host, server::StoreWorker& store, AuthService& auth, const Clock& clock)
    : host_(host), store_(store), auth_(auth), clock_(clock) {
  add_auth_routes();
  add_config_routes();
  add_agent_routes();
  add_contact_routes();
  add_admin_routes();
  add_ops_routes();
}

void Api::add(std::string method, std::string pattern, auth::Permission p, Handler h) {
  RouteInfo info{method, pattern, p, false};
  infos_.push_back(info);
  http::Handler wrapped = [this, p, h = std::move(h)](http::Request&& req, http::Respond respond) {
    auto shared = std::make_shared<http::Request>(std::move(req));
    auth_.authenticate(*shared, [p, h, shared, respond](Result<Principal> who) {
      if (!who) {
        server::Reply r = error_reply(who.error());
        if (r.status == 401) r.headers.emplace_back("WWW-Authenticate", "Bearer");
        return respond(to_response(std::move(r)));
      }
      if (auth::scope_of(who->role, p) == auth::Scope::kNone)
        return respond(to_response(error_reply(403, "forbidden",
                                               "role " + std::string(auth::to_string(who->role)) +
                                                   " may not do this")));
      h(*who, std::move(*shared), respond);
    });
  };
  pending_.emplace_back(std::move(info), std::move(wrapped));
}

void Api::add_public(std::string method, std::string pattern, http::Handler h) {
  RouteInfo info{method, pattern, auth::Permission::kReadConfig, true};
  infos_.push_back(info);
  pending_.emplace_back(std::move(info), std::move(h));
}

std::vector<RouteInfo> Api::routes() const { return infos_; }

Result<void> Api::register_routes(http::Server& srv) {
  for (auto& [info, h] : pending_)
    if (auto r = srv.route(info.method, info.pattern, h); !r) return r;
  return add_events_socket(srv);
}

void Api::on_engine(http::Respond respond, std::function<server::Reply(server::TaskContext&)> task) {
  host_.submit(std::move(task), [respond](server::Reply r) {
    if (r.status == 0) return;  // deferred: another path answers
    respond(to_response(std::move(r)));
  });
}

// ---- auth ---------------------------------------------------------------------

void Api::add_auth_routes() {
  add_public("POST", "/api/v1/auth/login", [this](http::Request&& req, http::Respond respond) {
    auto body = parse_body(req.body);
    if (!body) return respond(to_response(error_reply(body.error())));
    const json::object& o = body->get_object();
    for (const auto& kv : o)
      if (kv.key() != "username" && kv.key() != "password")
        return respond(to_response(error_reply(400, "invalid_argument", "unknown field", kv.key())));
    auto str = [&](std::string_view k) -> const json::string* {
      auto it = o.find(k);
      return it != o.end() && it->value().is_string() ? &it->value().get_string() : nullptr;
    };
    if (!str("username")) return respond(to_response(error_reply(400, "invalid_argument", "required string", "username")));
    if (!str("password")) return respond(to_response(error_reply(400, "invalid_argument", "required string", "password")));
    auth_.login(std::string(*str("username")), std::string(*str("password")), req.remote,
                [respond](server::Reply r) { respond(to_response(std::move(r))); });
  });
  add("POST", "/api/v1/auth/logout", auth::Permission::kReadConfig,
      [this](const Principal& p, http::Request&&, http::Respond respond) {
        auth_.logout(p, [respond](server::Reply r) { respond(to_response(std::move(r))); });
      });
  add("GET", "/api/v1/auth/me", auth::Permission::kReadConfig,
      [this](const Principal& p, http::Request&&, http::Respond respond) {
        on_engine(respond, [p](server::TaskContext& ctx) {
          json::object o{{"name", p.name},
                         {"role", auth::to_string(p.role)},
                         {"user_id", p.user_id},
                         {"team", name_or_null(ctx.engine, codec::RefKind::kTeam, p.team)},
                         {"agent", p.agent == core::kNoId ? json::value(nullptr)
                                                          : json::value(agent_name(ctx.engine, p.agent))}};
          return json_reply(200, o);
        });
      });
}

// ---- operations ------------------------------------------------------------------

void Api::add_ops_routes() {
  add_public("GET", "/healthz", [](http::Request&&, http::Respond respond) {
    respond(http::Response{200, R"({"status":"ok"})", "application/json", {}});
  });
  add_public("GET", "/readyz", [this](http::Request&&, http::Respond respond) {
    bool ok = host_.ready();
    json::object o{{"ready", ok}, {"durable_seq", host_.durable_seq()}, {"store_failed", host_.failed()}};
    respond(http::Response{ok ? 200 : 503, json::serialize(o), "application/json", {}});
  });
  add_public("GET", "/metrics", [this](http::Request&&, http::Respond respond) {
    respond(http::Response{200, metrics_text_ ? metrics_text_() : std::string(),
                           "text/plain; version=0.0.4; charset=utf-8", {}});
  });
  add("GET", "/api/v1/realtime", auth::Permission::kReadRealtime,
      [this](const Principal& p, http::Request&&, http::Respond respond) {
        if (auth::scope_of(p.role, auth::Permission::kReadRealtime) == auth::Scope::kAll) {
          auto cached = host_.realtime_json();
          if (cached) return respond(http::Response{200, *cached, "application/json", {}});
        }
        on_engine(respond, [p, this](server::TaskContext& ctx) {
          const core::Engine& e = ctx.engine;
          auto include = [&](core::AgentId a) { return agent_in_scope(e, p, auth::Permission::kReadRealtime, a); };
          return server::Reply{200, realtime_json(e, ctx.now_ms(), include), {}};
        });
      });
}

// ---- the event stream ------------------------------------------------------------

Result<void> Api::add_events_socket(http::Server& srv) {
  infos_.push_back(RouteInfo{"GET", "/api/v1/events", auth::Permission::kReadEvents, false});
  http::WsHandlers h;
  h.on_upgrade = [this](const http::Request& req) -> std::optional<http::Response> {
    auto who = auth_.authenticate_now(req);
    if (!who) return to_response(error_reply(who.error()));
    if (auth::scope_of(who->role, auth::Permission::kReadEvents) == auth::Scope::kNone)
      return to_response(error_reply(403, "forbidden", "role may not read events"));
    if (const std::string* s = req.query_param("since")) {
      char* end = nullptr;
      errno = 0;
      unsigned long long v = std::strtoull(s->c_str(), &end, 10);
      if (s->empty() || *end != '\0' || errno != 0 || (*s)[0] == '-')
        return to_response(error_reply(400, "invalid_argument", "since must be a sequence number", "since"));
      (void)v;
    }
    return std::nullopt;
  };
  h.on_open = [this](std::shared_ptr<http::WebSocket> ws) {
    const http::Request& req = ws->request();
    auto who = auth_.authenticate_now(req);
    if (!who) {
      ws->close();
      return;
    }
    uint64_t since = 0;
    if (const std::string* s = req.query_param("since")) since = std::strtoull(s->c_str(), nullptr, 10);
    std::string queue = req.query_param("queue") ? *req.query_param("queue") : "";
    std::string team = req.query_param("team") ? *req.query_param("team") : "";
    std::string agent = req.query_param("agent") ? *req.query_param("agent") : "";
    Principal p = *who;
    // Resolve the filter on the engine thread, then subscribe.
    host_.submit(
        [this, p, since, queue, team, agent, ws](server::TaskContext& ctx) -> server::Reply {
          auto filter = make_event_filter(ctx.engine, p, queue, team, agent);
          if (!filter) {
            ws->send(http::error_json(to_string(filter.error().code), filter.error().message, filter.error().field));
            ws->close();
            return {};
          }
          std::weak_ptr<http::WebSocket> weak = ws;
          uint64_t id = host_.subscribe(server::Subscriber{
              since, std::move(*filter), [weak](std::shared_ptr<const std::string> text) {
                auto s = weak.lock();
                return s && s->send(std::move(text));
              }});
          std::lock_guard lk(ws_mu_);
          ws_subs_[ws.get()] = id;
          return {};
        },
        [](server::Reply) {});
  };
  h.on_close = [this](const std::shared_ptr<http::WebSocket>& ws) {
    std::lock_guard lk(ws_mu_);
    auto it = ws_subs_.find(ws.get());
    if (it != ws_subs_.end()) {
      host_.unsubscribe(it->second);
      ws_subs_.erase(it);
    }
  };
  return srv.websocket("/api/v1/events", std::move(h));
}

}  // namespace switchyard::api
