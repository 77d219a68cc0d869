#include "api/routes.h"

#include <memory>

#include "api/errors.h"

namespace switchyard::api {

app::Credentials credentials(const http::Request& req, bool websocket) {
  using Kind = app::Credentials::Kind;
  if (const std::string* h = req.header("authorization")) {
    if (h->rfind("Bearer ", 0) == 0) return {Kind::kSession, h->substr(7)};
    if (h->rfind("ApiKey ", 0) == 0) return {Kind::kApiKey, h->substr(7)};
  }
  if (const std::string* k = req.header("x-api-key")) return {Kind::kApiKey, *k};
  if (websocket)
    if (const std::string* t = req.query_param("access_token")) return {Kind::kSession, *t};
  return {};
}

void Routes::add(std::string method, std::string pattern, auth::Permission p, Handler h) {
  RouteInfo info{method, pattern, p, false};
  infos_.push_back(info);
  http::Handler wrapped = [this, p, h = std::move(h)](http::Request&& req, http::Respond respond) {
    auto shared = std::make_shared<http::Request>(std::move(req));
    auth_.authenticate(credentials(*shared), shared->remote, [p, h, shared, respond](Result<app::Caller> who) {
      if (!who) return respond(error_response(who.error()));
      if (auto ok = app::require(*who, p); !ok) return respond(error_response(ok.error()));
      h(*who, std::move(*shared), respond);
    });
  };
  http_.emplace_back(std::move(info), std::move(wrapped));
}

void Routes::add_public(std::string method, std::string pattern, http::Handler h) {
  RouteInfo info{method, pattern, auth::Permission::kReadConfig, true};
  infos_.push_back(info);
  http_.emplace_back(std::move(info), std::move(h));
}

void Routes::add_websocket(std::string pattern, auth::Permission p, http::WsHandlers h) {
  infos_.push_back(RouteInfo{"GET", pattern, p, false});
  ws_.emplace_back(std::move(pattern), std::move(h));
}

Result<void> Routes::register_on(http::Server& srv) {
  for (auto& [info, h] : http_)
    if (auto r = srv.route(info.method, info.pattern, h); !r) return r;
  for (auto& [pattern, h] : ws_)
    if (auto r = srv.websocket(pattern, h); !r) return r;
  if (fallback_)
    if (auto r = srv.route("*", "/{path...}", fallback_); !r) return r;
  return {};
}

}  // namespace switchyard::api
