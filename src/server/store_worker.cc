#include "server/store_worker.h"

namespace switchyard::server {

StoreWorker::StoreWorker(std::unique_ptr<storage::Store> store) : store_(std::move(store)) {
  thread_ = std::thread([this] { loop(); });
}

StoreWorker::~StoreWorker() {
  {
    std::lock_guard lk(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void StoreWorker::post(std::function<void(storage::Store&)> job) {
  {
    std::lock_guard lk(mu_);
    jobs_.push_back(std::move(job));
  }
  cv_.notify_one();
}

void StoreWorker::loop() {
  for (;;) {
    std::function<void(storage::Store&)> job;
    {
      std::unique_lock lk(mu_);
      cv_.wait(lk, [&] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    std::lock_guard run(run_mu_);
    job(*store_);
  }
}

}  // namespace switchyard::server
