#include "server/projection_host.h"

#include <chrono>
#include <cstdio>

namespace switchyard::server {

ProjectionHost::ProjectionHost(std::unique_ptr<storage::SqlDriver> db, Options opts)
    : db_(std::move(db)), log_(std::make_unique<eventlog::EventLog>(*db_)), opts_(opts) {}

ProjectionHost::~ProjectionHost() { stop(); }

void ProjectionHost::add(eventlog::Projection* projection) {
  entries_.push_back(std::make_unique<Entry>(Entry{projection, 0, {}, 0, {}}));
}

Result<void> ProjectionHost::start(uint64_t durable_seq) {
  for (auto& e : entries_) {
    auto cp = e->projection->start(*db_, *log_);
    if (!cp)
      return make_error(cp.error().code,
                        "projection " + std::string(e->projection->name()) + ": " + cp.error().message);
    std::lock_guard lk(mu_);
    e->applied = *cp;
  }
  {
    std::lock_guard lk(mu_);
    target_seq_ = std::max(target_seq_, durable_seq);
  }
  started_ = true;
  thread_ = std::thread([this] { loop(); });
  return {};
}

void ProjectionHost::stop() {
  {
    std::lock_guard lk(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ProjectionHost::committed(const CommittedEvents& events) {
  if (!events || events->empty()) return;
  {
    std::lock_guard lk(mu_);
    target_seq_ = events->back().seq;
    buffer_.push_back(events);
    buffered_events_ += events->size();
    while (buffered_events_ > opts_.max_buffered_events && buffer_.size() > 1) {
      buffered_events_ -= buffer_.front()->size();
      buffer_.pop_front();  // projections behind it read the log
    }
  }
  cv_.notify_one();
}

void ProjectionHost::when_applied(std::string_view projection, uint64_t seq, std::function<void()> f) {
  {
    std::lock_guard lk(mu_);
    for (auto& e : entries_) {
      if (e->projection->name() != projection) continue;
      if (e->applied < seq) {
        e->waiters.emplace(seq, std::move(f));
        return;
      }
      break;
    }
  }
  f();
}

std::vector<ProjectionStatus> ProjectionHost::status() const {
  std::lock_guard lk(mu_);
  std::vector<ProjectionStatus> out;
  for (const auto& e : entries_) out.push_back({std::string(e->projection->name()), e->applied, e->error});
  return out;
}

void ProjectionHost::fire_waiters(Entry& e) {
  std::vector<std::function<void()>> ready;
  {
    std::lock_guard lk(mu_);
    auto end = e.waiters.upper_bound(e.applied);
    for (auto it = e.waiters.begin(); it != end; ++it) ready.push_back(std::move(it->second));
    e.waiters.erase(e.waiters.begin(), end);
  }
  for (auto& f : ready) f();
}

bool ProjectionHost::step(Entry& e, uint64_t target) {
  uint64_t from;
  {
    std::lock_guard lk(mu_);
    from = e.applied;
  }
  if (from >= target) return false;
  // The events after `from`: from the buffer when it holds them (several
  // consecutive batches are gathered into one apply), else the log.
  std::vector<CommittedEvents> batches;
  {
    std::lock_guard lk(mu_);
    uint64_t next = from + 1;
    size_t n = 0;
    for (const CommittedEvents& b : buffer_) {
      if (b->back().seq < next) continue;
      if (b->front().seq > next || n >= opts_.chunk_events) break;
      batches.push_back(b);
      n += static_cast<size_t>(b->back().seq - next + 1);
      next = b->back().seq + 1;
    }
  }
  std::vector<core::Event> loaded;
  std::span<const core::Event> events;
  if (batches.size() == 1) {
    const auto& batch = batches.front();
    size_t offset = static_cast<size_t>(from + 1 - batch->front().seq);
    size_t n = std::min(batch->size() - offset, opts_.chunk_events);
    events = std::span<const core::Event>(*batch).subspan(offset, n);
  } else if (!batches.empty()) {
    for (const CommittedEvents& b : batches)
      for (const core::Event& ev : *b)
        if (ev.seq > from && loaded.size() < opts_.chunk_events) loaded.push_back(ev);
    events = loaded;
  } else {
    uint64_t until = std::min<uint64_t>(target, from + opts_.chunk_events);
    auto r = log_->load(from, [&](core::Event&& ev) {
      loaded.push_back(std::move(ev));
      return true;
    }, until);
    if (!r || loaded.empty() || loaded.front().seq != from + 1) {
      std::string why = !r ? r.error().message
                           : "the log has no event " + std::to_string(from + 1) + " (archived?)";
      std::lock_guard lk(mu_);
      e.error = why;
      e.failed_ns = monotonic_ns();
      return false;
    }
    events = loaded;
  }
  auto r = e.projection->apply(*db_, events);
  {
    std::lock_guard lk(mu_);
    if (!r) {
      e.error = r.error().message;
      e.failed_ns = monotonic_ns();
      return false;
    }
    e.error.clear();
    e.applied = events.back().seq;
  }
  fire_waiters(e);
  return true;
}

void ProjectionHost::loop() {
  int64_t last_apply_ns = 0;
  for (;;) {
    uint64_t target;
    {
      std::unique_lock lk(mu_);
      // Let commits accumulate: one apply per min_interval_ms at most.
      int64_t next_ns = last_apply_ns + opts_.min_interval_ms * 1'000'000;
      if (int64_t now = monotonic_ns(); now < next_ns)
        cv_.wait_for(lk, std::chrono::nanoseconds(next_ns - now), [&] { return stopping_; });
      auto behind = [&] {
        for (const auto& e : entries_)
          if (e->applied < target_seq_ && e->error.empty()) return true;
        return false;
      };
      cv_.wait_for(lk, std::chrono::milliseconds(std::min(opts_.retry_ms, opts_.tick_ms)),
                   [&] { return stopping_ || behind(); });
      if (stopping_) return;
      target = target_seq_;
      // Retry failed ones after the pause.
      for (auto& e : entries_)
        if (!e->error.empty() && monotonic_ns() - e->failed_ns >= opts_.retry_ms * 1'000'000) e->error.clear();
    }
    last_apply_ns = monotonic_ns();
    bool progress = true;
    while (progress) {
      progress = false;
      for (auto& e : entries_) progress = step(*e, target) || progress;
      std::lock_guard lk(mu_);
      if (stopping_) return;
    }
    for (auto& e : entries_) e->projection->tick();
    // Drop batches every projection has passed.
    std::lock_guard lk(mu_);
    uint64_t lowest = target_seq_;
    for (const auto& e : entries_) lowest = std::min(lowest, e->applied);
    while (!buffer_.empty() && buffer_.front()->back().seq <= lowest) {
      buffered_events_ -= buffer_.front()->size();
      buffer_.pop_front();
    }
  }
}

}  // namespace switchyard::server
