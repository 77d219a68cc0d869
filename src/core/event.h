#pragma once
// Engine events: every change of engine state is one Event with a sequence
// number. Events are the single source for persistence, KPIs, the live feed
// and replay: applying the same events to a fresh Engine rebuilds the same
// state (Engine::replay).
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "core/config.h"
#include "core/types.h"

namespace switchyard::core {

enum class EventType : uint8_t {
  // configuration (payload carries the new config)
  kSettingsChanged,   // payload EngineSettings
  kSkillDefined,      // text = name, value = SkillId
  kTeamDefined,       // text = name, value = TeamId
  kSiteDefined,       // text = name, value = SiteId
  kQueueConfigured,   // queue; payload QueueConfig
  kAgentConfigured,   // agent; payload AgentConfig
  // agent presence
  kAgentLoggedIn,     // agent
  kAgentLoggedOut,    // agent
  kAgentReady,        // agent
  kAgentNotReady,     // agent; text = reason code
  kAgentBackoffEnded, // agent: the missed-offer back-off is over
  kAgentStateChanged, // agent; value = new AgentState, value2 = old; derived, for consumers
  // contact lifecycle
  kContactCreated,    // contact, queue; payload ContactSpec; value = EWT ms (-1 unknown),
                      //   value2 = baseline (Asterisk-style) EWT ms
  kContactRefused,    // contact, queue; payload ContactSpec; text = reason
  kContactOffered,    // contact, agent, queue
  kOfferRejected,     // contact, agent, queue (agent said no)
  kOfferTimedOut,     // contact, agent, queue (no answer within the offer timeout)
  kContactAccepted,   // contact, agent, queue; value = wait in this queue (ms)
  kContactHeld,       // contact, agent
  kContactResumed,    // contact, agent; value = this hold's length (ms)
  kContactEnded,      // contact, agent, queue; value = talk ms, value2 = hold ms; ACW starts
  kWrapUpEnded,       // contact, agent, queue; value = ACW ms; text = disposition
  kContactCompleted,  // contact, agent, queue: terminal
  kContactAbandoned,  // contact, queue; value = wait in this queue (ms); agent if it was ringing
  kContactTransferred,// contact, agent (from), queue (from); value = target QueueId,
                      //   value2 = 1 if it keeps its place
  kCallbackRequested, // contact, queue: the customer left the line and keeps the place
  kBullseyeStep,      // contact, queue; value = new step index (1-based count of steps reached)
  kContactOverflowed, // contact, queue: past its threshold; backup groups may take it
  kContactMoved,      // contact, queue (from); value = target QueueId (exit action overflow)
  kContactExpired,    // contact, queue: max wait with exit action end; value = wait ms
  kQueueOverflowStarted,  // queue: first contact overflowed
  kQueueOverflowEnded,    // queue: no overflowed contact left (recovered)
};

std::string_view to_string(EventType t);

using EventPayload = std::variant<std::monostate, EngineSettings, QueueConfig, AgentConfig, ContactSpec>;

struct Event {
  uint64_t seq = 0;      // 1, 2, 3, ... without gaps
  int64_t time_ms = 0;   // engine clock at emission
  EventType type = EventType::kSettingsChanged;
  ContactId contact = kNoContact;
  AgentId agent = kNoId;
  QueueId queue = kNoId;
  int64_t value = 0;
  int64_t value2 = 0;
  std::string text;
  std::shared_ptr<const EventPayload> payload;  // shared: events are copied to many consumers

  template <typename T>
  const T* payload_as() const {
    return payload ? std::get_if<T>(payload.get()) : nullptr;
  }
};

// Receives every event the engine emits, in sequence order, on the engine's
// thread, after the engine has applied it.
class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void on_event(const Event& e) = 0;
};

}  // namespace switchyard::core
