#pragma once
// ProjectionHost feeds committed events to the projections (eventlog/
// projection.h) on one thread with its own database connection.
//
// - At start each projection reports its checkpoint; the host catches it up
//   from the event log, then keeps it current from the batches the commit
//   thread hands over (committed()). A projection that falls behind the
//   in-memory buffer (bounded) reads the missing events from the log, so
//   no event is skipped and none is applied twice.
// - A projection whose apply() fails is retried after a pause; the others
//   go on. status() reports each one's position and last error.
// - Readers that need their own writes reflected (a contact looked up in
//   history right after it ended) wait with when_applied().
//
// Threading: add() before start(); committed() from the commit thread (never
// blocks); when_applied() and status() from any thread.
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "eventlog/event_log.h"
#include "eventlog/projection.h"
#include "server/engine_host.h"

namespace switchyard::server {

struct ProjectionStatus {
  std::string name;
  uint64_t applied_seq = 0;
  std::string error;  // of the last failed apply; empty when healthy
};

class ProjectionHost {
 public:
  struct Options {
    size_t max_buffered_events = 200'000;  // committed events kept in memory for projections
    size_t chunk_events = 16384;           // events per apply() at most
    int64_t retry_ms = 1000;               // pause after a failed apply
    // Applies are at least this far apart, so one transaction carries the
    // events of many group commits (fewer writes competing with the log's).
    // Readers waiting for their own writes wait up to this much longer.
    int64_t min_interval_ms = 10;
    int64_t tick_ms = 250;  // Projection::tick() at least this often
  };
  ProjectionHost(std::unique_ptr<storage::SqlDriver> db, Options opts);
  ~ProjectionHost();  // stops
  ProjectionHost(const ProjectionHost&) = delete;
  ProjectionHost& operator=(const ProjectionHost&) = delete;

  void add(eventlog::Projection* projection);  // not owned; outlives the host's thread
  // Starts the thread; every event up to `durable_seq` is in the log.
  // Fails when a projection cannot start (its error).
  Result<void> start(uint64_t durable_seq);
  void stop();

  // A committed batch (EngineHost commit listener).
  void committed(const CommittedEvents& events);
  // Runs `f` once `projection` has applied every event up to `seq`: at once
  // on the calling thread if it has, else on the projection thread. An
  // unknown projection runs `f` at once.
  void when_applied(std::string_view projection, uint64_t seq, std::function<void()> f);
  std::vector<ProjectionStatus> status() const;

 private:
  struct Entry {
    eventlog::Projection* projection;
    uint64_t applied = 0;  // guarded by mu_ (written by the thread)
    std::string error;     // guarded by mu_
    int64_t failed_ns = 0;  // guarded by mu_: monotonic time of the last failure
    std::multimap<uint64_t, std::function<void()>> waiters;  // guarded by mu_
  };
  void loop();
  // Applies up to one chunk to `e`; false when it had nothing to do or failed.
  bool step(Entry& e, uint64_t target);
  void fire_waiters(Entry& e);

  std::unique_ptr<storage::SqlDriver> db_;
  std::unique_ptr<eventlog::EventLog> log_;  // projection thread
  Options opts_;
  std::vector<std::unique_ptr<Entry>> entries_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<CommittedEvents> buffer_;  // guarded by mu_: consecutive non-empty batches
  size_t buffered_events_ = 0;          // guarded by mu_
  uint64_t target_seq_ = 0;             // guarded by mu_: last committed seq
  bool stopping_ = false;               // guarded by mu_
  bool started_ = false;
  std::thread thread_;
};

}  // namespace switchyard::server
