// Notifications (docs/api.md, "Notifications"): one's own, listed, marked
// read, and pushed live on GET /api/v1/notifications/socket (WebSocket).
#include <boost/json.hpp>

#include <mutex>
#include <unordered_map>

#include "api/api.h"
#include "api/errors.h"
#include "api/parse.h"
#include "api/render.h"
#include "app/notify_service.h"
#include "notify/notify_json.h"

namespace switchyard::api {

namespace json = boost::json;
using auth::Permission;

namespace {

// The socket's subscriptions, by socket (closed before subscribing: none).
class NotifySocket {
 public:
  NotifySocket(app::NotifyService& notify, app::AuthService& auth) : notify_(notify), auth_(auth) {}

  http::WsHandlers handlers() {
    http::WsHandlers h;
    h.on_upgrade = [this](const http::Request& req, http::Respond respond) {
      auth_.authenticate(credentials(req, true), req.remote, [respond](Result<app::Caller> who) {
        if (!who) return respond(error_response(who.error()));
        if (auto ok = app::require(*who, Permission::kReadNotifications); !ok)
          return respond(error_response(ok.error()));
        if (who->user_id == 0)
          return respond(error_response(Error{ErrorCode::kPermissionDenied, "notifications are for users, not API keys", ""}));
        http::Response accept;
        accept.status = 101;
        accept.attachment = std::make_shared<const app::Caller>(std::move(*who));
        respond(std::move(accept));
      });
    };
    h.on_open = [this](std::shared_ptr<http::WebSocket> ws) {
      auto caller = std::static_pointer_cast<const app::Caller>(ws->attachment());
      std::weak_ptr<http::WebSocket> weak = ws;
      auto id = notify_.subscribe(*caller, [weak](std::shared_ptr<const std::string> text) {
        auto s = weak.lock();
        return s && s->send(std::move(text));
      });
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
        notify_.unsubscribe(it->second);
        subs_.erase(it);
      }
    };
    return h;
  }

 private:
  app::NotifyService& notify_;
  app::AuthService& auth_;
  std::mutex mu_;
  std::unordered_map<const http::WebSocket*, uint64_t> subs_;  // guarded by mu_
};

}  // namespace

void add_notify_routes(Routes& r, app::NotifyService& notify) {
  app::NotifyService* n = &notify;
  r.add("GET", "/api/v1/notifications", Permission::kReadNotifications,
        [n](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto limit = query_int(req, "limit", 50, 1, 200);
          if (!limit) return respond(error_response(limit.error()));
          auto before = query_int(req, "before", 0, 0, INT64_MAX);
          if (!before) return respond(error_response(before.error()));
          const std::string* unread = req.query_param("unread");
          if (unread && *unread != "0" && *unread != "1" && *unread != "true" && *unread != "false")
            return respond(error_response(Error{ErrorCode::kInvalidArgument, "must be 1 or 0", "unread"}));
          const bool unread_only = unread && (*unread == "1" || *unread == "true");
          n->list(c, unread_only, *before, static_cast<size_t>(*limit),
                  answer<app::NotificationPage>(respond, [](const app::NotificationPage& p) {
                    json::array items;
                    for (const notify::Notification& x : p.items) items.push_back(notify::to_json(x));
                    return json_response(200, json::object{{"unread", p.unread}, {"items", std::move(items)}});
                  }));
        });
  r.add("POST", "/api/v1/notifications/read", Permission::kReadNotifications,
        [n](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto body = small_body(req.body, {"ids", "all"});
          if (!body) return respond(error_response(body.error()));
          auto all = opt_bool(*body, "all", false);
          if (!all) return respond(error_response(all.error()));
          std::vector<int64_t> ids;
          if (const json::value* v = body->if_contains("ids")) {
            const json::array* a = v->if_array();
            if (!a) return respond(error_response(Error{ErrorCode::kInvalidArgument, "an array of ids", "ids"}));
            for (const json::value& x : *a) {
              if (!x.is_int64() || x.get_int64() < 1)
                return respond(error_response(Error{ErrorCode::kInvalidArgument, "an array of ids", "ids"}));
              ids.push_back(x.get_int64());
            }
          }
          n->mark_read(c, std::move(ids), *all, answer<int64_t>(respond, [](int64_t unread) {
                         return json_response(200, json::object{{"unread", unread}});
                       }));
        });
  auto socket = std::make_shared<NotifySocket>(notify, r.auth());
  r.add_websocket("/api/v1/notifications/socket", Permission::kReadNotifications, socket->handlers());
  r.keep(std::move(socket));
}

}  // namespace switchyard::api
