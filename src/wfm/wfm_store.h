#pragma once
// Module "wfm" (docs/wfm.md, "Server"): what workforce planning keeps.
//  - wfm_history: contacts and AHT per queue per interval imported from a CSV
//    (`switchyard wfm import`), used where the KPI rollups have nothing;
//  - wfm_adjustments: planners' hand adjustments of a queue's forecast;
//  - wfm_schedules: generated schedules, each a version (1, 2, ...) holding
//    its whole plan (the problem it solved and its shifts) as JSON; a draft
//    is edited in place, publishing stamps it and it is read-only after.
//
// Threading: one connection, one thread at a time.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "storage/migrate.h"
#include "storage/sql_driver.h"
#include "storage/sql_util.h"
#include "wfm/schedule.h"

namespace switchyard::wfm {

const storage::ModuleSchema& store_schema();  // module "wfm"

// One imported interval. contacts >= 0; aht_s >= 0 (s).
struct HistoryPoint {
  std::string queue;
  int64_t start_ms = 0;  // epoch ms of the interval start
  double contacts = 0;
  double aht_s = 0;
};

// A hand adjustment of a queue's forecast over [start_ms, end_ms).
struct StoredAdjustment {
  int64_t id = 0;
  std::string queue;
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  bool percent = true;  // true: amount in percent; false: contacts per interval added
  double amount = 0;
  std::string note;
  std::string by;  // user name
  int64_t created_ms = 0;
};

// The shift of one schedule with what the API needs besides the maths.
struct SchedulePlan {
  ScheduleProblem problem;  // skill_groups are queue names; agents' ids are agent names
  Schedule schedule;
  bool has_greedy = false;  // the greedy baseline's figures on the same problem
  double greedy_under = 0, greedy_over = 0, greedy_objective = 0;
};

struct StoredSchedule {
  int64_t id = 0;
  int version = 0;
  bool published = false;
  std::string start;  // local date "YYYY-MM-DD" of day 0
  int days = 0;
  int64_t created_ms = 0;
  std::optional<int64_t> published_ms;
  std::string created_by;
  std::string body;  // encode_plan(); empty in listings
};

std::string encode_plan(const SchedulePlan& p);
// kInvalidArgument when the text is not a plan this module wrote.
Result<SchedulePlan> decode_plan(std::string_view text);

// A leave request (docs/wfm.md, "Leave"): whole local days first..last.
struct LeaveRequest {
  int64_t id = 0;
  std::string agent;        // agent name
  std::string first, last;  // "YYYY-MM-DD", first <= last
  int days = 0;             // days counted against the allowance
  std::string kind;         // "annual", "sick", "training", "other"
  std::string note;
  std::string status;       // "pending", "approved", "declined", "cancelled"
  int64_t requested_ms = 0;
  std::string decided_by;
  std::optional<int64_t> decided_ms;
  std::string reason;       // the decision's
};

// A shift offered on the swap board (docs/wfm.md, "Shift swaps"): a copy of
// the offered shift as it was in the schedule in force when offered.
struct ShiftSwap {
  int64_t id = 0;
  std::string date;        // local "YYYY-MM-DD" the shift starts on
  std::string offered_by;  // agent name
  int64_t schedule = 0;    // the schedule in force when offered
  std::string queue;       // the skill group covered
  int start_min = 0;       // after local midnight
  int length_min = 0;
  std::vector<PlacedBreak> breaks;
  std::string note;
  std::string status;  // "open", "pending", "approved", "declined", "cancelled", "expired"
  int64_t created_ms = 0;
  std::string taken_by;  // agent name, once taken
  std::optional<int64_t> taken_ms;
  std::string decided_by;  // who approved, declined or cancelled ("" when approved without a lead)
  std::optional<int64_t> decided_ms;
  std::string reason;
  // A trade: the taker's own shift given to the offerer in exchange ("" = none).
  std::string given_date;
  int given_start_min = 0, given_length_min = 0;
};

// What planners set for the whole center (docs/wfm.md, "Settings").
struct WfmSettings {
  bool swap_approval = true;    // a taken swap waits for the offerer's team lead
  int adherence_alert_min = 10;  // tell the team lead after this long out of adherence; 0: never
  bool operator==(const WfmSettings&) const = default;
};

// Planner-defined shift rules (docs/wfm.md, "Shift rules"): what generated
// schedules follow for everyone; default_shift_rules() until a planner sets them.
struct ShiftRules {
  std::vector<ShiftTemplate> templates;
  WorkRules work;
  Contract contract;  // every agent's, unless its AgentRules say otherwise
};
ShiftRules default_shift_rules();

// One agent's own rules: each part, when set, replaces the default.
struct AgentRules {
  std::string agent;                       // agent name
  std::optional<Contract> contract;
  // Monday..Sunday; available = false: no shift that weekday. nullopt: always available.
  std::optional<std::array<DayAvailability, 7>> availability;
  std::optional<Preferences> preferences;  // preferred_days_off_mask: bit 0 = Monday
  std::vector<std::string> templates;      // template ids it may work; empty = all
};

// A special day of the forecast (docs/wfm.md, "Special days").
struct StoredSpecialDay {
  std::string date;       // "YYYY-MM-DD"
  double factor = 1.0;    // >= 0
  std::string reference;  // "YYYY-MM-DD" whose values to use, "" = the date's own forecast
  std::string name;
  std::string queue;      // "" = every queue
};

class WfmRepository {
 public:
  explicit WfmRepository(storage::SqlDriver& db) : db_(db) {}

  // Inserts or replaces points (same queue and start), all in one transaction.
  Result<void> put_history(std::span<const HistoryPoint> points);
  // The queue's points with from_ms <= start < to_ms, by start.
  Result<std::vector<HistoryPoint>> history(std::string_view queue, int64_t from_ms, int64_t to_ms);

  Result<int64_t> add_adjustment(const StoredAdjustment& a);
  // kNotFound naming "id" when there is none.
  Result<void> delete_adjustment(int64_t id);
  // The queue's adjustments overlapping [from_ms, to_ms), oldest first.
  Result<std::vector<StoredAdjustment>> adjustments(std::string_view queue, int64_t from_ms, int64_t to_ms);

  // Stores a new draft as the next version; returns its id (s.version is set
  // by the store: 1 + the highest so far).
  Result<int64_t> add_schedule(const StoredSchedule& s);
  // Newest first, without bodies.
  Result<std::vector<StoredSchedule>> schedules();
  Result<std::optional<StoredSchedule>> schedule(int64_t id);
  // Replaces a draft's body; kIllegalState once published, kNotFound when unknown.
  Result<void> save_draft(int64_t id, std::string_view body);
  // Publishes a draft at now_ms; kIllegalState when published already.
  Result<void> publish(int64_t id, int64_t now_ms);
  // Leave: a new request is pending; decide_leave moves it from one status
  // to another and says false when it was not in `from_status`.
  Result<int64_t> add_leave(const LeaveRequest& l);
  Result<std::optional<LeaveRequest>> leave(int64_t id);
  // Requests of every status overlapping the dates [first, last], by first day.
  Result<std::vector<LeaveRequest>> leave_between(std::string_view first, std::string_view last);
  Result<bool> decide_leave(int64_t id, std::string_view from_status, std::string_view to_status, std::string_view by,
                            int64_t now_ms, std::string_view reason);
  // Days of leave an agent has in a year; nullopt: the default applies.
  Result<std::optional<int>> allowance(std::string_view agent, int year);
  Result<void> set_allowance(std::string_view agent, int year, int days);

  // Swaps: a new offer is open; take_swap moves an open one to `to_status`
  // (pending or approved) with its taker; decide_swap moves one from
  // `from_status`; both say false when it was not in the expected status.
  Result<int64_t> add_swap(const ShiftSwap& w);
  Result<std::optional<ShiftSwap>> swap(int64_t id);
  // Swaps of shifts dated first..last, by date.
  Result<std::vector<ShiftSwap>> swaps_between(std::string_view first, std::string_view last);
  // `taken`'s taker and given shift are recorded.
  Result<bool> take_swap(int64_t id, std::string_view to_status, const ShiftSwap& taken, int64_t now_ms);
  Result<bool> decide_swap(int64_t id, std::string_view from_status, std::string_view to_status, std::string_view by,
                           int64_t now_ms, std::string_view reason);
  // Open and pending swaps of shifts on or before `today` become expired.
  Result<uint64_t> expire_swaps(std::string_view today, int64_t now_ms);
  // Planner settings by name (a JSON text the service reads); nullopt: not set.
  Result<std::optional<std::string>> setting(std::string_view name);
  Result<void> put_setting(std::string_view name, std::string_view body);
  // Shift rules; nullopt: never set (the defaults apply).
  Result<std::optional<ShiftRules>> shift_rules();
  Result<void> put_shift_rules(const ShiftRules& r);
  // Agents' own rules, by agent name; delete says false when there were none.
  Result<std::vector<AgentRules>> agent_rules();
  Result<void> put_agent_rules(const AgentRules& r);
  Result<bool> delete_agent_rules(std::string_view agent);
  // The special days, all queues (the whole list is replaced at once).
  Result<std::vector<StoredSpecialDay>> special_days();
  Result<void> put_special_days(std::span<const StoredSpecialDay> days);
  // The center's settings (defaults when never set).
  Result<WfmSettings> settings();
  Result<void> put_settings(const WfmSettings& s);

  // The most recently published schedule whose days include the local date
  // `date` ("YYYY-MM-DD"), else the most recently published one; with body.
  Result<std::optional<StoredSchedule>> published_for(std::string_view date);

 private:
  storage::SqlDriver& db_;
};

}  // namespace switchyard::wfm
