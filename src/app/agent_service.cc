#include "app/agent_service.h"

#include <algorithm>

namespace switchyard::app {

void AgentService::set_presence(const Caller& c, SetPresence in, Reply<AgentInfo> reply) {
  if (auto ok = require(c, auth::Permission::kAgentPresence); !ok) return reply(std::unexpected(ok.error()));
  if (in.presence == Presence::kNotReady &&
      std::find(std::begin(kReasonCodes), std::end(kReasonCodes), in.reason) == std::end(kReasonCodes))
    return reply(make_error(ErrorCode::kInvalidArgument, "unknown reason code (see /api/v1/reason-codes)", "reason"));
  on_engine<AgentInfo>(
      rt_,
      [c, in = std::move(in)](server::TaskContext& ctx) -> Result<AgentInfo> {
        core::Engine& e = ctx.engine;
        if (in.agent >= e.agent_count()) return make_error(ErrorCode::kNotFound, "agent not found", "id");
        if (!agent_in_scope(e, c, auth::Permission::kAgentPresence, in.agent))
          return make_error(ErrorCode::kPermissionDenied, "not your agent", "id");
        Result<void> r;
        switch (in.presence) {
          case Presence::kLogin: r = e.login(in.agent, in.ready); break;
          case Presence::kLogout: r = e.logout(in.agent); break;
          case Presence::kReady: r = e.set_ready(in.agent); break;
          case Presence::kNotReady: r = e.set_not_ready(in.agent, in.reason); break;
        }
        if (!r) return std::unexpected(r.error());
        return agent_info(e, in.agent);
      },
      std::move(reply));
}

}  // namespace switchyard::app
