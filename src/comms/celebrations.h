#pragma once
// Birthdays and work anniversaries (docs/comms.md "People"): what a user chose to share and the
// days it falls on. Opt-in: nothing shows unless its flag is on. A birthday is a month and a day
// (no year is kept); 29 February is celebrated on 28 February in other years, and so is an
// anniversary of a start on 29 February. Pure: no clock, no I/O.
#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"

namespace switchyard::comms {

struct Profile {
  std::string user;
  std::optional<std::string> birthday;    // "MM-DD"
  bool show_birthday = false;
  std::optional<std::string> work_start;  // "YYYY-MM-DD"
  bool show_anniversary = false;
  bool operator==(const Profile&) const = default;
};
// kInvalidArgument naming "birthday" or "work_start".
Result<void> validate(const Profile& p);

struct Celebration {
  std::string user;
  bool anniversary = false;  // else a birthday
  std::chrono::year_month_day date;
  int years = 0;  // anniversaries: completed years (>= 1)
};
// The shared celebrations on `days` days from `from` (inclusive), by date then user.
std::vector<Celebration> celebrations(std::span<const Profile> people, std::chrono::year_month_day from, int days);

std::string iso_date(std::chrono::year_month_day d);  // "YYYY-MM-DD"
std::optional<std::chrono::year_month_day> parse_iso_date(std::string_view text);

}  // namespace switchyard::comms
