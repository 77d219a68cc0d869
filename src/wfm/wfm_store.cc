#include "wfm/wfm_store.h"

#include <boost/json.hpp>

#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>

namespace switchyard::wfm {

namespace {

using storage::SqlValue;
using storage::Statement;
namespace json = boost::json;

#define SY_WFM_TABLES(id_column)                                                                    \
  "CREATE TABLE wfm_history (\n"                                                                    \
  "  queue TEXT NOT NULL,\n"                                                                        \
  "  start_ms BIGINT NOT NULL,\n"                                                                   \
  "  contacts_milli BIGINT NOT NULL,\n"                                                             \
  "  aht_ms BIGINT NOT NULL,\n"                                                                     \
  "  PRIMARY KEY (queue, start_ms)\n"                                                               \
  ");\n"                                                                                            \
  "CREATE TABLE wfm_adjustments (\n"                                                                \
  "  id " id_column ",\n"                                                                           \
  "  queue TEXT NOT NULL,\n"                                                                        \
  "  start_ms BIGINT NOT NULL,\n"                                                                   \
  "  end_ms BIGINT NOT NULL,\n"                                                                     \
  "  body TEXT NOT NULL,\n"                                                                         \
  "  by_user TEXT NOT NULL,\n"                                                                      \
  "  created_ms BIGINT NOT NULL\n"                                                                  \
  ");\n"                                                                                            \
  "CREATE INDEX wfm_adjustments_queue ON wfm_adjustments (queue, start_ms);\n"                      \
  "CREATE TABLE wfm_schedules (\n"                                                                  \
  "  id " id_column ",\n"                                                                           \
  "  version BIGINT NOT NULL UNIQUE,\n"                                                             \
  "  start_date TEXT NOT NULL,\n"                                                                   \
  "  days BIGINT NOT NULL,\n"                                                                       \
  "  created_ms BIGINT NOT NULL,\n"                                                                 \
  "  created_by TEXT NOT NULL,\n"                                                                   \
  "  published_ms BIGINT,\n"                                                                        \
  "  body TEXT NOT NULL\n"                                                                          \
  ");\n"

constexpr std::string_view kV1Sqlite = SY_WFM_TABLES("INTEGER PRIMARY KEY AUTOINCREMENT");
constexpr std::string_view kV1Postgres = SY_WFM_TABLES("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY");
#undef SY_WFM_TABLES

#define SY_WFM_LEAVE(id_column)                                                                     \
  "CREATE TABLE wfm_leave (\n"                                                                       \
  "  id " id_column ",\n"                                                                            \
  "  agent TEXT NOT NULL,\n"                                                                         \
  "  first_date TEXT NOT NULL,\n"                                                                    \
  "  last_date TEXT NOT NULL,\n"                                                                     \
  "  days BIGINT NOT NULL,\n"                                                                        \
  "  kind TEXT NOT NULL,\n"                                                                          \
  "  note TEXT NOT NULL,\n"                                                                          \
  "  status TEXT NOT NULL,\n"                                                                        \
  "  requested_ms BIGINT NOT NULL,\n"                                                                \
  "  decided_by TEXT NOT NULL DEFAULT '',\n"                                                         \
  "  decided_ms BIGINT,\n"                                                                           \
  "  reason TEXT NOT NULL DEFAULT ''\n"                                                              \
  ");\n"                                                                                             \
  "CREATE INDEX wfm_leave_agent ON wfm_leave (agent, first_date);\n"                                 \
  "CREATE TABLE wfm_leave_allowance (\n"                                                             \
  "  agent TEXT NOT NULL,\n"                                                                         \
  "  year BIGINT NOT NULL,\n"                                                                        \
  "  days BIGINT NOT NULL,\n"                                                                        \
  "  PRIMARY KEY (agent, year)\n"                                                                    \
  ");\n"

constexpr std::string_view kV2Sqlite = SY_WFM_LEAVE("INTEGER PRIMARY KEY AUTOINCREMENT");
constexpr std::string_view kV2Postgres = SY_WFM_LEAVE("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY");
#undef SY_WFM_LEAVE

#define SY_WFM_SWAPS(id_column)                                                                     \
  "CREATE TABLE wfm_swaps (\n"                                                                       \
  "  id " id_column ",\n"                                                                            \
  "  shift_date TEXT NOT NULL,\n"                                                                    \
  "  offered_by TEXT NOT NULL,\n"                                                                    \
  "  schedule_id BIGINT NOT NULL,\n"                                                                 \
  "  queue TEXT NOT NULL,\n"                                                                         \
  "  start_min BIGINT NOT NULL,\n"                                                                   \
  "  length_min BIGINT NOT NULL,\n"                                                                  \
  "  breaks TEXT NOT NULL,\n"                                                                        \
  "  note TEXT NOT NULL,\n"                                                                          \
  "  status TEXT NOT NULL,\n"                                                                        \
  "  created_ms BIGINT NOT NULL,\n"                                                                  \
  "  taken_by TEXT NOT NULL DEFAULT '',\n"                                                           \
  "  taken_ms BIGINT,\n"                                                                             \
  "  decided_by TEXT NOT NULL DEFAULT '',\n"                                                         \
  "  decided_ms BIGINT,\n"                                                                           \
  "  reason TEXT NOT NULL DEFAULT '',\n"                                                            \
  "  given_date TEXT NOT NULL DEFAULT '',\n"                                                         \
  "  given_start_min BIGINT NOT NULL DEFAULT 0,\n"                                                   \
  "  given_length_min BIGINT NOT NULL DEFAULT 0\n"                                                   \
  ");\n"                                                                                             \
  "CREATE INDEX wfm_swaps_date ON wfm_swaps (shift_date, id);\n"                                     \
  "CREATE TABLE wfm_settings (\n"                                                                    \
  "  name TEXT PRIMARY KEY,\n"                                                                       \
  "  body TEXT NOT NULL\n"                                                                           \
  ");\n"

constexpr std::string_view kV3Sqlite = SY_WFM_SWAPS("INTEGER PRIMARY KEY AUTOINCREMENT");
constexpr std::string_view kV3Postgres = SY_WFM_SWAPS("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY");
#undef SY_WFM_SWAPS

constexpr std::array<storage::Migration, 3> kMigrations = {
    {{1, "history, adjustments and schedules", kV1Sqlite, kV1Postgres},
     {2, "leave requests and allowances", kV2Sqlite, kV2Postgres},
     {3, "shift swaps and settings", kV3Sqlite, kV3Postgres}}};

constexpr Statement kPutHistory{
    "INSERT INTO wfm_history (queue, start_ms, contacts_milli, aht_ms) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (queue, start_ms) DO UPDATE SET contacts_milli = excluded.contacts_milli, aht_ms = excluded.aht_ms"};
constexpr Statement kHistory{
    "SELECT queue, start_ms, contacts_milli, aht_ms FROM wfm_history WHERE queue = $1 AND start_ms >= $2 AND "
    "start_ms < $3 ORDER BY start_ms"};
constexpr Statement kAddAdjustment{
    "INSERT INTO wfm_adjustments (queue, start_ms, end_ms, body, by_user, created_ms) VALUES ($1, $2, $3, $4, $5, $6) "
    "RETURNING id"};
constexpr Statement kDeleteAdjustment{"DELETE FROM wfm_adjustments WHERE id = $1"};
constexpr Statement kAdjustments{
    "SELECT id, queue, start_ms, end_ms, body, by_user, created_ms FROM wfm_adjustments WHERE queue = $1 AND "
    "end_ms > $2 AND start_ms < $3 ORDER BY id"};
constexpr Statement kAddSchedule{
    "INSERT INTO wfm_schedules (version, start_date, days, created_ms, created_by, body) "
    "VALUES ((SELECT COALESCE(MAX(version), 0) + 1 FROM wfm_schedules), $1, $2, $3, $4, $5) RETURNING id"};
#define SY_SCHEDULE_HEAD "SELECT id, version, start_date, days, created_ms, created_by, published_ms"
constexpr Statement kSchedules{SY_SCHEDULE_HEAD ", '' FROM wfm_schedules ORDER BY version DESC"};
constexpr Statement kSchedule{SY_SCHEDULE_HEAD ", body FROM wfm_schedules WHERE id = $1"};
constexpr Statement kPublishedSchedules{
    SY_SCHEDULE_HEAD ", '' FROM wfm_schedules WHERE published_ms IS NOT NULL ORDER BY published_ms DESC, id DESC"};
#undef SY_SCHEDULE_HEAD
constexpr Statement kSaveDraft{"UPDATE wfm_schedules SET body = $2 WHERE id = $1 AND published_ms IS NULL"};
constexpr Statement kPublish{"UPDATE wfm_schedules SET published_ms = $2 WHERE id = $1 AND published_ms IS NULL"};
constexpr Statement kExists{"SELECT COUNT(*) FROM wfm_schedules WHERE id = $1"};

constexpr Statement kAddLeave{
    "INSERT INTO wfm_leave (agent, first_date, last_date, days, kind, note, status, requested_ms) "
    "VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7) RETURNING id"};
#define SY_LEAVE_COLUMNS \
  "id, agent, first_date, last_date, days, kind, note, status, requested_ms, decided_by, decided_ms, reason"
constexpr Statement kLeaveById{"SELECT " SY_LEAVE_COLUMNS " FROM wfm_leave WHERE id = $1"};
// Requests overlapping [first, last] (dates compare as text: YYYY-MM-DD).
constexpr Statement kLeaveOverlapping{
    "SELECT " SY_LEAVE_COLUMNS " FROM wfm_leave WHERE last_date >= $1 AND first_date <= $2 ORDER BY first_date, id"};
#undef SY_LEAVE_COLUMNS
constexpr Statement kDecideLeave{
    "UPDATE wfm_leave SET status = $2, decided_by = $3, decided_ms = $4, reason = $5 WHERE id = $1 AND status = $6"};
#define SY_SWAP_COLUMNS                                                                                        \
  "id, shift_date, offered_by, schedule_id, queue, start_min, length_min, breaks, note, status, created_ms, " \
  "taken_by, taken_ms, decided_by, decided_ms, reason, given_date, given_start_min, given_length_min"
constexpr Statement kAddSwap{
    "INSERT INTO wfm_swaps (shift_date, offered_by, schedule_id, queue, start_min, length_min, breaks, note, status, "
    "created_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9) RETURNING id"};
constexpr Statement kSwapById{"SELECT " SY_SWAP_COLUMNS " FROM wfm_swaps WHERE id = $1"};
constexpr Statement kSwapsBetween{
    "SELECT " SY_SWAP_COLUMNS " FROM wfm_swaps WHERE shift_date >= $1 AND shift_date <= $2 ORDER BY shift_date, id"};
#undef SY_SWAP_COLUMNS
constexpr Statement kTakeSwap{
    "UPDATE wfm_swaps SET status = $2, taken_by = $3, taken_ms = $4, given_date = $5, given_start_min = $6, "
    "given_length_min = $7 WHERE id = $1 AND status = 'open'"};
constexpr Statement kDecideSwap{
    "UPDATE wfm_swaps SET status = $2, decided_by = $3, decided_ms = $4, reason = $5 WHERE id = $1 AND status = $6"};
constexpr Statement kExpireSwaps{
    "UPDATE wfm_swaps SET status = 'expired', decided_ms = $2 WHERE status IN ('open', 'pending') AND shift_date <= $1"};
constexpr Statement kSetting{"SELECT body FROM wfm_settings WHERE name = $1"};
constexpr Statement kSettingsLike{"SELECT name, body FROM wfm_settings WHERE name LIKE $1 ORDER BY name"};
constexpr Statement kDeleteSetting{"DELETE FROM wfm_settings WHERE name = $1"};
constexpr Statement kPutSetting{
    "INSERT INTO wfm_settings (name, body) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET body = excluded.body"};
constexpr Statement kAllowance{"SELECT days FROM wfm_leave_allowance WHERE agent = $1 AND year = $2"};
constexpr Statement kSetAllowance{
    "INSERT INTO wfm_leave_allowance (agent, year, days) VALUES ($1, $2, $3) "
    "ON CONFLICT (agent, year) DO UPDATE SET days = excluded.days"};

int64_t milli(double v) { return std::llround(v * 1000.0); }

LeaveRequest read_leave(const storage::RowReader& r) {
  LeaveRequest l;
  l.id = r.int64(0);
  l.agent = r.text(1);
  l.first = r.text(2);
  l.last = r.text(3);
  l.days = static_cast<int>(r.int64(4));
  l.kind = r.text(5);
  l.note = r.text(6);
  l.status = r.text(7);
  l.requested_ms = r.int64(8);
  l.decided_by = r.text(9);
  l.decided_ms = storage::opt_col(r, 10);
  l.reason = r.text(11);
  return l;
}

ShiftSwap read_swap(const storage::RowReader& r) {
  ShiftSwap w;
  w.id = r.int64(0);
  w.date = r.text(1);
  w.offered_by = r.text(2);
  w.schedule = r.int64(3);
  w.queue = r.text(4);
  w.start_min = static_cast<int>(r.int64(5));
  w.length_min = static_cast<int>(r.int64(6));
  // "offset+length,offset+length" (minutes)
  std::string_view rest = r.text(7);
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string part(rest.substr(0, comma));
    PlacedBreak b;
    if (std::sscanf(part.c_str(), "%d+%d", &b.offset_min, &b.length_min) == 2) w.breaks.push_back(b);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  w.note = r.text(8);
  w.status = r.text(9);
  w.created_ms = r.int64(10);
  w.taken_by = r.text(11);
  w.taken_ms = storage::opt_col(r, 12);
  w.decided_by = r.text(13);
  w.decided_ms = storage::opt_col(r, 14);
  w.reason = r.text(15);
  w.given_date = r.text(16);
  w.given_start_min = static_cast<int>(r.int64(17));
  w.given_length_min = static_cast<int>(r.int64(18));
  return w;
}

StoredSchedule read_schedule(const storage::RowReader& r) {
  StoredSchedule s;
  s.id = r.int64(0);
  s.version = static_cast<int>(r.int64(1));
  s.start = r.text(2);
  s.days = static_cast<int>(r.int64(3));
  s.created_ms = r.int64(4);
  s.created_by = r.text(5);
  s.published_ms = storage::opt_col(r, 6);
  s.published = s.published_ms.has_value();
  s.body = r.text(7);
  return s;
}

// "YYYY-MM-DD" -> days since 1970-01-01; nullopt when malformed.
std::optional<int64_t> day_number(std::string_view d) {
  int y = 0;
  unsigned m = 0, dd = 0;
  if (d.size() != 10 || std::sscanf(std::string(d).c_str(), "%4d-%2u-%2u", &y, &m, &dd) != 3) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{dd}};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days(ymd).time_since_epoch().count();
}

// ---- the plan's JSON (the store's own format; never shown to clients) ----

json::array ints(const std::vector<int>& v) { return json::array(v.begin(), v.end()); }

std::vector<int> ints_of(const json::value& v) {
  std::vector<int> out;
  for (const json::value& x : v.as_array()) out.push_back(static_cast<int>(x.to_number<int64_t>()));
  return out;
}

json::object template_json(const ShiftTemplate& t) {
  json::array breaks;
  for (const BreakRule& b : t.breaks)
    breaks.push_back(json::array{json::string(b.name), b.min_shift_length_min, b.earliest_offset_min,
                                 b.latest_offset_min, b.min_length_min, b.max_length_min, b.paid});
  return json::object{{"id", t.id},
                      {"window", json::array{t.earliest_start_min, t.latest_start_min, t.start_step_min}},
                      {"lengths", ints(t.lengths_min)},
                      {"weekdays", t.weekdays_mask},
                      {"breaks", std::move(breaks)}};
}

ShiftTemplate template_of(const json::object& t) {
  ShiftTemplate st;
  st.id = t.at("id").as_string();
  std::vector<int> w = ints_of(t.at("window"));
  st.earliest_start_min = w.at(0);
  st.latest_start_min = w.at(1);
  st.start_step_min = w.at(2);
  st.lengths_min = ints_of(t.at("lengths"));
  st.weekdays_mask = static_cast<uint8_t>(t.at("weekdays").to_number<int64_t>());
  for (const json::value& bv : t.at("breaks").as_array()) {
    const json::array& b = bv.as_array();
    st.breaks.push_back(BreakRule{std::string(b.at(0).as_string()), static_cast<int>(b.at(1).to_number<int64_t>()),
                                  static_cast<int>(b.at(2).to_number<int64_t>()),
                                  static_cast<int>(b.at(3).to_number<int64_t>()),
                                  static_cast<int>(b.at(4).to_number<int64_t>()),
                                  static_cast<int>(b.at(5).to_number<int64_t>()), b.at(6).as_bool()});
  }
  return st;
}

json::array contract_json(const Contract& c) {
  return json::array{c.min_weekly_min, c.max_weekly_min, c.leave_credit_min};
}
Contract contract_of(const json::value& v) {
  std::vector<int> c = ints_of(v);
  return Contract{c.at(0), c.at(1), c.at(2)};
}

json::object problem_json(const ScheduleProblem& p) {
  json::array groups, required, templates, agents;
  for (const std::string& g : p.skill_groups) groups.emplace_back(g);
  for (const auto& row : p.required) required.push_back(json::array(row.begin(), row.end()));
  for (const ShiftTemplate& t : p.templates) templates.push_back(template_json(t));
  for (const Agent& a : p.agents) {
    json::array avail, leave;
    for (const DayAvailability& d : a.availability) avail.push_back(json::array{d.available, d.from_min, d.to_min});
    for (const LeaveRange& l : a.leave) leave.push_back(json::array{l.first_day, l.last_day});
    agents.push_back(json::object{
        {"id", a.id},
        {"skills", ints(a.skills)},
        {"contract", contract_json(a.contract)},
        {"availability", std::move(avail)},
        {"leave", std::move(leave)},
        {"preferences", json::array{a.preferences.preferred_start_from_min, a.preferences.preferred_start_to_min,
                                    a.preferences.preferred_days_off_mask}},
        {"templates", ints(a.templates)}});
  }
  return json::object{
      {"days", p.days},
      {"interval_min", p.interval_min},
      {"first_weekday", p.first_weekday},
      {"groups", std::move(groups)},
      {"required", std::move(required)},
      {"templates", std::move(templates)},
      {"agents", std::move(agents)},
      {"rules", json::array{p.rules.min_rest_min, p.rules.min_days_off_per_week, p.rules.max_consecutive_days}},
      {"weights", json::array{p.weights.under, p.weights.over, p.weights.preference}}};
}

ScheduleProblem problem_of(const json::object& o) {
  ScheduleProblem p;
  p.days = static_cast<int>(o.at("days").to_number<int64_t>());
  p.interval_min = static_cast<int>(o.at("interval_min").to_number<int64_t>());
  p.first_weekday = static_cast<int>(o.at("first_weekday").to_number<int64_t>());
  for (const json::value& g : o.at("groups").as_array()) p.skill_groups.emplace_back(g.as_string());
  for (const json::value& row : o.at("required").as_array()) {
    std::vector<double> r;
    for (const json::value& x : row.as_array()) r.push_back(x.to_number<double>());
    p.required.push_back(std::move(r));
  }
  for (const json::value& tv : o.at("templates").as_array()) p.templates.push_back(template_of(tv.as_object()));
  for (const json::value& av : o.at("agents").as_array()) {
    const json::object& a = av.as_object();
    Agent ag;
    ag.id = a.at("id").as_string();
    ag.skills = ints_of(a.at("skills"));
    ag.contract = contract_of(a.at("contract"));
    for (const json::value& d : a.at("availability").as_array()) {
      const json::array& x = d.as_array();
      ag.availability.push_back(DayAvailability{x.at(0).as_bool(), static_cast<int>(x.at(1).to_number<int64_t>()),
                                                static_cast<int>(x.at(2).to_number<int64_t>())});
    }
    for (const json::value& l : a.at("leave").as_array()) {
      std::vector<int> x = ints_of(l);
      ag.leave.push_back(LeaveRange{x.at(0), x.at(1)});
    }
    std::vector<int> pr = ints_of(a.at("preferences"));
    ag.preferences = Preferences{pr.at(0), pr.at(1), static_cast<uint8_t>(pr.at(2))};
    ag.templates = ints_of(a.at("templates"));
    p.agents.push_back(std::move(ag));
  }
  std::vector<int> rules = ints_of(o.at("rules"));
  p.rules = WorkRules{rules.at(0), rules.at(1), rules.at(2)};
  const json::array& w = o.at("weights").as_array();
  p.weights = Weights{w.at(0).to_number<double>(), w.at(1).to_number<double>(), w.at(2).to_number<double>()};
  return p;
}

}  // namespace

const storage::ModuleSchema& store_schema() {
  static const storage::ModuleSchema kSchema{"wfm", kMigrations};
  return kSchema;
}

std::string encode_plan(const SchedulePlan& p) {
  json::array shifts;
  for (const Shift& s : p.schedule.shifts) {
    json::array breaks;
    for (const PlacedBreak& b : s.breaks) breaks.push_back(json::array{b.offset_min, b.length_min});
    shifts.push_back(json::array{s.agent, s.day, s.template_index, s.start_min, s.length_min, s.skill, std::move(breaks)});
  }
  json::object o{{"format", 1}, {"problem", problem_json(p.problem)}, {"shifts", std::move(shifts)}};
  if (p.has_greedy) o["greedy"] = json::array{p.greedy_under, p.greedy_over, p.greedy_objective};
  return json::serialize(o);
}

Result<SchedulePlan> decode_plan(std::string_view text) {
  try {
    json::value v = json::parse(text);
    const json::object& o = v.as_object();
    if (o.at("format").to_number<int64_t>() != 1) throw std::invalid_argument("format");
    SchedulePlan p;
    p.problem = problem_of(o.at("problem").as_object());
    for (const json::value& sv : o.at("shifts").as_array()) {
      const json::array& s = sv.as_array();
      Shift sh;
      sh.agent = static_cast<int>(s.at(0).to_number<int64_t>());
      sh.day = static_cast<int>(s.at(1).to_number<int64_t>());
      sh.template_index = static_cast<int>(s.at(2).to_number<int64_t>());
      sh.start_min = static_cast<int>(s.at(3).to_number<int64_t>());
      sh.length_min = static_cast<int>(s.at(4).to_number<int64_t>());
      sh.skill = static_cast<int>(s.at(5).to_number<int64_t>());
      for (const json::value& b : s.at(6).as_array()) {
        std::vector<int> x = ints_of(b);
        sh.breaks.push_back(PlacedBreak{x.at(0), x.at(1)});
      }
      p.schedule.shifts.push_back(std::move(sh));
    }
    if (auto it = o.find("greedy"); it != o.end()) {
      const json::array& g = it->value().as_array();
      p.has_greedy = true;
      p.greedy_under = g.at(0).to_number<double>();
      p.greedy_over = g.at(1).to_number<double>();
      p.greedy_objective = g.at(2).to_number<double>();
    }
    return p;
  } catch (const std::exception& e) {
    return make_error(ErrorCode::kInvalidArgument, std::string("not a stored schedule plan: ") + e.what(), "body");
  }
}

Result<void> WfmRepository::put_history(std::span<const HistoryPoint> points) {
  storage::Transaction tx;
  for (const HistoryPoint& p : points)
    tx.add(kPutHistory, {tx.keep(p.queue), p.start_ms, milli(p.contacts), milli(p.aht_s)});
  return tx.run(db_);
}

Result<std::vector<HistoryPoint>> WfmRepository::history(std::string_view queue, int64_t from_ms, int64_t to_ms) {
  const SqlValue params[] = {queue, from_ms, to_ms};
  return storage::query_all<HistoryPoint>(db_, kHistory, params, [](const storage::RowReader& r) {
    return HistoryPoint{std::string(r.text(0)), r.int64(1), static_cast<double>(r.int64(2)) / 1000.0,
                        static_cast<double>(r.int64(3)) / 1000.0};
  });
}

Result<int64_t> WfmRepository::add_adjustment(const StoredAdjustment& a) {
  std::string body = json::serialize(json::object{{"percent", a.percent}, {"amount", a.amount}, {"note", a.note}});
  const SqlValue params[] = {a.queue, a.start_ms, a.end_ms, body, a.by, a.created_ms};
  return storage::query_int(db_, kAddAdjustment, params);
}

Result<void> WfmRepository::delete_adjustment(int64_t id) {
  const SqlValue params[] = {id};
  return storage::expect_changed(db_.execute(kDeleteAdjustment, params), "adjustment");
}

Result<std::vector<StoredAdjustment>> WfmRepository::adjustments(std::string_view queue, int64_t from_ms,
                                                                 int64_t to_ms) {
  const SqlValue params[] = {queue, from_ms, to_ms};
  return storage::query_all<StoredAdjustment>(db_, kAdjustments, params, [](const storage::RowReader& r) {
    StoredAdjustment a;
    a.id = r.int64(0);
    a.queue = r.text(1);
    a.start_ms = r.int64(2);
    a.end_ms = r.int64(3);
    boost::system::error_code ec;
    json::value b = json::parse(r.text(4), ec);
    if (!ec && b.is_object()) {
      const json::object& o = b.as_object();
      if (auto* p = o.if_contains("percent"); p && p->is_bool()) a.percent = p->get_bool();
      if (auto* x = o.if_contains("amount"); x && x->is_number()) a.amount = x->to_number<double>();
      if (auto* n = o.if_contains("note"); n && n->is_string()) a.note = n->get_string();
    }
    a.by = r.text(5);
    a.created_ms = r.int64(6);
    return a;
  });
}

Result<int64_t> WfmRepository::add_schedule(const StoredSchedule& s) {
  const SqlValue params[] = {s.start, int64_t{s.days}, s.created_ms, s.created_by, s.body};
  return storage::query_int(db_, kAddSchedule, params);
}

Result<std::vector<StoredSchedule>> WfmRepository::schedules() {
  return storage::query_all<StoredSchedule>(db_, kSchedules, {}, read_schedule);
}

Result<std::optional<StoredSchedule>> WfmRepository::schedule(int64_t id) {
  const SqlValue params[] = {id};
  return storage::query_one<StoredSchedule>(db_, kSchedule, params, read_schedule);
}

namespace {
// Why an UPDATE of a draft changed nothing: unknown, or published already.
Result<void> draft_changed(storage::SqlDriver& db, Result<uint64_t> changed, int64_t id) {
  if (!changed) return std::unexpected(changed.error());
  if (*changed > 0) return {};
  const SqlValue params[] = {id};
  auto n = storage::query_int(db, kExists, params);
  if (!n) return std::unexpected(n.error());
  if (*n == 0) return make_error(ErrorCode::kNotFound, "no such schedule", "id");
  return make_error(ErrorCode::kIllegalState, "the schedule is published: it can no longer change", "id");
}
}  // namespace

Result<void> WfmRepository::save_draft(int64_t id, std::string_view body) {
  const SqlValue params[] = {id, body};
  return draft_changed(db_, db_.execute(kSaveDraft, params), id);
}

Result<void> WfmRepository::publish(int64_t id, int64_t now_ms) {
  const SqlValue params[] = {id, now_ms};
  return draft_changed(db_, db_.execute(kPublish, params), id);
}

Result<int64_t> WfmRepository::add_leave(const LeaveRequest& l) {
  const SqlValue params[] = {l.agent, l.first, l.last, int64_t{l.days}, l.kind, l.note, l.requested_ms};
  return storage::query_int(db_, kAddLeave, params);
}

Result<std::optional<LeaveRequest>> WfmRepository::leave(int64_t id) {
  const SqlValue params[] = {id};
  return storage::query_one<LeaveRequest>(db_, kLeaveById, params, read_leave);
}

Result<std::vector<LeaveRequest>> WfmRepository::leave_between(std::string_view first, std::string_view last) {
  const SqlValue params[] = {first, last};
  return storage::query_all<LeaveRequest>(db_, kLeaveOverlapping, params, read_leave);
}

Result<bool> WfmRepository::decide_leave(int64_t id, std::string_view from_status, std::string_view to_status,
                                         std::string_view by, int64_t now_ms, std::string_view reason) {
  const SqlValue params[] = {id, to_status, by, now_ms, reason, from_status};
  auto n = db_.execute(kDecideLeave, params);
  if (!n) return std::unexpected(n.error());
  return *n > 0;
}

Result<std::optional<int>> WfmRepository::allowance(std::string_view agent, int year) {
  const SqlValue params[] = {agent, int64_t{year}};
  return storage::query_one<int>(db_, kAllowance, params,
                                 [](const storage::RowReader& r) { return static_cast<int>(r.int64(0)); });
}

Result<void> WfmRepository::set_allowance(std::string_view agent, int year, int days) {
  const SqlValue params[] = {agent, int64_t{year}, int64_t{days}};
  auto n = db_.execute(kSetAllowance, params);
  if (!n) return std::unexpected(n.error());
  return {};
}

Result<std::optional<StoredSchedule>> WfmRepository::published_for(std::string_view date) {
  // Heads first (no bodies), then the one body wanted.
  auto all = storage::query_all<StoredSchedule>(db_, kPublishedSchedules, {}, read_schedule);
  if (!all) return std::unexpected(all.error());
  if (all->empty()) return std::optional<StoredSchedule>{};
  int64_t id = all->front().id;
  if (auto day = day_number(date))
    for (const StoredSchedule& s : *all)
      if (auto first = day_number(s.start); first && *day >= *first && *day < *first + s.days) {
        id = s.id;
        break;
      }
  return schedule(id);
}

Result<int64_t> WfmRepository::add_swap(const ShiftSwap& w) {
  std::string breaks;
  for (const PlacedBreak& b : w.breaks)
    breaks += (breaks.empty() ? "" : ",") + std::to_string(b.offset_min) + "+" + std::to_string(b.length_min);
  const SqlValue params[] = {w.date,        w.offered_by, w.schedule, w.queue,       int64_t{w.start_min},
                             int64_t{w.length_min}, breaks, w.note, w.created_ms};
  return storage::query_int(db_, kAddSwap, params);
}

Result<std::optional<ShiftSwap>> WfmRepository::swap(int64_t id) {
  const SqlValue params[] = {id};
  return storage::query_one<ShiftSwap>(db_, kSwapById, params, read_swap);
}

Result<std::vector<ShiftSwap>> WfmRepository::swaps_between(std::string_view first, std::string_view last) {
  const SqlValue params[] = {first, last};
  return storage::query_all<ShiftSwap>(db_, kSwapsBetween, params, read_swap);
}

Result<bool> WfmRepository::take_swap(int64_t id, std::string_view to_status, const ShiftSwap& taken, int64_t now_ms) {
  const SqlValue params[] = {id,
                             to_status,
                             std::string_view(taken.taken_by),
                             now_ms,
                             std::string_view(taken.given_date),
                             int64_t{taken.given_start_min},
                             int64_t{taken.given_length_min}};
  auto n = db_.execute(kTakeSwap, params);
  if (!n) return std::unexpected(n.error());
  return *n > 0;
}

Result<bool> WfmRepository::decide_swap(int64_t id, std::string_view from_status, std::string_view to_status,
                                        std::string_view by, int64_t now_ms, std::string_view reason) {
  const SqlValue params[] = {id, to_status, by, now_ms, reason, from_status};
  auto n = db_.execute(kDecideSwap, params);
  if (!n) return std::unexpected(n.error());
  return *n > 0;
}

Result<uint64_t> WfmRepository::expire_swaps(std::string_view today, int64_t now_ms) {
  const SqlValue params[] = {today, now_ms};
  return db_.execute(kExpireSwaps, params);
}

Result<std::optional<std::string>> WfmRepository::setting(std::string_view name) {
  const SqlValue params[] = {name};
  return storage::query_one<std::string>(db_, kSetting, params,
                                         [](const storage::RowReader& r) { return std::string(r.text(0)); });
}

Result<void> WfmRepository::put_setting(std::string_view name, std::string_view body) {
  const SqlValue params[] = {name, body};
  auto n = db_.execute(kPutSetting, params);
  if (!n) return std::unexpected(n.error());
  return {};
}

Result<WfmSettings> WfmRepository::settings() {
  auto body = setting("general");
  if (!body) return std::unexpected(body.error());
  WfmSettings out;
  if (!*body) return out;
  boost::system::error_code ec;
  json::value v = json::parse(**body, ec);
  if (ec || !v.is_object()) return make_error(ErrorCode::kInternal, "stored settings are not JSON", "settings");
  const json::object& o = v.get_object();
  if (const json::value* x = o.if_contains("swap_approval"); x && x->is_bool()) out.swap_approval = x->get_bool();
  if (const json::value* x = o.if_contains("adherence_alert_min"); x && x->is_number())
    out.adherence_alert_min = static_cast<int>(x->to_number<int64_t>());
  return out;
}

Result<void> WfmRepository::put_settings(const WfmSettings& s) {
  return put_setting("general", json::serialize(json::object{{"swap_approval", s.swap_approval},
                                                             {"adherence_alert_min", s.adherence_alert_min}}));
}

ShiftRules default_shift_rules() {
  ShiftTemplate day;
  day.id = "day";
  day.earliest_start_min = 6 * 60;
  day.latest_start_min = 16 * 60;
  day.start_step_min = 30;
  day.lengths_min = {4 * 60, 6 * 60, 8 * 60};
  // Windows (offsets from the shift's start, min) in order, not overlapping.
  day.breaks = {BreakRule{"break", 4 * 60, 60, 135, 15, 15, true}, BreakRule{"lunch", 6 * 60, 150, 270, 30, 30, false},
                BreakRule{"break", 8 * 60, 300, 405, 15, 15, true}};
  return ShiftRules{{day}, WorkRules{11 * 60, 2, 5}, Contract{20 * 60, 40 * 60, 8 * 60}};
}

namespace {

// Stored forms (never shown to clients; the API has its own JSON).
std::string encode_rules(const ShiftRules& r) {
  json::array templates;
  for (const ShiftTemplate& t : r.templates) templates.push_back(template_json(t));
  return json::serialize(json::object{
      {"templates", std::move(templates)},
      {"work", json::array{r.work.min_rest_min, r.work.min_days_off_per_week, r.work.max_consecutive_days}},
      {"contract", contract_json(r.contract)}});
}

ShiftRules decode_rules(const json::object& o) {
  ShiftRules r;
  for (const json::value& t : o.at("templates").as_array()) r.templates.push_back(template_of(t.as_object()));
  std::vector<int> w = ints_of(o.at("work"));
  r.work = WorkRules{w.at(0), w.at(1), w.at(2)};
  r.contract = contract_of(o.at("contract"));
  return r;
}

std::string encode_agent_rules(const AgentRules& r) {
  json::object o;
  o["contract"] = r.contract ? json::value(contract_json(*r.contract)) : json::value(nullptr);
  if (r.availability) {
    json::array a;
    for (const DayAvailability& d : *r.availability) a.push_back(json::array{d.available, d.from_min, d.to_min});
    o["availability"] = std::move(a);
  } else {
    o["availability"] = nullptr;
  }
  o["preferences"] = r.preferences ? json::value(json::array{r.preferences->preferred_start_from_min,
                                                             r.preferences->preferred_start_to_min,
                                                             r.preferences->preferred_days_off_mask})
                                   : json::value(nullptr);
  json::array t;
  for (const std::string& id : r.templates) t.emplace_back(id);
  o["templates"] = std::move(t);
  return json::serialize(o);
}

AgentRules decode_agent_rules(std::string agent, const json::object& o) {
  AgentRules r;
  r.agent = std::move(agent);
  if (!o.at("contract").is_null()) r.contract = contract_of(o.at("contract"));
  if (!o.at("availability").is_null()) {
    std::array<DayAvailability, 7> a{};
    const json::array& days = o.at("availability").as_array();
    for (size_t d = 0; d < 7 && d < days.size(); ++d) {
      const json::array& x = days[d].as_array();
      a[d] = DayAvailability{x.at(0).as_bool(), static_cast<int>(x.at(1).to_number<int64_t>()),
                             static_cast<int>(x.at(2).to_number<int64_t>())};
    }
    r.availability = a;
  }
  if (!o.at("preferences").is_null()) {
    std::vector<int> p = ints_of(o.at("preferences"));
    r.preferences = Preferences{p.at(0), p.at(1), static_cast<uint8_t>(p.at(2))};
  }
  for (const json::value& t : o.at("templates").as_array()) r.templates.emplace_back(t.as_string());
  return r;
}

// A stored JSON object, else kInternal naming `what` (never written by anyone else).
Result<json::object> stored_object(std::string_view text, std::string_view what) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return make_error(ErrorCode::kInternal, "stored " + std::string(what) + " is not JSON", std::string(what));
  return std::move(v.as_object());
}

}  // namespace

Result<std::optional<ShiftRules>> WfmRepository::shift_rules() {
  auto body = setting("rules");
  if (!body) return std::unexpected(body.error());
  if (!*body) return std::optional<ShiftRules>{};
  auto o = stored_object(**body, "rules");
  if (!o) return std::unexpected(o.error());
  return std::optional<ShiftRules>(decode_rules(*o));
}

Result<void> WfmRepository::put_shift_rules(const ShiftRules& r) { return put_setting("rules", encode_rules(r)); }

Result<std::vector<AgentRules>> WfmRepository::agent_rules() {
  const SqlValue params[] = {std::string_view("agent:%")};
  auto rows = storage::query_all<std::pair<std::string, std::string>>(
      db_, kSettingsLike, params,
      [](const storage::RowReader& r) { return std::pair{std::string(r.text(0)), std::string(r.text(1))}; });
  if (!rows) return std::unexpected(rows.error());
  std::vector<AgentRules> out;
  for (const auto& [name, body] : *rows) {
    auto o = stored_object(body, "agent rules");
    if (!o) return std::unexpected(o.error());
    out.push_back(decode_agent_rules(name.substr(6), *o));
  }
  return out;
}

Result<void> WfmRepository::put_agent_rules(const AgentRules& r) {
  return put_setting("agent:" + r.agent, encode_agent_rules(r));
}

Result<bool> WfmRepository::delete_agent_rules(std::string_view agent) {
  const std::string name = "agent:" + std::string(agent);
  const SqlValue params[] = {std::string_view(name)};
  auto n = db_.execute(kDeleteSetting, params);
  if (!n) return std::unexpected(n.error());
  return *n > 0;
}

Result<std::vector<StoredSpecialDay>> WfmRepository::special_days() {
  auto body = setting("special_days");
  if (!body) return std::unexpected(body.error());
  std::vector<StoredSpecialDay> out;
  if (!*body) return out;
  auto o = stored_object(**body, "special_days");
  if (!o) return std::unexpected(o.error());
  for (const json::value& v : o->at("days").as_array()) {
    const json::array& x = v.as_array();
    out.push_back(StoredSpecialDay{std::string(x.at(0).as_string()), x.at(1).to_number<double>(),
                                   std::string(x.at(2).as_string()), std::string(x.at(3).as_string()),
                                   std::string(x.at(4).as_string())});
  }
  return out;
}

Result<void> WfmRepository::put_special_days(std::span<const StoredSpecialDay> days) {
  json::array a;
  for (const StoredSpecialDay& d : days) a.push_back(json::array{json::string(d.date), d.factor, json::string(d.reference), json::string(d.name), json::string(d.queue)});
  return put_setting("special_days", json::serialize(json::object{{"days", std::move(a)}}));
}

}  // namespace switchyard::wfm
