#pragma once
// Reading requests into typed inputs. Strict: an unknown field, a value of
// the wrong type or a string that is not clean text is kInvalidArgument
// naming the field, so the client learns exactly what to fix.
//
// Clean text: valid UTF-8 without NUL bytes (JSON bodies are checked as a
// whole; path, query and header values where they are used as text). Both
// databases then store exactly what the API accepted.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/catalog.h"
#include "core/result.h"
#include "core/types.h"
#include "http/message.h"
#include "metrics/calendar.h"

namespace switchyard::api {

// The body as a JSON object: malformed JSON, anything but an object, or a
// string holding a NUL byte is an error ("body", or the path of the string).
Result<boost::json::value> parse_body(const std::string& body);
// An optional body ("" = {}) with only the `allowed` keys.
Result<boost::json::object> small_body(const std::string& body, std::initializer_list<std::string_view> allowed);
// A JSON object body (of any size, unlike small_body) whose keys are all in `allowed` (the
// field of an unknown one is named).
Result<boost::json::object> object_body(const std::string& body, std::initializer_list<std::string_view> allowed);
// Optional members of a small body: absent -> the default.
Result<std::string> opt_string(const boost::json::object& o, std::string_view key);
Result<bool> opt_bool(const boost::json::object& o, std::string_view key, bool def);
// An integer in [min, max]; absent -> def.
Result<int64_t> opt_int(const boost::json::object& o, std::string_view key, int64_t def, int64_t min, int64_t max);
// A required non-empty string member.
Result<std::string> need_string(const boost::json::object& o, std::string_view key);
// An optional array of non-empty strings (absent -> empty); errors name "key" or "key[i]".
Result<std::vector<std::string>> opt_strings(const boost::json::object& o, std::string_view key);

// `value` as clean text, else kInvalidArgument naming `field`.
Result<std::string> clean_text(std::string_view value, std::string_view field);
// A path parameter as clean text.
Result<std::string> path_text(const http::Request& req, const std::string& name);
// A contact id (a positive uint64) from a path parameter.
Result<core::ContactId> contact_id(const http::Request& req, const std::string& name = "id");
// A positive integer id (users, API keys) from a path parameter.
Result<int64_t> row_id(const http::Request& req, const std::string& name = "id");
// An optional integer query parameter within [min, max], else `def`.
Result<int64_t> query_int(const http::Request& req, std::string_view name, int64_t def, int64_t min, int64_t max);

// An optional time query parameter as the center's calendar reads it
// (metrics::Calendar::parse: "2026-03-08" is its local midnight), else `def`.
Result<int64_t> query_time(const http::Request& req, std::string_view name, const metrics::Calendar& cal, int64_t def);

// A name or id of the catalog, else kNotFound "<kind> not found" naming `field`.
Result<uint32_t> resolve(const app::Names& names, app::Kind kind, std::string_view ref, std::string_view field);

}  // namespace switchyard::api
