#pragma once
// The daily report: one local day of the center, read from the rollups
// (rollups.h; never from events) and rendered as one CSV file and as a
// self-contained HTML page (inline CSS, charts as inline SVG) in English and
// Simplified Chinese. Columns and layout: docs/api.md, "Scheduled reports".
//
// DailyReport is plain data, so the renderers are pure functions a test
// can feed a hand-built day; load_daily_report() fills it from the store.
//
// Threading: the renderers are pure; load_daily_report() uses one
// connection (one thread at a time).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "metrics/calendar.h"
#include "metrics/kpi_collector.h"
#include "storage/sql_driver.h"

namespace switchyard::reports {

enum class Lang : uint8_t { kEn, kZh };
inline constexpr Lang kLangs[] = {Lang::kEn, Lang::kZh};
std::string_view to_string(Lang l);  // "en", "zh-CN"
// "en", "zh-CN" (also "zh", "zh-cn"); anything else is nullopt.
std::optional<Lang> lang_from_string(std::string_view s);

// What the report shows of the configuration besides the rollups: names by
// id (from the catalog of names) and each queue's service-level goal.
struct ReportDirectory {
  struct QueueGoal {
    int64_t sl_target_ms = 20'000;  // T: answered within ...
    double sl_target_pct = 80.0;    // ... for this share of contacts, 0..100
  };
  std::vector<std::string> queues, teams, agents;  // names by id; missing: "#id"
  std::vector<QueueGoal> goals;                    // by queue id; missing: the defaults
  std::string name(metrics::Dim d, uint32_t id) const;
  QueueGoal goal(uint32_t queue) const;
};

struct DailyReport {
  struct Line {
    uint32_t id = 0;
    std::string name;
    metrics::KpiCounters counters;
  };
  struct Hour {
    int64_t start_ms = 0;  // a local clock hour (a repeated hour is two entries)
    metrics::KpiCounters counters;
  };
  struct QueueHours {
    uint32_t queue = 0;
    std::vector<Hour> hours;  // as `hours`
  };
  std::string day;        // local date, "2026-03-08"
  std::string time_zone;  // IANA name
  int64_t start_ms = 0;   // local midnight (epoch ms) ...
  int64_t end_ms = 0;     // ... to the next one: 23, 24 or 25 h
  int64_t generated_ms = 0;
  metrics::KpiCounters center;
  double sl_goal_pct = 80.0;  // the queues' goals weighted by what each was offered
  std::vector<Hour> hours;    // every local hour of the day, zeros where nothing happened
  std::vector<Line> channels, queues, teams, agents;  // ids with rows, by id
  std::vector<ReportDirectory::QueueGoal> queue_goals;  // parallel to `queues`
  std::vector<QueueHours> queue_hours;                // parallel to `queues`
};

// Reads the day starting at `day_start_ms` (a local midnight of `cal`) from
// the rollups: the center's day and hour rows, the day rows of every
// channel, queue, team and agent, and each queue's hour rows.
Result<DailyReport> load_daily_report(storage::SqlDriver& db, const metrics::Calendar& cal, int64_t day_start_ms,
                                      const ReportDirectory& dir, int64_t generated_ms);

// One CSV file (RFC 4180, CRLF): a header, then lines by `section` (center,
// hour, channel, queue, queue_hour, team, agent). Ratios 0..1 with four
// decimals, times in seconds with one decimal.
std::string daily_report_csv(const DailyReport& r, const metrics::Calendar& cal);
// Appends `s` as one RFC 4180 field: quoted (quotes doubled) when it holds a
// comma, a quote or a line break. Every CSV the server writes uses it.
void append_csv_field(std::string& out, std::string_view s);

// A self-contained HTML page in `lang`: totals, three SVG charts (contacts
// per hour answered vs abandoned, service level per hour against the goal,
// ASA per hour), and tables per hour, channel, queue, team and agent.
std::string daily_report_html(const DailyReport& r, const metrics::Calendar& cal, Lang lang);

}  // namespace switchyard::reports
