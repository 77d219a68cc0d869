#pragma once
// EngineHost runs the routing engine as a durable service.
//
// Threads:
//  - the engine thread owns the Engine. Tasks (commands and queries) run
//    there one after another; it fires engine timers on time;
//  - the commit thread owns the Store connection used for the event log. It
//    commits each batch of events in one transaction (group commit), then
//    completes the tasks whose events were in it and publishes the events to
//    subscribers. Nothing a client is told, and nothing a subscriber sees, can
//    be lost by a crash.
// While the commit thread writes batch k, the engine thread builds batch k+1,
// so the batch size grows with the load and the fsync cost is shared.
//
// A failed commit puts the host into the failed state: the in-memory engine is
// ahead of the durable log, so every later task is answered 503 and /readyz
// reports not ready until a restart recovers from the log.
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/engine.h"
#include "storage/store.h"

namespace switchyard::server {

// What a task answers. Sent to the client after the task's events are durable.
// Status 0 means "deferred": the task arranged for another path to answer.
struct Reply {
  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// What a task may do besides calling the engine: record idempotency keys and
// audit entries that commit in the same transaction as its events.
class TaskContext {
 public:
  TaskContext(core::Engine& e, storage::Batch& b, const Clock& c) : engine(e), batch_(b), clock_(c) {}
  core::Engine& engine;
  void remember_idempotency(std::string key, core::ContactId contact);
  void audit(storage::AuditEntry entry);
  int64_t now_ms() const { return clock_.now_ms(); }
  // Looks up an idempotency key (memory, then the keys recovered at start).
  std::optional<core::ContactId> idempotent(const std::string& key) const;

 private:
  friend class EngineHost;
  storage::Batch& batch_;
  const Clock& clock_;
  std::unordered_map<std::string, core::ContactId>* keys_ = nullptr;
  std::deque<std::pair<int64_t, std::string>>* key_order_ = nullptr;
};

// One live event subscriber (a WebSocket). `accept` filters events; `send`
// delivers one JSON frame and returns false when the subscriber is gone.
struct Subscriber {
  uint64_t since_seq = 0;  // resume after this sequence number (0 = live only)
  std::function<bool(const core::Event&)> accept;
  std::function<bool(std::shared_ptr<const std::string>)> send;
};

struct HostStats {
  uint64_t events = 0;           // durable events
  uint64_t commits = 0;
  uint64_t commit_failures = 0;
  uint64_t tasks = 0;
  uint64_t durable_seq = 0;
  uint64_t subscribers = 0;
  uint64_t last_commit_us = 0;
  size_t pending_tasks = 0;
  size_t pending_batches = 0;
};

class EngineHost {
 public:
  struct Options {
    int max_batch = 4096;                  // tasks per batch at most
    int64_t snapshot_every_events = 100'000;
    size_t max_pending_batches = 64;       // back-pressure on the engine thread
    int64_t realtime_refresh_ms = 250;     // cached realtime JSON refresh
    int64_t idempotency_ttl_ms = 24 * 3600 * 1000;
  };
  using RealtimeBuilder = std::function<std::string(const core::Engine&, int64_t now_ms)>;
  using CommitHook = std::function<void(uint64_t micros, size_t events)>;
  // Saves a snapshot whose events are durable, off the commit thread (the
  // serve wiring hands it to the store worker). Unset: the commit thread
  // saves it itself.
  using SnapshotWriter = std::function<void(std::shared_ptr<core::EngineSnapshot>)>;

  EngineHost(std::unique_ptr<storage::Store> store, const Clock& clock, Options opts);
  ~EngineHost();
  EngineHost(const EngineHost&) = delete;
  EngineHost& operator=(const EngineHost&) = delete;

  // Before start(): loads the latest snapshot and replays the events after it.
  // Returns the number of events replayed.
  Result<uint64_t> recover();
  // Runs `fn` on the engine before the threads start (seeding demo data);
  // its events commit before start() returns.
  Result<void> seed(const std::function<Result<void>(TaskContext&)>& fn);
  void set_realtime_builder(RealtimeBuilder b) { realtime_builder_ = std::move(b); }
  void set_commit_hook(CommitHook h) { commit_hook_ = std::move(h); }
  void set_snapshot_writer(SnapshotWriter w) { snapshot_writer_ = std::move(w); }
  void start();
  // Finishes queued tasks, commits, writes a snapshot, joins the threads.
  void stop();

  // Any thread. `done` runs on the commit thread (or at once on failure).
  void submit(std::function<Reply(TaskContext&)> task, std::function<void(Reply)> done);
  // Any thread. Returns a subscription id; events flow from since_seq + 1.
  uint64_t subscribe(Subscriber s);
  void unsubscribe(uint64_t id);

  std::shared_ptr<const std::string> realtime_json() const;
  HostStats stats() const;
  bool ready() const { return started_ && !failed_; }
  bool failed() const { return failed_; }
  uint64_t durable_seq() const { return durable_seq_; }

 private:
  struct Pending {
    std::function<void(Reply)> done;
    Reply reply;
  };
  struct Work {
    storage::Batch batch;
    std::vector<Pending> replies;
    std::shared_ptr<core::EngineSnapshot> snapshot;
  };
  class Sink;

  void engine_loop();
  void commit_loop();
  void publish(const std::vector<core::Event>& events);
  void add_pending_subscribers();
  void refresh_realtime(int64_t now_ms);

  std::unique_ptr<storage::Store> store_;
  const Clock& clock_;
  Options opts_;
  std::unique_ptr<Sink> sink_;
  core::Engine engine_;
  RealtimeBuilder realtime_builder_;
  CommitHook commit_hook_;
  SnapshotWriter snapshot_writer_;

  // Tasks for the engine thread.
  mutable std::mutex task_mu_;
  std::condition_variable task_cv_;
  std::deque<std::pair<std::function<Reply(TaskContext&)>, std::function<void(Reply)>>> tasks_;
  bool stopping_ = false;

  // Batches for the commit thread.
  mutable std::mutex work_mu_;
  std::condition_variable work_cv_;
  std::condition_variable work_space_cv_;
  std::deque<Work> work_;
  bool work_done_ = false;

  // Engine-thread state. The sink appends the engine's events to current_.
  storage::Batch current_;
  std::unordered_map<std::string, core::ContactId> keys_;
  std::deque<std::pair<int64_t, std::string>> key_order_;
  uint64_t last_snapshot_seq_ = 0;
  int64_t last_realtime_ms_ = 0;

  // Subscribers (commit thread publishes; any thread subscribes).
  mutable std::mutex sub_mu_;
  uint64_t next_sub_ = 1;
  std::vector<std::pair<uint64_t, Subscriber>> new_subs_;
  std::vector<std::pair<uint64_t, Subscriber>> subs_;
  std::vector<uint64_t> dropped_subs_;

  mutable std::mutex realtime_mu_;
  std::shared_ptr<const std::string> realtime_;

  static constexpr int64_t kPruneEveryMs = 600'000;
  int64_t last_prune_ms_ = 0;  // commit thread

  std::atomic<bool> started_{false};
  std::atomic<bool> failed_{false};
  std::atomic<uint64_t> durable_seq_{0};
  std::atomic<uint64_t> events_{0}, commits_{0}, commit_failures_{0}, tasks_done_{0}, last_commit_us_{0};
  std::thread engine_thread_, commit_thread_;
};

}  // namespace switchyard::server
