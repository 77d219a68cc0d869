#pragma once
// The one mapping from engine/store errors to HTTP, and JSON reply helpers.
#include <boost/json/value.hpp>

#include "core/result.h"
#include "http/message.h"
#include "server/engine_host.h"

namespace switchyard::api {

// kInvalidArgument 400, kNotFound 404, kAlreadyExists 409, kIllegalState 409,
// kCapacity 409, kUnauthenticated 401, kPermissionDenied 403, kInternal 500.
int http_status(ErrorCode code);
server::Reply error_reply(const Error& e);
server::Reply error_reply(int status, std::string_view code, std::string_view message, std::string_view field = {});
server::Reply json_reply(int status, const boost::json::value& body);
http::Response to_response(server::Reply r);

// Parses a request body as a JSON object: malformed JSON, or anything but an
// object, is an error (field "body").
Result<boost::json::value> parse_body(const std::string& body);

}  // namespace switchyard::api
