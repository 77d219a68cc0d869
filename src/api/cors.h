#pragma once
// CORS for the routes a page on another origin calls (docs/chat.md: the
// chat widget's visitor routes and the survey it asks at the end). Which
// origins are allowed is the caller's (a widget's allowed_origins): answers
// to an allowed Origin carry Access-Control-Allow-Origin (errors included,
// so the page can read them); preflights are answered 204, or 403 naming
// "Origin".
//
// Thread-safety: `allowed` must be thread-safe; the rest is immutable.
#include <functional>
#include <string>
#include <string_view>

#include "api/errors.h"
#include "http/server.h"

namespace switchyard::api {

class Cors {
 public:
  using Answer = std::function<void(http::Response)>;
  explicit Cors(std::function<bool(std::string_view)> allowed) : allowed_(std::move(allowed)) {}

  static std::string origin_of(const http::Request& req) {
    const std::string* o = req.header("origin");
    return o ? *o : std::string();
  }
  // `respond` with the CORS headers added when the request's Origin is allowed.
  Answer wrap(const http::Request& req, http::Respond respond) const {
    std::string origin = origin_of(req);
    const bool allowed = !origin.empty() && allowed_(origin);
    return [respond = std::move(respond), origin = std::move(origin), allowed](http::Response r) {
      if (allowed) {
        r.headers.emplace_back("Access-Control-Allow-Origin", origin);
        r.headers.emplace_back("Vary", "Origin");
      }
      respond(std::move(r));
    };
  }
  http::Handler preflight() const {
    return [this](http::Request&& req, http::Respond respond) {
      const std::string origin = origin_of(req);
      if (origin.empty() || !allowed_(origin))
        return respond(error_response(Error{ErrorCode::kPermissionDenied, "this origin may not call this route", "Origin"}));
      http::Response r;
      r.status = 204;
      r.headers = {{"Access-Control-Allow-Origin", origin},
                   {"Vary", "Origin"},
                   {"Access-Control-Allow-Methods", "GET, POST, OPTIONS"},
                   {"Access-Control-Allow-Headers", "Authorization, Content-Type"},
                   {"Access-Control-Max-Age", "600"}};
      respond(std::move(r));
    };
  }

 private:
  std::function<bool(std::string_view)> allowed_;
};

// A service Reply that answers through `out` (an Answer with CORS headers).
template <typename T, typename Render>
std::function<void(Result<T>)> answer_to(Cors::Answer out, Render render) {
  return [out = std::move(out), render = std::move(render)](Result<T> r) mutable {
    if (!r) return out(error_response(r.error()));
    if constexpr (std::is_void_v<T>) out(render());
    else out(render(std::move(*r)));
  };
}

}  // namespace switchyard::api
