#pragma once
// The API's route table. A handler is parse -> call -> render: it reads the
// request into a typed input (parse.h), calls an application service
// (src/app) and renders the service's answer (render.h) or its error
// (errors.h). Authentication and the coarse role check happen here, before
// any handler runs; the services check scope and everything else.
//
// Each module adds its routes with a function of its own (routes_*.cc,
// events_socket.cc), so a new module brings a file and one call in
// api/api.cc, nothing else.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "api/errors.h"
#include "app/auth_service.h"
#include "app/caller.h"
#include "http/server.h"

namespace switchyard::api {

struct RouteInfo {
  std::string method;
  std::string pattern;
  auth::Permission permission = auth::Permission::kReadConfig;
  bool public_route = false;  // no authentication (login, health)
};

using Handler = std::function<void(const app::Caller&, http::Request&&, http::Respond)>;

// The credentials a request carries: Authorization: Bearer / ApiKey,
// X-API-Key, or, on WebSocket upgrades only (browsers cannot set their
// headers), ?access_token= (a token in a URL ends up in logs and history, so
// plain HTTP routes do not take it).
app::Credentials credentials(const http::Request& req, bool websocket = false);

class Routes {
 public:
  explicit Routes(app::AuthService& auth) : auth_(auth) {}
  // An authenticated route: 401 without valid credentials, 403 when the
  // caller's role has no scope at all for `p`.
  void add(std::string method, std::string pattern, auth::Permission p, Handler h);
  void add_public(std::string method, std::string pattern, http::Handler h);
  void add_websocket(std::string pattern, auth::Permission p, http::WsHandlers h);
  // What answers any path no route has (the web app's files), public and
  // outside the API's contract.
  void set_fallback(http::Handler h) { fallback_ = std::move(h); }
  Result<void> register_on(http::Server& srv);
  // Keeps `state` (what handlers refer to) alive as long as the routes.
  void keep(std::shared_ptr<void> state) { kept_.push_back(std::move(state)); }
  const std::vector<RouteInfo>& infos() const { return infos_; }
  app::AuthService& auth() { return auth_; }

 private:
  app::AuthService& auth_;
  std::vector<RouteInfo> infos_;
  std::vector<std::pair<RouteInfo, http::Handler>> http_;
  std::vector<std::pair<std::string, http::WsHandlers>> ws_;
  std::vector<std::shared_ptr<void>> kept_;
  http::Handler fallback_;
};

// A service Reply that answers `respond`: the error through error_response,
// a value through `render` (T -> http::Response).
template <typename T, typename Render>
app::Reply<T> answer(http::Respond respond, Render render) {
  return [respond = std::move(respond), render = std::move(render)](Result<T> r) mutable {
    if (!r) return respond(error_response(r.error()));
    if constexpr (std::is_void_v<T>) respond(render());
    else respond(render(std::move(*r)));
  };
}

// A service Reply that answers `respond` with `to_json(value)` as JSON and `status`.
template <typename T, typename F>
app::Reply<T> json_answer(http::Respond respond, int status, F to_json) {
  return answer<T>(std::move(respond), [status, to_json](const T& v) { return json_response(status, to_json(v)); });
}

}  // namespace switchyard::api
