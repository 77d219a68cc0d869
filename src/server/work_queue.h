#pragma once
// A FIFO of jobs served by a fixed set of threads, each owning a context of
// type C (a database connection for store workers; nothing for CPU work).
// Jobs run one at a time per thread, in submission order per queue.
//
// Threading: post() from any thread. The destructor finishes the jobs
// already queued, then joins. Jobs must not post to the queue they run on
// and then wait for that job (no thread would be free to run it).
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace switchyard::server {

template <typename C>
class WorkQueue {
 public:
  using Job = std::function<void(C&)>;

  // One context per thread; `contexts.size()` threads.
  explicit WorkQueue(std::vector<std::unique_ptr<C>> contexts) : contexts_(std::move(contexts)) {
    for (auto& c : contexts_) threads_.emplace_back([this, ctx = c.get()] { loop(*ctx); });
  }
  ~WorkQueue() {
    {
      std::lock_guard lk(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
  }
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  void post(Job job) {
    {
      std::lock_guard lk(mu_);
      jobs_.push_back(std::move(job));
    }
    cv_.notify_one();
  }
  // Jobs waiting for a thread (for metrics).
  size_t backlog() const {
    std::lock_guard lk(mu_);
    return jobs_.size();
  }
  size_t threads() const { return threads_.size(); }
  // Waits until no job is queued or running; returns whether it had to wait.
  bool wait_idle() {
    std::unique_lock lk(mu_);
    if (jobs_.empty() && running_ == 0) return false;
    idle_cv_.wait(lk, [&] { return jobs_.empty() && running_ == 0; });
    return true;
  }

 private:
  void loop(C& ctx) {
    for (;;) {
      Job job;
      {
        std::unique_lock lk(mu_);
        cv_.wait(lk, [&] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty()) return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
        ++running_;
      }
      job(ctx);
      job = nullptr;  // release what the job captured before reporting idle
      std::lock_guard lk(mu_);
      if (--running_ == 0 && jobs_.empty()) idle_cv_.notify_all();
    }
  }

  std::vector<std::unique_ptr<C>> contexts_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::condition_variable idle_cv_;
  std::deque<Job> jobs_;   // guarded by mu_
  int running_ = 0;        // guarded by mu_
  bool stopping_ = false;  // guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace switchyard::server
