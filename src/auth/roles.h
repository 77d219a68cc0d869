#pragma once
// Roles and what each may do. The API checks a Permission on every route and
// then narrows what it returns by scope (own agent, own team, everything).
#include <optional>
#include <string_view>

namespace switchyard::auth {

enum class Role : uint8_t {
  kAgent,        // own state, own offers and contacts, own figures
  kTeamLead,     // own team's agents and contacts, live monitoring
  kQuality,      // read contacts and figures; scorecards, evaluations, calibration
  kWfm,          // read figures and configuration (schedules later)
  kReporting,    // read figures
  kAdmin,        // everything, including configuration, users, API keys
  kIntegration,  // API keys of channel edges: create contacts, read them
};

enum class Permission : uint8_t {
  kReadRealtime,      // queue and agent figures (scoped)
  kReadConfig,        // queues, skills, teams, sites, reason codes
  kWriteConfig,       // change them
  kManageUsers,       // users and API keys
  kReadAudit,
  kCreateContact,
  kReadContacts,      // contacts and customer history (scoped)
  kHandleContacts,    // accept / reject / hold / end / transfer (own, or team for leads)
  kAgentPresence,     // log in / out, ready / not ready (own, or team for leads)
  kReadEvents,        // the WebSocket event stream (scoped)
  kReadReports,       // KPI rollups (scoped: own agent, own team and its agents)
  kManageAlerts,      // alert rules, webhooks and their delivery log
  kAssignSkills,      // an agent's skills and proficiencies (moves it between queues; team for leads)
  kListenRecordings,  // a call's recording (own calls for agents, team for leads; every access audited)
  kMonitorCalls,      // listen to / whisper to / barge into a live call from one's phone (team for leads; audited)
  kPlanWorkforce,     // forecasts, staffing requirements, schedules: generate, edit, publish (docs/wfm.md)
  kReadSchedules,     // published schedules and adherence (own for agents, team for leads)
  kReadNotifications,  // one's own notifications (users only; docs/api.md "Notifications")
  kManageQuality,      // scorecards: create, edit (a new version), retire (docs/quality.md)
  kEvaluate,           // score contacts on scorecards, resolve disputes (team for leads)
  kReadEvaluations,    // evaluations and scorecards (own for agents, team for leads)
  // Internal communication (docs/comms.md): users only, never API keys.
  kReadComms,          // the knowledge base, briefings, announcements, team chat (own audience)
  kWriteKnowledge,     // write and edit knowledge-base articles (they go to review)
  kReviewKnowledge,    // publish or archive articles; link them to queues
  kPublishComms,       // briefing items and announcements (team audience for leads)
  kModerateBoards,     // idea and lost & found statuses, answers to questions, focus groups
  kConfirmRecognition,  // confirm the agent of the week (own team for leads)
};

enum class Scope : uint8_t { kNone, kSelf, kTeam, kAll };

std::string_view to_string(Role r);
std::optional<Role> role_from_string(std::string_view s);
// How far `role` may exercise `p`: kNone = forbidden.
Scope scope_of(Role role, Permission p);

}  // namespace switchyard::auth
