#include "core/event.h"

namespace switchyard::core {

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
  }
  return "unknown";
}

}  // namespace switchyard::core
