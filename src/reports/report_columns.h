#pragma once
// Internal to the reports module: the figures of the daily report, once,
// for the CSV (by key) and the HTML tables (by label, formatted per unit).
// Keys and formulas are those of docs/kpis.md and the report API.
#include <span>
#include <string_view>

#include "metrics/kpi_collector.h"

namespace switchyard::reports::detail {

enum class Unit : uint8_t {
  kCount,    // a whole number
  kRatio,    // 0..1, shown as a percentage
  kSeconds,  // a duration in s
  kScore,    // a mean rating 1..5
};

struct Column {
  std::string_view key;  // CSV header, as in the report API
  std::string_view en, zh;  // table headers
  Unit unit;
  double (*value)(const metrics::KpiFigures&);
  // False where the figure's denominator is 0: the HTML shows a dash (the
  // CSV, like the API, writes 0).
  bool (*defined)(const metrics::KpiCounters&);
};

std::span<const Column> columns();
// The column named `key` (one that exists: checked by the tests).
const Column& column(std::string_view key);

}  // namespace switchyard::reports::detail
