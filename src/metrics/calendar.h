#pragma once
// The center's calendar: report intervals (15 min, hour, day, month, year) in
// the center's time zone, with daylight-saving days of 23 and 25 hours
// (docs/kpis.md, "Intervals and time zones"). Zones come from the system's
// IANA database (/usr/share/zoneinfo, Debian `tzdata`) through Howard
// Hinnant's date library.
//
// Every bucket is identified by its start as epoch milliseconds (UTC). A
// bucket of grain g contains [floor(g, t), next(g, floor(g, t))).
// - 15 min and hour buckets are local clock boundaries: on the day clocks go
//   back the repeated local hour is two buckets; on the day they go forward
//   the missing hour has none. Offsets in use are whole multiples of 15 min,
//   so every 15 min bucket lies within one hour, day, month and year bucket.
// - A day starts at local midnight (or, where midnight does not exist on a
//   day clocks go forward at 00:00, at the transition); months and years
//   start on their first day.
//
// Thread-safe: a Calendar is immutable and may be copied freely.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace date {
class time_zone;
}

namespace switchyard::metrics {

enum class Grain : uint8_t { k15Min, kHour, kDay, kMonth, kYear };
inline constexpr int kGrainCount = 5;

std::string_view to_string(Grain g);  // "15min", "hour", "day", "month", "year"
std::optional<Grain> grain_from_string(std::string_view s);

class Calendar {
 public:
  // `zone`: an IANA name ("Europe/Paris", "Asia/Shanghai", "UTC"). Unknown
  // names are kInvalidArgument naming `field`.
  static Result<Calendar> make(std::string_view zone, std::string_view field = "time_zone");
  static Calendar utc();

  const std::string& zone() const { return name_; }
  // Local time minus UTC at `t_ms`, in ms.
  int64_t offset_ms(int64_t t_ms) const;
  // Start of the bucket of grain `g` containing `t_ms` (epoch ms).
  int64_t floor(Grain g, int64_t t_ms) const;
  // Start of the bucket after the one that starts at `start_ms`.
  int64_t next(Grain g, int64_t start_ms) const;
  // Epoch ms of a local date and time of day (ms after local midnight). On a
  // repeated hour the earlier instant; in a skipped hour the transition.
  int64_t from_local(int year, unsigned month, unsigned day, int64_t ms_of_day = 0) const;
  // RFC 3339 local time with its offset: "2026-03-08T03:00:00-04:00".
  std::string format(int64_t t_ms) const;
  // The local calendar date of `t_ms`: "2026-03-08".
  std::string format_date(int64_t t_ms) const;
  // A time in a query string: "2026-03-08" (local midnight),
  // "2026-03-08T09:30[:00]" (local), or either with "Z" / "+08:00" (absolute).
  // Anything else is kInvalidArgument naming `field`.
  Result<int64_t> parse(std::string_view text, std::string_view field) const;

 private:
  Calendar(const date::time_zone* tz, std::string name) : tz_(tz), name_(std::move(name)) {}
  const date::time_zone* tz_;  // owned by the date library's database; lives forever
  std::string name_;
};

}  // namespace switchyard::metrics
