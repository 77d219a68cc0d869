#include "codec/json_fields.h"

namespace switchyard::codec::detail {

namespace json = boost::json;

std::string join_path(std::string_view path, std::string_view key) {
  if (path.empty()) return std::string(key);
  std::string out;
  out.reserve(path.size() + 1 + key.size());
  out.append(path).append(".").append(key);
  return out;
}

std::string index_path(std::string_view path, size_t i) {
  return std::string(path) + "[" + std::to_string(i) + "]";
}

std::string_view json_kind(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      return "null";
    case json::kind::bool_:
      return "boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      return "number";
    case json::kind::string:
      return "string";
    case json::kind::array:
      return "array";
    case json::kind::object:
      return "object";
  }
  return "value";
}

bool to_reference(const json::value& v, RefKind kind, const std::string& field, uint32_t& out,
                  const Resolver* resolver, Errors& errors) {
  if (!errors.ok()) return false;
  if (v.is_string() && resolver) {
    std::string_view name(v.get_string());
    std::optional<uint32_t> id = resolver->id_of(kind, name);
    if (!id) {
      errors.fail(ErrorCode::kNotFound,
                  "unknown " + std::string(to_string(kind)) + " \"" + std::string(name) + "\"",
                  field);
      return false;
    }
    out = *id;
    return true;
  }
  if (v.is_string() || !v.is_number()) {
    errors.fail(ErrorCode::kInvalidArgument,
                std::string(resolver ? "expected a name or an id, got " : "expected an id, got ") +
                    std::string(json_kind(v)),
                field);
    return false;
  }
  return to_integer(v, field, out, errors);
}

json::value reference_to_json(RefKind kind, uint32_t id, const Resolver* resolver) {
  if (resolver) {
    if (std::optional<std::string> name = resolver->name_of(kind, id)) return json::string(*name);
  }
  return json::value(id);
}

Fields::Fields(const json::value& v, std::string path,
               std::initializer_list<std::string_view> allowed, Errors& errors,
               std::string_view also)
    : path_(std::move(path)), errors_(errors) {
  if (!errors_.ok()) return;
  if (!v.is_object()) {
    errors_.fail(ErrorCode::kInvalidArgument,
                 "expected an object, got " + std::string(json_kind(v)), path_);
    return;
  }
  obj_ = &v.get_object();
  for (const auto& kv : *obj_) {
    std::string_view key(kv.key());
    bool known = !also.empty() && key == also;
    for (std::string_view a : allowed) known = known || key == a;
    if (!known) {
      errors_.fail(ErrorCode::kInvalidArgument, "unknown field", field(key));
      return;
    }
  }
}

const json::value* Fields::get(std::string_view key, Need need) {
  if (!errors_.ok() || !obj_) return nullptr;
  const json::value* v = obj_->if_contains(key);
  if (!v && need == Need::kRequired)
    errors_.fail(ErrorCode::kInvalidArgument, "missing required field", field(key));
  return v;
}

void Fields::number(std::string_view key, double& out, Need need) {
  const json::value* v = get(key, need);
  if (!v) return;
  if (!v->is_number()) {
    errors_.fail(ErrorCode::kInvalidArgument,
                 "expected a number, got " + std::string(json_kind(*v)), field(key));
    return;
  }
  out = v->to_number<double>();
}

void Fields::boolean(std::string_view key, bool& out, Need need) {
  const json::value* v = get(key, need);
  if (!v) return;
  if (!v->is_bool()) {
    errors_.fail(ErrorCode::kInvalidArgument,
                 "expected a boolean, got " + std::string(json_kind(*v)), field(key));
    return;
  }
  out = v->get_bool();
}

void Fields::string(std::string_view key, std::string& out, Need need) {
  const json::value* v = get(key, need);
  if (!v) return;
  if (!v->is_string()) {
    errors_.fail(ErrorCode::kInvalidArgument,
                 "expected a string, got " + std::string(json_kind(*v)), field(key));
    return;
  }
  out.assign(v->get_string().data(), v->get_string().size());
}

void Fields::reference(std::string_view key, RefKind kind, uint32_t& out, const Resolver* resolver,
                       Need need) {
  if (const json::value* v = get(key, need))
    to_reference(*v, kind, field(key), out, resolver, errors_);
}

}  // namespace switchyard::codec::detail
