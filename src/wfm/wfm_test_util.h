#pragma once
// Helpers shared by the wfm tests.
#include <chrono>

#include "wfm/forecast.h"

namespace switchyard::wfm {

// The local date y-m-d (may be invalid, e.g. 2026-02-30, for error tests).
inline Date ymd(int y, unsigned m, unsigned d) {
  return Date(std::chrono::year(y), std::chrono::month(m), std::chrono::day(d));
}

}  // namespace switchyard::wfm
