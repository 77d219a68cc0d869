#include "server/store_pool.h"

#include <chrono>

namespace switchyard::server {

namespace {
constexpr int64_t kTickMs = 250;  // granularity of periodic jobs
}

Result<std::unique_ptr<StorePool>> StorePool::open(const Opener& open, Options options) {
  std::unique_ptr<StorePool> pool(new StorePool());
  auto connections = [&](int n) -> Result<std::vector<std::unique_ptr<storage::SqlDriver>>> {
    std::vector<std::unique_ptr<storage::SqlDriver>> out;
    for (int i = 0; i < n; ++i) {
      auto c = open();
      if (!c) return std::unexpected(std::move(c.error()));
      out.push_back(std::move(*c));
    }
    return out;
  };
  auto general = connections(std::max(1, options.threads));
  if (!general) return std::unexpected(std::move(general.error()));
  auto bulk = connections(1);
  if (!bulk) return std::unexpected(std::move(bulk.error()));
  pool->general_ = std::make_unique<WorkQueue<storage::SqlDriver>>(std::move(*general));
  pool->bulk_ = std::make_unique<WorkQueue<storage::SqlDriver>>(std::move(*bulk));
  std::vector<std::unique_ptr<NoContext>> cpu;
  for (int i = 0; i < std::max(1, options.cpu_threads); ++i) cpu.push_back(std::make_unique<NoContext>());
  pool->cpu_ = std::make_unique<WorkQueue<NoContext>>(std::move(cpu));
  pool->timer_ = std::thread([p = pool.get()] { p->timer_loop(); });
  return pool;
}

void StorePool::stop_periodic() {
  {
    std::lock_guard lk(timer_mu_);
    stopping_ = true;
  }
  timer_cv_.notify_all();
  if (timer_.joinable() && timer_.get_id() != std::this_thread::get_id()) timer_.join();
}

StorePool::~StorePool() {
  stop_periodic();
  // Jobs of one lane may post to another (a login: look-up, hash check,
  // session): wait until all three are idle at once before stopping any.
  for (bool waited = true; waited;) {
    waited = cpu_->wait_idle();
    waited = general_->wait_idle() || waited;
    waited = bulk_->wait_idle() || waited;
  }
  cpu_.reset();
  general_.reset();
  bulk_.reset();
}

void StorePool::every(int64_t period_ms, Job job) {
  std::lock_guard lk(timer_mu_);
  periodic_.push_back(Periodic{std::max<int64_t>(period_ms, kTickMs), 0, std::move(job)});
}

void StorePool::timer_loop() {
  std::unique_lock lk(timer_mu_);
  while (!stopping_) {
    timer_cv_.wait_for(lk, std::chrono::milliseconds(kTickMs));
    if (stopping_) return;
    for (Periodic& p : periodic_) {
      p.waited_ms += kTickMs;
      if (p.waited_ms >= p.period_ms) {
        p.waited_ms = 0;
        bulk_->post(p.job);
      }
    }
  }
}

}  // namespace switchyard::server
