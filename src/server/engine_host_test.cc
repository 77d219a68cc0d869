// The engine host (group commit, durability, recovery, failure), the event
// feed (backlog then live), the store pool and the projection host, on a
// real SQLite file.
#include "server/engine_host.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <atomic>
#include <future>

#include "eventlog/event_log.h"
#include "eventlog/idempotency.h"
#include "eventlog/schema.h"
#include "eventlog/snapshots.h"
#include "history/contact_history.h"
#include "history/history_projection.h"
#include "server/event_feed.h"
#include "server/projection_host.h"
#include "server/store_pool.h"
#include "storage/database.h"
#include "storage/migrate.h"

namespace switchyard::server {
namespace {

class HostTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("sy-host-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::create_directories(dir_);
    url_ = "sqlite:" + (dir_ / "log.db").string();
    auto db = open();
    ASSERT_TRUE(storage::migrate(*db, eventlog::schema()));
    ASSERT_TRUE(storage::migrate(*db, history::schema()));
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<storage::SqlDriver> open() {
    auto d = storage::open_database(url_);
    EXPECT_TRUE(d) << d.error().message;
    return d ? std::move(*d) : nullptr;
  }
  std::unique_ptr<EngineHost> make_host(EngineHost::Options o = {}) {
    return std::make_unique<EngineHost>(open(), clock_, o);
  }
  uint64_t stored_last_seq() { return eventlog::EventLog(*open()).last_seq().value(); }

  // Runs a task and waits for its (durable) result.
  template <typename T>
  static Result<T> run(EngineHost& h, std::function<Result<T>(TaskContext&)> task) {
    std::promise<Result<T>> p;
    auto f = p.get_future();
    h.submit<T>(std::move(task), [&p](Result<T> r) { p.set_value(std::move(r)); });
    return f.get();
  }

  static Result<void> setup_center(TaskContext& ctx) {
    core::Engine& e = ctx.engine;
    core::SkillId s = *e.define_skill("s");
    core::QueueConfig q;
    q.name = "q";
    q.skills = {{s, 1}};
    if (auto r = e.configure_queue(q); !r) return std::unexpected(r.error());
    core::AgentConfig a;
    a.name = "a";
    a.skills = {{s, 1}};
    if (auto r = e.configure_agent(a); !r) return std::unexpected(r.error());
    return e.login(0);
  }

  static Result<core::ContactId> create(TaskContext& ctx, const std::string& customer) {
    core::ContactSpec c;
    c.queue = 0;
    c.customer_id = customer;
    auto r = ctx.engine.create_contact(c);
    if (!r) return std::unexpected(r.error());
    return r->id;
  }

  static inline int counter_ = 0;
  std::filesystem::path dir_;
  std::string url_;
  SystemClock clock_;
};

TEST_F(HostTest, ResultsComeAfterTheEventsAreDurable) {
  auto host = make_host();
  ASSERT_TRUE(host->recover());
  ASSERT_TRUE(host->seed(setup_center));
  host->start();
  for (int i = 0; i < 50; ++i) {
    auto r = run<core::ContactId>(*host, [i](TaskContext& ctx) { return create(ctx, "c" + std::to_string(i)); });
    ASSERT_TRUE(r);
    // Answered only once durable: the log holds everything so far.
    EXPECT_EQ(stored_last_seq(), host->durable_seq());
  }
  // An error is a value, answered like a success.
  auto bad = run<core::ContactId>(*host, [](TaskContext& ctx) -> Result<core::ContactId> {
    core::ContactSpec c;
    c.queue = 99;
    auto r = ctx.engine.create_contact(c);
    if (!r) return std::unexpected(r.error());
    return r->id;
  });
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kNotFound);
  host->stop();
}

TEST_F(HostTest, StagedWritesCommitWithTheEventsAndAfterCommitRunsOnceDurable) {
  auto host = make_host();
  ASSERT_TRUE(host->recover());
  ASSERT_TRUE(host->seed(setup_center));
  std::atomic<uint64_t> seen_durable{0};
  host->start();
  auto r = run<uint64_t>(*host, [&](TaskContext& ctx) -> Result<uint64_t> {
    auto id = create(ctx, "k");
    if (!id) return std::unexpected(id.error());
    eventlog::IdempotencyKeys::stage(ctx.writes(), {"user:1", "key", "hash", *id, ctx.engine.last_seq(), 1});
    uint64_t seq = ctx.engine.last_seq();
    ctx.after_commit([&, seq] { seen_durable = seq <= host->durable_seq() ? seq : 0; });
    return seq;
  });
  ASSERT_TRUE(r);
  EXPECT_EQ(seen_durable.load(), *r);
  auto key = eventlog::IdempotencyKeys(*open()).find("user:1", "key").value();
  ASSERT_TRUE(key);
  EXPECT_EQ(key->seq, *r);
  host->stop();
}

TEST_F(HostTest, RecoveryRebuildsTheSameStateFromSnapshotAndLog) {
  std::string before;
  uint64_t seq = 0;
  {
    EngineHost::Options o;
    o.snapshot_every_events = 40;  // several snapshots along the way
    auto host = make_host(o);
    ASSERT_TRUE(host->recover());
    ASSERT_TRUE(host->seed(setup_center));
    host->start();
    for (int i = 0; i < 100; ++i)
      ASSERT_TRUE(run<core::ContactId>(*host, [i](TaskContext& ctx) { return create(ctx, "c" + std::to_string(i)); }));
    before = run<std::string>(*host, [](TaskContext& ctx) -> Result<std::string> { return ctx.engine.dump_state(); })
                 .value();
    seq = host->durable_seq();
    host->stop();
  }
  EXPECT_TRUE(eventlog::SnapshotStore(*open()).latest().value().has_value());
  auto host = make_host();
  auto replayed = host->recover();
  ASSERT_TRUE(replayed) << replayed.error().message;
  EXPECT_LT(*replayed, seq) << "a snapshot should have shortened the replay";
  host->start();
  EXPECT_EQ(run<std::string>(*host, [](TaskContext& ctx) -> Result<std::string> { return ctx.engine.dump_state(); })
                .value(),
            before);
  host->stop();
}

// A commit that fails (here: a staged write the database refuses) puts the
// host into the failed state: the task gets kUnavailable, so does every
// later one, and ready() turns false. Nothing of the batch is in the log.
TEST_F(HostTest, AFailedCommitFailsTheBatchAndTheHost) {
  auto host = make_host();
  ASSERT_TRUE(host->recover());
  ASSERT_TRUE(host->seed(setup_center));
  host->start();
  uint64_t durable = host->durable_seq();
  auto r = run<core::ContactId>(*host, [](TaskContext& ctx) {
    auto id = create(ctx, "x");
    eventlog::IdempotencyKeys::stage(ctx.writes(), {"u", std::string("bad\0key", 7), "h", 1, 1, 1});
    return id;
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(host->failed());
  EXPECT_FALSE(host->ready());
  EXPECT_EQ(stored_last_seq(), durable);
  auto later = run<core::ContactId>(*host, [](TaskContext& ctx) { return create(ctx, "y"); });
  ASSERT_FALSE(later);
  EXPECT_EQ(later.error().code, ErrorCode::kUnavailable);
  host->stop();
}

TEST_F(HostTest, ViewsPublishCommittedStateOnly) {
  auto host = make_host();
  ASSERT_TRUE(host->recover());
  ASSERT_TRUE(host->seed(setup_center));
  std::mutex mu;
  std::vector<std::pair<uint64_t, uint64_t>> published;  // (view seq, durable at publish)
  host->add_view(5, [&](const core::Engine& e, int64_t) -> std::function<void()> {
    uint64_t seq = e.last_seq();
    return [&, seq] {
      std::lock_guard lk(mu);
      published.emplace_back(seq, host->durable_seq());
    };
  });
  host->start();
  for (int i = 0; i < 30; ++i)
    ASSERT_TRUE(run<core::ContactId>(*host, [i](TaskContext& ctx) { return create(ctx, "c" + std::to_string(i)); }));
  host->stop();
  std::lock_guard lk(mu);
  ASSERT_FALSE(published.empty());
  for (auto [seq, durable] : published) EXPECT_LE(seq, durable);
}

// A server stops the periodic jobs before the objects they use go away
// (the pool outlives them): after stop_periodic() none runs again.
TEST_F(HostTest, NoPeriodicJobRunsAfterStopPeriodic) {
  auto pool = StorePool::open([&] { return storage::open_database(url_); }, {});
  ASSERT_TRUE(pool);
  std::atomic<int> runs{0};
  (*pool)->every(250, [&runs](storage::SqlDriver&) { ++runs; });
  for (int i = 0; i < 100 && runs.load() < 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_GE(runs.load(), 2) << "the periodic job runs every 250 ms";
  (*pool)->stop_periodic();
  std::promise<void> drained;  // what was posted already has run
  (*pool)->post_bulk([&drained](storage::SqlDriver&) { drained.set_value(); });
  drained.get_future().wait();
  const int at_stop = runs.load();
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  EXPECT_EQ(runs.load(), at_stop);
  (*pool)->stop_periodic();  // idempotent
}

TEST_F(HostTest, FeedGivesBacklogThenLiveWithoutGapsOrDuplicates) {
  auto host = make_host();
  ASSERT_TRUE(host->recover());
  ASSERT_TRUE(host->seed(setup_center));
  auto pool = StorePool::open([&] { return storage::open_database(url_); }, {});
  ASSERT_TRUE(pool);
  EventFeed feed(**pool, [](const core::Event& e) { return std::to_string(e.seq); }, host->durable_seq());
  host->add_commit_listener([&](const CommittedEvents& ev) { feed.committed(ev); });
  host->start();
  for (int i = 0; i < 10; ++i)
    ASSERT_TRUE(run<core::ContactId>(*host, [i](TaskContext& ctx) { return create(ctx, "c" + std::to_string(i)); }));
  std::mutex mu;
  std::vector<uint64_t> seqs, live;
  auto subscriber = [&](uint64_t since, std::vector<uint64_t>& out) {
    return Subscriber{since, [](const core::Event&) { return true; }, [&](std::shared_ptr<const std::string> text) {
                        std::lock_guard lk(mu);
                        out.push_back(std::stoull(*text));
                        return true;
                      }};
  };
  feed.subscribe(subscriber(3, seqs));  // catches up from the log while commits go on
  for (int i = 0; i < 10; ++i) {
    if (i == 5) feed.subscribe(subscriber(0, live));  // live only
    ASSERT_TRUE(run<core::ContactId>(*host, [i](TaskContext& ctx) { return create(ctx, "d" + std::to_string(i)); }));
  }
  uint64_t last = host->durable_seq();
  host->stop();
  pool->reset();  // finishes the catch-up job
  std::lock_guard lk(mu);
  ASSERT_FALSE(seqs.empty());
  EXPECT_EQ(seqs.front(), 4u);
  for (size_t i = 1; i < seqs.size(); ++i) ASSERT_EQ(seqs[i], seqs[i - 1] + 1);
  EXPECT_EQ(seqs.back(), last);
  ASSERT_FALSE(live.empty());
  EXPECT_EQ(live.back(), last);
  EXPECT_EQ(feed.subscribers(), 2u);
}

TEST_F(HostTest, ProjectionsCatchUpFromTheLogThenFollowCommits) {
  // 20 contacts committed before the projection host exists...
  auto host = make_host();
  ASSERT_TRUE(host->recover());
  ASSERT_TRUE(host->seed(setup_center));
  host->start();
  for (int i = 0; i < 20; ++i)
    ASSERT_TRUE(run<core::ContactId>(*host, [i](TaskContext& ctx) { return create(ctx, "c" + std::to_string(i)); }));
  host->stop();
  // ... then a restart with the projection: it catches up, then follows.
  auto host2 = make_host();
  ASSERT_TRUE(host2->recover());
  ProjectionHost projections(open(), ProjectionHost::Options{4, 3, 50});  // tiny buffer and chunks
  history::HistoryProjection hp;
  projections.add(&hp);
  host2->add_commit_listener([&](const CommittedEvents& ev) { projections.committed(ev); });
  host2->start();
  ASSERT_TRUE(projections.start(host2->durable_seq()));
  for (int i = 0; i < 20; ++i)
    ASSERT_TRUE(run<core::ContactId>(*host2, [i](TaskContext& ctx) { return create(ctx, "d" + std::to_string(i)); }));
  std::promise<void> applied;
  projections.when_applied("history", host2->durable_seq(), [&] { applied.set_value(); });
  ASSERT_EQ(applied.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
  auto status = projections.status();
  ASSERT_EQ(status.size(), 1u);
  EXPECT_EQ(status[0].applied_seq, host2->durable_seq());
  EXPECT_TRUE(status[0].error.empty());
  auto db = open();
  history::HistoryRepository repo(*db);
  EXPECT_EQ(repo.customer_contacts("c0", 5).value().size(), 1u);
  EXPECT_EQ(repo.customer_contacts("d19", 5).value().size(), 1u);
  host2->stop();
  projections.stop();
}

// Counts what it is given; its checkpoint lives in memory (starts at 0).
class CountingProjection final : public eventlog::Projection {
 public:
  std::string_view name() const override { return "counting"; }
  Result<uint64_t> start(storage::SqlDriver&, eventlog::EventLog&) override { return applied_.load(); }
  Result<void> apply(storage::SqlDriver&, std::span<const core::Event> events) override {
    EXPECT_EQ(events.front().seq, applied_ + 1) << "consecutive, after the checkpoint";
    largest_ = std::max(largest_.load(), events.size());
    applied_ = events.back().seq;
    return {};
  }
  std::atomic<uint64_t> applied_{0};
  std::atomic<size_t> largest_{0};
};

TEST_F(HostTest, AnApplyNeverCarriesMoreThanChunkEvents) {
  auto host = make_host();
  ASSERT_TRUE(host->recover());
  ProjectionHost::Options opts{1000, 3, 50};  // chunks of 3 events; buffer large enough to gather
  opts.min_interval_ms = 200;                 // many commits wait for one apply
  ProjectionHost projections(open(), opts);
  CountingProjection counting;
  projections.add(&counting);
  host->add_commit_listener([&](const CommittedEvents& ev) { projections.committed(ev); });
  ASSERT_TRUE(host->seed(setup_center));  // the log's first events: read from the log
  host->start();
  ASSERT_TRUE(projections.start(host->durable_seq()));
  // Commits of 2 and 5 events: a batch alone is over the chunk, and two
  // gathered batches are too.
  for (int i = 0; i < 10; ++i)
    ASSERT_TRUE(run<core::ContactId>(*host, [i](TaskContext& ctx) -> Result<core::ContactId> {
      Result<core::ContactId> last;
      for (int k = 0; k < (i % 2 ? 5 : 2); ++k)
        if (last = create(ctx, "c" + std::to_string(i) + "-" + std::to_string(k)); !last) return last;
      return last;
    }));
  std::promise<void> applied;
  projections.when_applied("counting", host->durable_seq(), [&] { applied.set_value(); });
  ASSERT_EQ(applied.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_EQ(counting.applied_, host->durable_seq());
  EXPECT_EQ(counting.largest_, 3u);
  host->stop();
  projections.stop();
}

TEST(StorePool, LanesRunJobsAndPeriodicJobs) {
  auto dir = std::filesystem::temp_directory_path() / ("sy-pool-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string url = "sqlite:" + (dir / "p.db").string();
  {
    auto pool = StorePool::open([&] { return storage::open_database(url); }, {3, 2});
    ASSERT_TRUE(pool);
    std::atomic<int> general{0}, bulk{0}, cpu{0}, periodic{0};
    (*pool)->every(300, [&](storage::SqlDriver&) { ++periodic; });
    for (int i = 0; i < 20; ++i) {
      (*pool)->post([&](storage::SqlDriver& db) {
        EXPECT_EQ(db.dialect(), "sqlite");
        ++general;
      });
      (*pool)->post_bulk([&](storage::SqlDriver&) { ++bulk; });
      // A CPU job that posts back to the store lane, as a login does.
      (*pool)->post_cpu([&, p = pool->get()] { p->post([&](storage::SqlDriver&) { ++cpu; }); });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    pool->reset();  // drains every lane, follow-up jobs included
    EXPECT_EQ(general, 20);
    EXPECT_EQ(bulk, 20);
    EXPECT_EQ(cpu, 20);
    EXPECT_GE(periodic, 1);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace switchyard::server
