#pragma once
// Test-only: the application services on a real runtime, wired like the
// server (cli/serve_command.cc: serve), on a fresh SQLite database under
// /dev/shm (or /tmp), with a ManualClock and the demo center seeded.
//
// Demo center ids (app/demo.cc): queues billing 0, tech 1, sales 2 (voice)
// and support-chat 3 (chat); teams red 0 (agent01..agent10 = ids 0..9) and
// blue 1 (agent11..agent20 = ids 10..19). Users: admin, lead.red,
// lead.blue, quality, wfm, reporting, agent01 (agent 0), agent02 (agent 1),
// agent11 (agent 10), all with the password kDemoPassword.
//
// Time: the clock moves only through advance(), which moves it on the
// engine thread (the only thread that reads it while tests run) and then
// lets the engine fire the timers that became due.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/account_service.h"
#include "app/agent_service.h"
#include "app/auth_service.h"
#include "app/caller.h"
#include "app/catalog.h"
#include "app/config_service.h"
#include "app/contact_service.h"
#include "app/feed_service.h"
#include "app/realtime_service.h"
#include "app/runtime.h"
#include "audit/audit_log.h"
#include "core/clock.h"
#include "history/history_projection.h"
#include "metrics/kpi_projection.h"
#include "server/engine_host.h"
#include "server/event_feed.h"
#include "server/projection_host.h"
#include "server/store_pool.h"

namespace switchyard::app::testing {

// Demo ids.
inline constexpr core::QueueId kBilling = 0, kTech = 1, kSales = 2, kChat = 3;
inline constexpr core::TeamId kRed = 0, kBlue = 1;
// agentNN (1-based name) -> engine id.
constexpr core::AgentId agent_id(int n) { return static_cast<core::AgentId>(n - 1); }

// How long a test waits for a reply before it fails.
inline constexpr std::chrono::milliseconds kReplyTimeout{10'000};

// The one reply of an asynchronous call, awaited on the test thread. Counts
// replies: a service must answer exactly once.
template <typename T>
class Awaited {
 public:
  Reply<T> reply() {
    return [s = state_](Result<T> r) {
      std::lock_guard lk(s->mu);
      if (++s->replies == 1) s->result.emplace(std::move(r));
      s->cv.notify_all();
    };
  }
  // The result, or kInternal "timed out" (and a test failure).
  Result<T> wait(std::chrono::milliseconds timeout = kReplyTimeout) {
    std::unique_lock lk(state_->mu);
    if (!state_->cv.wait_for(lk, timeout, [&] { return state_->result.has_value(); })) {
      ADD_FAILURE() << "no reply within " << timeout.count() << " ms";
      return std::unexpected(Error{ErrorCode::kInternal, "timed out", ""});
    }
    return std::move(*state_->result);
  }
  int replies() const {
    std::lock_guard lk(state_->mu);
    return state_->replies;
  }

 private:
  struct State {
    std::mutex mu;
    std::condition_variable cv;
    std::optional<Result<T>> result;
    int replies = 0;
  };
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

// Options a fixture may change before SetUp builds the runtime.
struct HarnessOptions {
  ContactService::Options contacts;
  AuthService::Options auth;
  int store_threads = 2;
};

class AppFixture : public ::testing::Test {
 protected:
  static constexpr int64_t kStartMs = 1'700'000'000'000;  // 2023-11-14T22:13:20Z

  void SetUp() override;
  void TearDown() override;

  // Invokes a service and waits for its reply (a timeout fails the test).
  template <typename T>
  Result<T> call(std::function<void(Reply<T>)> f) {
    Awaited<T> a;
    f(a.reply());
    auto r = a.wait();
    // A second reply would arrive on a service thread; catch it cheaply at
    // the next call's end instead of sleeping here.
    EXPECT_LE(a.replies(), 1) << "a service answered twice";
    return r;
  }

  // Runs `task` on the engine thread and waits for its durable reply.
  template <typename T>
  Result<T> on_engine(std::function<Result<T>(server::TaskContext&)> task) {
    return call<T>([&](Reply<T> r) { host_->submit<T>(std::move(task), std::move(r)); });
  }
  // Waits until everything submitted before has committed.
  void sync();
  // Moves the clock by `ms` (on the engine thread), then lets the engine
  // fire what became due and waits for that to commit.
  void advance(int64_t ms);
  int64_t now_ms() const { return clock_.now_ms(); }  // test thread, between calls
  // Waits until the history projection (or every projection) has applied
  // every durable event.
  void wait_history() { wait_projection("history"); }
  void wait_projections();
  void wait_projection(const std::string& name);

  // The Caller of a demo (or created) user, built from its row (no login).
  Caller caller(const std::string& username);
  // The Caller by logging in (argon2: ~50 ms) and authenticating the token.
  Caller login_caller(const std::string& username, const std::string& password = "switchyard-demo",
                      const std::string& address = "10.0.0.1");
  // An integration API key caller (not stored; for services that only read
  // the Caller).
  static Caller integration(int64_t key_id = 1);
  // A Caller of `role` with no team and no agent.
  static Caller role_only(auth::Role role, const std::string& name = "someone");

  // Audit entries, read on a connection of the test's own.
  std::vector<audit::AuditEntry> audit_entries(int64_t after_id = 0);
  int64_t last_audit_id();
  // Entries after `mark` with `action`.
  std::vector<audit::AuditEntry> audit_after(int64_t mark, const std::string& action = {});

  // Common steps (as admin, asserting success).
  void login_agent(core::AgentId a, bool ready = true);
  core::ContactId create_contact(core::QueueId q, const std::string& customer = "cust-1");
  ContactInfo get_contact(core::ContactId id);
  ContactInfo act(ContactAction action, core::ContactId id, core::AgentId agent);

  ContactService::Options& contact_options() { return opts_.contacts; }
  AuthService::Options& auth_options() { return opts_.auth; }

  // A direct connection to the test database (test thread only).
  storage::SqlDriver& db() { return *db_; }

  HarnessOptions opts_;
  std::filesystem::path dir_;
  std::string url_;
  ManualClock clock_{kStartMs};
  std::unique_ptr<storage::SqlDriver> db_;
  std::unique_ptr<server::EngineHost> host_;
  std::unique_ptr<server::ProjectionHost> projections_;
  history::HistoryProjection history_projection_;
  std::unique_ptr<metrics::KpiProjection> kpi_projection_;
  std::unique_ptr<server::StorePool> pool_;
  std::unique_ptr<server::EventFeed> feed_;
  Catalog catalog_;
  std::unique_ptr<Runtime> rt_;
  std::unique_ptr<AuthService> auth_;
  std::unique_ptr<AccountService> accounts_;
  std::unique_ptr<ConfigService> config_;
  std::unique_ptr<AgentService> agents_;
  std::unique_ptr<ContactService> contacts_;
  std::unique_ptr<RealtimeService> realtime_;
  std::unique_ptr<FeedService> feeds_;
  std::map<std::string, Caller> users_;  // demo users by name
  Caller admin_;
  bool started_ = false;
};

// The feed encoder of the tests: "<seq> <type> <agent> <queue>".
std::string encode_for_test(const core::Event& e);
// The seq of an encoded event.
uint64_t seq_of(const std::string& encoded);

// Collects what a feed subscription receives (any thread).
class Received {
 public:
  std::function<bool(std::shared_ptr<const std::string>)> sink();
  std::vector<std::string> events() const;
  std::vector<uint64_t> seqs() const;
  // Waits until an event with seq >= `seq` arrived (false on timeout).
  bool wait_for_seq(uint64_t seq, std::chrono::milliseconds timeout = kReplyTimeout);
  void close() { open_->store(false); }

 private:
  struct State {
    mutable std::mutex mu;
    std::condition_variable cv;
    std::vector<std::string> events;
  };
  std::shared_ptr<State> state_ = std::make_shared<State>();
  std::shared_ptr<std::atomic<bool>> open_ = std::make_shared<std::atomic<bool>>(true);
};

// The result is the error `code` naming `field` ("" = no field).
template <typename T>
::testing::AssertionResult IsError(const Result<T>& r, ErrorCode code, std::string_view field) {
  if (r.has_value())
    return ::testing::AssertionFailure() << "succeeded; expected " << to_string(code) << " (" << field << ")";
  if (r.error().code != code || r.error().field != field)
    return ::testing::AssertionFailure() << "got " << to_string(r.error().code) << " field \"" << r.error().field
                                         << "\" (" << r.error().message << "); expected " << to_string(code)
                                         << " field \"" << field << "\"";
  return ::testing::AssertionSuccess();
}

// Polls `pred` until true or the timeout; returns its last value.
bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds timeout = kReplyTimeout);

}  // namespace switchyard::app::testing
