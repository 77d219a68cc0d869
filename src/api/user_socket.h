#pragma once
// A WebSocket for users only (never API keys) whose live subscriptions a service keeps, e.g.
// the notifications socket and the team chat socket: the upgrade authenticates the caller
// (token as `?access_token=`) and checks its permission; opening subscribes it, closing
// unsubscribes it.
//
// Threading: the handlers run on I/O threads and the authenticator's; the map of subscriptions
// is guarded by its mutex.
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "app/auth_service.h"
#include "app/caller.h"
#include "auth/roles.h"
#include "http/server.h"

namespace switchyard::api {

class UserSocket {
 public:
  // Subscribes the caller; sends go to `ws` (weak: it may close first). Returns the id that
  // `unsubscribe` gets when the socket closes.
  using Subscribe = std::function<Result<uint64_t>(const app::Caller&, std::weak_ptr<http::WebSocket> ws)>;
  using Unsubscribe = std::function<void(uint64_t)>;
  // `refusal`: what an API key is told ("notifications are for users, not API keys").
  UserSocket(app::AuthService& auth, auth::Permission permission, std::string refusal, Subscribe subscribe,
             Unsubscribe unsubscribe)
      : auth_(auth), permission_(permission), refusal_(std::move(refusal)), subscribe_(std::move(subscribe)),
        unsubscribe_(std::move(unsubscribe)) {}
  UserSocket(const UserSocket&) = delete;
  UserSocket& operator=(const UserSocket&) = delete;

  // The handlers; they refer to this object, which must outlive the server (Routes::keep).
  http::WsHandlers handlers();

 private:
  app::AuthService& auth_;
  auth::Permission permission_;
  std::string refusal_;
  Subscribe subscribe_;
  Unsubscribe unsubscribe_;
  std::mutex mu_;
  std::unordered_map<const http::WebSocket*, uint64_t> subs_;  // guarded by mu_
};

}  // namespace switchyard::api
