#pragma once
// The one mapping from ErrorCode to HTTP, and the responses built on it.
// Every error the API sends goes through error_response(); no handler picks
// a status code for an error.
#include <boost/json/value.hpp>

#include "core/result.h"
#include "http/message.h"

namespace switchyard::api {

// kInvalidArgument 400, kUnauthenticated 401, kPermissionDenied 403,
// kNotFound 404, kAlreadyExists / kIllegalState / kCapacity / kConflict 409,
// kUnprocessable 422, kRateLimited 429, kUnavailable 503, kInternal 500.
int http_status(ErrorCode code);
// {"error":{"code","message","field"}} with the mapped status; 401 adds
// WWW-Authenticate, 429 and 503 add Retry-After when the error says when.
http::Response error_response(const Error& e);
// `body` as JSON text (api/json_text.h) with `status`.
http::Response json_response(int status, const boost::json::value& body);
http::Response no_content();

}  // namespace switchyard::api
