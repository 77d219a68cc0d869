#include "api/errors.h"

#include <boost/json.hpp>

namespace switchyard::api {

int http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return 400;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kAlreadyExists: return 409;
    case ErrorCode::kIllegalState: return 409;
    case ErrorCode::kCapacity: return 409;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

server::Reply error_reply(int status, std::string_view code, std::string_view message, std::string_view field) {
  return server::Reply{status, http::error_json(code, message, field), {}};
}

server::Reply error_reply(const Error& e) {
  return error_reply(http_status(e.code), to_string(e.code), e.message, e.field);
}

server::Reply json_reply(int status, const boost::json::value& body) {
  return server::Reply{status, boost::json::serialize(body), {}};
}

http::Response to_response(server::Reply r) {
  http::Response resp;
  resp.status = r.status;
  resp.body = std::move(r.body);
  resp.headers = std::move(r.headers);
  return resp;
}

Result<boost::json::value> parse_body(const std::string& body) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  if (ec) return make_error(ErrorCode::kInvalidArgument, "malformed JSON: " + ec.message(), "body");
  if (!v.is_object()) return make_error(ErrorCode::kInvalidArgument, "expected a JSON object", "body");
  return v;
}

}  // namespace switchyard::api
