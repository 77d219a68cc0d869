#include "codec/event_json.h"

#include <type_traits>
#include <variant>

#include "codec/config_json.h"
#include "codec/json_fields.h"

namespace switchyard::codec {

namespace json = boost::json;
using core::EventType;
using detail::Errors;
using detail::Fields;
using detail::Need;

namespace {

void read_payload(const json::value& v, const std::string& path, Errors& errors, FlatPayload& out) {
  if (!v.is_object()) {
    errors.fail(ErrorCode::kInvalidArgument,
                "expected an object, got " + std::string(detail::json_kind(v)), path);
    return;
  }
  const json::value* kv = v.get_object().if_contains("kind");
  std::string kpath = detail::join_path(path, "kind");
  if (!kv) {
    errors.fail(ErrorCode::kInvalidArgument, "missing required field", kpath);
    return;
  }
  if (!kv->is_string()) {
    errors.fail(ErrorCode::kInvalidArgument,
                "expected a string, got " + std::string(detail::json_kind(*kv)), kpath);
    return;
  }
  std::string_view kind(kv->get_string());
  if (kind == kSettingsKind) {
    detail::read_settings(v, path, "kind", errors, out.emplace<core::EngineSettings>());
  } else if (kind == kQueueConfigKind) {
    detail::read_queue_config(v, path, "kind", nullptr, errors, out.emplace<core::QueueConfig>());
  } else if (kind == kAgentConfigKind) {
    detail::read_agent_config(v, path, "kind", nullptr, errors, out.emplace<core::AgentConfig>());
  } else if (kind == kContactSpecKind) {
    detail::read_contact_spec(v, path, "kind", nullptr, errors, out.emplace<core::ContactSpec>());
  } else {
    errors.fail(ErrorCode::kInvalidArgument, "unknown value \"" + std::string(kind) + "\"", kpath);
  }
}

}  // namespace

json::object payload_to_json(const FlatPayload& p) {
  json::object o = std::visit(
      [](const auto& x) -> json::object {
        if constexpr (std::is_same_v<std::decay_t<decltype(x)>, std::monostate>) return {};
        else return to_json(x);
      },
      p);
  json::object out;
  out.reserve(o.size() + 1);
  out["kind"] = payload_kind(p);
  for (auto& kv : o) out[kv.key()] = std::move(kv.value());
  return out;
}

Result<FlatPayload> payload_from_json(const json::value& v, std::string_view path) {
  Errors errors;
  FlatPayload p;
  read_payload(v, std::string(path), errors, p);
  if (errors.first) return std::unexpected(std::move(*errors.first));
  return p;
}

json::object to_json(const core::Event& event) {
  const FlatEvent e = flatten(event);
  json::object o;
  o.reserve(10);
  o["seq"] = e.seq;
  o["time_ms"] = e.time_ms;
  o["type"] = core::to_string(e.type);
  if (e.contact != core::kNoContact) o["contact"] = e.contact;
  if (e.agent != core::kNoId) o["agent"] = e.agent;
  if (e.queue != core::kNoId) o["queue"] = e.queue;
  if (e.value != 0) o["value"] = e.value;
  if (e.value2 != 0) o["value2"] = e.value2;
  if (!e.text.empty()) o["text"] = e.text;
  if (!std::holds_alternative<std::monostate>(e.payload)) o["payload"] = payload_to_json(e.payload);
  return o;
}

Result<core::Event> event_from_json(const json::value& v) {
  Errors errors;
  FlatEvent e;
  Fields f(
      v, "",
      {"seq", "time_ms", "type", "contact", "agent", "queue", "value", "value2", "text", "payload"},
      errors);
  f.integer("seq", e.seq, Need::kRequired);
  f.integer("time_ms", e.time_ms, Need::kRequired);
  f.enumeration("type", e.type, &core::event_type_from_string, Need::kRequired);
  f.integer("contact", e.contact);
  f.integer("agent", e.agent);
  f.integer("queue", e.queue);
  f.integer("value", e.value);
  f.integer("value2", e.value2);
  f.string("text", e.text);
  if (!errors.ok()) return std::unexpected(std::move(*errors.first));
  if (const json::value* pv = f.get("payload")) {
    auto p = payload_from_json(*pv, "payload");
    if (!p) return std::unexpected(std::move(p.error()));
    e.payload = std::move(*p);
  }
  return unflatten(std::move(e));
}

}  // namespace switchyard::codec
