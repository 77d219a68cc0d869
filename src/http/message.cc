#include "http/message.h"

namespace switchyard::http {

const std::string* Request::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return &value;
  }
  return nullptr;
}

const std::string* Request::query_param(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return &value;
  }
  return nullptr;
}

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c >= 0x7f) {
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0xf]);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

std::string error_json(std::string_view code, std::string_view message, std::string_view field) {
  std::string out;
  out.reserve(48 + code.size() + message.size() + field.size());
  out += "{\"error\":{\"code\":";
  append_json_string(out, code);
  out += ",\"message\":";
  append_json_string(out, message);
  out += ",\"field\":";
  append_json_string(out, field);
  out += "}}";
  return out;
}

Response error_response(int status, std::string_view code, std::string_view message,
                        std::string_view field) {
  Response r;
  r.status = status;
  r.body = error_json(code, message, field);
  return r;
}

}  // namespace switchyard::http
