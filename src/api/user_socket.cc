#include "api/user_socket.h"

#include "api/errors.h"
#include "api/routes.h"

namespace switchyard::api {

http::WsHandlers UserSocket::handlers() {
  http::WsHandlers h;
  h.on_upgrade = [this](const http::Request& req, http::Respond respond) {
    auth_.authenticate(credentials(req, true), req.remote, [this, respond](Result<app::Caller> who) {
      if (!who) return respond(error_response(who.error()));
      if (auto ok = app::require(*who, permission_); !ok) return respond(error_response(ok.error()));
      if (who->user_id == 0)
        return respond(error_response(Error{ErrorCode::kPermissionDenied, refusal_, ""}));
      http::Response accept;
      accept.status = 101;
      accept.attachment = std::make_shared<const app::Caller>(std::move(*who));
      respond(std::move(accept));
    });
  };
  h.on_open = [this](std::shared_ptr<http::WebSocket> ws) {
    auto caller = std::static_pointer_cast<const app::Caller>(ws->attachment());
    auto id = subscribe_(*caller, ws);
    if (!id) {
      const Error& e = id.error();
      ws->send(http::error_json(to_string(e.code), e.message, e.field));
      ws->close();
      return;
    }
    std::lock_guard lk(mu_);
    subs_[ws.get()] = *id;
  };
  h.on_close = [this](const std::shared_ptr<http::WebSocket>& ws) {
    std::lock_guard lk(mu_);
    if (auto it = subs_.find(ws.get()); it != subs_.end()) {
      unsubscribe_(it->second);
      subs_.erase(it);
    }
  };
  return h;
}

}  // namespace switchyard::api
