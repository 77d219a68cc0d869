#pragma once
// The CSV import of older history (`switchyard wfm import`, docs/wfm.md "History import (CSV)"):
// text in, good rows and per-line errors out. Pure: no I/O, no clock; the caller reads the file.
//
// Format (UTF-8, one optional BOM, LF or CRLF line ends):
//   queue,start,contacts,aht_s                         <- header, exactly these names and order
//   support,2026-11-02T08:30,42,187.5                  <- one row per queue and interval
// - queue: the queue's name, not empty; no quoting (a name may not contain ',' or '"').
// - start: the interval's start as an ISO local date-time "YYYY-MM-DDTHH:MM" (":00" seconds
//   allowed), on an interval boundary (minute of day a multiple of interval_min).
// - contacts: offered contacts in the interval, a number >= 0 (fractions allowed: averaged data).
// - aht_s: volume-weighted mean handle time in seconds, a number >= 0 (read only if contacts > 0).
// Spaces around fields are ignored; blank lines are skipped. A bad row is reported with its
// 1-based line number (the header is line 1) and the reason, and left out; the good rows are
// kept. A second row with the same queue and start is an error row (the first one is kept).
//
// Cost: linear in the text, one hash lookup per row. Thread-safe (no shared state).
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "wfm/forecast.h"

namespace switchyard::wfm {

struct HistoryRow {
  std::string queue;
  Date date{};            // local date of the interval
  int minute_of_day = 0;  // local start, 0..1439, a multiple of interval_min
  double contacts = 0;
  double aht_s = 0;
  int64_t line = 0;  // 1-based line of the text
};

struct CsvRowError {
  int64_t line = 0;    // 1-based line of the text
  std::string field;   // "queue", "start", "contacts", "aht_s", or "row" (field count)
  std::string reason;  // for people
};

struct HistoryCsv {
  std::vector<HistoryRow> rows;     // the good rows, in file order
  std::vector<CsvRowError> errors;  // the bad rows, in file order, one per line
  int64_t data_lines = 0;           // non-blank lines after the header
};

// Called with (rows done, total rows) as parsing goes: at most about 100 times, always at the
// end with done == total. `total` counts the lines after the header (blank ones included).
using CsvProgress = std::function<void(int64_t done, int64_t total)>;

// Parses the text. Only a wrong interval_min ("interval_min", 15 or 30) and a missing or wrong
// header ("header") fail the whole import (kInvalidArgument); everything else is a row error.
Result<HistoryCsv> parse_history_csv(std::string_view text, int interval_min,
                                     const CsvProgress& progress = {});

// One queue's imported history as a forecast input.
struct QueueHistory {
  std::string queue;
  History history;                // from the first row's date to the last row's, whole days
  int64_t missing_intervals = 0;  // intervals without a row: 0 contacts, AHT 0
};

// Groups rows by queue (queues sorted by name) into whole-day series of interval_min minutes.
// Errors (kInvalidArgument): "interval_min"; "rows[i].minute_of_day" (out of range or off the
// boundary), "rows[i].date", "rows[i].contacts" / ".aht_s" (NaN, negative), "rows[i]" (a
// duplicate queue and start). Rows from parse_history_csv always pass.
Result<std::vector<QueueHistory>> build_histories(std::span<const HistoryRow> rows,
                                                  int interval_min);

}  // namespace switchyard::wfm
