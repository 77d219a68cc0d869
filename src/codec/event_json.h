#pragma once
// JSON mapping of engine events (core/event.h): the persisted payloads of the
// event log and the shape of the API's event JSON and live feed.
//
//   {"seq": 7, "time_ms": 1000, "type": "contact_created", "contact": 4294967297,
//    "queue": 0, "value": 12000, "value2": 9000, "text": "...",
//    "payload": {"kind": "contact_spec", "queue": 0, "channel": "voice", ...}}
//
// The fields are the flat shape of codec/legacy_event.h (which says what
// value / value2 / text mean per type). `contact` / `agent` / `queue` are
// omitted when kNoContact / kNoId, `value` / `value2` when 0, `text` when
// empty, `payload` when there is none. The payload is {"kind": "settings" |
// "queue_config" | "agent_config" | "contact_spec", ...the fields of
// config_json.h}. References are always numeric ids here (the log must not
// depend on names). Contact ids are uint64 JSON numbers (Boost.JSON keeps them
// exact; JavaScript readers above 2^53 would not).
//
// event_from_json is strict like config_json.h: unknown fields, wrong types,
// unknown type / kind names, numbers out of range and missing seq / time_ms /
// type are kInvalidArgument errors naming the field path ("payload.skills[0]"),
// and so is a flat event that does not fit its type (codec::unflatten: a
// missing id, a field the type does not have, the wrong payload). Whether the
// event makes sense for the engine is Engine::replay's check.
//
// Thread-safety: pure functions; safe from any thread.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string_view>

#include "codec/legacy_event.h"
#include "core/event.h"
#include "core/result.h"

namespace switchyard::codec {

boost::json::object to_json(const core::Event& e);
Result<core::Event> event_from_json(const boost::json::value& v);

// The payload alone: {"kind": ..., fields...}. The payload must not be
// std::monostate (events without payload have no "payload" key).
boost::json::object payload_to_json(const FlatPayload& p);
// `path` prefixes error fields ("payload" inside an event).
Result<FlatPayload> payload_from_json(const boost::json::value& v, std::string_view path = "payload");

}  // namespace switchyard::codec
