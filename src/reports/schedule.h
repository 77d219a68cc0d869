#pragma once
// When the daily report runs (docs/operations.md, "Scheduled reports"): pure
// functions of the center's calendar, the configured local time of day and
// a time `now` (epoch ms) that the caller reads from its injected Clock.
//
// The report of a local day D is due at the configured time on the local
// day after D. Every local day has exactly one such instant: where the
// clocks skip that time (a spring-forward day) it is the transition, where
// they repeat it (a fall-back day) the first of the two (metrics::Calendar::
// from_local). A report is kept while its day is one of the `keep_days`
// local days before today; older ones are pruned, and a catch-up after
// downtime never generates them.
//
// Thread-safe: no state.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "metrics/calendar.h"

namespace switchyard::reports {

struct DailySchedule {
  int64_t at_ms = (6 * 60 + 30) * 60'000LL;  // local time of day of the run, ms after midnight
  int keep_days = 90;                         // days of reports kept (>= 1)
};

// "HH:MM" (00:00 .. 23:59) as ms after midnight; anything else is
// kInvalidArgument naming `field`.
Result<int64_t> parse_time_of_day(std::string_view text, std::string_view field);
// ms after midnight as "HH:MM".
std::string format_time_of_day(int64_t ms_of_day);

// The start of the local day before the one that starts at `day_start_ms`.
int64_t previous_day(const metrics::Calendar& cal, int64_t day_start_ms);

// The instant the report of the local day starting at `day_start_ms` is due.
int64_t due_ms(const metrics::Calendar& cal, const DailySchedule& s, int64_t day_start_ms);

// The first run strictly after `now_ms` (when the next report falls due).
int64_t next_run_ms(const metrics::Calendar& cal, const DailySchedule& s, int64_t now_ms);

// The start of the oldest local day whose report is kept at `now_ms`:
// `keep_days` days before today. Reports of earlier days are pruned.
int64_t keep_from_ms(const metrics::Calendar& cal, const DailySchedule& s, int64_t now_ms);

// The local days (their starts, newest first) whose reports are due at
// `now_ms` and kept, no earlier than the day holding `earliest_ms` (the
// first day there are rollups for; INT64_MAX: none, so no day).
std::vector<int64_t> due_days(const metrics::Calendar& cal, const DailySchedule& s, int64_t now_ms,
                              int64_t earliest_ms);

}  // namespace switchyard::reports
