#include "auth/roles.h"

#include <array>

namespace switchyard::auth {

std::string_view to_string(Role r) {
  switch (r) {
    case Role::kAgent: return "agent";
    case Role::kTeamLead: return "team_lead";
    case Role::kQuality: return "quality";
    case Role::kWfm: return "wfm";
    case Role::kReporting: return "reporting";
    case Role::kAdmin: return "admin";
    case Role::kIntegration: return "integration";
  }
  return "agent";
}

std::optional<Role> role_from_string(std::string_view s) {
  for (Role r : {Role::kAgent, Role::kTeamLead, Role::kQuality, Role::kWfm, Role::kReporting, Role::kAdmin,
                 Role::kIntegration})
    if (to_string(r) == s) return r;
  return std::nullopt;
}

Scope scope_of(Role role, Permission p) {
  using enum Permission;
  constexpr Scope N = Scope::kNone, S = Scope::kSelf, T = Scope::kTeam, A = Scope::kAll;
  // Rows: permissions in enum order. Columns: agent, team_lead, quality, wfm, reporting, admin, integration.
  static constexpr std::array<std::array<Scope, 7>, 27> kMatrix = {{
      /* kReadRealtime   */ {S, T, A, A, A, A, N},
      /* kReadConfig     */ {A, A, A, A, A, A, A},
      /* kWriteConfig    */ {N, N, N, N, N, A, N},
      /* kManageUsers    */ {N, N, N, N, N, A, N},
      /* kReadAudit      */ {N, N, N, N, N, A, N},
      /* kCreateContact  */ {N, N, N, N, N, A, A},
      /* kReadContacts   */ {S, T, A, N, A, A, A},
      /* kHandleContacts */ {S, T, N, N, N, A, N},
      /* kAgentPresence  */ {S, T, N, N, N, A, N},
      /* kReadEvents     */ {S, T, A, A, A, A, A},
      /* kReadReports    */ {S, T, A, A, A, A, N},
      /* kManageAlerts   */ {N, N, N, N, N, A, N},
      /* kAssignSkills   */ {N, T, N, N, N, A, N},
      /* kListenRecordings */ {S, T, A, N, N, A, N},
      /* kMonitorCalls   */ {N, T, N, N, N, A, N},
      /* kPlanWorkforce  */ {N, N, N, A, N, A, N},
      /* kReadSchedules  */ {S, T, N, A, N, A, N},
      /* kReadNotifications */ {S, S, S, S, S, S, N},
      /* kManageQuality  */ {N, N, A, N, N, A, N},
      /* kEvaluate       */ {N, T, A, N, N, A, N},
      /* kReadEvaluations */ {S, T, A, N, N, A, N},
      /* kReadComms      */ {S, S, S, S, S, S, N},
      /* kWriteKnowledge */ {N, A, A, A, N, A, N},
      /* kReviewKnowledge */ {N, N, A, N, N, A, N},
      /* kPublishComms   */ {N, T, A, A, A, A, N},
      /* kModerateBoards */ {N, A, A, A, A, A, N},
      /* kConfirmRecognition */ {N, T, N, N, N, A, N},
  }};
  return kMatrix[static_cast<size_t>(p)][static_cast<size_t>(role)];
}

}  // namespace switchyard::auth
