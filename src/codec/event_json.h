#pragma once
// JSON mapping of engine events (core/event.h): the persistence format of the
// event log and the shape of the live feed.
//
//   {"seq": 7, "time_ms": 1000, "type": "contact_created", "contact": 4294967297,
//    "queue": 0, "value": 12000, "value2": 9000, "text": "...",
//    "payload": {"kind": "contact_spec", "queue": 0, "channel": "voice", ...}}
//
// `contact` / `agent` / `queue` are omitted when kNoContact / kNoId, `value` /
// `value2` when 0, `text` when empty, `payload` when there is none. The
// payload is {"kind": "settings" | "queue_config" | "agent_config" |
// "contact_spec", ...the fields of config_json.h}. References are always
// numeric ids here (the log must not depend on names). Contact ids are uint64
// JSON numbers (Boost.JSON keeps them exact; JavaScript readers above 2^53
// would not).
//
// event_from_json is strict like config_json.h: unknown fields, wrong types,
// unknown type / kind names, numbers out of range and missing seq / time_ms /
// type are kInvalidArgument errors naming the field path ("payload.skills[0]").
// The payload must match the type: settings_changed -> settings,
// queue_configured -> queue_config, agent_configured -> agent_config,
// contact_created / contact_refused -> contact_spec; every other type has
// none. Whether the event makes sense for the engine is Engine::replay's check.
//
// Thread-safety: pure functions; safe from any thread.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <memory>
#include <optional>
#include <string_view>

#include "core/event.h"
#include "core/result.h"

namespace switchyard::codec {

// The last enumerator of core::EventType; every value 0..kLastEventType is a
// valid type. Update it when the core appends an event type.
inline constexpr core::EventType kLastEventType = core::EventType::kQueueOverflowEnded;
inline constexpr int kEventTypeCount = static_cast<int>(kLastEventType) + 1;

// Inverse of core::to_string(EventType): "contact_created" -> kContactCreated.
std::optional<core::EventType> event_type_from_string(std::string_view s);

boost::json::object to_json(const core::Event& e);
Result<core::Event> event_from_json(const boost::json::value& v);

// The payload alone: {"kind": ..., fields...}. The payload must not be
// std::monostate (events without payload have no "payload" key).
boost::json::object payload_to_json(const core::EventPayload& p);
// `path` prefixes error fields ("payload" inside an event).
Result<std::shared_ptr<const core::EventPayload>> payload_from_json(
    const boost::json::value& v, std::string_view path = "payload");
// The payload kind an event type carries: "settings", "queue_config",
// "agent_config", "contact_spec", or empty for types without a payload.
std::string_view payload_kind_for(core::EventType t);

}  // namespace switchyard::codec
