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

  // The most recently published schedule whose days include the local date
  // `date` ("YYYY-MM-DD"), else the most recently published one; with body.
  Result<std::optional<StoredSchedule>> published_for(std::string_view date);

 private:
  storage::SqlDriver& db_;
};

}  // namespace switchyard::wfm
