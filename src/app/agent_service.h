#pragma once
// Agent presence: log in and out, ready and not ready with a reason code.
// An agent changes its own presence; a team lead its team's; admins any.
//
// Threading: every method from any thread; replies on service threads.
#include <span>
#include <string>
#include <string_view>

#include "app/caller.h"
#include "app/config_service.h"
#include "app/runtime.h"

namespace switchyard::app {

// Not-ready reason codes agents may choose ("missed" and "end_of_shift" are
// set by the system).
inline constexpr std::string_view kReasonCodes[] = {"break",    "lunch", "training", "meeting",
                                                    "coaching", "admin", "personal"};

enum class Presence { kLogin, kLogout, kReady, kNotReady };

struct SetPresence {
  core::AgentId agent = core::kNoId;
  Presence presence = Presence::kReady;
  bool ready = true;   // kLogin: log in ready, or not ready ("login")
  std::string reason;  // kNotReady: one of kReasonCodes
};

class AgentService {
 public:
  explicit AgentService(Runtime& rt) : rt_(rt) {}
  // kInvalidArgument "reason" for an unknown reason code.
  void set_presence(const Caller& c, SetPresence in, Reply<AgentInfo> reply);
  static std::span<const std::string_view> reason_codes() { return kReasonCodes; }

 private:
  Runtime& rt_;
};

}  // namespace switchyard::app
