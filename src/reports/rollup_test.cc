// The reports module: rollups built by RollupProjection from a real engine's
// events, on SQLite and PostgreSQL, against hand-computed answers, against
// the KpiCollector's own interval tally (the simulator's) and against the
// live KPIs of today (metrics::KpiProjection).
#include "reports/rollup_projection.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <random>
#include <set>

#include "core/engine.h"
#include "core/test_util.h"
#include "eventlog/schema.h"
#include "metrics/kpi_projection.h"
#include "reports/rollup_sql.h"
#include "reports/rollups.h"
#include "sim/scenario.h"
#include "sim/simulator.h"
#include "storage/db_test_util.h"
#include "storage/migrate.h"
#include "storage/sql_util.h"

namespace switchyard::reports {
namespace {

using namespace core;
using core::testing::RecordingSink;
using metrics::Calendar;
using metrics::Dim;
using metrics::Grain;
using metrics::KpiCounters;
using storage::testing::Backends;
using storage::testing::BackendNames;

constexpr int64_t k15 = 900'000;
// The collector's interval tally indexes intervals from the epoch, so the
// traffic compared with it runs on 1970-01-01 (UTC).
constexpr int64_t kDay = 0;

// Random traffic through a real engine: two queues (voice, chat), four
// agents in two teams at two sites; accepts, rejects, holds, transfers,
// abandons, wrap-ups and presence changes for `minutes` from `t0`.
struct Traffic {
  Traffic(int64_t t0, int minutes, uint32_t seed) : clock(t0), engine(clock, &sink), rng(seed) {
    SkillId s = *engine.define_skill("s");
    TeamId teams[2] = {*engine.define_team("red"), *engine.define_team("blue")};
    SiteId sites[2] = {*engine.define_site("paris"), *engine.define_site("lyon")};
    QueueConfig q;
    q.name = "voice";
    q.skills = {{s, 1}};
    q.acw_ms = 20'000;
    queues.push_back(*engine.configure_queue(q));
    q.name = "chat";
    q.channel = Channel::kChat;
    q.sl_target_ms = 60'000;
    queues.push_back(*engine.configure_queue(q));
    for (int i = 0; i < 4; ++i) {
      AgentConfig a;
      a.name = "a" + std::to_string(i);
      a.team = teams[i % 2];
      a.site = sites[i / 2];
      a.skills = {{s, 1}};
      a.capacity = {1, 2, 1, 1, 1};
      agents.push_back(*engine.configure_agent(a));
      EXPECT_TRUE(engine.login(agents.back()));
    }
    const int64_t end = t0 + minutes * 60'000LL;
    while (clock.now_ms() < end) step();
  }

  void step() {
    clock.set_ms(clock.now_ms() + std::uniform_int_distribution<int64_t>(200, 12'000)(rng));
    engine.advance();
    std::erase_if(live, [&](ContactId c) { return !engine.contact(c); });
    auto roll = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    if (roll(100) < 22) {
      const int q = roll(2);
      ContactSpec spec;
      spec.queue = queues[q];
      spec.channel = q ? Channel::kChat : Channel::kVoice;
      spec.customer_id = "c" + std::to_string(roll(50));
      if (auto r = engine.create_contact(spec)) live.push_back(r->id);
      return;
    }
    if (roll(100) < 4) {
      if (ContactId c = live.empty() ? kNoContact : live[roll(static_cast<int>(live.size()))];
          c != kNoContact && engine.contact(c)->state == ContactState::kQueued)
        (void)engine.abandon(c);
      return;
    }
    // One agent acts on one of its contacts.
    const AgentId a = agents[roll(static_cast<int>(agents.size()))];
    if (roll(100) < 3) {
      (void)(roll(2) ? engine.set_not_ready(a, "break") : engine.set_ready(a));
      return;
    }
    for (ContactId c : live) {
      auto v = engine.contact(c);
      if (!v || v->agent != a) continue;
      const int r = roll(100);
      switch (v->state) {
        case ContactState::kOffered:
          (void)(r < 90 ? engine.accept(a, c) : engine.reject(a, c));
          return;
        case ContactState::kAccepted:
          if (r < 35) (void)engine.end_contact(a, c);
          else if (r < 40) (void)engine.transfer(a, c, queues[0], false);
          else if (r < 50) (void)engine.hold(a, c);
          else if (r < 60) (void)engine.resume(a, c);
          else continue;
          return;
        case ContactState::kWrapUp:
          if (r < 60) (void)engine.end_wrapup(a, c, "done");
          return;
        default:
          continue;
      }
    }
  }

  ManualClock clock;
  RecordingSink sink;
  Engine engine;
  std::mt19937 rng;
  std::vector<QueueId> queues;
  std::vector<AgentId> agents;
  std::vector<ContactId> live;
};

// Seven hours of a simulated center from `start_ms` whose 300 customers
// come back (docs/simulator.md, "[customers]"): many repeats, also across
// midnight. Its engine's events, and the configuration events a server
// would seed its live KPIs with.
struct SimulatedCenter {
  explicit SimulatedCenter(int64_t start_ms) {
    auto sc = sim::parse_scenario(R"(
[simulation]
duration_s = 25200
seed = 3
[routing]
acw_s = 20
[customers]
count = 300
repeat_probability = 0.3
repeat_after = { dist = "exponential", mean_s = 3600 }
[[customer_groups]]
name = "vip"
share = 0.2
[[skills]]
name = "s"
[[queues]]
name = "voice"
skills = ["s"]
arrivals = { rate_per_hour = 60 }
handle_time = { mean_s = 240 }
patience = { mean_s = 300 }
[[queues]]
name = "chat"
channel = "chat"
skills = ["s"]
arrivals = { rate_per_hour = 30 }
handle_time = { mean_s = 400 }
patience = { mean_s = 600 }
[[agents]]
name = "red"
count = 4
team = "red"
site = "paris"
skills = { s = 2 }
capacity = { chat = 2 }
[[agents]]
name = "blue"
count = 4
team = "blue"
site = "lyon"
skills = { s = 2 }
capacity = { chat = 2 }
)",
                                  "center.toml");
    EXPECT_TRUE(sc) << sc.error().message;
    sim::SimOptions o;
    o.start_ms = start_ms;
    sim::Simulator s(std::move(*sc), o);
    s.set_event_tap(&sink);
    EXPECT_TRUE(s.setup());
    s.run();
    for (QueueId q = 0; q < s.engine().queue_count(); ++q)
      configs.push_back(Event{0, 0, ev::QueueConfigured{q, *s.engine().queue_config(q)}});
    for (AgentId a = 0; a < s.engine().agent_count(); ++a)
      configs.push_back(Event{0, 0, ev::AgentConfigured{a, *s.engine().agent_config(a)}});
  }
  RecordingSink sink;
  std::vector<Event> configs;
};

// The counters a rollup row stores (waiting is a gauge; the baseline EWT is
// the simulator's).
void expect_same(const KpiCounters& got, const KpiCounters& want, const std::string& where) {
  KpiCounters a = got, b = want;
  a.waiting = b.waiting = 0;
  a.ewt_baseline_samples = b.ewt_baseline_samples = 0;
  a.ewt_baseline_abs_err_ms = b.ewt_baseline_abs_err_ms = 0;
  EXPECT_EQ(std::memcmp(&a, &b, sizeof a), 0)
      << where << ": offered " << a.offered << "/" << b.offered << " answered " << a.answered << "/" << b.answered
      << " handled " << a.handled << "/" << b.handled << " talk " << a.talk_ms << "/" << b.talk_ms << " busy "
      << a.busy_ms << "/" << b.busy_ms << " idle " << a.idle_ms << "/" << b.idle_ms;
}

bool empty(const KpiCounters& c) {
  KpiCounters z;
  KpiCounters x = c;
  x.waiting = 0;
  return std::memcmp(&x, &z, sizeof x) == 0;
}

template <typename B>
class RollupTest : public storage::testing::DbFixture<B> {
 protected:
  std::vector<const storage::ModuleSchema*> schemas() const override {
    return {&eventlog::schema(), &reports::schema()};
  }
  // Writes `events` to the log (the projection's restart reads it).
  void log_events(const std::vector<Event>& events) {
    eventlog::EventLog log(this->db());
    storage::Transaction tx;
    ASSERT_TRUE(log.stage_append(tx, events));
    ASSERT_TRUE(tx.run(this->db()));
    log.committed(true);
  }
  // `configs`: the engine's configuration, as a server seeds it (a
  // restart's replay starts after the configuration events).
  std::unique_ptr<RollupProjection> started(const Calendar& cal, uint64_t want_checkpoint,
                                            metrics::KpiOptions options = {}, std::vector<Event> configs = {}) {
    auto p = std::make_unique<RollupProjection>(cal, std::move(configs), options);
    eventlog::EventLog log(this->db());
    log_ = std::make_unique<eventlog::EventLog>(this->db());
    auto cp = p->start(this->db(), *log_);
    EXPECT_TRUE(cp) << cp.error().message;
    EXPECT_EQ(cp.value_or(999), want_checkpoint);
    return p;
  }
  // Applies events[from, to) in batches of 1, 2, 3, ... events.
  void apply(RollupProjection& p, const std::vector<Event>& events, size_t from, size_t to) {
    size_t size = 1;
    while (from < to) {
      const size_t n = std::min(size++, to - from);
      auto r = p.apply(this->db(), std::span<const Event>(events).subspan(from, n));
      ASSERT_TRUE(r) << r.error().message;
      from += n;
    }
  }
  std::vector<RollupRow> rows(Dim d, Grain g, int64_t from = INT64_MIN, int64_t to = INT64_MAX, std::vector<uint32_t> ids = {}) {
    RollupRepository repo(this->db());
    auto r = repo.rows({d, g, from, to, std::move(ids)});
    EXPECT_TRUE(r) << r.error().message;
    return r.value_or(std::vector<RollupRow>{});
  }
  // Every 15 min row of the queues and the center equals the collector's
  // interval tally, and every non-empty interval of it has a row.
  void expect_matches(const metrics::KpiCollector& ref) {
    size_t nonempty = 0;
    for (const RollupRow& r : rows(Dim::kCenter, Grain::k15Min)) {
      expect_same(r.counters, ref.interval(static_cast<size_t>(r.start_ms / k15)), "center " + std::to_string(r.start_ms));
      ++nonempty;
    }
    size_t want = 0;
    for (size_t i = 0; i < ref.interval_count(); ++i) want += !empty(ref.interval(i));
    EXPECT_EQ(nonempty, want);
    for (const RollupRow& r : rows(Dim::kQueue, Grain::k15Min))
      expect_same(r.counters, ref.queue_interval(r.id, static_cast<size_t>(r.start_ms / k15)),
                  "queue " + std::to_string(r.id) + " " + std::to_string(r.start_ms));
  }
  // The run (one UTC day) has one center day row, equal to the whole tally.
  void expect_day_matches(const metrics::KpiCollector& ref) {
    auto day = rows(Dim::kCenter, Grain::kDay);
    ASSERT_EQ(day.size(), 1u);
    EXPECT_EQ(day[0].start_ms, kDay);
    expect_same(day[0].counters, ref.overall(), "day");
  }
  std::unique_ptr<eventlog::EventLog> log_;
};
TYPED_TEST_SUITE(RollupTest, Backends, BackendNames);

// The collector's own tally of the same events, per 15 min (UTC) interval.
std::unique_ptr<metrics::KpiCollector> tally(const std::vector<Event>& events, metrics::KpiOptions o = {}) {
  o.interval_ms = k15;
  o.per_queue_intervals = true;
  auto c = std::make_unique<metrics::KpiCollector>(o);
  for (const Event& e : events) c->on_event(e);
  return c;
}

TYPED_TEST(RollupTest, FifteenMinuteRowsEqualTheCollectorsIntervalTally) {
  Traffic t(kDay + 8 * 3'600'000, 180, 7);
  ASSERT_GT(t.sink.events.size(), 1000u);
  auto p = this->started(Calendar::utc(), 0);
  this->apply(*p, t.sink.events, 0, t.sink.events.size());
  auto ref = tally(t.sink.events);
  ASSERT_GT(ref->overall().handled, 50u);
  ASSERT_GT(ref->overall().abandoned, 0u);
  ASSERT_GT(ref->overall().transferred, 0u);
  ASSERT_GT(ref->overall().repeats, 0u);  // 50 customers: FCR counts too
  ASSERT_GT(ref->overall().fcr_eligible, ref->overall().unresolved);
  this->expect_matches(*ref);
  // Coarser grains add the 15 min rows up: one day row equals the whole run.
  this->expect_day_matches(*ref);
  EXPECT_EQ(this->rows(Dim::kCenter, Grain::kHour).size(), 3u);  // 08:00 .. 10:00
  KpiCounters hours;
  for (const RollupRow& r : this->rows(Dim::kCenter, Grain::kHour)) metrics::merge(hours, r.counters);
  expect_same(hours, ref->overall(), "hours");
  auto month = this->rows(Dim::kQueue, Grain::kMonth);
  ASSERT_EQ(month.size(), 2u);
  expect_same(month[0].counters, ref->queue(t.queues[0]), "month voice");
  expect_same(month[1].counters, ref->queue(t.queues[1]), "month chat");
  // Channels: each contact once, by its channel; they add up to the center.
  auto ch = this->rows(Dim::kChannel, Grain::kYear);
  ASSERT_EQ(ch.size(), 2u);
  EXPECT_EQ(ch[0].id, static_cast<uint32_t>(Channel::kVoice));
  EXPECT_EQ(ch[0].counters.offered + ch[1].counters.offered, ref->overall().offered);
  EXPECT_EQ(ch[0].counters.handled + ch[1].counters.handled, ref->overall().handled);
  // Agents: their answers and handling add up to the queues'; teams and
  // sites group the same agents.
  uint64_t answered = 0, handled = 0, offers = 0;
  int64_t busy = 0;
  for (const RollupRow& r : this->rows(Dim::kAgent, Grain::kDay)) {
    answered += r.counters.answered;
    handled += r.counters.handled;
    offers += r.counters.offers;
    busy += r.counters.busy_ms;
  }
  EXPECT_EQ(answered, ref->queue(t.queues[0]).answered + ref->queue(t.queues[1]).answered);
  EXPECT_EQ(handled, ref->overall().handled);
  EXPECT_EQ(busy, ref->overall().busy_ms);
  EXPECT_EQ(offers, t.sink.count<ev::ContactOffered>());
  for (Dim d : {Dim::kTeam, Dim::kSite}) {
    KpiCounters sum;
    for (const RollupRow& r : this->rows(d, Grain::kDay)) metrics::merge(sum, r.counters);
    EXPECT_EQ(sum.handled, handled);
    EXPECT_EQ(sum.busy_ms, busy);
    EXPECT_EQ(sum.offers, offers);
  }
  // Filters: one queue, a time range.
  auto one = this->rows(Dim::kQueue, Grain::k15Min, kDay + 9 * 3'600'000, kDay + 10 * 3'600'000, {t.queues[1]});
  ASSERT_EQ(one.size(), 4u);
  for (const RollupRow& r : one) EXPECT_EQ(r.id, t.queues[1]);
}

TYPED_TEST(RollupTest, ARestartInTheMiddleCountsEveryOutcomeOnceWhereItArrived) {
  Traffic t(kDay + 8 * 3'600'000, 120, 11);
  const auto& ev = t.sink.events;
  this->log_events(ev);
  const size_t half = ev.size() / 2;
  {
    auto p = this->started(Calendar::utc(), 0);
    this->apply(*p, ev, 0, half);
  }
  // A new process: the checkpoint is the last applied event; contacts open
  // at the restart finish in the second half.
  auto p = this->started(Calendar::utc(), ev[half - 1].seq);
  // The host may hand over events already applied: they are skipped.
  this->apply(*p, ev, half - 5, ev.size());
  auto ref = tally(ev);
  this->expect_matches(*ref);
  // The day and year rows, added to in memory by the new process from what
  // the first one stored.
  this->expect_day_matches(*ref);
  auto year = this->rows(Dim::kQueue, Grain::kYear);
  ASSERT_EQ(year.size(), 2u);
  expect_same(year[0].counters, ref->queue(t.queues[0]), "year voice");
}

// A write that fails (here: its table gone for a moment) changes nothing;
// the next apply recovers from the checkpoint and counts those events once.
TYPED_TEST(RollupTest, AFailedWriteIsCountedOnceAfterRecovery) {
  Traffic t(kDay + 8 * 3'600'000, 120, 13);
  const auto& ev = t.sink.events;
  this->log_events(ev);
  const size_t third = ev.size() / 3;
  auto p = this->started(Calendar::utc(), 0);
  this->apply(*p, ev, 0, third);
  SY_ASSERT_OK(this->db().exec_script("ALTER TABLE rollups_coarse RENAME TO rollups_away"));
  EXPECT_FALSE(p->apply(this->db(), std::span<const Event>(ev).subspan(third, 200)));
  SY_ASSERT_OK(this->db().exec_script("ALTER TABLE rollups_away RENAME TO rollups_coarse"));
  this->apply(*p, ev, third, ev.size());
  auto ref = tally(ev);
  this->expect_matches(*ref);
  this->expect_day_matches(*ref);
  KpiCounters agents;
  for (const RollupRow& r : this->rows(Dim::kAgent, Grain::kMonth)) metrics::merge(agents, r.counters);
  EXPECT_EQ(agents.handled, ref->overall().handled);
  EXPECT_EQ(agents.busy_ms, ref->overall().busy_ms);
}

// A store made before reports migration 5 keeps its rows: the day, month and
// year rows move to rollups_coarse with the same counts.
template <typename B>
class RollupMigrationTest : public storage::testing::DbFixture<B> {
 protected:
  std::vector<const storage::ModuleSchema*> schemas() const override {
    static const storage::ModuleSchema v4{"reports", reports::schema().migrations.first(4)};
    return {&eventlog::schema(), &v4};
  }
};
TYPED_TEST_SUITE(RollupMigrationTest, Backends, BackendNames);

TYPED_TEST(RollupMigrationTest, MigrationFiveMovesTheCoarseRowsWithTheirCounts) {
  KpiCounters c;
  uint64_t v = 1;
#define SY_SET(f) c.f = static_cast<decltype(c.f)>(v++ * 1'000'000'007ull);
  SY_ROLLUP_COUNTERS(SY_SET)
#undef SY_SET
  storage::Transaction tx;
  for (Grain g : {Grain::kHour, Grain::kDay, Grain::kYear}) {
    std::vector<storage::SqlValue> row = {int64_t{static_cast<int>(g)}, int64_t{static_cast<int>(Dim::kQueue)},
                                          int64_t{7}, int64_t{86'400'000}};
#define SY_PARAM(f) row.push_back(static_cast<int64_t>(c.f));
    SY_ROLLUP_COUNTERS(SY_PARAM)
#undef SY_PARAM
    sql::upsert_rollups().add(tx, row);
  }
  SY_ASSERT_OK(tx.run(this->db()));
  SY_ASSERT_OK(storage::migrate(this->db(), reports::schema()));
  EXPECT_EQ(this->count("rollups"), 1);
  EXPECT_EQ(this->count("rollups_coarse"), 2);
  RollupRepository repo(this->db());
  for (Grain g : {Grain::kHour, Grain::kDay, Grain::kYear}) {
    auto rows = repo.rows({Dim::kQueue, g, 0, INT64_MAX, {}});
    ASSERT_TRUE(rows) << rows.error().message;
    ASSERT_EQ(rows->size(), 1u) << metrics::to_string(g);
    EXPECT_EQ((*rows)[0].id, 7u);
    EXPECT_EQ((*rows)[0].start_ms, 86'400'000);
    expect_same((*rows)[0].counters, c, std::string(metrics::to_string(g)));
  }
}

// The counters text: every counter in order; fields a later version added
// read as 0 from an older text; anything else is refused.
TEST(RollupCounters, TextRoundTripsAndRefusesWhatIsNotAListOfCounts) {
  KpiCounters c;
  uint64_t v = 0;
#define SY_SET(f) c.f = static_cast<decltype(c.f)>(v++ * 977);
  SY_ROLLUP_COUNTERS(SY_SET)
#undef SY_SET
  c.max_wait_ms = uint64_t{1} << 62;
  const std::string text = sql::format_counters(c);
  EXPECT_EQ(text.substr(0, 12), "0,977,1954,2");
  KpiCounters back;
  ASSERT_TRUE(sql::parse_counters(text, back));
  expect_same(back, c, "round trip");
  KpiCounters older;
  ASSERT_TRUE(sql::parse_counters("5,4", older));
  EXPECT_EQ(older.offered, 5u);
  EXPECT_EQ(older.answered, 4u);
  EXPECT_EQ(older.unresolved, 0u);
  KpiCounters bad;
  EXPECT_FALSE(sql::parse_counters("5,x", bad));
  EXPECT_FALSE(sql::parse_counters("5;4", bad));
  EXPECT_FALSE(sql::parse_counters("-1", bad));
  EXPECT_FALSE(sql::parse_counters("99999999999999999999", bad));
  EXPECT_TRUE(sql::parse_counters("", bad));  // no fields: all 0
}

// Other FCR settings (topic, window) count other repeats: the rows are
// rebuilt with them, as for another time zone.
TYPED_TEST(RollupTest, AnotherFcrTopicRebuildsTheRows) {
  Traffic t(kDay + 8 * 3'600'000, 180, 7);
  const auto& ev = t.sink.events;
  this->log_events(ev);
  {
    auto p = this->started(Calendar::utc(), 0);
    this->apply(*p, ev, 0, ev.size());
  }
  { this->started(Calendar::utc(), ev.back().seq); }  // same settings: resumes
  auto by_queue = tally(ev);
  // By disposition: only contacts whose agent ended the wrap-up ("done")
  // take part, not those whose ACW timed out ("").
  metrics::KpiOptions by_disposition;
  by_disposition.fcr_topic = metrics::FcrTopic::kDisposition;
  {
    auto p = this->started(Calendar::utc(), 0, by_disposition);
    EXPECT_TRUE(this->rows(Dim::kCenter, Grain::kDay).empty());
    this->apply(*p, ev, 0, ev.size());
  }
  auto ref = tally(ev, by_disposition);
  EXPECT_GT(ref->overall().fcr_eligible, 0u);
  EXPECT_LT(ref->overall().fcr_eligible, by_queue->overall().fcr_eligible);
  this->expect_matches(*ref);
}

TYPED_TEST(RollupTest, AnotherFcrWindowRebuildsTheRows) {
  SimulatedCenter t(kDay);
  const auto& ev = t.sink.events;
  this->log_events(ev);
  {
    auto p = this->started(Calendar::utc(), 0);
    this->apply(*p, ev, 0, ev.size());
  }
  this->expect_matches(*tally(ev));
  static constexpr storage::Statement kKept{"SELECT COUNT(*) FROM rollup_customers"};
  const int64_t kept_week = storage::query_int(this->db(), kKept).value_or(-1);
  EXPECT_GT(kept_week, 300);  // (customer, queue) pairs handled in the run
  // A 10-minute window: fewer repeats. (Its memory is pruned every hour,
  // in the table too; a restart in the middle restores what is left.)
  metrics::KpiOptions short_window;
  short_window.fcr_window_ms = 600'000;
  const size_t half = ev.size() / 2;
  {
    auto p = this->started(Calendar::utc(), 0, short_window, t.configs);
    EXPECT_TRUE(this->rows(Dim::kCenter, Grain::kDay).empty());
    this->apply(*p, ev, 0, half);
  }
  auto p = this->started(Calendar::utc(), ev[half - 1].seq, short_window, t.configs);
  this->apply(*p, ev, half, ev.size());
  EXPECT_LT(storage::query_int(this->db(), kKept).value_or(-1), kept_week / 3);  // pruned
  auto shorter = tally(ev, short_window);
  EXPECT_GT(shorter->overall().repeats, 0u);
  EXPECT_LT(shorter->overall().repeats, tally(ev)->overall().repeats);
  this->expect_matches(*shorter);
}

TYPED_TEST(RollupTest, AnotherTimeZoneRebuildsTheRows) {
  Traffic t(kDay + 8 * 3'600'000, 30, 3);
  this->log_events(t.sink.events);
  {
    auto p = this->started(Calendar::utc(), 0);
    this->apply(*p, t.sink.events, 0, t.sink.events.size());
  }
  // Same zone: resumes at the checkpoint.
  { this->started(Calendar::utc(), t.sink.events.back().seq); }
  // Another zone: cleared, rebuilt from 0 by the host.
  auto shanghai = *Calendar::make("Asia/Shanghai");
  auto p = this->started(shanghai, 0);
  EXPECT_TRUE(this->rows(Dim::kCenter, Grain::kDay).empty());
  this->apply(*p, t.sink.events, 0, t.sink.events.size());
  auto day = this->rows(Dim::kCenter, Grain::kDay);
  ASSERT_EQ(day.size(), 1u);
  EXPECT_EQ(day[0].start_ms, kDay - 8 * 3'600'000);  // local midnight in Shanghai
}

// Hand-built: a contact arriving at 00:14:50 answered at 00:15:10 counts in
// the 00:00 bucket; an abandon spanning 00:29:58 .. 00:30:40 counts in
// 00:15; agent time is split at 00:15 and 00:30; a New York day on which the
// clocks go back has 25 hours and one row.
TYPED_TEST(RollupTest, ContactsSpanningIntervalsCountWhereTheyArrived) {
  auto ny = *Calendar::make("America/New_York");
  const int64_t t0 = ny.from_local(2026, 11, 1);  // 25-hour day
  ManualClock clock(t0);
  RecordingSink sink;
  Engine engine(clock, &sink);
  SkillId s = *engine.define_skill("s");
  QueueConfig q;
  q.name = "q";
  q.skills = {{s, 1}};
  q.acw_ms = 0;
  QueueId qid = *engine.configure_queue(q);
  AgentConfig a;
  a.name = "a";
  a.skills = {{s, 1}};
  AgentId aid = *engine.configure_agent(a);
  auto at = [&](int64_t ms) {
    clock.set_ms(t0 + ms);
    engine.advance();
  };
  ContactSpec spec;
  spec.queue = qid;
  at(10 * 60'000);  // 00:10 agent logs in, not ready
  ASSERT_TRUE(engine.login(aid, false));
  at(14 * 60'000 + 50'000);  // 00:14:50 contact arrives, nobody ready
  ContactId c1 = engine.create_contact(spec)->id;
  at(15 * 60'000 + 5'000);  // 00:15:05 agent ready: offered
  ASSERT_TRUE(engine.set_ready(aid));
  at(15 * 60'000 + 10'000);  // 00:15:10 accepted after 20 s
  ASSERT_TRUE(engine.accept(aid, c1));
  at(29 * 60'000 + 58'000);  // 00:29:58 a second contact waits (agent busy)
  ContactId c2 = engine.create_contact(spec)->id;
  at(30 * 60'000 + 40'000);  // 00:30:40 it leaves after 42 s
  ASSERT_TRUE(engine.abandon(c2));
  at(24 * 3'600'000LL + 30 * 60'000);  // 24:30 on the clock-change day (23:30 local) the call ends
  ASSERT_TRUE(engine.end_contact(aid, c1));
  auto p = this->started(ny, 0);
  this->apply(*p, sink.events, 0, sink.events.size());

  auto b15 = this->rows(Dim::kQueue, Grain::k15Min, t0, t0 + 3'600'000);
  ASSERT_EQ(b15.size(), 2u);
  EXPECT_EQ(b15[0].start_ms, t0);
  EXPECT_EQ(b15[0].counters.offered, 1u);
  EXPECT_EQ(b15[0].counters.answered, 1u);
  EXPECT_EQ(b15[0].counters.answered_in_sl, 1u);
  EXPECT_EQ(b15[0].counters.wait_answered_ms, 20'000);
  EXPECT_EQ(b15[0].counters.handled, 1u);  // counted where it arrived, a day later
  EXPECT_EQ(b15[0].counters.talk_ms, 24 * 3'600'000LL + 30 * 60'000 - (15 * 60'000 + 10'000));
  EXPECT_EQ(b15[1].start_ms, t0 + 15 * 60'000);
  EXPECT_EQ(b15[1].counters.offered, 1u);
  EXPECT_EQ(b15[1].counters.abandoned, 1u);
  EXPECT_EQ(b15[1].counters.short_abandoned, 0u);
  EXPECT_EQ(b15[1].counters.wait_abandoned_ms, 42'000);
  auto agent = this->rows(Dim::kAgent, Grain::k15Min, t0, t0 + 3'600'000);
  ASSERT_EQ(agent.size(), 4u);  // 00:00, 00:15, 00:30, 00:45
  EXPECT_EQ(agent[0].counters.not_ready_ms, 5 * 60'000);
  EXPECT_EQ(agent[0].counters.offers, 1u);
  EXPECT_EQ(agent[0].counters.answered, 1u);
  EXPECT_EQ(agent[1].counters.not_ready_ms, 5'000);
  EXPECT_EQ(agent[1].counters.idle_ms, 5'000);  // ready, then ringing
  EXPECT_EQ(agent[1].counters.busy_ms, 15 * 60'000 - 10'000);
  EXPECT_EQ(agent[2].counters.busy_ms, 15 * 60'000);
  // The day of 25 hours is one row holding both contacts and all agent time.
  auto day = this->rows(Dim::kQueue, Grain::kDay);
  ASSERT_EQ(day.size(), 1u);
  EXPECT_EQ(day[0].start_ms, t0);
  EXPECT_EQ(ny.next(Grain::kDay, t0) - t0, 25 * 3'600'000LL);
  EXPECT_EQ(day[0].counters.offered, 2u);
  auto agent_day = this->rows(Dim::kAgent, Grain::kDay);
  ASSERT_EQ(agent_day.size(), 1u);
  EXPECT_EQ(agent_day[0].counters.busy_ms, 24 * 3'600'000LL + 30 * 60'000 - (15 * 60'000 + 10'000));
  EXPECT_EQ(this->rows(Dim::kAgent, Grain::kHour).size(), 25u);
}

// A center from 20:00 to 03:00: the rollups (with a restart in the middle)
// and the live KPIs started afterwards (a restart of the server) count
// today alike, repeats of yesterday's contacts included.
TYPED_TEST(RollupTest, LiveTodayEqualsTheRollupsOfTodayAfterARestart) {
  constexpr int64_t kDayMs = 86'400'000;
  SimulatedCenter t(kDay + kDayMs + 20 * 3'600'000);  // day 1, 20:00 .. day 2, 03:00
  const auto& ev = t.sink.events;
  this->log_events(ev);
  const size_t third = ev.size() / 3;
  {
    auto p = this->started(Calendar::utc(), 0, {}, t.configs);
    this->apply(*p, ev, 0, 2 * third);
  }
  auto rollups = this->started(Calendar::utc(), ev[2 * third - 1].seq, {}, t.configs);
  this->apply(*rollups, ev, 2 * third, ev.size());

  ManualClock now(ev.back().time_ms);
  metrics::KpiProjection::Options lo;
  lo.publish_ms = 0;
  metrics::KpiProjection live(Calendar::utc(), t.configs, now, lo);
  eventlog::EventLog log(this->db());
  auto from = live.start(this->db(), log);
  ASSERT_TRUE(from) << from.error().message;
  ASSERT_TRUE(live.apply(this->db(), std::span<const Event>(ev).subspan(static_cast<size_t>(*from))));
  auto today = live.today();
  const int64_t day = today->day_start_ms;
  ASSERT_EQ(day, kDay + 2 * kDayMs);

  // Today's repeats include repeats of yesterday's contacts, which a
  // collector that saw only today would miss.
  metrics::KpiOptions only_today;
  only_today.stats_from_ms = day;
  metrics::KpiCollector blind(only_today);
  for (const Event& e : ev)
    if (e.time_ms >= day) blind.on_event(e);
  ASSERT_GT(today->overall.repeats, blind.overall().repeats);
  ASSERT_GT(today->overall.unresolved, 0u);

  size_t compared = 0;
  for (Dim d : {Dim::kCenter, Dim::kQueue, Dim::kChannel, Dim::kAgent, Dim::kTeam, Dim::kSite}) {
    std::map<uint32_t, KpiCounters> rolled;
    for (const RollupRow& r : this->rows(d, Grain::kDay, day, day + kDayMs)) metrics::merge(rolled[r.id], r.counters);
    for (const auto& [id, c] : rolled) {
      const metrics::KpiEntry* e = today->find(d, id);
      ASSERT_TRUE(e) << to_string(d) << " " << id;
      const metrics::KpiFigures want = metrics::derive(c);
      const metrics::KpiFigures& got = e->today;
      const std::string where = std::string(to_string(d)) + " " + std::to_string(id);
      EXPECT_EQ(got.offered, want.offered) << where;
      EXPECT_EQ(got.answered, want.answered) << where;
      EXPECT_EQ(got.abandoned, want.abandoned) << where;
      EXPECT_EQ(got.handled, want.handled) << where;
      EXPECT_EQ(got.transferred, want.transferred) << where;
      EXPECT_EQ(got.offers, want.offers) << where;
      EXPECT_EQ(got.fcr_eligible, want.fcr_eligible) << where;
      EXPECT_EQ(got.repeats, want.repeats) << where;
      EXPECT_EQ(got.unresolved, want.unresolved) << where;
      EXPECT_DOUBLE_EQ(got.fcr, want.fcr) << where;
      EXPECT_DOUBLE_EQ(got.repeat_rate, want.repeat_rate) << where;
      EXPECT_DOUBLE_EQ(got.service_level, want.service_level) << where;
      EXPECT_DOUBLE_EQ(got.aht_s, want.aht_s) << where;
      ++compared;
    }
  }
  EXPECT_GE(compared, 1u + 2 + 2 + 8 + 2 + 2);
}

// A simulator run (the demo scenario: a day of four queues): the rollups
// equal the simulator's own tally per interval and per day.
TYPED_TEST(RollupTest, ASimulatorRunsRollupsEqualItsOwnTally) {
  const char* src = std::getenv("SWITCHYARD_SOURCE_DIR");
  ASSERT_NE(src, nullptr);
  auto sc = sim::load_scenario(std::string(src) + "/examples/demo.toml");
  ASSERT_TRUE(sc) << sc.error().message;
  sc->simulation.warmup_ms = 0;  // the rollups count from the first event
  const int64_t interval = sc->simulation.interval_ms;
  ASSERT_EQ(interval % k15, 0);
  metrics::KpiOptions opts;
  opts.short_abandon_ms = sc->short_abandon_ms;
  opts.fcr_window_ms = sc->customers.fcr_window_ms;
  sim::Simulator simulator(std::move(*sc));
  RecordingSink sink;
  simulator.set_event_tap(&sink);
  ASSERT_TRUE(simulator.setup());
  simulator.run();
  const auto& ref = simulator.kpis();
  ASSERT_GT(ref.overall().handled, 1000u);
  ASSERT_GT(ref.overall().repeats, 100u);  // the demo's customers come back

  auto p = std::make_unique<RollupProjection>(Calendar::utc(), std::vector<Event>{}, opts);
  eventlog::EventLog log(this->db());
  ASSERT_EQ(p->start(this->db(), log).value_or(1), 0u);
  for (size_t i = 0; i < sink.events.size(); i += 16'384) {
    auto r = p->apply(this->db(), std::span<const Event>(sink.events).subspan(i, std::min<size_t>(16'384, sink.events.size() - i)));
    ASSERT_TRUE(r) << r.error().message;
  }
  // Per interval: the 15 min rows of the simulator's interval add up to it.
  // Contact counts are exact; agent time matches except the states still
  // open at the end (the simulator closes them at its end, the rollups when
  // they end).
  std::map<int64_t, KpiCounters> per_interval;
  for (const RollupRow& r : this->rows(Dim::kCenter, Grain::k15Min)) merge(per_interval[r.start_ms / interval], r.counters);
  auto no_time = [](KpiCounters c) {
    c.busy_ms = c.idle_ms = c.not_ready_ms = 0;
    return c;
  };
  int64_t time_rollups = 0, time_sim = 0;
  for (size_t i = 0; i < ref.interval_count(); ++i) {
    expect_same(no_time(per_interval[static_cast<int64_t>(i)]), no_time(ref.interval(i)), "interval " + std::to_string(i));
    time_rollups += per_interval[static_cast<int64_t>(i)].busy_ms + per_interval[static_cast<int64_t>(i)].idle_ms;
    time_sim += ref.interval(i).busy_ms + ref.interval(i).idle_ms;
  }
  EXPECT_LE(time_rollups, time_sim);
  EXPECT_GT(time_rollups, time_sim * 9 / 10);
  // Per day and per queue over the run.
  auto day = this->rows(Dim::kCenter, Grain::kDay);
  ASSERT_GE(day.size(), 1u);
  KpiCounters days;
  for (const RollupRow& r : day) merge(days, r.counters);
  expect_same(no_time(days), no_time(ref.overall()), "days");
  for (const RollupRow& r : this->rows(Dim::kQueue, Grain::kYear)) {
    KpiCounters want = ref.queue(r.id);
    want.busy_ms = want.idle_ms = want.not_ready_ms = 0;  // the simulator's per-queue occupancy is its own
    expect_same(no_time(r.counters), want, "queue " + std::to_string(r.id));
  }
}

}  // namespace
}  // namespace switchyard::reports
