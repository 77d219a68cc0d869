#pragma once
// JSON text for the API: Boost.JSON values serialised with plain numbers
// (0, 0.91, 80, 1e+22: the shortest form that reads back to the same double;
// never 0E0 or 9.1E-1) and non-finite doubles as null. Strings are escaped
// like http::append_json_string. Thread-safe.
#include <boost/json/value.hpp>
#include <cstdint>
#include <string>

namespace switchyard::api {

std::string to_text(const boost::json::value& v);
void append_text(std::string& out, const boost::json::value& v);

// One number as to_text writes it, for writers that build JSON (or CSV)
// text directly: integers in decimal; doubles in their shortest round-trip
// form, 0 for zero (also -0), null when not finite.
void append_number(std::string& out, int64_t v);
void append_number(std::string& out, uint64_t v);
void append_number(std::string& out, double v);

}  // namespace switchyard::api
