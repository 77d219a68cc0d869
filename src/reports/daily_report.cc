#include "reports/daily_report.h"

#include <array>
#include <charconv>
#include <map>
#include <utility>

#include "reports/report_columns.h"
#include "reports/rollups.h"

namespace switchyard::reports {

using metrics::Dim;
using metrics::Grain;
using metrics::KpiCounters;
using metrics::KpiFigures;

namespace detail {
namespace {

bool always(const KpiCounters&) { return true; }
bool offered(const KpiCounters& c) { return c.offered > c.short_abandoned; }
bool answered(const KpiCounters& c) { return c.answered > 0; }
bool left_line(const KpiCounters& c) { return c.answered + c.abandoned > 0; }
bool handled(const KpiCounters& c) { return c.handled > 0; }
bool any_offered(const KpiCounters& c) { return c.offered > 0; }
bool staffed(const KpiCounters& c) { return c.busy_ms + c.idle_ms > 0; }
bool logged_in(const KpiCounters& c) { return c.busy_ms + c.idle_ms + c.not_ready_ms > 0; }
bool surveyed(const KpiCounters& c) { return c.survey_answers > 0; }

#define SY_F(field) [](const KpiFigures& f) { return static_cast<double>(f.field); }
constexpr std::array<Column, 25> kColumns = {{
    {"offered", "Offered", "进线量", Unit::kCount, SY_F(offered), always},
    {"answered", "Answered", "接听量", Unit::kCount, SY_F(answered), always},
    {"abandoned", "Abandoned", "放弃量", Unit::kCount, SY_F(abandoned), always},
    {"short_abandoned", "Short abandons", "短时放弃", Unit::kCount, SY_F(short_abandoned), always},
    {"refused", "Refused", "拒绝", Unit::kCount, SY_F(refused), always},
    {"expired", "Expired", "等待超时", Unit::kCount, SY_F(expired), always},
    {"handled", "Handled", "处理量", Unit::kCount, SY_F(handled), always},
    {"transferred", "Transferred", "转接量", Unit::kCount, SY_F(transferred), always},
    {"offers", "Offers", "分配次数", Unit::kCount, SY_F(offers), always},
    {"missed_offers", "Missed offers", "未接分配", Unit::kCount, SY_F(missed_offers), always},
    {"service_level", "Service level", "服务水平", Unit::kRatio, SY_F(service_level), offered},
    {"asa_s", "ASA", "平均应答速度", Unit::kSeconds, SY_F(asa_s), answered},
    {"avg_wait_s", "Average wait", "平均等待", Unit::kSeconds, SY_F(avg_wait_s), left_line},
    {"max_wait_s", "Longest wait", "最长等待", Unit::kSeconds, SY_F(max_wait_s), left_line},
    {"aht_s", "AHT", "平均处理时长", Unit::kSeconds, SY_F(aht_s), handled},
    {"avg_talk_s", "Average talk", "平均通话", Unit::kSeconds, SY_F(avg_talk_s), handled},
    {"avg_hold_s", "Average hold", "平均保持", Unit::kSeconds, SY_F(avg_hold_s), handled},
    {"avg_acw_s", "Average ACW", "平均话后处理", Unit::kSeconds, SY_F(avg_acw_s), handled},
    {"abandon_rate", "Abandonment rate", "放弃率", Unit::kRatio, SY_F(abandon_rate), any_offered},
    {"transfer_rate", "Transfer rate", "转接率", Unit::kRatio, SY_F(transfer_rate), answered},
    {"occupancy", "Occupancy", "占用率", Unit::kRatio, SY_F(occupancy), staffed},
    {"utilisation", "Utilisation", "利用率", Unit::kRatio, SY_F(utilisation), logged_in},
    {"survey_answers", "Survey answers", "调查回复", Unit::kCount, SY_F(survey_answers), always},
    {"csat", "CSAT", "满意度", Unit::kRatio, SY_F(csat), surveyed},
    {"csat_mean", "Mean rating", "平均评分", Unit::kScore, SY_F(csat_mean), surveyed},
}};
#undef SY_F

}  // namespace

std::span<const Column> columns() { return kColumns; }

const Column& column(std::string_view key) {
  for (const Column& c : kColumns)
    if (c.key == key) return c;
  return kColumns[0];
}

}  // namespace detail

std::string_view to_string(Lang l) { return l == Lang::kZh ? "zh-CN" : "en"; }

std::optional<Lang> lang_from_string(std::string_view s) {
  if (s == "en") return Lang::kEn;
  if (s == "zh-CN" || s == "zh" || s == "zh-cn") return Lang::kZh;
  return std::nullopt;
}

std::string ReportDirectory::name(Dim d, uint32_t id) const {
  const std::vector<std::string>* names = nullptr;
  switch (d) {
    case Dim::kQueue: names = &queues; break;
    case Dim::kTeam: names = &teams; break;
    case Dim::kAgent: names = &agents; break;
    case Dim::kChannel:
      if (id < core::kChannelCount) return std::string(core::to_string(static_cast<core::Channel>(id)));
      break;
    case Dim::kCenter: return "center";
    case Dim::kSite:
    case Dim::kGroup:  // live only: never in the rollups
      break;
  }
  if (names && id < names->size() && !(*names)[id].empty()) return (*names)[id];
  std::string unnamed = "#";  // appended: GCC 12 -O3 warns falsely (-Wrestrict) on "#" + string&&
  unnamed += std::to_string(id);
  return unnamed;
}

ReportDirectory::QueueGoal ReportDirectory::goal(uint32_t queue) const {
  return queue < goals.size() ? goals[queue] : QueueGoal{};
}

namespace {

// Every local hour of [start, end), each with its row's counters (or zeros).
std::vector<DailyReport::Hour> hours_of(const metrics::Calendar& cal, int64_t start, int64_t end,
                                        const std::vector<RollupRow>& rows) {
  std::map<int64_t, const KpiCounters*> by_start;
  for (const RollupRow& r : rows) by_start[r.start_ms] = &r.counters;
  std::vector<DailyReport::Hour> out;
  for (int64_t h = start; h < end; h = cal.next(Grain::kHour, h)) {
    auto it = by_start.find(h);
    out.push_back({h, it == by_start.end() ? KpiCounters{} : *it->second});
  }
  return out;
}

}  // namespace

Result<DailyReport> load_daily_report(storage::SqlDriver& db, const metrics::Calendar& cal, int64_t day_start_ms,
                                      const ReportDirectory& dir, int64_t generated_ms) {
  DailyReport r;
  r.start_ms = cal.floor(Grain::kDay, day_start_ms);
  r.end_ms = cal.next(Grain::kDay, r.start_ms);
  r.day = cal.format_date(r.start_ms);
  r.time_zone = cal.zone();
  r.generated_ms = generated_ms;
  RollupRepository repo(db);
  auto read = [&](Dim d, Grain g) { return repo.rows({d, g, r.start_ms, r.end_ms, {}}); };
  auto lines = [&](Dim d, std::vector<DailyReport::Line>& out) -> Result<void> {
    auto rows = read(d, Grain::kDay);
    if (!rows) return std::unexpected(std::move(rows.error()));
    for (RollupRow& row : *rows) out.push_back({row.id, dir.name(d, row.id), row.counters});
    return {};
  };
  auto center = read(Dim::kCenter, Grain::kDay);
  if (!center) return std::unexpected(std::move(center.error()));
  for (const RollupRow& row : *center) metrics::merge(r.center, row.counters);
  auto hours = read(Dim::kCenter, Grain::kHour);
  if (!hours) return std::unexpected(std::move(hours.error()));
  r.hours = hours_of(cal, r.start_ms, r.end_ms, *hours);
  for (auto [d, out] : {std::pair{Dim::kChannel, &r.channels}, std::pair{Dim::kQueue, &r.queues},
                        std::pair{Dim::kTeam, &r.teams}, std::pair{Dim::kAgent, &r.agents}})
    if (auto ok = lines(d, *out); !ok) return std::unexpected(ok.error());
  auto queue_hours = read(Dim::kQueue, Grain::kHour);  // by id, then start
  if (!queue_hours) return std::unexpected(std::move(queue_hours.error()));
  double weighted = 0, weight = 0;
  for (const DailyReport::Line& q : r.queues) {
    std::vector<RollupRow> mine;
    for (const RollupRow& row : *queue_hours)
      if (row.id == q.id) mine.push_back(row);
    r.queue_hours.push_back({q.id, hours_of(cal, r.start_ms, r.end_ms, mine)});
    r.queue_goals.push_back(dir.goal(q.id));
    weighted += r.queue_goals.back().sl_target_pct * static_cast<double>(q.counters.offered);
    weight += static_cast<double>(q.counters.offered);
  }
  if (weight > 0) r.sl_goal_pct = weighted / weight;
  else if (!r.queue_goals.empty()) r.sl_goal_pct = r.queue_goals.front().sl_target_pct;
  return r;
}

// --- CSV ---------------------------------------------------------------------

void append_csv_field(std::string& out, std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

namespace {


void fixed(std::string& out, double v, int decimals) {
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
  out.append(buf, ec == std::errc{} ? p : buf);
}

// section,id,name,start,<figures>,sl_goal
void csv_line(std::string& out, std::string_view section, uint32_t id, std::string_view name, std::string_view start,
              const KpiCounters& c, std::optional<double> goal_pct) {
  out += section;
  out += ',';
  out += std::to_string(id);
  out += ',';
  append_csv_field(out, name);
  out += ',';
  out += start;
  const KpiFigures f = metrics::derive(c);
  for (const detail::Column& col : detail::columns()) {
    out += ',';
    const double v = col.value(f);
    switch (col.unit) {
      case detail::Unit::kCount: out += std::to_string(static_cast<uint64_t>(v)); break;
      case detail::Unit::kRatio: fixed(out, v, 4); break;
      case detail::Unit::kSeconds: fixed(out, v, 1); break;
      case detail::Unit::kScore: fixed(out, v, 2); break;
    }
  }
  out += ',';
  if (goal_pct) fixed(out, *goal_pct / 100, 4);
  out += "\r\n";
}

}  // namespace

std::string daily_report_csv(const DailyReport& r, const metrics::Calendar& cal) {
  std::string out = "section,id,name,start";
  for (const detail::Column& col : detail::columns()) {
    out += ',';
    out += col.key;
  }
  out += ",sl_goal\r\n";
  const std::string day_start = cal.format(r.start_ms);
  csv_line(out, "center", 0, "center", day_start, r.center, r.sl_goal_pct);
  for (const DailyReport::Hour& h : r.hours) csv_line(out, "hour", 0, "center", cal.format(h.start_ms), h.counters, {});
  for (const DailyReport::Line& l : r.channels) csv_line(out, "channel", l.id, l.name, day_start, l.counters, {});
  for (size_t i = 0; i < r.queues.size(); ++i)
    csv_line(out, "queue", r.queues[i].id, r.queues[i].name, day_start, r.queues[i].counters,
             r.queue_goals[i].sl_target_pct);
  for (size_t i = 0; i < r.queues.size(); ++i)
    for (const DailyReport::Hour& h : r.queue_hours[i].hours)
      if (h.counters.offered + h.counters.handled > 0)
        csv_line(out, "queue_hour", r.queues[i].id, r.queues[i].name, cal.format(h.start_ms), h.counters, {});
  for (const DailyReport::Line& l : r.teams) csv_line(out, "team", l.id, l.name, day_start, l.counters, {});
  for (const DailyReport::Line& l : r.agents) csv_line(out, "agent", l.id, l.name, day_start, l.counters, {});
  return out;
}

}  // namespace switchyard::reports
