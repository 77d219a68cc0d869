// Authentication routes: log in, log out, who am I.
#include <boost/json.hpp>

#include "api/api.h"
#include "app/auth_service.h"
#include "api/errors.h"
#include "api/parse.h"
#include "api/render.h"

namespace switchyard::api {

namespace json = boost::json;

void add_auth_routes(Routes& r, app::Catalog& catalog, std::string time_zone) {
  app::AuthService& auth = r.auth();
  r.add_public("POST", "/api/v1/auth/login", [&auth](http::Request&& req, http::Respond respond) {
    auto body = small_body(req.body, {"username", "password"});
    if (!body) return respond(error_response(body.error()));
    auto username = need_string(*body, "username");
    if (!username) return respond(error_response(username.error()));
    auto password = need_string(*body, "password");
    if (!password) return respond(error_response(password.error()));
    auth.login(std::move(*username), std::move(*password), req.remote,
               answer<app::LoginResult>(respond, [](app::LoginResult l) {
                 json::object user{{"id", l.user.id},
                                   {"username", l.user.username},
                                   {"role", l.user.role},
                                   {"display_name", l.user.display_name}};
                 return json_response(200, json::object{{"token", l.token}, {"expires_ms", l.expires_ms}, {"user", user}});
               }));
  });
  r.add("POST", "/api/v1/auth/logout", auth::Permission::kReadConfig,
        [&auth](const app::Caller& c, http::Request&&, http::Respond respond) {
          auth.logout(c, answer<void>(respond, [] { return no_content(); }));
        });
  r.add("GET", "/api/v1/auth/me", auth::Permission::kReadConfig,
        [&catalog, time_zone](const app::Caller& c, http::Request&&, http::Respond respond) {
          auto names = catalog.names();
          respond(json_response(200, json::object{{"name", c.name},
                                                  {"time_zone", time_zone},
                                                  {"role", auth::to_string(c.role)},
                                                  {"user_id", c.user_id},
                                                  {"team", name_or_null(*names, app::Kind::kTeam, c.team)},
                                                  {"agent", name_or_null(*names, app::Kind::kAgent, c.agent)}}));
        });
}

}  // namespace switchyard::api
