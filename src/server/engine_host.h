#pragma once
// EngineHost runs the routing engine as a durable service. It knows the
// engine, the event log and transactions; nothing of HTTP, JSON or any
// module's rules (those live in the application services, src/app).
//
// Threads:
//  - the engine thread owns the Engine. Tasks run there one after another;
//    it fires engine timers on time and takes periodic views;
//  - the commit thread owns the log's connection. It commits each batch (the
//    events the engine emitted plus the writes the tasks staged) in one
//    transaction (group commit), then completes the batch's tasks and hands
//    the committed events to the listeners (event feed, projections). Nothing
//    a caller is told, and nothing a listener sees, can be lost by a crash.
// While the commit thread writes batch k, the engine thread builds batch k+1,
// so the batch size grows with the load and the fsync cost is shared.
//
// A failed commit puts the host into the failed state: the in-memory engine
// is ahead of the durable log, so every later task fails with kUnavailable
// and ready() is false until a restart recovers from the log.
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/engine.h"
#include "core/result.h"
#include "storage/sql_driver.h"
#include "storage/sql_util.h"

namespace switchyard::server {

// What a task may do besides calling the engine. Engine thread only.
class TaskContext {
 public:
  TaskContext(core::Engine& e, storage::Transaction& writes, std::vector<std::function<void()>>& after, const Clock& c)
      : engine(e), writes_(writes), after_(after), clock_(c) {}
  core::Engine& engine;
  int64_t now_ms() const { return clock_.now_ms(); }
  // Statements that commit in the same transaction as the events this task
  // emits (audit entries, idempotency keys, a module's own rows).
  storage::Transaction& writes() { return writes_; }
  // Runs `f` on the commit thread once this batch is durable (never when the
  // commit fails). For effects that must not be seen before durability.
  void after_commit(std::function<void()> f) { after_.push_back(std::move(f)); }

 private:
  storage::Transaction& writes_;
  std::vector<std::function<void()>>& after_;
  const Clock& clock_;
};

// The events of one committed transaction, in seq order (may be empty when
// the batch held only staged writes). Shared read-only by every listener.
using CommittedEvents = std::shared_ptr<const std::vector<core::Event>>;

struct HostStats {
  uint64_t events = 0;  // durable events written by this process
  uint64_t commits = 0;
  uint64_t commit_failures = 0;
  uint64_t tasks = 0;
  uint64_t durable_seq = 0;
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
  };
  // Saves a snapshot whose events are durable (the serve wiring hands it to
  // a store worker, so group commits never wait for multi-MB writes).
  // Unset: the commit thread saves it itself. Called on the commit thread.
  using SnapshotWriter = std::function<void(std::shared_ptr<const core::EngineSnapshot>)>;
  // Gets every committed batch, in order, on the commit thread, before the
  // batch's tasks are answered. Must not block (hand work to another thread).
  using CommitListener = std::function<void(const CommittedEvents&)>;
  // A periodic look at the engine (engine thread): returns what to publish,
  // which runs on the commit thread once every event the look may reflect
  // is durable (so readers see committed state only).
  using View = std::function<std::function<void()>(const core::Engine&, int64_t now_ms)>;

  // `log_db`: the connection of the commit thread (the event log's writer).
  EngineHost(std::unique_ptr<storage::SqlDriver> log_db, const Clock& clock, Options opts);
  ~EngineHost();
  EngineHost(const EngineHost&) = delete;
  EngineHost& operator=(const EngineHost&) = delete;

  // ---- before start() ----------------------------------------------------
  // Loads the latest snapshot and replays the events after it. Returns the
  // number of events replayed.
  Result<uint64_t> recover();
  // Runs `fn` on the engine before the threads start (seeding demo data);
  // its events and writes commit before seed() returns.
  Result<void> seed(const std::function<Result<void>(TaskContext&)>& fn);
  void set_snapshot_writer(SnapshotWriter w) { snapshot_writer_ = std::move(w); }
  void add_commit_listener(CommitListener l) { listeners_.push_back(std::move(l)); }
  void add_view(int64_t period_ms, View v) { views_.push_back({period_ms, 0, std::move(v)}); }
  void start();
  // Finishes queued tasks, commits, takes a snapshot, joins the threads.
  void stop();

  // ---- any thread ----------------------------------------------------------
  // Runs `task` on the engine thread. `done` gets its result on the commit
  // thread after the task's events and writes are durable; if the commit
  // fails or the host is failed or stopping, `done` gets kUnavailable (at
  // once, on the calling thread, when the task never ran).
  template <typename T>
  void submit(std::function<Result<T>(TaskContext&)> task, std::function<void(Result<T>)> done) {
    auto d = std::make_shared<std::function<void(Result<T>)>>(std::move(done));
    submit_erased(
        [task = std::move(task), d](TaskContext& ctx) mutable -> Completion {
          auto result = std::make_shared<Result<T>>(task(ctx));
          return [result, d](const Error* failure) {
            if (failure) (*d)(std::unexpected(*failure));
            else (*d)(std::move(*result));
          };
        },
        [d](const Error& e) { (*d)(std::unexpected(e)); });
  }

  HostStats stats() const;
  bool ready() const { return started_ && !failed_; }
  bool failed() const { return failed_; }
  uint64_t durable_seq() const { return durable_seq_; }

 private:
  // Called with nullptr after a durable commit, or with the error.
  using Completion = std::function<void(const Error*)>;
  using Task = std::function<Completion(TaskContext&)>;
  struct Work {
    std::vector<core::Event> events;
    storage::Transaction writes;
    std::vector<Completion> completions;
    std::vector<std::function<void()>> after;
    std::shared_ptr<const core::EngineSnapshot> snapshot;
  };
  struct PeriodicView {
    int64_t period_ms;
    int64_t last_ms;
    View view;
  };
  class Sink;

  // Queues `task`, or calls `reject` at once when the host cannot run it.
  void submit_erased(Task task, std::function<void(const Error&)> reject);
  void engine_loop();
  void commit_loop();
  // Runs the tasks and the due views into a new Work (engine thread).
  Work run_batch(std::vector<Task>& tasks, int64_t now_ms);
  Result<void> commit(Work& w);
  void save_snapshot(std::shared_ptr<const core::EngineSnapshot> s);

  std::unique_ptr<storage::SqlDriver> log_db_;
  const Clock& clock_;
  Options opts_;
  std::unique_ptr<Sink> sink_;
  core::Engine engine_;
  SnapshotWriter snapshot_writer_;
  std::vector<CommitListener> listeners_;
  std::vector<PeriodicView> views_;
  struct LogWriter;
  std::unique_ptr<LogWriter> log_;  // commit thread (after start)

  // Tasks for the engine thread.
  mutable std::mutex task_mu_;
  std::condition_variable task_cv_;
  std::deque<Task> tasks_;  // guarded by task_mu_
  bool stopping_ = false;   // guarded by task_mu_

  // Batches for the commit thread.
  mutable std::mutex work_mu_;
  std::condition_variable work_cv_;
  std::condition_variable work_space_cv_;
  std::deque<Work> work_;   // guarded by work_mu_
  bool work_done_ = false;  // guarded by work_mu_

  // Engine-thread state. The sink appends the engine's events to events_.
  std::vector<core::Event> events_;
  uint64_t last_snapshot_seq_ = 0;

  std::atomic<bool> started_{false};
  std::atomic<bool> failed_{false};
  std::atomic<uint64_t> durable_seq_{0};
  std::atomic<uint64_t> events_done_{0}, commits_{0}, commit_failures_{0}, tasks_done_{0}, last_commit_us_{0};
  std::thread engine_thread_, commit_thread_;
};

}  // namespace switchyard::server
