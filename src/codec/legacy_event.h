#pragma once
// The flat shape of an engine event, written once for every user of it: the
// columns of the event log (storage) and the fields of the event JSON of the
// API and the live feed (codec/event_json.h). Typed events (core/event.h) are
// mapped to and from it here and nowhere else.
//
// Per type (ids are contact / agent / queue; a blank cell is 0 / none / ""):
//
//   type                 ids                     value        value2       text         payload
//   settings_changed     -                                                              settings
//   skill_defined        -                       skill id                  name
//   team_defined         -                       team id                   name
//   site_defined         -                       site id                   name
//   queue_configured     queue                                                          queue_config
//   agent_configured     agent                                                          agent_config
//   agent_logged_in      agent                   1 ready, 0 not
//   agent_logged_out     agent
//   agent_ready          agent
//   agent_not_ready      agent                                             reason
//   agent_backoff_ended  agent
//   agent_state_changed  agent                   new state    old state    reason       (AgentState numbers)
//   contact_created      contact, queue          EWT ms       baseline ms               contact_spec
//   contact_refused      contact, queue                                    reason       contact_spec
//   contact_offered      contact, agent, queue
//   offer_rejected       contact, agent, queue
//   offer_timed_out      contact, agent, queue
//   contact_accepted     contact, agent, queue   wait ms
//   contact_held         contact, agent, queue
//   contact_resumed      contact, agent, queue   hold ms
//   contact_ended        contact, agent, queue   talk ms      hold ms
//   wrap_up_ended        contact, agent, queue   ACW ms                    disposition
//   contact_completed    contact, agent, queue
//   contact_abandoned    contact, queue, agent?  wait ms                                (agent: if ringing)
//   contact_transferred  contact, agent, queue   target queue 1 keep place
//   callback_requested   contact, queue
//   bullseye_step        contact, queue          step
//   contact_overflowed   contact, queue
//   contact_moved        contact, queue          target queue
//   contact_expired      contact, queue          wait ms
//   queue_overflow_*     queue
//   survey_answered      contact, queue, agent?  rating       channel
//   contact_reserved     contact, agent, queue   hold ms                                (agent: the one it waits for; 0 ends the wait)
//
// The queue of contact_created / contact_refused is the spec's queue.
//
// unflatten is strict: every id the type has must be present (except the
// abandoned contact's agent), every field it does not have must be blank, the
// payload must be the type's, and values must fit (ids below kNoId, flags 0 or
// 1, states known). Errors are kInvalidArgument naming the flat field
// ("agent", "value2", "payload", "queue"). Whether the event makes sense for
// the engine is Engine::replay's check.
//
// Thread-safety: pure functions; safe from any thread.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "core/event.h"
#include "core/result.h"

namespace switchyard::codec {

// The configuration or spec an event carries; std::monostate: none.
using FlatPayload =
    std::variant<std::monostate, core::EngineSettings, core::QueueConfig, core::AgentConfig, core::ContactSpec>;

struct FlatEvent {
  uint64_t seq = 0;
  int64_t time_ms = 0;
  core::EventType type = core::EventType::kSettingsChanged;
  core::ContactId contact = core::kNoContact;
  core::AgentId agent = core::kNoId;
  core::QueueId queue = core::kNoId;
  int64_t value = 0;
  int64_t value2 = 0;
  std::string text;
  FlatPayload payload;
  bool operator==(const FlatEvent&) const = default;
};

FlatEvent flatten(const core::Event& e);
Result<core::Event> unflatten(FlatEvent f);

// The payload kinds of the JSON form ("kind" in codec/event_json.h).
inline constexpr std::string_view kSettingsKind = "settings";
inline constexpr std::string_view kQueueConfigKind = "queue_config";
inline constexpr std::string_view kAgentConfigKind = "agent_config";
inline constexpr std::string_view kContactSpecKind = "contact_spec";

// The kind of a payload; empty for std::monostate.
std::string_view payload_kind(const FlatPayload& p);
// The payload kind an event type carries, or empty for types without one.
std::string_view payload_kind_for(core::EventType t);

}  // namespace switchyard::codec
