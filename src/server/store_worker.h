#pragma once
// A thread with its own Store connection for everything that is not the event
// log: users, sessions, API keys, audit reads, contact history. Keeps slow
// work (argon2 password checks, history queries) off the engine and commit
// threads. Jobs run one at a time in submission order.
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "storage/store.h"

namespace switchyard::server {

class StoreWorker {
 public:
  explicit StoreWorker(std::unique_ptr<storage::Store> store);
  ~StoreWorker();  // finishes queued jobs, then joins
  StoreWorker(const StoreWorker&) = delete;
  StoreWorker& operator=(const StoreWorker&) = delete;

  // Any thread. `job` runs on the worker thread with the store.
  void post(std::function<void(storage::Store&)> job);
  // Runs `job` on the calling thread before the worker starts serving
  // (start-up only: demo users, checks).
  template <typename F>
  auto run_now(F&& f) {
    std::lock_guard lk(run_mu_);
    return f(*store_);
  }

 private:
  void loop();
  std::unique_ptr<storage::Store> store_;
  std::mutex mu_;
  std::mutex run_mu_;  // held while a job runs: run_now never overlaps one
  std::condition_variable cv_;
  std::deque<std::function<void(storage::Store&)>> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace switchyard::server
