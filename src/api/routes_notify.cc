// Notifications (docs/api.md, "Notifications"): one's own, listed, marked
// read, and pushed live on GET /api/v1/notifications/socket (WebSocket).
#include <boost/json.hpp>

#include "api/api.h"
#include "api/errors.h"
#include "api/parse.h"
#include "api/render.h"
#include "api/user_socket.h"
#include "app/notify_service.h"
#include "notify/notify_json.h"

namespace switchyard::api {

namespace json = boost::json;
using auth::Permission;

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
  auto socket = std::make_shared<UserSocket>(
      r.auth(), Permission::kReadNotifications, "notifications are for users, not API keys",
      [n](const app::Caller& c, std::weak_ptr<http::WebSocket> ws) {
        return n->subscribe(c, [ws](std::shared_ptr<const std::string> text) {
          auto s = ws.lock();
          return s && s->send(std::move(text));
        });
      },
      [n](uint64_t id) { n->unsubscribe(id); });
  r.add_websocket("/api/v1/notifications/socket", Permission::kReadNotifications, socket->handlers());
  r.keep(std::move(socket));
}

}  // namespace switchyard::api
