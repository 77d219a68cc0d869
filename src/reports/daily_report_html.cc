// The daily report as one self-contained HTML page (daily_report.h): inline
// CSS, inline SVG charts, no scripts, no external resources; English or
// Simplified Chinese; printable (A4, table headers repeat on every page).
#include <charconv>
#include <cmath>
#include <cstdio>
#include <span>

#include "reports/daily_report.h"
#include "reports/report_columns.h"
#include "reports/svg_chart.h"

namespace switchyard::reports {

using detail::Column;
using detail::Unit;
using metrics::KpiCounters;

namespace {

// The page's words in one language.
struct Words {
  const char* title;
  const char* time_zone;
  const char* period;
  const char* generated;
  const char* hours_unit;  // "%d h"
  const char* short_day;   // a day of 23 hours
  const char* long_day;    // a day of 25 hours
  const char* summary;
  const char* contacts_per_hour;
  const char* contacts_desc;
  const char* sl_per_hour;
  const char* sl_desc;
  const char* asa_per_hour;
  const char* asa_desc;
  const char* at_goal;
  const char* below_goal;
  const char* goal;
  const char* by_hour;
  const char* channels;
  const char* queues;
  const char* teams;
  const char* agents;
  const char* hour;
  const char* channel;
  const char* queue;
  const char* team;
  const char* agent;
  const char* day_total;
  const char* goal_of;  // "%s within %s"
  const char* no_contacts;
  const char* none;
  const char* seconds;  // unit after a number of seconds
  const char* answers;  // "%s answers"
  const char* notes;
  const char* footer;
  const char* channel_names[core::kChannelCount];
};

constexpr Words kEn = {
    "Daily report",
    "Time zone",
    "Period",
    "Generated",
    "%d h",
    "This day had 23 hours: the clocks went forward.",
    "This day had 25 hours: the clocks went back, so one hour appears twice.",
    "Summary",
    "Contacts per hour",
    "Answered and abandoned contacts by the hour they arrived in.",
    "Service level per hour",
    "Share of contacts answered within the queue's threshold, per hour, against the goal.",
    "Average speed of answer per hour",
    "Mean wait of answered contacts, per hour of arrival.",
    "At or above goal",
    "Below goal",
    "Goal",
    "By hour",
    "Channels",
    "Queues",
    "Teams",
    "Agents",
    "Hour",
    "Channel",
    "Queue",
    "Team",
    "Agent",
    "Day",
    "%s in %s",
    "No contacts this day.",
    "None this day.",
    " s",
    "%s answers",
    "Contacts count in the hour they arrived in. Service level = answered within the queue's threshold / "
    "(offered - short abandons); the goal is each queue's, weighted by its contacts. A dash: nothing to measure.",
    "Switchyard daily report, from the KPI rollups.",
    {"Voice", "Chat", "Email", "SMS", "Social"},
};

constexpr Words kZh = {
    "日报",
    "时区",
    "统计时段",
    "生成时间",
    "%d 小时",
    "当天只有 23 小时：时钟拨快了一小时。",
    "当天有 25 小时：时钟拨慢了一小时，因此有一个小时出现两次。",
    "概览",
    "每小时联系量",
    "按到达时段统计的接听与放弃联系数。",
    "每小时服务水平",
    "每小时在队列阈值内接听的联系占比，与目标对比。",
    "每小时平均应答速度",
    "按到达时段统计的已接听联系平均等待时间。",
    "达到目标",
    "低于目标",
    "目标",
    "按小时",
    "渠道",
    "队列",
    "团队",
    "坐席",
    "时段",
    "渠道",
    "队列",
    "团队",
    "坐席",
    "全天",
    "%s（%s内）",
    "当天没有联系。",
    "当天无数据。",
    " 秒",
    "%s 份回复",
    "联系计入其到达的时段。服务水平 = 在队列阈值内接听数 /（进线量 - 短时放弃）；目标为各队列目标按进线量加权。"
    "短横线表示无可统计的数据。",
    "Switchyard 日报，数据来自 KPI 汇总。",
    {"语音", "在线聊天", "邮件", "短信", "社交媒体"},
};

const Words& words(Lang l) { return l == Lang::kZh ? kZh : kEn; }

std::string printf_str(const char* fmt, const std::string& a, const std::string& b = {}) {
  char buf[256];
  std::snprintf(buf, sizeof buf, fmt, a.c_str(), b.c_str());
  return buf;
}

// 1234567 -> "1,234,567".
std::string count_text(uint64_t v) {
  std::string digits = std::to_string(v), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// One decimal, none where it is 0: "85.7", "80".
std::string decimal_text(double v) {
  char buf[32];
  const double r = std::round(v * 10) / 10;
  std::snprintf(buf, sizeof buf, r == std::round(r) ? "%.0f" : "%.1f", r);
  return buf;
}

std::string percent_text(double ratio) { return decimal_text(ratio * 100) + "%"; }

// Under a minute "7.3 s" (or "20 s"); then "m:ss", from an hour "h:mm:ss".
std::string duration_text(double s, Lang lang) {
  char buf[48];
  if (s < 59.95) return decimal_text(s) + words(lang).seconds;
  const long total = std::lround(s);
  if (total < 3600) std::snprintf(buf, sizeof buf, "%ld:%02ld", total / 60, total % 60);
  else std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", total / 3600, total / 60 % 60, total % 60);
  return buf;
}

std::string value_text(const Column& col, const KpiCounters& c, Lang lang) {
  if (!col.defined(c)) return "\u2013";
  const double v = col.value(metrics::derive(c));
  switch (col.unit) {
    case Unit::kCount: return count_text(static_cast<uint64_t>(v));
    case Unit::kRatio: return percent_text(v);
    case Unit::kSeconds: return duration_text(v, lang);
    case Unit::kScore: {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%.2f", v);
      return buf;
    }
  }
  return {};
}

const char* label(const Column& col, Lang lang) {
  return lang == Lang::kZh ? col.zh.data() : col.en.data();
}

// "2026-03-09T06:30:02+01:00" -> "2026-03-09 06:30 (UTC+01:00)".
std::string local_text(const metrics::Calendar& cal, int64_t t_ms) {
  const std::string f = cal.format(t_ms);
  return f.substr(0, 10) + " " + f.substr(11, 5) + " (UTC" + f.substr(19) + ")";
}

// The day as people write it: "Sunday 8 March 2026", "2026年3月8日 星期日".
std::string long_date(const DailyReport& r, const metrics::Calendar& cal, Lang lang) {
  static const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                        "July",    "August",   "September", "October", "November", "December"};
  static const char* const kDaysEn[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
  static const char* const kDaysZh[] = {"日", "一", "二", "三", "四", "五", "六"};
  int y = 0, m = 1, d = 1;
  std::from_chars(r.day.data(), r.day.data() + 4, y);
  std::from_chars(r.day.data() + 5, r.day.data() + 7, m);
  std::from_chars(r.day.data() + 8, r.day.data() + 10, d);
  const int64_t local_days = (r.start_ms + cal.offset_ms(r.start_ms) + 43'200'000) / 86'400'000;  // noon-safe
  const int wd = static_cast<int>(((local_days + 4) % 7 + 7) % 7);  // 1970-01-01 was a Thursday
  if (m < 1 || m > 12) return r.day;
  if (lang == Lang::kZh)
    return std::to_string(y) + "年" + std::to_string(m) + "月" + std::to_string(d) + "日 星期" + kDaysZh[wd];
  return std::string(kDaysEn[wd]) + " " + std::to_string(d) + " " + kMonths[m - 1] + " " + std::to_string(y);
}

// Hour labels: "08:00"; a repeated hour (clocks going back) gets its offset.
std::vector<std::string> hour_labels(const DailyReport& r, const metrics::Calendar& cal, bool with_offsets) {
  std::vector<std::string> out;
  for (const DailyReport::Hour& h : r.hours) out.push_back(cal.format(h.start_ms).substr(11, 5));
  if (!with_offsets) return out;
  for (size_t i = 0; i < out.size(); ++i) {
    const bool repeated = (i > 0 && out[i - 1].substr(0, 5) == out[i]) || (i + 1 < out.size() && out[i + 1] == out[i]);
    if (repeated) out[i] += " (UTC" + cal.format(r.hours[i].start_ms).substr(19) + ")";
  }
  return out;
}

constexpr std::string_view kStyle = R"CSS(
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 24px 28px 40px; color: #1d2430; background: #fff;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "PingFang SC",
  "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; }
header { border-bottom: 3px solid #1f5fa8; padding-bottom: 12px; margin-bottom: 8px; }
h1 { font-size: 26px; margin: 0; color: #1f5fa8; }
.day { font-size: 19px; margin: 2px 0 8px; font-weight: 600; }
.meta { display: flex; flex-wrap: wrap; gap: 4px 28px; margin: 0; color: #4a5568; }
.meta div { display: flex; gap: 8px; }
.meta dt { font-weight: 600; }
.meta dd { margin: 0; }
.note { margin: 8px 0 0; padding: 6px 10px; background: #fff8e1; border-left: 4px solid #f0a500; }
h2 { font-size: 17px; margin: 26px 0 10px; color: #1f5fa8; border-bottom: 1px solid #d5dde8; padding-bottom: 4px; }
.tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; list-style: none; padding: 0; margin: 0; }
.tiles li { border: 1px solid #d5dde8; border-radius: 6px; padding: 10px 12px; background: #f7f9fc; min-width: 0; }
.tiles .label { display: block; color: #4a5568; font-size: 13px; }
.tiles .value { display: block; font-size: 24px; font-weight: 700; font-variant-numeric: tabular-nums; }
.tiles .sub { display: block; color: #4a5568; font-size: 12px; }
.tiles .bad .value { color: #b3400a; }
.chart { width: 100%; height: auto; display: block; }
.chart .grid { stroke: #e3e8ef; stroke-width: 1; }
.chart .axis { stroke: #6b7785; stroke-width: 1; }
.chart .tick, .chart .slot { font-size: 12px; fill: #4a5568; }
.chart .legend { font-size: 13px; fill: #1d2430; }
.chart .target { stroke: #1d2430; stroke-width: 2; stroke-dasharray: 7 4; }
.answered { fill: #2f6db5; }
.abandoned { fill: #e07b24; }
.sl-ok { fill: #2e8b57; }
.sl-low { fill: #e07b24; }
.asa { fill: #7562b0; }
table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 13px; }
caption { text-align: left; color: #4a5568; padding-bottom: 4px; }
th, td { padding: 4px 8px; border-bottom: 1px solid #e3e8ef; text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
thead th { background: #eef2f8; border-bottom: 2px solid #c4cfdd; font-weight: 600; vertical-align: bottom; white-space: normal; }
tbody th { font-weight: 500; }
tbody tr:nth-child(even) { background: #fafbfd; }
tfoot th, tfoot td { font-weight: 700; border-top: 2px solid #c4cfdd; }
.scroll { overflow-x: auto; }
.empty { color: #6b7785; font-style: italic; }
.notes { color: #4a5568; font-size: 12px; margin-top: 28px; }
footer { margin-top: 10px; color: #6b7785; font-size: 12px; }
@page { size: A4; margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  .tiles { grid-template-columns: repeat(4, 1fr); }
  section { break-inside: avoid; }
  section.long { break-inside: auto; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  .scroll { overflow: visible; }
  th, td { padding: 2px 5px; }
}
)CSS";

class Page {
 public:
  Page(const DailyReport& r, const metrics::Calendar& cal, Lang lang) : r_(r), cal_(cal), lang_(lang), w_(words(lang)) {}

  std::string render() {
    head();
    o_ += "<main>\n";
    summary();
    charts();
    lines_table("queues", w_.queues, w_.queue, r_.queues, Dim::kQueue,
                {"offered", "answered", "abandoned", "abandon_rate", "service_level", "asa_s", "max_wait_s", "aht_s",
                 "transfer_rate", "csat"});
    hours_table();
    lines_table("channels", w_.channels, w_.channel, r_.channels, Dim::kChannel,
                {"offered", "answered", "abandoned", "service_level", "asa_s", "aht_s", "abandon_rate",
                 "transfer_rate", "csat"});
    lines_table("teams", w_.teams, w_.team, r_.teams, Dim::kTeam,
                {"offers", "answered", "handled", "aht_s", "avg_talk_s", "avg_hold_s", "avg_acw_s", "transfer_rate",
                 "occupancy", "utilisation", "csat"});
    lines_table("agents", w_.agents, w_.agent, r_.agents, Dim::kAgent,
                {"offers", "missed_offers", "answered", "handled", "aht_s", "avg_talk_s", "avg_hold_s", "avg_acw_s",
                 "transfer_rate", "occupancy", "utilisation", "csat"});
    o_ += "<p class=\"notes\">" + escape_html(w_.notes) + "</p>\n</main>\n<footer>" + escape_html(w_.footer) +
          "</footer>\n</body>\n</html>\n";
    return std::move(o_);
  }

 private:
  using Dim = metrics::Dim;

  void head() {
    const std::string date = long_date(r_, cal_, lang_);
    o_ += "<!DOCTYPE html>\n<html lang=\"" + std::string(to_string(lang_)) + "\">\n<head>\n<meta charset=\"utf-8\">\n";
    o_ += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    o_ += "<title>" + escape_html(std::string(w_.title) + " " + r_.day) + " \u00b7 Switchyard</title>\n";
    o_ += "<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n<header>\n";
    o_ += "<h1>" + escape_html(w_.title) + "</h1>\n<p class=\"day\">" + escape_html(date) + "</p>\n";
    const int hours = static_cast<int>((r_.end_ms - r_.start_ms + 1'800'000) / 3'600'000);
    char len[32];
    std::snprintf(len, sizeof len, w_.hours_unit, hours);
    o_ += "<dl class=\"meta\">";
    meta(w_.time_zone, r_.time_zone);
    meta(w_.period, local_text(cal_, r_.start_ms) + " \u2013 " + local_text(cal_, r_.end_ms) + ", " + len);
    meta(w_.generated, local_text(cal_, r_.generated_ms));
    o_ += "</dl>\n";
    if (hours != 24) o_ += "<p class=\"note\">" + escape_html(hours < 24 ? w_.short_day : w_.long_day) + "</p>\n";
    o_ += "</header>\n";
  }

  void meta(const char* term, const std::string& value) {
    o_ += "<div><dt>" + escape_html(term) + "</dt><dd>" + escape_html(value) + "</dd></div>";
  }

  void tile(std::string_view key, std::string sub = {}, bool bad = false) {
    const Column& col = detail::column(key);
    o_ += std::string("<li") + (bad ? " class=\"bad\"" : "") + "><span class=\"label\">" +
          escape_html(label(col, lang_)) + "</span><span class=\"value\">" + escape_html(value_text(col, r_.center, lang_)) +
          "</span>";
    if (!sub.empty()) o_ += "<span class=\"sub\">" + escape_html(sub) + "</span>";
    o_ += "</li>";
  }

  void summary() {
    o_ += "<section aria-labelledby=\"summary\">\n<h2 id=\"summary\">" + escape_html(w_.summary) + "</h2>\n";
    if (r_.center.offered == 0 && r_.center.handled == 0)
      o_ += "<p class=\"empty\">" + escape_html(w_.no_contacts) + "</p>\n";
    const metrics::KpiFigures f = metrics::derive(r_.center);
    const KpiCounters& c = r_.center;
    const bool sl_known = detail::column("service_level").defined(c);
    o_ += "<ul class=\"tiles\">";
    tile("offered");
    tile("answered");
    tile("abandoned", detail::column("abandon_rate").defined(c) ? percent_text(f.abandon_rate) : std::string());
    tile("service_level", std::string(w_.goal) + " " + percent_text(r_.sl_goal_pct / 100),
         sl_known && f.service_level * 100 < r_.sl_goal_pct);
    tile("asa_s");
    tile("aht_s");
    tile("transfer_rate");
    tile("csat", c.survey_answers ? printf_str(w_.answers, count_text(c.survey_answers)) : std::string());
    o_ += "</ul>\n</section>\n";
  }

  void chart_section(const std::string& id, const char* heading, const BarChart& chart) {
    o_ += "<section aria-labelledby=\"" + id + "\">\n<h2 id=\"" + id + "\">" + escape_html(heading) + "</h2>\n" +
          svg_bar_chart(chart) + "\n</section>\n";
  }

  void charts() {
    std::vector<std::string> slots, titles = hour_labels(r_, cal_, true);
    for (const std::string& h : hour_labels(r_, cal_, false)) slots.push_back(h.substr(0, 2));
    const Column& answered = detail::column("answered");
    const Column& abandoned = detail::column("abandoned");
    BarChart contacts{"c-contacts", w_.contacts_per_hour, w_.contacts_desc, slots, titles, {}, true, {}, {}, 4,
                      [](double v) { return count_text(static_cast<uint64_t>(std::llround(v))); }, false};
    ChartSeries ans{label(answered, lang_), "answered", {}}, ab{label(abandoned, lang_), "abandoned", {}};
    for (const DailyReport::Hour& h : r_.hours) {
      ans.values.push_back(static_cast<double>(h.counters.answered));
      ab.values.push_back(static_cast<double>(h.counters.abandoned));
    }
    contacts.series = {std::move(ans), std::move(ab)};
    chart_section("contacts", w_.contacts_per_hour, contacts);

    // Service level: a bar per hour with contacts, coloured by the goal.
    const Column& sl = detail::column("service_level");
    BarChart slc{"c-sl", w_.sl_per_hour, w_.sl_desc, slots, titles, {}, true, r_.sl_goal_pct, w_.goal, 100,
                 [](double v) { return percent_text(v / 100); }, false};
    ChartSeries ok{w_.at_goal, "sl-ok", {}}, low{w_.below_goal, "sl-low", {}};
    for (const DailyReport::Hour& h : r_.hours) {
      std::optional<double> v;
      if (sl.defined(h.counters)) v = metrics::derive(h.counters).service_level * 100;
      const bool below = v && *v < r_.sl_goal_pct;
      ok.values.push_back(below ? std::nullopt : v);
      low.values.push_back(below ? v : std::nullopt);
    }
    slc.series = {std::move(ok), std::move(low)};
    chart_section("sl", w_.sl_per_hour, slc);

    const Column& asa = detail::column("asa_s");
    const Lang lang = lang_;
    BarChart asac{"c-asa", w_.asa_per_hour, w_.asa_desc, slots, titles, {}, false, {}, {}, 10,
                  [lang](double v) { return duration_text(v, lang); }, true};
    ChartSeries a{label(asa, lang_), "asa", {}};
    for (const DailyReport::Hour& h : r_.hours)
      a.values.push_back(asa.defined(h.counters) ? std::optional(metrics::derive(h.counters).asa_s) : std::nullopt);
    asac.series = {std::move(a)};
    chart_section("asa", w_.asa_per_hour, asac);
  }

  void header_row(const char* first, std::span<const std::string_view> keys, bool goal) {
    o_ += "<thead><tr><th scope=\"col\">" + escape_html(first) + "</th>";
    for (std::string_view k : keys) {
      o_ += "<th scope=\"col\">" + escape_html(label(detail::column(k), lang_)) + "</th>";
      if (goal && k == "service_level") o_ += "<th scope=\"col\">" + escape_html(w_.goal) + "</th>";
    }
    o_ += "</tr></thead>\n";
  }

  void row(const char* cell, const std::string& name, const KpiCounters& c, std::span<const std::string_view> keys,
           const std::string* goal) {
    o_ += std::string("<tr><") + cell + " scope=\"row\">" + escape_html(name) + "</" + cell + ">";
    for (std::string_view k : keys) {
      o_ += "<td>" + escape_html(value_text(detail::column(k), c, lang_)) + "</td>";
      if (goal && k == "service_level") o_ += "<td>" + escape_html(*goal) + "</td>";
    }
    o_ += "</tr>\n";
  }

  std::string display_name(Dim d, const DailyReport::Line& l) const {
    if (d == Dim::kChannel && l.id < core::kChannelCount) return w_.channel_names[l.id];
    return l.name;
  }

  void lines_table(const std::string& id, const char* heading, const char* first,
                   const std::vector<DailyReport::Line>& lines, Dim d, std::initializer_list<std::string_view> keys) {
    o_ += "<section class=\"long\" aria-labelledby=\"" + id + "\">\n<h2 id=\"" + id + "\">" + escape_html(heading) +
          "</h2>\n";
    if (lines.empty()) {
      o_ += "<p class=\"empty\">" + escape_html(w_.none) + "</p>\n</section>\n";
      return;
    }
    const bool goals = d == Dim::kQueue;
    o_ += "<div class=\"scroll\"><table>\n<caption>" + escape_html(heading) + ", " + escape_html(r_.day) +
          "</caption>\n";
    header_row(first, std::span(keys.begin(), keys.size()), goals);
    o_ += "<tbody>\n";
    for (size_t i = 0; i < lines.size(); ++i) {
      std::string goal;
      if (goals) {
        const auto& g = r_.queue_goals[i];
        goal = printf_str(w_.goal_of, percent_text(g.sl_target_pct / 100),
                          duration_text(static_cast<double>(g.sl_target_ms) / 1000, lang_));
      }
      row("th", display_name(d, lines[i]), lines[i].counters, std::span(keys.begin(), keys.size()),
          goals ? &goal : nullptr);
    }
    o_ += "</tbody>\n</table></div>\n</section>\n";
  }

  void hours_table() {
    static constexpr std::string_view kKeys[] = {"offered",      "answered", "abandoned", "short_abandoned",
                                                 "service_level", "asa_s",    "avg_wait_s", "aht_s",
                                                 "abandon_rate"};
    o_ += "<section class=\"long\" aria-labelledby=\"hours\">\n<h2 id=\"hours\">" + escape_html(w_.by_hour) +
          "</h2>\n<div class=\"scroll\"><table>\n<caption>" + escape_html(w_.by_hour) + ", " + escape_html(r_.day) +
          "</caption>\n";
    header_row(w_.hour, kKeys, false);
    o_ += "<tbody>\n";
    const std::vector<std::string> labels = hour_labels(r_, cal_, true);
    for (size_t i = 0; i < r_.hours.size(); ++i) row("th", labels[i], r_.hours[i].counters, kKeys, nullptr);
    o_ += "</tbody>\n<tfoot>\n";
    row("th", w_.day_total, r_.center, kKeys, nullptr);
    o_ += "</tfoot>\n</table></div>\n</section>\n";
  }

  const DailyReport& r_;
  const metrics::Calendar& cal_;
  Lang lang_;
  const Words& w_;
  std::string o_;
};

}  // namespace

std::string daily_report_html(const DailyReport& r, const metrics::Calendar& cal, Lang lang) {
  return Page(r, cal, lang).render();
}

}  // namespace switchyard::reports
