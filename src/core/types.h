#pragma once
// Domain identifiers and enumerations of the routing core.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace switchyard::core {

// Dense ids handed out by the Engine in creation order (deterministic, so a
// replay of the event log hands out the same ids).
using AgentId = uint32_t;
using QueueId = uint32_t;
using SkillId = uint32_t;
using TeamId = uint32_t;
using SiteId = uint32_t;
// Contact ids: low 32 bits are a slot, high 32 bits a generation. Never 0.
using ContactId = uint64_t;

inline constexpr uint32_t kNoId = UINT32_MAX;
inline constexpr ContactId kNoContact = 0;

enum class Channel : uint8_t { kVoice, kChat, kEmail, kSms, kSocial };
inline constexpr int kChannelCount = 5;
inline constexpr std::array<Channel, kChannelCount> kAllChannels = {
    Channel::kVoice, Channel::kChat, Channel::kEmail, Channel::kSms, Channel::kSocial};

enum class AgentState : uint8_t {
  kLoggedOut,
  kAvailable,  // logged in, ready, no work (may still be in a missed-offer back-off)
  kNotReady,   // logged in, not ready (reason code), no work
  kReserved,   // an offer is ringing, nothing active
  kBusy,       // at least one contact active (talking, chatting, on hold)
  kWrapUp,     // only after-contact work left
};
inline constexpr int kAgentStateCount = 6;

enum class ContactState : uint8_t {
  kQueued,     // waiting in a queue (also a callback waiting for its turn)
  kOffered,    // reserved for one agent, ringing
  kAccepted,   // connected to an agent
  kWrapUp,     // the interaction ended; the agent does after-contact work
  kCompleted,  // terminal: handled
  kAbandoned,  // terminal: customer left
  kRefused,    // terminal: never queued (queue full, closed, ...)
  kExpired,    // terminal: max wait reached with exit action "end"
};

enum class Strategy : uint8_t {
  kLongestIdle,         // default: agent free for this channel the longest
  kHighestProficiency,  // highest proficiency in the queue's first skill, then longest idle
  kLeastOccupied,       // lowest occupancy since login, then longest idle
  kRoundRobin,          // next agent id after the last one this queue chose
  kFewestContacts,      // fewest contacts accepted today, then longest idle
};

enum class ExitAction : uint8_t {
  kNone,      // wait without limit
  kEnd,       // the contact ends (state expired)
  kOverflow,  // the contact moves to `exit_target`, keeping its place (arrival time)
  kCallback,  // the contact becomes a callback, keeping its place
};

std::string_view to_string(Channel c);
std::string_view to_string(AgentState s);
std::string_view to_string(ContactState s);
std::string_view to_string(Strategy s);
std::string_view to_string(ExitAction a);
std::optional<Channel> channel_from_string(std::string_view s);
std::optional<Strategy> strategy_from_string(std::string_view s);
std::optional<ExitAction> exit_action_from_string(std::string_view s);

}  // namespace switchyard::core
