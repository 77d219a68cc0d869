// Live KPIs as a projection: the same figures as a collector fed directly,
// from local midnight, resumed from the log after a restart, reset when the
// day turns; rolling 15 / 60 minute windows; every dimension.
#include "metrics/kpi_projection.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "core/engine.h"
#include "core/test_util.h"
#include "eventlog/schema.h"
#include "storage/database.h"
#include "storage/migrate.h"

namespace switchyard::metrics {
namespace {

using namespace core;

constexpr int64_t kDay = 86'400'000;
constexpr int64_t kOffset = 3'600'000;  // the center is one hour east of UTC
// A local midnight, as epoch ms (23:00 UTC).
constexpr int64_t kMidnightLocal = 20'422 * kDay - kOffset;

class KpiProjectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("sy-kpis-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    auto d = storage::open_database("sqlite:" + (dir_ / "k.db").string());
    ASSERT_TRUE(d);
    db_ = std::move(*d);
    ASSERT_TRUE(storage::migrate(*db_, eventlog::schema()));
    log_ = std::make_unique<eventlog::EventLog>(*db_);
    sk_ = *engine_.define_skill("s");
    QueueConfig q;
    q.name = "q";
    q.skills = {{sk_, 1}};
    q.sl_target_ms = 10'000;
    queue_ = *engine_.configure_queue(q);
    AgentConfig a;
    a.name = "a";
    a.skills = {{sk_, 1}};
    agent_ = *engine_.configure_agent(a);
  }
  void TearDown() override {
    log_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  // Commits what the engine emitted since the last call.
  void commit() {
    std::vector<Event> fresh(sink_.events.begin() + static_cast<long>(committed_), sink_.events.end());
    committed_ = sink_.events.size();
    storage::Transaction tx;
    ASSERT_TRUE(log_->stage_append(tx, fresh));
    ASSERT_TRUE(tx.run(*db_));
    log_->committed(true);
  }
  // One contact: arrives at t, answered after `wait`, talk 60 s.
  void handled(int64_t t, int64_t wait, const std::string& customer = "", const std::string& group = "") {
    clock_.set_ms(t);
    engine_.advance();
    ContactSpec s;
    s.queue = queue_;
    s.customer_id = customer;
    s.customer_group = group;
    auto c = engine_.create_contact(s);
    ASSERT_TRUE(c);
    clock_.set_ms(t + wait);
    engine_.advance();
    ASSERT_TRUE(engine_.accept(agent_, c->id));
    clock_.set_ms(t + wait + 60'000);
    ASSERT_TRUE(engine_.end_contact(agent_, c->id));
  }
  // Publishes on every apply unless `paced` (then every 250 ms of pace_).
  KpiProjection make(bool paced = false) {
    KpiProjection::Options o;
    o.publish_ms = paced ? 250 : 0;
    o.pace_ms = [this] { return pace_; };
    return KpiProjection(*Calendar::make("Etc/GMT-1"), configs(), clock_, o);
  }
  std::vector<Event> configs() {
    return {Event{0, 0, ev::QueueConfigured{queue_, *engine_.queue_config(queue_)}},
            Event{0, 0, ev::AgentConfigured{agent_, *engine_.agent_config(agent_)}}};
  }
  std::span<const Event> since(uint64_t seq) {
    return std::span<const Event>(sink_.events).subspan(static_cast<size_t>(seq));
  }

  std::filesystem::path dir_;
  std::unique_ptr<storage::SqlDriver> db_;
  std::unique_ptr<eventlog::EventLog> log_;
  ManualClock clock_{kMidnightLocal - 3 * 3'600'000};
  testing::RecordingSink sink_;
  Engine engine_{clock_, &sink_};
  SkillId sk_ = 0;
  QueueId queue_ = 0;
  AgentId agent_ = 0;
  size_t committed_ = 0;
  int64_t pace_ = 0;  // the projection's pace clock (ms)
};

TEST_F(KpiProjectionTest, CountsTodayFromTheLogAndFollowsNewEvents) {
  ASSERT_TRUE(engine_.login(agent_));
  handled(kMidnightLocal - 7'200'000, 5'000);   // yesterday: not counted
  handled(kMidnightLocal + 60'000, 4'000);       // today, in SL (10 s)
  handled(kMidnightLocal + 600'000, 30'000);     // today, out of SL
  commit();

  // A restart: the projection starts from the first event of today.
  KpiProjection p = make();
  auto from = p.start(*db_, *log_);
  ASSERT_TRUE(from);
  ASSERT_GT(*from, 0u);
  ASSERT_TRUE(p.apply(*db_, since(*from)));
  auto t = p.today();
  ASSERT_TRUE(t);
  EXPECT_EQ(t->day_start_ms, kMidnightLocal);
  EXPECT_EQ(t->overall.offered, 2u);
  EXPECT_EQ(t->overall.answered, 2u);
  EXPECT_DOUBLE_EQ(t->overall.service_level, 0.5);
  EXPECT_DOUBLE_EQ(t->overall.asa_s, 17.0);
  const KpiEntry* q = t->find(Dim::kQueue, queue_);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->name, "q");
  EXPECT_EQ(q->today.offered, 2u);

  // New events follow; the figures agree with a collector fed directly.
  handled(kMidnightLocal + 900'000, 2'000);
  uint64_t before = committed_;
  commit();
  ASSERT_TRUE(p.apply(*db_, since(before)));
  KpiOptions o;
  o.stats_from_ms = kMidnightLocal;
  KpiCollector direct(o);
  for (const Event& e : sink_.events) direct.on_event(e);
  KpiFigures want = derive(direct.overall());
  EXPECT_EQ(p.today()->overall.offered, want.offered);
  EXPECT_EQ(p.today()->overall.answered, 3u);
  EXPECT_DOUBLE_EQ(p.today()->overall.service_level, want.service_level);
  EXPECT_DOUBLE_EQ(p.today()->overall.aht_s, want.aht_s);
  EXPECT_EQ(p.today()->seq, sink_.events.back().seq);
}

TEST_F(KpiProjectionTest, ANewDayStartsFromZero) {
  ASSERT_TRUE(engine_.login(agent_));
  clock_.set_ms(kMidnightLocal - 700'000);
  KpiProjection p = make();
  ASSERT_TRUE(p.start(*db_, *log_));
  handled(kMidnightLocal - 600'000, 1'000);
  commit();
  ASSERT_TRUE(p.apply(*db_, since(0)));
  EXPECT_EQ(p.today()->overall.offered, 1u);
  uint64_t before = committed_;
  handled(kMidnightLocal + 1'000, 1'000);  // after midnight: a new day
  commit();
  ASSERT_TRUE(p.apply(*db_, since(before)));
  EXPECT_EQ(p.today()->day_start_ms, kMidnightLocal);
  EXPECT_EQ(p.today()->overall.offered, 1u);
  EXPECT_EQ(p.today()->overall.answered, 1u);
  ASSERT_TRUE(p.today()->find(Dim::kQueue, queue_));
  EXPECT_EQ(p.today()->find(Dim::kQueue, queue_)->name, "q");  // the configuration carried over
}

// Yesterday's contacts are repeated today: after a restart the projection
// reads them back (without counting them); without a restart the new day's
// collector takes over the old one's memory. Both give the same figures.
TEST_F(KpiProjectionTest, RepeatsOfEarlierDaysCountTodayWithAndWithoutARestart) {
  ASSERT_TRUE(engine_.login(agent_));
  clock_.set_ms(kMidnightLocal - 3 * 3'600'000 - 1'000);
  KpiProjection running = make();  // up since yesterday
  ASSERT_TRUE(running.start(*db_, *log_));
  handled(kMidnightLocal - 3 * 3'600'000, 1'000, "alice", "vip");
  handled(kMidnightLocal - 2 * 3'600'000, 1'000, "bob");
  handled(kMidnightLocal + 60'000, 1'000, "alice", "vip");  // repeats yesterday's
  handled(kMidnightLocal + 600'000, 1'000, "carol");
  handled(kMidnightLocal + 1'200'000, 1'000, "carol");      // repeats today's
  handled(kMidnightLocal + 1'800'000, 1'000);               // no customer id
  commit();
  ASSERT_TRUE(running.apply(*db_, since(0)));
  KpiProjection restarted = make();
  auto from = restarted.start(*db_, *log_);
  ASSERT_TRUE(from);
  ASSERT_TRUE(restarted.apply(*db_, since(*from)));
  for (KpiProjection* p : {&running, &restarted}) {
    auto t = p->today();
    EXPECT_EQ(t->day_start_ms, kMidnightLocal);
    EXPECT_EQ(t->overall.handled, 4u);
    EXPECT_EQ(t->overall.fcr_eligible, 3u);
    EXPECT_EQ(t->overall.repeats, 2u);
    EXPECT_EQ(t->overall.unresolved, 1u);  // carol's first; yesterday's alice is not today's
    EXPECT_DOUBLE_EQ(t->overall.fcr, 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(t->overall.repeat_rate, 2.0 / 3.0);
    // The customer group's entry, by name.
    const auto g = std::find_if(t->entries.begin(), t->entries.end(),
                                [](const KpiEntry& e) { return e.dim == Dim::kGroup; });
    ASSERT_NE(g, t->entries.end());
    EXPECT_EQ(g->name, "vip");
    EXPECT_EQ(g->today.offered, 1u);
    EXPECT_EQ(g->today.repeats, 1u);
    EXPECT_DOUBLE_EQ(g->today.service_level, 1.0);
    EXPECT_EQ(g->last_60m.fcr_eligible, 1u);
  }
}

TEST_F(KpiProjectionTest, RollingWindowsCountTheLastMinutesAndMoveWithTime) {
  ASSERT_TRUE(engine_.login(agent_));
  KpiProjection p = make();
  ASSERT_TRUE(p.start(*db_, *log_));
  const int64_t t0 = kMidnightLocal + 3 * 3'600'000;  // 03:00 local
  handled(t0, 1'000);                 // 03:00
  handled(t0 + 40 * 60'000, 3'000);   // 03:40
  handled(t0 + 55 * 60'000, 5'000);   // 03:55
  commit();
  clock_.set_ms(t0 + 58 * 60'000);    // now 03:58
  ASSERT_TRUE(p.apply(*db_, since(0)));
  p.tick();
  auto t = p.today();
  const KpiEntry* c = t->find(Dim::kCenter, 0);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->today.offered, 3u);
  EXPECT_EQ(c->last_60m.offered, 3u);   // 02:59 .. 03:58
  EXPECT_EQ(c->last_15m.offered, 1u);   // 03:44 .. 03:58
  EXPECT_DOUBLE_EQ(c->last_15m.asa_s, 5.0);
  EXPECT_DOUBLE_EQ(c->last_60m.asa_s, 3.0);
  // Time alone moves the windows (the tick publishes once a second).
  clock_.set_ms(t0 + 80 * 60'000);    // 04:20: only 03:40 and 03:55 are within 60 min
  pace_ += 1000;
  p.tick();
  c = p.today()->find(Dim::kCenter, 0);
  EXPECT_EQ(c->last_60m.offered, 2u);
  EXPECT_EQ(c->last_15m.offered, 0u);
  EXPECT_EQ(c->today.offered, 3u);
  // Every dimension has its entry: the agent answered all three, its
  // occupancy counts up to now.
  const KpiEntry* a = p.today()->find(Dim::kAgent, agent_);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->today.answered, 3u);
  EXPECT_GT(a->today.occupancy, 0.0);
  EXPECT_LT(a->today.occupancy, 1.0);
  ASSERT_TRUE(p.today()->find(Dim::kChannel, static_cast<uint32_t>(Channel::kVoice)));
  EXPECT_EQ(p.today()->find(Dim::kChannel, static_cast<uint32_t>(Channel::kVoice))->today.offered, 3u);
}

TEST_F(KpiProjectionTest, PublicationsReachTheListenerAtMostEveryPublishInterval) {
  ASSERT_TRUE(engine_.login(agent_));
  clock_.set_ms(kMidnightLocal + 1'000);
  KpiProjection p = make(/*paced=*/true);
  std::vector<uint64_t> seqs;
  p.on_publish([&](std::shared_ptr<const TodayKpis> t) { seqs.push_back(t->seq); });
  ASSERT_TRUE(p.start(*db_, *log_));
  const size_t at_start = seqs.size();
  handled(kMidnightLocal + 2'000, 1'000);
  commit();
  pace_ += 300;
  ASSERT_TRUE(p.apply(*db_, since(0)));  // 300 ms after the start's publication: published at once
  ASSERT_EQ(seqs.size(), at_start + 1);
  EXPECT_EQ(seqs.back(), sink_.events.back().seq);
  uint64_t before = committed_;
  ContactSpec spec;
  spec.queue = queue_;
  ASSERT_TRUE(engine_.create_contact(spec));
  commit();
  ASSERT_TRUE(p.apply(*db_, since(before)));  // same instant: held back ...
  EXPECT_EQ(seqs.size(), at_start + 1);
  p.tick();
  EXPECT_EQ(seqs.size(), at_start + 1);
  pace_ += 250;
  p.tick();  // ... and published by the tick once the interval has passed
  ASSERT_EQ(seqs.size(), at_start + 2);
  EXPECT_EQ(seqs.back(), sink_.events.back().seq);
}

}  // namespace
}  // namespace switchyard::metrics
