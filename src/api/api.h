#pragma once
// The REST + WebSocket API, v1 (docs/openapi.yaml). Thin adapters: each route
// authenticates, checks the role's permission, parses the body strictly, runs
// a task on the engine (EngineHost) or a job on the store worker, and maps
// the result to JSON. Errors have one shape, {"error":{"code","message",
// "field"}}, and one mapping from ErrorCode to HTTP status (errors.h).
#include <memory>
#include <mutex>
#include <unordered_map>
#include <string>
#include <vector>

#include "api/auth_service.h"
#include "core/clock.h"
#include "http/server.h"
#include "server/engine_host.h"
#include "server/store_worker.h"

namespace switchyard::api {

// Not-ready reason codes agents may choose ("missed" and "end_of_shift" are
// set by the system).
inline constexpr std::string_view kReasonCodes[] = {"break", "lunch", "training", "meeting",
                                                    "coaching", "admin", "personal"};

template <typename Cfg>
struct ConfigKind;  // routes_config.cc

struct RouteInfo {
  std::string method;
  std::string pattern;
  auth::Permission permission;
  bool public_route = false;  // no authentication (login, health)
};

class Api {
 public:
  Api(server::EngineHost& host, server::StoreWorker& store, AuthService& auth, const Clock& clock);
  // Registers every route and the event WebSocket on `srv` (before start).
  Result<void> register_routes(http::Server& srv);
  // Every (method, pattern) this API serves, for the OpenAPI completeness test.
  std::vector<RouteInfo> routes() const;

  // Prometheus text for /metrics, provided by the caller (serve wiring).
  void set_metrics_text(std::function<std::string()> f) { metrics_text_ = std::move(f); }

 private:
  struct Route;
  using Handler = std::function<void(const Principal&, http::Request&&, http::Respond)>;
  void add(std::string method, std::string pattern, auth::Permission p, Handler h);
  void add_public(std::string method, std::string pattern, http::Handler h);

  void add_auth_routes();
  void add_config_routes();
  void add_agent_routes();
  void add_contact_routes();
  void add_admin_routes();
  void add_ops_routes();
  Result<void> add_events_socket(http::Server& srv);

  template <typename Cfg>
  Handler put_config(const ConfigKind<Cfg>& kind, bool create);

  // Runs `task` on the engine thread; the reply goes out once durable.
  void on_engine(http::Respond respond, std::function<server::Reply(server::TaskContext&)> task);

  server::EngineHost& host_;
  server::StoreWorker& store_;
  AuthService& auth_;
  const Clock& clock_;
  std::function<std::string()> metrics_text_;
  std::vector<RouteInfo> infos_;
  std::mutex ws_mu_;
  std::unordered_map<const http::WebSocket*, uint64_t> ws_subs_;  // socket -> subscription
  std::vector<std::pair<RouteInfo, http::Handler>> pending_;
};

}  // namespace switchyard::api
