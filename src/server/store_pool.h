#pragma once
// The store workers: threads with their own database connections for
// everything that is not the event log's group commit (users, sessions, API
// keys, audit reads, contact history, idempotency look-ups), plus a CPU lane
// for password hashing and a bulk lane for long writes. No I/O thread ever
// waits on the store: it posts a job and answers from the job's callback.
//
//   post(job)       `threads` connections: short queries and writes
//   post_bulk(job)  one connection: snapshots, retention, imports (seconds)
//   post_cpu(job)   `cpu_threads` threads, no connection: argon2 hashing
//   every(...)      periodic maintenance jobs on the bulk lane
//
// So a multi-MB snapshot write or a 100 ms argon2 check never delays a
// login's user look-up or a contact-history read.
//
// Threading: every method may be called from any thread.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"
#include "server/work_queue.h"
#include "storage/sql_driver.h"

namespace switchyard::server {

struct NoContext {};

class StorePool {
 public:
  struct Options {
    int threads = 2;      // general lane connections
    int cpu_threads = 1;  // CPU lane threads
  };
  using Job = std::function<void(storage::SqlDriver&)>;
  using Opener = std::function<Result<std::unique_ptr<storage::SqlDriver>>()>;

  // Opens threads + 1 connections with `open` (on the calling thread).
  static Result<std::unique_ptr<StorePool>> open(const Opener& open, Options options);
  ~StorePool();  // finishes queued jobs, stops periodic ones, joins

  void post(Job job) { general_->post(std::move(job)); }
  void post_bulk(Job job) { bulk_->post(std::move(job)); }
  void post_cpu(std::function<void()> job) {
    cpu_->post([job = std::move(job)](NoContext&) { job(); });
  }
  // Runs `job` on the bulk lane every `period_ms` (wall time; first run after
  // one period). For pruning and retention.
  void every(int64_t period_ms, Job job);
  // No periodic job is posted after this returns (those posted already stay
  // queued). A server calls it before the objects its periodic jobs use go
  // away: the pool outlives them, and a job run after would use them freed.
  // Idempotent; the destructor calls it.
  void stop_periodic();

  size_t backlog() const { return general_->backlog() + bulk_->backlog(); }

 private:
  StorePool() = default;
  void timer_loop();

  std::unique_ptr<WorkQueue<storage::SqlDriver>> general_;
  std::unique_ptr<WorkQueue<storage::SqlDriver>> bulk_;
  std::unique_ptr<WorkQueue<NoContext>> cpu_;

  struct Periodic {
    int64_t period_ms;
    int64_t waited_ms = 0;
    Job job;
  };
  std::mutex timer_mu_;
  std::condition_variable timer_cv_;
  std::vector<Periodic> periodic_;  // guarded by timer_mu_
  bool stopping_ = false;           // guarded by timer_mu_
  std::thread timer_;
};

}  // namespace switchyard::server
