#include "api/parse.h"

#include <boost/json.hpp>
#include <charconv>

#include "core/text.h"

namespace switchyard::api {

namespace json = boost::json;

namespace {

// The path of the first string (key or value) that is not clean text.
std::optional<std::string> unclean(const json::value& v, const std::string& path) {
  auto bad = [](std::string_view s) { return !is_clean_text(s); };
  if (v.is_string()) {
    if (bad(v.get_string())) return path.empty() ? std::string("body") : path;
  } else if (v.is_array()) {
    const auto& a = v.get_array();
    for (size_t i = 0; i < a.size(); ++i)
      if (auto p = unclean(a[i], path + "[" + std::to_string(i) + "]")) return p;
  } else if (v.is_object()) {
    for (const auto& kv : v.get_object()) {
      std::string p = path.empty() ? std::string(kv.key()) : path + "." + std::string(kv.key());
      if (bad(kv.key())) return p;
      if (auto q = unclean(kv.value(), p)) return q;
    }
  }
  return std::nullopt;
}

std::string_view kind_name(app::Kind k) {
  switch (k) {
    case app::Kind::kSkill: return "skill";
    case app::Kind::kQueue: return "queue";
    case app::Kind::kTeam: return "team";
    case app::Kind::kSite: return "site";
    case app::Kind::kAgent: return "agent";
  }
  return "name";
}

}  // namespace

Result<json::value> parse_body(const std::string& body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec) return make_error(ErrorCode::kInvalidArgument, "malformed JSON: " + ec.message(), "body");
  if (!v.is_object()) return make_error(ErrorCode::kInvalidArgument, "expected a JSON object", "body");
  if (auto p = unclean(v, ""))
    return make_error(ErrorCode::kInvalidArgument, "text must be UTF-8 without NUL characters", *p);
  return v;
}

Result<json::object> small_body(const std::string& body, std::initializer_list<std::string_view> allowed) {
  if (body.empty()) return json::object{};
  auto v = parse_body(body);
  if (!v) return std::unexpected(v.error());
  for (const auto& kv : v->get_object())
    if (std::find(allowed.begin(), allowed.end(), kv.key()) == allowed.end())
      return make_error(ErrorCode::kInvalidArgument, "unknown field", std::string(kv.key()));
  return std::move(v->get_object());
}

Result<std::string> opt_string(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end()) return std::string();
  if (!it->value().is_string()) return make_error(ErrorCode::kInvalidArgument, "expected a string", std::string(key));
  return std::string(it->value().get_string());
}

Result<bool> opt_bool(const json::object& o, std::string_view key, bool def) {
  auto it = o.find(key);
  if (it == o.end()) return def;
  if (!it->value().is_bool())
    return make_error(ErrorCode::kInvalidArgument, "expected true or false", std::string(key));
  return it->value().get_bool();
}

Result<int64_t> opt_int(const json::object& o, std::string_view key, int64_t def, int64_t min, int64_t max) {
  auto it = o.find(key);
  if (it == o.end()) return def;
  if (!it->value().is_int64() || it->value().get_int64() < min || it->value().get_int64() > max)
    return make_error(ErrorCode::kInvalidArgument,
                      "expected an integer " + std::to_string(min) + ".." + std::to_string(max), std::string(key));
  return it->value().get_int64();
}

Result<std::string> need_string(const json::object& o, std::string_view key) {
  auto s = opt_string(o, key);
  if (s && s->empty()) return make_error(ErrorCode::kInvalidArgument, "required string", std::string(key));
  return s;
}

Result<std::string> clean_text(std::string_view value, std::string_view field) {
  if (!is_clean_text(value))
    return make_error(ErrorCode::kInvalidArgument, "text must be UTF-8 without NUL characters", std::string(field));
  return std::string(value);
}

Result<std::string> path_text(const http::Request& req, const std::string& name) {
  auto it = req.params.find(name);
  return clean_text(it == req.params.end() ? std::string_view() : std::string_view(it->second), name);
}

Result<core::ContactId> contact_id(const http::Request& req, const std::string& name) {
  auto it = req.params.find(name);
  core::ContactId v = 0;
  if (it != req.params.end()) {
    const std::string& s = it->second;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && p == s.data() + s.size() && v != 0) return v;
  }
  return make_error(ErrorCode::kInvalidArgument, "not a contact id", name);
}

Result<int64_t> row_id(const http::Request& req, const std::string& name) {
  auto it = req.params.find(name);
  int64_t v = 0;
  if (it != req.params.end()) {
    const std::string& s = it->second;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && p == s.data() + s.size() && v > 0) return v;
  }
  return make_error(ErrorCode::kInvalidArgument, "not an id", name);
}

Result<int64_t> query_int(const http::Request& req, std::string_view name, int64_t def, int64_t min, int64_t max) {
  const std::string* s = req.query_param(name);
  if (!s) return def;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || p != s->data() + s->size() || v < min || v > max)
    return make_error(ErrorCode::kInvalidArgument,
                      std::string(name) + " must be " + std::to_string(min) + ".." + std::to_string(max),
                      std::string(name));
  return v;
}

Result<int64_t> query_time(const http::Request& req, std::string_view name, const metrics::Calendar& cal, int64_t def) {
  const std::string* s = req.query_param(name);
  return s ? cal.parse(*s, name) : Result<int64_t>(def);
}

Result<uint32_t> resolve(const app::Names& names, app::Kind kind, std::string_view ref, std::string_view field) {
  if (auto id = names.resolve(kind, ref)) return *id;
  return make_error(ErrorCode::kNotFound, std::string(kind_name(kind)) + " not found", std::string(field));
}

// A JSON object body (of any size, unlike small_body) whose keys are all in
// `allowed` (the field of an unknown one is named).
Result<boost::json::object> object_body(const std::string& body, std::initializer_list<std::string_view> allowed) {
  auto v = parse_body(body);
  if (!v) return std::unexpected(v.error());
  for (const auto& [k, _] : v->as_object())
    if (std::find(allowed.begin(), allowed.end(), std::string_view(k)) == allowed.end())
      return make_error(ErrorCode::kInvalidArgument, "unknown field", std::string(k));
  return std::move(v->as_object());
}

Result<std::vector<std::string>> opt_strings(const boost::json::object& o, std::string_view key) {
  std::vector<std::string> out;
  const boost::json::value* v = o.if_contains(key);
  if (!v) return out;
  const boost::json::array* a = v->if_array();
  if (!a) return make_error(ErrorCode::kInvalidArgument, "an array of names", std::string(key));
  for (size_t i = 0; i < a->size(); ++i) {
    const boost::json::string* s = (*a)[i].if_string();
    if (!s || s->empty())
      return make_error(ErrorCode::kInvalidArgument, "a name", std::string(key) + "[" + std::to_string(i) + "]");
    out.emplace_back(*s);
  }
  return out;
}

}  // namespace switchyard::api
