#pragma once
// Engine events: every change of engine state is one Event with a sequence
// number. An event is a typed body (one struct per type) plus seq and time.
// Events are the single source for persistence, projections (KPIs, history),
// the live feed and replay: applying the same events to a fresh Engine
// rebuilds the same state (Engine::replay).
//
// Compatibility: EventType values are persisted (by name in the log and in
// the API). Never renumber, rename or reuse one; append new types at the end
// (and the matching struct at the end of EventBody). Field meanings never
// change; add a field rather than change one. The flat shape of the log and of
// the API feed (value / value2 / text per type) is codec/legacy_event.h.
//
// Units: times and durations are integer milliseconds (`_ms`).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

#include "core/config.h"
#include "core/types.h"

namespace switchyard::core {

enum class EventType : uint8_t {
  kSettingsChanged, kSkillDefined, kTeamDefined, kSiteDefined, kQueueConfigured, kAgentConfigured,
  kAgentLoggedIn, kAgentLoggedOut, kAgentReady, kAgentNotReady, kAgentBackoffEnded, kAgentStateChanged,
  kContactCreated, kContactRefused, kContactOffered, kOfferRejected, kOfferTimedOut, kContactAccepted,
  kContactHeld, kContactResumed, kContactEnded, kWrapUpEnded, kContactCompleted, kContactAbandoned,
  kContactTransferred, kCallbackRequested, kBullseyeStep, kContactOverflowed, kContactMoved,
  kContactExpired, kQueueOverflowStarted, kQueueOverflowEnded, kSurveyAnswered, kContactReserved,
};
inline constexpr int kEventTypeCount = static_cast<int>(EventType::kContactReserved) + 1;
std::string_view to_string(EventType t);             // "contact_created", ...
// Inverse of to_string(EventType); nullopt for an unknown name.
std::optional<EventType> event_type_from_string(std::string_view s);

namespace ev {
// ---- configuration
struct SettingsChanged   { EngineSettings settings;
                           bool operator==(const SettingsChanged&) const = default; };
struct SkillDefined      { SkillId skill = kNoId; std::string name;
                           bool operator==(const SkillDefined&) const = default; };
struct TeamDefined       { TeamId team = kNoId; std::string name;
                           bool operator==(const TeamDefined&) const = default; };
struct SiteDefined       { SiteId site = kNoId; std::string name;
                           bool operator==(const SiteDefined&) const = default; };
struct QueueConfigured   { QueueId queue = kNoId; QueueConfig config;
                           bool operator==(const QueueConfigured&) const = default; };
struct AgentConfigured   { AgentId agent = kNoId; AgentConfig config;
                           bool operator==(const AgentConfigured&) const = default; };
// ---- agent presence
struct AgentLoggedIn     { AgentId agent = kNoId; bool ready = true;
                           bool operator==(const AgentLoggedIn&) const = default; };
struct AgentLoggedOut    { AgentId agent = kNoId;
                           bool operator==(const AgentLoggedOut&) const = default; };
struct AgentReady        { AgentId agent = kNoId;
                           bool operator==(const AgentReady&) const = default; };
struct AgentNotReady     { AgentId agent = kNoId; std::string reason;
                           bool operator==(const AgentNotReady&) const = default; };
// The missed-offer back-off is over.
struct AgentBackoffEnded { AgentId agent = kNoId;
                           bool operator==(const AgentBackoffEnded&) const = default; };
// Derived (for consumers): the reported state changed. reason: the not-ready reason when state is kNotReady.
struct AgentStateChanged { AgentId agent = kNoId; AgentState state = AgentState::kLoggedOut;
                           AgentState previous = AgentState::kLoggedOut; std::string reason;
                           bool operator==(const AgentStateChanged&) const = default; };
// ---- contact lifecycle (queue() of created/refused is spec.queue)
struct ContactCreated    { ContactId contact = kNoContact; ContactSpec spec;
                           int64_t ewt_ms = -1;           // estimate announced at arrival; -1 unknown
                           int64_t baseline_ewt_ms = -1;  // Asterisk-style baseline
                           bool operator==(const ContactCreated&) const = default; };
struct ContactRefused    { ContactId contact = kNoContact; ContactSpec spec; std::string reason;
                           bool operator==(const ContactRefused&) const = default; };
struct ContactOffered    { ContactId contact = kNoContact; AgentId agent = kNoId; QueueId queue = kNoId;
                           bool operator==(const ContactOffered&) const = default; };
// The agent said no.
struct OfferRejected     { ContactId contact = kNoContact; AgentId agent = kNoId; QueueId queue = kNoId;
                           bool operator==(const OfferRejected&) const = default; };
// No answer within the offer timeout.
struct OfferTimedOut     { ContactId contact = kNoContact; AgentId agent = kNoId; QueueId queue = kNoId;
                           bool operator==(const OfferTimedOut&) const = default; };
struct ContactAccepted   { ContactId contact = kNoContact; AgentId agent = kNoId; QueueId queue = kNoId;
                           int64_t wait_ms = 0;           // wait in this queue
                           bool operator==(const ContactAccepted&) const = default; };
struct ContactHeld       { ContactId contact = kNoContact; AgentId agent = kNoId; QueueId queue = kNoId;
                           bool operator==(const ContactHeld&) const = default; };
struct ContactResumed    { ContactId contact = kNoContact; AgentId agent = kNoId; QueueId queue = kNoId;
                           int64_t hold_ms = 0;           // this hold's length
                           bool operator==(const ContactResumed&) const = default; };
// The interaction is over; ACW starts.
struct ContactEnded      { ContactId contact = kNoContact; AgentId agent = kNoId; QueueId queue = kNoId;
                           int64_t talk_ms = 0; int64_t hold_ms = 0;
                           bool operator==(const ContactEnded&) const = default; };
struct WrapUpEnded       { ContactId contact = kNoContact; AgentId agent = kNoId; QueueId queue = kNoId;
                           int64_t acw_ms = 0; std::string disposition;
                           bool operator==(const WrapUpEnded&) const = default; };
// Terminal: handled.
struct ContactCompleted  { ContactId contact = kNoContact; AgentId agent = kNoId; QueueId queue = kNoId;
                           bool operator==(const ContactCompleted&) const = default; };
struct ContactAbandoned  { ContactId contact = kNoContact; QueueId queue = kNoId;
                           AgentId agent = kNoId;         // the agent it was ringing at, if any
                           int64_t wait_ms = 0;           // wait in this queue
                           bool operator==(const ContactAbandoned&) const = default; };
// Blind transfer; agent and queue are where it comes from.
struct ContactTransferred{ ContactId contact = kNoContact; AgentId agent = kNoId; QueueId queue = kNoId;
                           QueueId target = kNoId; bool keep_place = false;
                           bool operator==(const ContactTransferred&) const = default; };
// The customer left the line and keeps the place.
struct CallbackRequested { ContactId contact = kNoContact; QueueId queue = kNoId;
                           bool operator==(const CallbackRequested&) const = default; };
struct BullseyeStep      { ContactId contact = kNoContact; QueueId queue = kNoId;
                           int step = 0;                  // steps reached (1-based)
                           bool operator==(const BullseyeStep&) const = default; };
// Past its threshold (or predicted to be at arrival): its queue enters overflow mode.
struct ContactOverflowed { ContactId contact = kNoContact; QueueId queue = kNoId;
                           bool operator==(const ContactOverflowed&) const = default; };
// Exit action overflow: moved from queue to target, place kept.
struct ContactMoved      { ContactId contact = kNoContact; QueueId queue = kNoId; QueueId target = kNoId;
                           bool operator==(const ContactMoved&) const = default; };
// Max wait with exit action end.
struct ContactExpired    { ContactId contact = kNoContact; QueueId queue = kNoId; int64_t wait_ms = 0;
                           bool operator==(const ContactExpired&) const = default; };
// Derived: overflow mode of a queue starts / ends (docs/architecture.md, "Bullseye and overflow").
struct QueueOverflowStarted { QueueId queue = kNoId;
                              bool operator==(const QueueOverflowStarted&) const = default; };
struct QueueOverflowEnded   { QueueId queue = kNoId;
                              bool operator==(const QueueOverflowEnded&) const = default; };
// ---- after the contact
// A customer answered the post-contact survey (docs/kpis.md, "CSAT"): the
// rating 1..5 of the contact handled by `agent` in `queue` (its last).
// Changes no routing state.
struct SurveyAnswered    { ContactId contact = kNoContact; AgentId agent = kNoId; QueueId queue = kNoId;
                           Channel channel = Channel::kVoice; int rating = 0;
                           bool operator==(const SurveyAnswered&) const = default; };
// ---- transfer to an agent
// Follows a ContactTransferred at once: the contact, now queued in `queue`,
// waits for `agent` alone for `hold_ms` (ms > 0) and is offered to no other
// agent. The wait ends with the same event and hold_ms 0 (time up, or the
// agent logged out), or when the contact leaves the line (offered to the
// agent: an offer it misses sends the contact back to the line for anyone).
struct ContactReserved   { ContactId contact = kNoContact; AgentId agent = kNoId; QueueId queue = kNoId;
                           int64_t hold_ms = 0;
                           bool operator==(const ContactReserved&) const = default; };
}  // namespace ev

// Alternative i has EventType i (static_asserts in event.cc).
using EventBody = std::variant<
    ev::SettingsChanged, ev::SkillDefined, ev::TeamDefined, ev::SiteDefined, ev::QueueConfigured,
    ev::AgentConfigured, ev::AgentLoggedIn, ev::AgentLoggedOut, ev::AgentReady, ev::AgentNotReady,
    ev::AgentBackoffEnded, ev::AgentStateChanged, ev::ContactCreated, ev::ContactRefused,
    ev::ContactOffered, ev::OfferRejected, ev::OfferTimedOut, ev::ContactAccepted, ev::ContactHeld,
    ev::ContactResumed, ev::ContactEnded, ev::WrapUpEnded, ev::ContactCompleted, ev::ContactAbandoned,
    ev::ContactTransferred, ev::CallbackRequested, ev::BullseyeStep, ev::ContactOverflowed,
    ev::ContactMoved, ev::ContactExpired, ev::QueueOverflowStarted, ev::QueueOverflowEnded, ev::SurveyAnswered,
    ev::ContactReserved>;
static_assert(std::variant_size_v<EventBody> == static_cast<size_t>(kEventTypeCount));

struct Event {
  uint64_t seq = 0;     // 1, 2, 3, ... without gaps
  int64_t time_ms = 0;  // engine clock at emission
  EventBody body;

  EventType type() const { return static_cast<EventType>(body.index()); }
  // The ids an event is about, for filters and indexes: kNoContact / kNoId
  // when its type has none (generic over the body's `contact`, `agent`,
  // `queue` members; ContactCreated/Refused give spec.queue).
  ContactId contact() const;
  AgentId agent() const;
  QueueId queue() const;
  template <typename T> const T* as() const { return std::get_if<T>(&body); }

  bool operator==(const Event&) const = default;
};

namespace detail {
template <typename T, typename... Ts>
consteval size_t index_of(const std::variant<Ts...>*) {
  constexpr bool kSame[] = {std::is_same_v<T, Ts>...};
  size_t i = 0;
  while (i < sizeof...(Ts) && !kSame[i]) ++i;
  return i;
}
}  // namespace detail

// The EventType of a body struct at compile time: event_type_of<ev::ContactAccepted>.
template <typename T>
  requires(detail::index_of<T>(static_cast<const EventBody*>(nullptr)) < std::variant_size_v<EventBody>)
inline constexpr EventType event_type_of =
    static_cast<EventType>(detail::index_of<T>(static_cast<const EventBody*>(nullptr)));

// Receives every event the engine emits, in sequence order, on the engine's
// thread, after the engine has applied it.
class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void on_event(const Event& e) = 0;
};

}  // namespace switchyard::core
