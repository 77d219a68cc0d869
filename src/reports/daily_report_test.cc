// The daily report's renderers on a hand-built day: CSV columns and values,
// and an HTML page with the right bars, escaped names, both languages and
// nothing loaded from elsewhere.
#include "reports/daily_report.h"

#include <gtest/gtest.h>

#include <sstream>

#include "reports/svg_chart.h"

namespace switchyard::reports {
namespace {

using metrics::Calendar;
using metrics::KpiCounters;

constexpr int64_t kHour = 3'600'000;

size_t count(const std::string& text, std::string_view what) {
  size_t n = 0;
  for (size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

std::vector<std::string> split(const std::string& s, const std::string& sep) {
  std::vector<std::string> out;
  size_t pos = 0;
  for (size_t next; (next = s.find(sep, pos)) != std::string::npos; pos = next + sep.size())
    out.push_back(s.substr(pos, next - pos));
  out.push_back(s.substr(pos));
  return out;
}

// 10 offered at 09:00 (8 answered, 5 of them within T, 2 abandoned, 1 of
// them short), 4 offered at 14:00 (all answered in T), nothing else.
KpiCounters nine() {
  KpiCounters c;
  c.offered = 10;
  c.answered = 8;
  c.answered_in_sl = 5;
  c.abandoned = 2;
  c.short_abandoned = 1;
  c.wait_answered_ms = 8 * 30'000;  // ASA 30 s
  c.wait_abandoned_ms = 2 * 10'000;
  c.max_wait_ms = 95'000;
  c.handled = 8;
  c.talk_ms = 8 * 240'000;
  c.hold_ms = 8 * 10'000;
  c.acw_ms = 8 * 50'000;  // AHT 300 s
  c.transferred = 2;
  c.survey_answers = 4;
  c.survey_satisfied = 3;
  c.survey_score_sum = 17;
  return c;
}
KpiCounters two_pm() {
  KpiCounters c;
  c.offered = c.answered = c.answered_in_sl = c.handled = 4;
  c.wait_answered_ms = 4 * 5'000;
  c.talk_ms = 4 * 100'000;
  return c;
}

DailyReport hand_built(const Calendar& cal, int64_t day) {
  DailyReport r;
  r.day = cal.format_date(day);
  r.time_zone = cal.zone();
  r.start_ms = day;
  r.end_ms = cal.next(metrics::Grain::kDay, day);
  r.generated_ms = r.end_ms + 6 * kHour + 30 * 60'000;
  for (int64_t h = r.start_ms; h < r.end_ms; h = cal.next(metrics::Grain::kHour, h)) r.hours.push_back({h, {}});
  r.hours[9].counters = nine();
  r.hours[14].counters = two_pm();
  r.center = nine();
  metrics::merge(r.center, two_pm());
  r.queues.push_back({0, "<Billing & \"Co\">", nine()});
  r.queues.push_back({3, "support, chat", two_pm()});
  r.queue_goals = {{20'000, 80}, {60'000, 90}};
  r.queue_hours = {{0, r.hours}, {3, r.hours}};
  r.queue_hours[0].hours[14].counters = {};
  r.queue_hours[1].hours[9].counters = {};
  r.sl_goal_pct = (80.0 * 10 + 90.0 * 4) / 14;
  r.channels.push_back({0, "voice", r.center});
  r.teams.push_back({0, "red", r.center});
  KpiCounters agent = nine();
  agent.offers = 9;
  agent.missed_offers = 1;
  agent.busy_ms = 3 * kHour;
  agent.idle_ms = kHour;
  agent.not_ready_ms = kHour;
  r.agents.push_back({4, "agent05", agent});
  return r;
}

TEST(DailyReportCsv, ColumnsAndValues) {
  const Calendar cal = *Calendar::make("Europe/Berlin");
  const DailyReport r = hand_built(cal, cal.from_local(2026, 3, 10));
  const std::string csv = daily_report_csv(r, cal);
  const std::vector<std::string> lines = split(csv, "\r\n");
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[0],
            "section,id,name,start,offered,answered,abandoned,short_abandoned,refused,expired,handled,transferred,"
            "offers,missed_offers,service_level,asa_s,avg_wait_s,max_wait_s,aht_s,avg_talk_s,avg_hold_s,avg_acw_s,"
            "abandon_rate,transfer_rate,occupancy,utilisation,survey_answers,csat,csat_mean,sl_goal");
  EXPECT_EQ(lines.back(), "") << "ends with CRLF";
  const std::vector<std::string> header = split(lines[0], ",");
  auto field = [&](const std::string& line, const std::string& name) {
    const std::vector<std::string> cells = split(line, ",");
    EXPECT_EQ(cells.size(), header.size()) << line;
    for (size_t i = 0; i < header.size() && i < cells.size(); ++i)
      if (header[i] == name) return cells[i];
    return std::string("?");
  };
  // The center's day: 14 offered, 12 answered, SL = 9 / (14 - 1).
  const std::string& center = lines[1];
  EXPECT_EQ(center.rfind("center,0,center,2026-03-10T00:00:00+01:00,", 0), 0u) << center;
  EXPECT_EQ(field(center, "offered"), "14");
  EXPECT_EQ(field(center, "answered"), "12");
  EXPECT_EQ(field(center, "service_level"), "0.6923");
  EXPECT_EQ(field(center, "abandon_rate"), "0.1429");
  EXPECT_EQ(field(center, "sl_goal"), "0.8286");
  // 24 hour lines follow, in local time.
  EXPECT_EQ(count(csv, "\r\nhour,"), 24u);
  EXPECT_NE(csv.find("\r\nhour,0,center,2026-03-10T09:00:00+01:00,10,8,2,1,"), std::string::npos);
  // The first queue: SL 5 / 9, ASA 30 s, AHT 300 s, CSAT 3 / 4, its name quoted.
  const size_t q = csv.find("\r\nqueue,0,");
  ASSERT_NE(q, std::string::npos);
  const std::string queue = csv.substr(q + 2, csv.find("\r\n", q + 2) - q - 2);
  EXPECT_EQ(queue.rfind("queue,0,\"<Billing & \"\"Co\"\">\",2026-03-10T00:00:00+01:00,", 0), 0u) << queue;
  const std::string unquoted = "queue,0,x" + queue.substr(queue.find("\">\",") + 3);
  EXPECT_EQ(field(unquoted, "service_level"), "0.5556");
  EXPECT_EQ(field(unquoted, "asa_s"), "30.0");
  EXPECT_EQ(field(unquoted, "aht_s"), "300.0");
  EXPECT_EQ(field(unquoted, "max_wait_s"), "95.0");
  EXPECT_EQ(field(unquoted, "transfer_rate"), "0.2500");
  EXPECT_EQ(field(unquoted, "csat"), "0.7500");
  EXPECT_EQ(field(unquoted, "csat_mean"), "4.25");
  EXPECT_EQ(field(unquoted, "sl_goal"), "0.8000");
  // Queue hours only where something happened; then teams and agents.
  EXPECT_EQ(count(csv, "\r\nqueue_hour,"), 2u);
  EXPECT_NE(csv.find("\r\nqueue_hour,3,\"support, chat\",2026-03-10T14:00:00+01:00,4,4,"), std::string::npos);
  EXPECT_NE(csv.find("\r\nteam,0,red,"), std::string::npos);
  const size_t a = csv.find("\r\nagent,4,agent05,");
  ASSERT_NE(a, std::string::npos);
  const std::string agent = csv.substr(a + 2, csv.find("\r\n", a + 2) - a - 2);
  EXPECT_EQ(field(agent, "offers"), "9");
  EXPECT_EQ(field(agent, "missed_offers"), "1");
  EXPECT_EQ(field(agent, "occupancy"), "0.7500");
  EXPECT_EQ(field(agent, "utilisation"), "0.8000");
  EXPECT_EQ(field(agent, "sl_goal"), "");
}

TEST(DailyReportHtml, ChartsTablesAndEscaping) {
  const Calendar cal = *Calendar::make("Europe/Berlin");
  const DailyReport r = hand_built(cal, cal.from_local(2026, 3, 10));
  const std::string html = daily_report_html(r, cal, Lang::kEn);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0u);
  EXPECT_NE(html.find("<title>Daily report 2026-03-10"), std::string::npos);
  EXPECT_NE(html.find("Tuesday 10 March 2026"), std::string::npos);
  // Three charts, each with an accessible title.
  EXPECT_EQ(count(html, "<svg "), 3u);
  EXPECT_EQ(count(html, "role=\"img\""), 3u);
  EXPECT_EQ(count(html, "<title id=\"c-"), 3u);
  // Contacts per hour: answered and abandoned, one bar each per hour.
  EXPECT_EQ(count(html, "<rect class=\"bar answered\""), 24u);
  EXPECT_EQ(count(html, "<rect class=\"bar abandoned\""), 24u);
  EXPECT_NE(html.find("<title>09:00 Answered: 8</title>"), std::string::npos);
  // Service level: bars only for the two hours with contacts, 09:00 below
  // the goal (5 / 9 = 55.6 %), 14:00 above; the goal line.
  EXPECT_EQ(count(html, "<rect class=\"bar sl-low\""), 1u);
  EXPECT_EQ(count(html, "<rect class=\"bar sl-ok\""), 1u);
  EXPECT_NE(html.find("<title>09:00 Below goal: 55.6%</title>"), std::string::npos);
  EXPECT_EQ(count(html, "<line class=\"target\""), 2u);  // the line and its legend key
  // ASA: two bars.
  EXPECT_EQ(count(html, "<rect class=\"bar asa\""), 2u);
  EXPECT_NE(html.find("<title>14:00 ASA: 5 s</title>"), std::string::npos);
  // Names are escaped, never raw markup.
  EXPECT_EQ(html.find("<Billing"), std::string::npos);
  EXPECT_NE(html.find("&lt;Billing &amp; &quot;Co&quot;&gt;"), std::string::npos);
  // Tables with headers; readable figures; a dash where nothing was measured.
  EXPECT_NE(html.find("<th scope=\"col\">Service level</th>"), std::string::npos);
  EXPECT_NE(html.find("<th scope=\"row\">09:00</th><td>10</td><td>8</td><td>2</td><td>1</td><td>55.6%</td><td>30 s</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<td>5:00</td>"), std::string::npos) << "AHT 300 s as m:ss";
  EXPECT_NE(html.find("<th scope=\"row\">10:00</th><td>0</td><td>0</td><td>0</td><td>0</td><td>\u2013</td>"),
            std::string::npos);
  EXPECT_NE(html.find("80% in 20 s"), std::string::npos);
  // Self-contained: no scripts, no links, nothing fetched.
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(count(html, "http"), 3u) << "only the SVG namespace";
  EXPECT_NE(html.find("@media print"), std::string::npos);
}

TEST(DailyReportHtml, SimplifiedChinese) {
  const Calendar cal = *Calendar::make("Asia/Shanghai");
  const DailyReport r = hand_built(cal, cal.from_local(2026, 3, 10));
  const std::string html = daily_report_html(r, cal, Lang::kZh);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"zh-CN\">", 0), 0u);
  EXPECT_NE(html.find("<h1>日报</h1>"), std::string::npos);
  EXPECT_NE(html.find("2026年3月10日 星期二"), std::string::npos);
  EXPECT_NE(html.find("<th scope=\"col\">服务水平</th>"), std::string::npos);
  EXPECT_NE(html.find("30 秒"), std::string::npos);
  EXPECT_NE(html.find("80%（20 秒内）"), std::string::npos);
  EXPECT_NE(html.find("<th scope=\"row\">语音</th>"), std::string::npos);
  EXPECT_EQ(count(html, "<rect class=\"bar answered\""), 24u);
}

TEST(DailyReportHtml, DaylightSavingDaysHave23Or25Hours) {
  const Calendar ny = *Calendar::make("America/New_York");
  const DailyReport spring = hand_built(ny, ny.from_local(2026, 3, 8));
  ASSERT_EQ(spring.hours.size(), 23u);
  const std::string s = daily_report_html(spring, ny, Lang::kEn);
  EXPECT_EQ(count(s, "<rect class=\"bar answered\""), 23u);
  EXPECT_NE(s.find("23 hours"), std::string::npos);
  const DailyReport fall = hand_built(ny, ny.from_local(2026, 11, 1));
  ASSERT_EQ(fall.hours.size(), 25u);
  const std::string f = daily_report_html(fall, ny, Lang::kEn);
  EXPECT_EQ(count(f, "<rect class=\"bar answered\""), 25u);
  // The repeated hour is told apart by its offset.
  EXPECT_NE(f.find("<th scope=\"row\">01:00 (UTC-04:00)</th>"), std::string::npos);
  EXPECT_NE(f.find("<th scope=\"row\">01:00 (UTC-05:00)</th>"), std::string::npos);
  EXPECT_EQ(count(daily_report_csv(fall, ny), "\r\nhour,"), 25u);
}

TEST(DailyReportHtml, AnEmptyDaySaysSo) {
  const Calendar cal = Calendar::utc();
  DailyReport r;
  r.day = "2026-03-10";
  r.time_zone = "UTC";
  r.start_ms = cal.from_local(2026, 3, 10);
  r.end_ms = r.start_ms + 24 * kHour;
  for (int i = 0; i < 24; ++i) r.hours.push_back({r.start_ms + i * kHour, {}});
  const std::string html = daily_report_html(r, cal, Lang::kEn);
  EXPECT_NE(html.find("No contacts this day."), std::string::npos);
  EXPECT_EQ(count(html, "<rect class=\"bar sl-"), 0u);
  EXPECT_EQ(count(html, "None this day."), 4u);  // channels, queues, teams, agents
}

TEST(SvgChart, EscapesAndCountsBars) {
  BarChart c;
  c.id = "x";
  c.title = "a<b";
  c.slots = {"1", "2", "3"};
  c.series = {{"s&1", "one", {1.0, std::nullopt, 3.0}}, {"s2", "two", {0.0, 2.0, 1.0}}};
  const std::string svg = svg_bar_chart(c);
  EXPECT_EQ(count(svg, "<rect class=\"bar one\""), 2u);
  EXPECT_EQ(count(svg, "<rect class=\"bar two\""), 3u);
  EXPECT_NE(svg.find("<title id=\"x-t\">a&lt;b</title>"), std::string::npos);
  EXPECT_NE(svg.find("s&amp;1"), std::string::npos);
  EXPECT_EQ(escape_html("<a href='x'>&\"</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
}

}  // namespace
}  // namespace switchyard::reports
