#pragma once
// Helpers shared by the two halves of WfmService (wfm_service.cc: planning;
// wfm_people.cc: schedules, adherence and leave of the people planned).
// Internal to switchyard_app.
#include <chrono>
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

}  // namespace switchyard::app::wfm_detail
