#include "core/event.h"

namespace switchyard::core {

// Alternative i of EventBody is EventType i: the persisted type names and the
// API depend on it.
static_assert(event_type_of<ev::SettingsChanged> == EventType::kSettingsChanged);
static_assert(event_type_of<ev::SkillDefined> == EventType::kSkillDefined);
static_assert(event_type_of<ev::TeamDefined> == EventType::kTeamDefined);
static_assert(event_type_of<ev::SiteDefined> == EventType::kSiteDefined);
static_assert(event_type_of<ev::QueueConfigured> == EventType::kQueueConfigured);
static_assert(event_type_of<ev::AgentConfigured> == EventType::kAgentConfigured);
static_assert(event_type_of<ev::AgentLoggedIn> == EventType::kAgentLoggedIn);
static_assert(event_type_of<ev::AgentLoggedOut> == EventType::kAgentLoggedOut);
static_assert(event_type_of<ev::AgentReady> == EventType::kAgentReady);
static_assert(event_type_of<ev::AgentNotReady> == EventType::kAgentNotReady);
static_assert(event_type_of<ev::AgentBackoffEnded> == EventType::kAgentBackoffEnded);
static_assert(event_type_of<ev::AgentStateChanged> == EventType::kAgentStateChanged);
static_assert(event_type_of<ev::ContactCreated> == EventType::kContactCreated);
static_assert(event_type_of<ev::ContactRefused> == EventType::kContactRefused);
static_assert(event_type_of<ev::ContactOffered> == EventType::kContactOffered);
static_assert(event_type_of<ev::OfferRejected> == EventType::kOfferRejected);
static_assert(event_type_of<ev::OfferTimedOut> == EventType::kOfferTimedOut);
static_assert(event_type_of<ev::ContactAccepted> == EventType::kContactAccepted);
static_assert(event_type_of<ev::ContactHeld> == EventType::kContactHeld);
static_assert(event_type_of<ev::ContactResumed> == EventType::kContactResumed);
static_assert(event_type_of<ev::ContactEnded> == EventType::kContactEnded);
static_assert(event_type_of<ev::WrapUpEnded> == EventType::kWrapUpEnded);
static_assert(event_type_of<ev::ContactCompleted> == EventType::kContactCompleted);
static_assert(event_type_of<ev::ContactAbandoned> == EventType::kContactAbandoned);
static_assert(event_type_of<ev::ContactTransferred> == EventType::kContactTransferred);
static_assert(event_type_of<ev::CallbackRequested> == EventType::kCallbackRequested);
static_assert(event_type_of<ev::BullseyeStep> == EventType::kBullseyeStep);
static_assert(event_type_of<ev::ContactOverflowed> == EventType::kContactOverflowed);
static_assert(event_type_of<ev::ContactMoved> == EventType::kContactMoved);
static_assert(event_type_of<ev::ContactExpired> == EventType::kContactExpired);
static_assert(event_type_of<ev::QueueOverflowStarted> == EventType::kQueueOverflowStarted);
static_assert(event_type_of<ev::QueueOverflowEnded> == EventType::kQueueOverflowEnded);
static_assert(event_type_of<ev::SurveyAnswered> == EventType::kSurveyAnswered);
static_assert(event_type_of<ev::ContactReserved> == EventType::kContactReserved);

std::string_view to_string(EventType t) {
  switch (t) {
    case EventType::kSettingsChanged: return "settings_changed";
    case EventType::kSkillDefined: return "skill_defined";
    case EventType::kTeamDefined: return "team_defined";
    case EventType::kSiteDefined: return "site_defined";
    case EventType::kQueueConfigured: return "queue_configured";
    case EventType::kAgentConfigured: return "agent_configured";
    case EventType::kAgentLoggedIn: return "agent_logged_in";
    case EventType::kAgentLoggedOut: return "agent_logged_out";
    case EventType::kAgentReady: return "agent_ready";
    case EventType::kAgentNotReady: return "agent_not_ready";
    case EventType::kAgentBackoffEnded: return "agent_backoff_ended";
    case EventType::kAgentStateChanged: return "agent_state_changed";
    case EventType::kContactCreated: return "contact_created";
    case EventType::kContactRefused: return "contact_refused";
    case EventType::kContactOffered: return "contact_offered";
    case EventType::kOfferRejected: return "offer_rejected";
    case EventType::kOfferTimedOut: return "offer_timed_out";
    case EventType::kContactAccepted: return "contact_accepted";
    case EventType::kContactHeld: return "contact_held";
    case EventType::kContactResumed: return "contact_resumed";
    case EventType::kContactEnded: return "contact_ended";
    case EventType::kWrapUpEnded: return "wrap_up_ended";
    case EventType::kContactCompleted: return "contact_completed";
    case EventType::kContactAbandoned: return "contact_abandoned";
    case EventType::kContactTransferred: return "contact_transferred";
    case EventType::kCallbackRequested: return "callback_requested";
    case EventType::kBullseyeStep: return "bullseye_step";
    case EventType::kContactOverflowed: return "contact_overflowed";
    case EventType::kContactMoved: return "contact_moved";
    case EventType::kContactExpired: return "contact_expired";
    case EventType::kQueueOverflowStarted: return "queue_overflow_started";
    case EventType::kQueueOverflowEnded: return "queue_overflow_ended";
    case EventType::kSurveyAnswered: return "survey_answered";
    case EventType::kContactReserved: return "contact_reserved";
  }
  return "unknown";
}

std::optional<EventType> event_type_from_string(std::string_view s) {
  // Names are short and distinct; a linear scan over 32 keeps the table in one
  // place (to_string above). Hot paths (loading the log) cache by name.
  for (int i = 0; i < kEventTypeCount; ++i) {
    auto t = static_cast<EventType>(i);
    if (to_string(t) == s) return t;
  }
  return std::nullopt;
}

ContactId Event::contact() const {
  return std::visit(
      [](const auto& b) -> ContactId {
        if constexpr (requires { b.contact; }) return b.contact;
        else return kNoContact;
      },
      body);
}

AgentId Event::agent() const {
  return std::visit(
      [](const auto& b) -> AgentId {
        if constexpr (requires { b.agent; }) return b.agent;
        else return kNoId;
      },
      body);
}

QueueId Event::queue() const {
  return std::visit(
      [](const auto& b) -> QueueId {
        if constexpr (requires { b.queue; }) return b.queue;
        else if constexpr (requires { b.spec.queue; }) return b.spec.queue;
        else return kNoId;
      },
      body);
}

}  // namespace switchyard::core
