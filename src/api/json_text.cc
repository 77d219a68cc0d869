#include "api/json_text.h"

#include <boost/json.hpp>
#include <charconv>
#include <cmath>

#include "http/message.h"

namespace switchyard::api {

namespace {

template <typename T>
void append_chars(std::string& out, T v) {
  char buf[32];  // the longest: a double's shortest form (24), -2^63 (20)
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

}  // namespace

void append_number(std::string& out, int64_t v) { append_chars(out, v); }
void append_number(std::string& out, uint64_t v) { append_chars(out, v); }
void append_number(std::string& out, double v) {
  if (!std::isfinite(v)) out += "null";
  else if (v == 0) out += "0";  // also -0
  else append_chars(out, v);
}

void append_text(std::string& out, const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null: out += "null"; return;
    case boost::json::kind::bool_: out += v.get_bool() ? "true" : "false"; return;
    case boost::json::kind::int64: append_number(out, v.get_int64()); return;
    case boost::json::kind::uint64: append_number(out, v.get_uint64()); return;
    case boost::json::kind::double_: append_number(out, v.get_double()); return;
    case boost::json::kind::string: {
      const auto& s = v.get_string();
      http::append_json_string(out, std::string_view(s.data(), s.size()));
      return;
    }
    case boost::json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& x : v.get_array()) {
        if (!first) out += ',';
        first = false;
        append_text(out, x);
      }
      out += ']';
      return;
    }
    case boost::json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& kv : v.get_object()) {
        if (!first) out += ',';
        first = false;
        http::append_json_string(out, std::string_view(kv.key().data(), kv.key().size()));
        out += ':';
        append_text(out, kv.value());
      }
      out += '}';
      return;
    }
  }
}

std::string to_text(const boost::json::value& v) {
  std::string out;
  out.reserve(256);
  append_text(out, v);
  return out;
}

}  // namespace switchyard::api
