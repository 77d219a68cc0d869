#include "server/engine_host.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <future>

#include <boost/json.hpp>

#include "codec/event_json.h"

namespace switchyard::server {
namespace {

class HostTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("sy-host-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::create_directories(dir_);
    url_ = "sqlite:" + (dir_ / "log.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<EngineHost> make_host(EngineHost::Options o = {}) {
    auto s = storage::Store::open(url_);
    EXPECT_TRUE(s) << s.error().message;
    return std::make_unique<EngineHost>(std::move(*s), clock_, o);
  }

  // Runs a task and waits for its (durable) reply.
  static Reply run(EngineHost& h, std::function<Reply(TaskContext&)> task) {
    std::promise<Reply> p;
    auto f = p.get_future();
    h.submit(std::move(task), [&p](Reply r) { p.set_value(std::move(r)); });
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

  static Reply create(TaskContext& ctx, const std::string& customer) {
    core::ContactSpec c;
    c.queue = 0;
    c.customer_id = customer;
    auto r = ctx.engine.create_contact(c);
    if (!r) return Reply{400, r.error().message, {}};
    return Reply{201, std::to_string(r->id), {}};
  }

  static inline int counter_ = 0;
  std::filesystem::path dir_;
  std::string url_;
  SystemClock clock_;
};

TEST_F(HostTest, RepliesComeAfterTheEventsAreDurable) {
  auto host = make_host();
  ASSERT_TRUE(host->recover());
  ASSERT_TRUE(host->seed(setup_center));
  host->start();
  for (int i = 0; i < 50; ++i) {
    Reply r = run(*host, [i](TaskContext& ctx) { return create(ctx, "c" + std::to_string(i)); });
    ASSERT_EQ(r.status, 201);
    // The reply is only sent once durable: the log holds everything so far.
    auto s = storage::Store::open(url_);
    ASSERT_TRUE(s);
    EXPECT_GE(*(*s)->last_seq(), host->durable_seq());
    EXPECT_EQ(*(*s)->last_seq(), host->durable_seq());
  }
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
    for (int i = 0; i < 100; ++i) run(*host, [i](TaskContext& ctx) { return create(ctx, "c" + std::to_string(i)); });
    Reply dump = run(*host, [](TaskContext& ctx) { return Reply{200, ctx.engine.dump_state(), {}}; });
    before = dump.body;
    seq = host->durable_seq();
    host->stop();
  }
  auto host = make_host();
  auto replayed = host->recover();
  ASSERT_TRUE(replayed) << replayed.error().message;
  EXPECT_LT(*replayed, seq) << "a snapshot should have shortened the replay";
  host->start();
  Reply dump = run(*host, [](TaskContext& ctx) { return Reply{200, ctx.engine.dump_state(), {}}; });
  EXPECT_EQ(dump.body, before);
  host->stop();
}

TEST_F(HostTest, IdempotencyKeysSurviveARestart) {
  core::ContactId first = 0;
  {
    auto host = make_host();
    ASSERT_TRUE(host->recover());
    ASSERT_TRUE(host->seed(setup_center));
    host->start();
    Reply r = run(*host, [](TaskContext& ctx) {
      Reply rep = create(ctx, "k");
      ctx.remember_idempotency("key-1", std::stoull(rep.body));
      return rep;
    });
    first = std::stoull(r.body);
    host->stop();
  }
  auto host = make_host();
  ASSERT_TRUE(host->recover());
  host->start();
  Reply again = run(*host, [](TaskContext& ctx) {
    auto prior = ctx.idempotent("key-1");
    return Reply{prior ? 200 : 404, prior ? std::to_string(*prior) : "", {}};
  });
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(std::stoull(again.body), first);
  host->stop();
}

TEST_F(HostTest, SubscribersGetBacklogThenLiveWithoutGapsOrDuplicates) {
  auto host = make_host();
  ASSERT_TRUE(host->recover());
  ASSERT_TRUE(host->seed(setup_center));
  host->start();
  for (int i = 0; i < 10; ++i) run(*host, [i](TaskContext& ctx) { return create(ctx, "c" + std::to_string(i)); });
  std::mutex mu;
  std::vector<uint64_t> seqs;
  Subscriber sub;
  sub.since_seq = 3;
  sub.accept = [](const core::Event&) { return true; };
  sub.send = [&](std::shared_ptr<const std::string> text) {
    auto v = boost::json::parse(*text);
    std::lock_guard lk(mu);
    seqs.push_back(v.at("seq").to_number<uint64_t>());
    return true;
  };
  host->subscribe(std::move(sub));
  for (int i = 0; i < 10; ++i) run(*host, [i](TaskContext& ctx) { return create(ctx, "d" + std::to_string(i)); });
  uint64_t last = host->durable_seq();
  host->stop();
  std::lock_guard lk(mu);
  ASSERT_FALSE(seqs.empty());
  EXPECT_EQ(seqs.front(), 4u);
  for (size_t i = 1; i < seqs.size(); ++i) ASSERT_EQ(seqs[i], seqs[i - 1] + 1);
  EXPECT_EQ(seqs.back(), last);
}

}  // namespace
}  // namespace switchyard::server
