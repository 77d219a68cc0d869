#include "api/errors.h"

#include "api/json_text.h"

namespace switchyard::api {

int http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return 400;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kAlreadyExists: return 409;
    case ErrorCode::kIllegalState: return 409;
    case ErrorCode::kCapacity: return 409;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kUnprocessable: return 422;
    case ErrorCode::kRateLimited: return 429;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kExpired: return 410;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

http::Response error_response(const Error& e) {
  http::Response r = http::error_response(http_status(e.code), to_string(e.code), e.message, e.field);
  if (e.code == ErrorCode::kUnauthenticated) r.headers.emplace_back("WWW-Authenticate", "Bearer");
  if ((e.code == ErrorCode::kRateLimited || e.code == ErrorCode::kUnavailable) && e.retry_after_ms > 0)
    r.headers.emplace_back("Retry-After", std::to_string((e.retry_after_ms + 999) / 1000));
  return r;
}

http::Response json_response(int status, const boost::json::value& body) {
  http::Response r;
  r.status = status;
  r.body = to_text(body);
  return r;
}

http::Response no_content() {
  http::Response r;
  r.status = 204;
  return r;
}

}  // namespace switchyard::api
