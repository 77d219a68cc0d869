#include "codec/event_json.h"

#include <array>

#include "codec/config_json.h"
#include "codec/json_fields.h"

namespace switchyard::codec {

namespace json = boost::json;
using core::EventType;
using detail::Errors;
using detail::Fields;
using detail::Need;

namespace {

constexpr std::string_view kSettingsKind = "settings";
constexpr std::string_view kQueueConfigKind = "queue_config";
constexpr std::string_view kAgentConfigKind = "agent_config";
constexpr std::string_view kContactSpecKind = "contact_spec";

struct KindName {
  std::string_view name;
  size_t index;  // in core::EventPayload
};
constexpr std::array<KindName, 4> kKinds = {
    {{kSettingsKind, 1}, {kQueueConfigKind, 2}, {kAgentConfigKind, 3}, {kContactSpecKind, 4}}};

std::string_view kind_of(const core::EventPayload& p) {
  for (const KindName& k : kKinds)
    if (k.index == p.index()) return k.name;
  return {};
}

void read_payload(const json::value& v, const std::string& path, Errors& errors,
                  core::EventPayload& out) {
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

std::optional<EventType> event_type_from_string(std::string_view s) {
  // Event names are short and distinct; a linear scan over 32 is ~100 ns and
  // keeps the table in one place (core::to_string). Callers on hot paths
  // (Store::load_events) cache by name.
  for (int i = 0; i < kEventTypeCount; ++i) {
    auto t = static_cast<EventType>(i);
    if (core::to_string(t) == s) return t;
  }
  return std::nullopt;
}

std::string_view payload_kind_for(EventType t) {
  switch (t) {
    case EventType::kSettingsChanged:
      return kSettingsKind;
    case EventType::kQueueConfigured:
      return kQueueConfigKind;
    case EventType::kAgentConfigured:
      return kAgentConfigKind;
    case EventType::kContactCreated:
    case EventType::kContactRefused:
      return kContactSpecKind;
    default:
      return {};
  }
}

json::object payload_to_json(const core::EventPayload& p) {
  json::object o;
  if (const auto* s = std::get_if<core::EngineSettings>(&p)) o = to_json(*s);
  if (const auto* q = std::get_if<core::QueueConfig>(&p)) o = to_json(*q);
  if (const auto* a = std::get_if<core::AgentConfig>(&p)) o = to_json(*a);
  if (const auto* c = std::get_if<core::ContactSpec>(&p)) o = to_json(*c);
  json::object out;
  out.reserve(o.size() + 1);
  out["kind"] = kind_of(p);
  for (auto& kv : o) out[kv.key()] = std::move(kv.value());
  return out;
}

Result<std::shared_ptr<const core::EventPayload>> payload_from_json(const json::value& v,
                                                                    std::string_view path) {
  Errors errors;
  auto p = std::make_shared<core::EventPayload>();
  read_payload(v, std::string(path), errors, *p);
  if (errors.first) return std::unexpected(std::move(*errors.first));
  return std::shared_ptr<const core::EventPayload>(std::move(p));
}

json::object to_json(const core::Event& e) {
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
  if (e.payload && !std::holds_alternative<std::monostate>(*e.payload))
    o["payload"] = payload_to_json(*e.payload);
  return o;
}

Result<core::Event> event_from_json(const json::value& v) {
  Errors errors;
  core::Event e;
  Fields f(
      v, "",
      {"seq", "time_ms", "type", "contact", "agent", "queue", "value", "value2", "text", "payload"},
      errors);
  f.integer("seq", e.seq, Need::kRequired);
  f.integer("time_ms", e.time_ms, Need::kRequired);
  f.enumeration("type", e.type, &event_type_from_string, Need::kRequired);
  f.integer("contact", e.contact);
  f.integer("agent", e.agent);
  f.integer("queue", e.queue);
  f.integer("value", e.value);
  f.integer("value2", e.value2);
  f.string("text", e.text);
  if (!errors.ok()) return std::unexpected(std::move(*errors.first));
  std::string_view want = payload_kind_for(e.type);
  if (const json::value* pv = f.get("payload")) {
    auto p = payload_from_json(*pv, "payload");
    if (!p) return std::unexpected(std::move(p.error()));
    if (kind_of(**p) != want)
      return make_error(
          ErrorCode::kInvalidArgument,
          std::string(core::to_string(e.type)) +
              (want.empty() ? " has no payload" : " needs a payload of kind " + std::string(want)),
          "payload");
    e.payload = std::move(*p);
  } else if (!want.empty()) {
    return make_error(
        ErrorCode::kInvalidArgument,
        std::string(core::to_string(e.type)) + " needs a payload of kind " + std::string(want),
        "payload");
  }
  return e;
}

}  // namespace switchyard::codec
