#pragma once
// When a site's daily briefing is published and which briefing an item goes to (docs/comms.md
// "Daily briefing"). A site publishes at `publish_min` minutes after its local midnight in its
// own time zone; items are taken until `deadline_min` minutes before that. An item submitted at
// t goes to the first briefing whose deadline is after t, so a late item goes to the next day's.
// Briefing D holds the items submitted in [deadline(D - 1 day), deadline(D)).
//
// Pure: local times through metrics::Calendar (IANA zones, daylight-saving days of 23 and 25
// hours: the wall-clock time holds, the gap between two briefings does not).
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"
#include "metrics/calendar.h"

namespace switchyard::comms {

struct BriefingSchedule {
  std::string site;                // the engine site's name
  std::string time_zone = "UTC";   // IANA
  int publish_min = 7 * 60 + 30;   // 0..1439, local minutes after midnight
  int deadline_min = 60;           // 0..720, minutes before publishing
  bool operator==(const BriefingSchedule&) const = default;
};

// kInvalidArgument naming "time_zone", "publish_at" or "deadline_minutes".
Result<void> validate(const BriefingSchedule& s);
// "07:30" <-> 450; nullopt unless HH:MM with HH 00..23 and MM 00..59.
std::optional<int> minutes_of_day(std::string_view hh_mm);
std::string hh_mm(int minutes);

class BriefingClock {
 public:
  // kInvalidArgument as validate().
  static Result<BriefingClock> make(const BriefingSchedule& s);
  // Epoch ms of the publication / the deadline of local date `date` ("YYYY-MM-DD").
  int64_t publish_ms(std::string_view date) const;
  int64_t deadline_ms(std::string_view date) const;
  // The local date of `t_ms`, and the one `days` after a date.
  std::string date_of(int64_t t_ms) const { return cal_.format_date(t_ms); }
  static std::string add_days(std::string_view date, int days);
  // The briefing an item submitted at `t_ms` goes to.
  std::string briefing_for(int64_t t_ms) const;
  const BriefingSchedule& schedule() const { return s_; }

 private:
  BriefingClock(BriefingSchedule s, metrics::Calendar cal) : s_(std::move(s)), cal_(std::move(cal)) {}
  BriefingSchedule s_;
  metrics::Calendar cal_;
};

}  // namespace switchyard::comms
