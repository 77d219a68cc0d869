#pragma once
// Internal to switchyard_codec: a strict, path-tracking reader of JSON
// objects. Not part of the codec's public interface.
//
// Every from_json call owns one Errors; the first problem found is kept (with
// the full field path, e.g. "bullseye[1].after_ms") and later reads become
// no-ops, so parsing code reads straight through without checking each step.
#include <boost/json.hpp>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "codec/resolver.h"
#include "core/config.h"
#include "core/result.h"

namespace switchyard::codec::detail {

struct Errors {
  std::optional<Error> first;
  bool ok() const { return !first.has_value(); }
  void fail(ErrorCode code, std::string message, std::string field) {
    if (!first) first = Error{code, std::move(message), std::move(field)};
  }
};

// "a" + "b" -> "a.b"; "" + "b" -> "b".
std::string join_path(std::string_view path, std::string_view key);
// "a" + 3 -> "a[3]".
std::string index_path(std::string_view path, size_t i);
// "string", "number", "boolean", "null", "array", "object".
std::string_view json_kind(const boost::json::value& v);

enum class Need { kOptional, kRequired };

template <typename Int>
bool to_integer(const boost::json::value& v, const std::string& field, Int& out, Errors& errors) {
  if (!errors.ok()) return false;
  bool fits = false;
  if (v.is_int64()) {
    fits = std::in_range<Int>(v.get_int64());
    if (fits) out = static_cast<Int>(v.get_int64());
  } else if (v.is_uint64()) {
    fits = std::in_range<Int>(v.get_uint64());
    if (fits) out = static_cast<Int>(v.get_uint64());
  } else {
    errors.fail(ErrorCode::kInvalidArgument,
                "expected an integer, got " + std::string(json_kind(v)), field);
    return false;
  }
  if (!fits) errors.fail(ErrorCode::kInvalidArgument, "out of range", field);
  return fits;
}

// A reference: an id (number), or with a resolver also a name (string).
bool to_reference(const boost::json::value& v, RefKind kind, const std::string& field,
                  uint32_t& out, const Resolver* resolver, Errors& errors);
// The name when the resolver knows one, else the id.
boost::json::value reference_to_json(RefKind kind, uint32_t id, const Resolver* resolver);

// Strict reader of one JSON object. Keys outside `allowed` (and `also`, when
// not empty) are an error naming the key's path.
class Fields {
 public:
  Fields(const boost::json::value& v, std::string path,
         std::initializer_list<std::string_view> allowed, Errors& errors,
         std::string_view also = {});

  bool ok() const { return errors_.ok(); }
  Errors& errors() { return errors_; }
  std::string field(std::string_view key) const { return join_path(path_, key); }

  // The member, or nullptr when absent (an error if required) or after an error.
  const boost::json::value* get(std::string_view key, Need need = Need::kOptional);

  template <typename Int>
  void integer(std::string_view key, Int& out, Need need = Need::kOptional) {
    if (const auto* v = get(key, need)) to_integer(*v, field(key), out, errors_);
  }
  void number(std::string_view key, double& out, Need need = Need::kOptional);
  void boolean(std::string_view key, bool& out, Need need = Need::kOptional);
  void string(std::string_view key, std::string& out, Need need = Need::kOptional);
  void reference(std::string_view key, RefKind kind, uint32_t& out, const Resolver* resolver,
                 Need need = Need::kOptional);
  template <typename Enum>
  void enumeration(std::string_view key, Enum& out, std::optional<Enum> (*parse)(std::string_view),
                   Need need = Need::kOptional) {
    std::string s;
    const auto* v = get(key, need);
    if (!v) return;
    if (!v->is_string()) {
      errors_.fail(ErrorCode::kInvalidArgument,
                   "expected a string, got " + std::string(json_kind(*v)), field(key));
      return;
    }
    std::optional<Enum> e = parse(std::string_view(v->get_string()));
    if (!e) {
      errors_.fail(ErrorCode::kInvalidArgument,
                   "unknown value \"" + std::string(v->get_string()) + "\"", field(key));
      return;
    }
    out = *e;
  }
  // Calls fn(element, element_path) for each element of the array at `key`.
  template <typename Fn>
  void array(std::string_view key, Fn&& fn, Need need = Need::kOptional) {
    const auto* v = get(key, need);
    if (!v) return;
    if (!v->is_array()) {
      errors_.fail(ErrorCode::kInvalidArgument,
                   "expected an array, got " + std::string(json_kind(*v)), field(key));
      return;
    }
    const auto& arr = v->get_array();
    std::string base = field(key);
    for (size_t i = 0; i < arr.size() && ok(); ++i) fn(arr[i], index_path(base, i));
  }

 private:
  const boost::json::object* obj_ = nullptr;
  std::string path_;
  Errors& errors_;
};

// Readers shared by the config and event codecs. `also` admits one extra key
// (the payload "kind"), which the caller reads itself.
void read_settings(const boost::json::value& v, const std::string& path, std::string_view also,
                   Errors& errors, core::EngineSettings& out);
void read_queue_config(const boost::json::value& v, const std::string& path, std::string_view also,
                       const Resolver* resolver, Errors& errors, core::QueueConfig& out);
void read_agent_config(const boost::json::value& v, const std::string& path, std::string_view also,
                       const Resolver* resolver, Errors& errors, core::AgentConfig& out);
void read_contact_spec(const boost::json::value& v, const std::string& path, std::string_view also,
                       const Resolver* resolver, Errors& errors, core::ContactSpec& out);

template <typename T>
Result<T> finish(Errors& errors, T&& value) {
  if (errors.first) return std::unexpected(std::move(*errors.first));
  return std::forward<T>(value);
}

}  // namespace switchyard::codec::detail
