#pragma once
// Helpers shared by the two halves of WfmService (wfm_service.cc: planning;
// wfm_people.cc: schedules, adherence and leave of the people planned).
// Internal to switchyard_app.
#include <chrono>
#include <memory>
#include <optional>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/wfm_service.h"
#include "core/result.h"
#include "metrics/calendar.h"
#include "storage/sql_driver.h"
#include "wfm/forecast.h"

namespace switchyard::app::wfm_detail {

using wfm::Date;

inline constexpr int kIntervalMin = 15;  // the rollups' finest grain
inline constexpr int kPerDay = 24 * 60 / kIntervalMin;
inline constexpr int64_t kIntervalMs = kIntervalMin * 60'000;

// kInvalidArgument naming `field`.
std::unexpected<Error> bad(std::string message, std::string field);
// "YYYY-MM-DD" as a date, else an error naming `field`.
Result<Date> parse_date(std::string_view s, std::string field);
std::string format_date(Date d);
Date add_days(Date d, int64_t n);
int64_t days_between(Date a, Date b);  // b - a in days
// Today's local date at `now_ms`.
Result<Date> today_of(const metrics::Calendar& cal, int64_t now_ms);
// The local midnights of `days` days from `first`, and the one after.
std::vector<int64_t> midnights(const metrics::Calendar& cal, Date first, int64_t days);
// The 15-minute slot of `t_ms` in those days (day * 96 + interval), -1 if outside.
int64_t slot_of(const std::vector<int64_t>& midnights, int64_t t_ms);
// A stored schedule with its coverage and violations; kNotFound naming "id".
Result<ScheduleView> load_view(storage::SqlDriver& db, int64_t id);
ScheduleView view_of(wfm::StoredSchedule meta, wfm::SchedulePlan plan);
// An agent as the engine knows it.
struct AgentRef {
  core::AgentId id;
  core::TeamId team;
  std::string name;
};
// Shared between the engine read and the store job (no copy of the list).
using ScopedAgents = std::shared_ptr<const std::vector<AgentRef>>;
// The agents in the caller's kReadSchedules scope (engine thread read).
void scoped_agents(Runtime& rt, const Caller& c, Reply<ScopedAgents> then);
// `agent` (the caller's own when nullopt) if in the caller's kReadSchedules
// scope; `manage`: acting for another (a self-scoped caller may not).
void leave_agent(Runtime& rt, const Caller& c, std::optional<core::AgentId> agent, bool manage, Reply<AgentRef> then);
// Special days of one queue for a forecast (wfm_rules.cc): the core's form
// and, index for index, the stored entry each came from.
struct QueueSpecialDays {
  std::vector<wfm::SpecialDay> days;
  std::vector<wfm::StoredSpecialDay> stored;
};
Result<QueueSpecialDays> special_days_of(storage::SqlDriver& db, const std::string& queue, Date history_start,
                                         Date horizon_end);
// An agent's own rules applied to its entry in a problem (wfm_rules.cc).
void apply_agent_rules(const wfm::AgentRules& r, const wfm::ScheduleProblem& p, wfm::Agent& ag);
// Whom to notify: the users working as `agent` and the team leads of `team`
// (either may be kNoId), less the caller itself (nobody is told of its own act).
Result<std::vector<int64_t>> recipients(storage::SqlDriver& db, const Caller& c, core::AgentId agent,
                                        core::TeamId team);

}  // namespace switchyard::app::wfm_detail
