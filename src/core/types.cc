#include "core/types.h"

namespace switchyard::core {

std::string_view to_string(Channel c) {
  switch (c) {
    case Channel::kVoice: return "voice";
    case Channel::kChat: return "chat";
    case Channel::kEmail: return "email";
    case Channel::kSms: return "sms";
    case Channel::kSocial: return "social";
  }
  return "voice";
}

std::string_view to_string(AgentState s) {
  switch (s) {
    case AgentState::kLoggedOut: return "logged_out";
    case AgentState::kAvailable: return "available";
    case AgentState::kNotReady: return "not_ready";
    case AgentState::kReserved: return "reserved";
    case AgentState::kBusy: return "busy";
    case AgentState::kWrapUp: return "wrap_up";
  }
  return "logged_out";
}

std::string_view to_string(ContactState s) {
  switch (s) {
    case ContactState::kQueued: return "queued";
    case ContactState::kOffered: return "offered";
    case ContactState::kAccepted: return "accepted";
    case ContactState::kWrapUp: return "wrap_up";
    case ContactState::kCompleted: return "completed";
    case ContactState::kAbandoned: return "abandoned";
    case ContactState::kRefused: return "refused";
    case ContactState::kExpired: return "expired";
  }
  return "queued";
}

std::string_view to_string(Strategy s) {
  switch (s) {
    case Strategy::kLongestIdle: return "longest_idle";
    case Strategy::kHighestProficiency: return "highest_proficiency";
    case Strategy::kLeastOccupied: return "least_occupied";
    case Strategy::kRoundRobin: return "round_robin";
    case Strategy::kFewestContacts: return "fewest_contacts";
  }
  return "longest_idle";
}

std::string_view to_string(ExitAction a) {
  switch (a) {
    case ExitAction::kNone: return "none";
    case ExitAction::kEnd: return "end";
    case ExitAction::kOverflow: return "overflow";
    case ExitAction::kCallback: return "callback";
  }
  return "none";
}

std::optional<Channel> channel_from_string(std::string_view s) {
  for (Channel c : kAllChannels)
    if (to_string(c) == s) return c;
  return std::nullopt;
}

std::optional<Strategy> strategy_from_string(std::string_view s) {
  for (Strategy v : {Strategy::kLongestIdle, Strategy::kHighestProficiency,
                     Strategy::kLeastOccupied, Strategy::kRoundRobin, Strategy::kFewestContacts})
    if (to_string(v) == s) return v;
  return std::nullopt;
}

std::optional<ExitAction> exit_action_from_string(std::string_view s) {
  for (ExitAction v :
       {ExitAction::kNone, ExitAction::kEnd, ExitAction::kOverflow, ExitAction::kCallback})
    if (to_string(v) == s) return v;
  return std::nullopt;
}

}  // namespace switchyard::core
