#include "server/engine_host.h"

#include <cstdio>

#include "eventlog/event_log.h"
#include "eventlog/snapshot_codec.h"
#include "eventlog/snapshots.h"

namespace switchyard::server {

namespace {

Error unavailable(std::string message) {
  return Error{ErrorCode::kUnavailable, std::move(message), ""};
}
const Error& store_failed() {
  static const Error kError = unavailable("the event store failed; restart needed");
  return kError;
}
const Error& shutting_down() {
  static const Error kError = unavailable("shutting down");
  return kError;
}

}  // namespace

// Collects the engine's events into the batch being built (engine thread).
class EngineHost::Sink : public core::EventSink {
 public:
  explicit Sink(EngineHost& host) : host_(host) {}
  void on_event(const core::Event& e) override { host_.events_.push_back(e); }

 private:
  EngineHost& host_;
};

// The event log and snapshots over the commit thread's connection.
struct EngineHost::LogWriter {
  explicit LogWriter(storage::SqlDriver& db) : log(db), snapshots(db) {}
  eventlog::EventLog log;
  eventlog::SnapshotStore snapshots;
};

EngineHost::EngineHost(std::unique_ptr<storage::SqlDriver> log_db, const Clock& clock, Options opts)
    : log_db_(std::move(log_db)),
      clock_(clock),
      opts_(opts),
      sink_(std::make_unique<Sink>(*this)),
      engine_(clock, sink_.get()),
      log_(std::make_unique<LogWriter>(*log_db_)) {}

EngineHost::~EngineHost() { stop(); }

Result<uint64_t> EngineHost::recover() {
  uint64_t replayed = 0;
  auto snap = log_->snapshots.latest();
  if (!snap) return std::unexpected(snap.error());
  engine_.set_sink(nullptr);
  if (*snap) {
    auto s = eventlog::snapshot_from_json((*snap)->blob);
    if (!s) return std::unexpected(s.error());
    if (auto r = engine_.restore(*s); !r) return std::unexpected(r.error());
    last_snapshot_seq_ = s->seq;
  }
  Error replay_error;
  bool ok = true;
  auto r = log_->log.load(engine_.last_seq(), [&](core::Event&& e) {
    auto a = engine_.replay(e);
    if (!a) {
      replay_error = a.error();
      ok = false;
      return false;
    }
    ++replayed;
    return true;
  });
  engine_.set_sink(sink_.get());
  if (!r) return std::unexpected(r.error());
  if (!ok) return std::unexpected(replay_error);
  durable_seq_ = engine_.last_seq();
  return replayed;
}

Result<void> EngineHost::seed(const std::function<Result<void>(TaskContext&)>& fn) {
  Work w;
  TaskContext ctx(engine_, w.writes, w.after, clock_);
  auto r = fn(ctx);
  w.events = std::move(events_);
  events_.clear();
  auto c = commit(w);
  if (!r) return r;
  return c;
}

void EngineHost::start() {
  if (started_) return;
  started_ = true;
  engine_thread_ = std::thread([this] { engine_loop(); });
  commit_thread_ = std::thread([this] { commit_loop(); });
}

void EngineHost::stop() {
  if (!started_) return;
  {
    std::lock_guard lk(task_mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  task_cv_.notify_all();
  if (engine_thread_.joinable()) engine_thread_.join();
  {
    std::lock_guard lk(work_mu_);
    work_done_ = true;
  }
  work_cv_.notify_all();
  if (commit_thread_.joinable()) commit_thread_.join();
  started_ = false;
}

void EngineHost::submit_erased(Task task, std::function<void(const Error&)> reject) {
  {
    std::lock_guard lk(task_mu_);
    if (!stopping_ && !failed_) {
      tasks_.push_back(std::move(task));
      task_cv_.notify_one();
      return;
    }
  }
  reject(failed_ ? store_failed() : shutting_down());
}

HostStats EngineHost::stats() const {
  HostStats s;
  s.events = events_done_;
  s.commits = commits_;
  s.commit_failures = commit_failures_;
  s.tasks = tasks_done_;
  s.durable_seq = durable_seq_;
  s.last_commit_us = last_commit_us_;
  {
    std::lock_guard lk(task_mu_);
    s.pending_tasks = tasks_.size();
  }
  {
    std::lock_guard lk(work_mu_);
    s.pending_batches = work_.size();
  }
  return s;
}

EngineHost::Work EngineHost::run_batch(std::vector<Task>& tasks, int64_t now_ms) {
  Work w;
  TaskContext ctx(engine_, w.writes, w.after, clock_);
  engine_.advance();  // timers first: they were due before these tasks arrived
  w.completions.reserve(tasks.size());
  for (Task& t : tasks) w.completions.push_back(t(ctx));
  tasks_done_ += tasks.size();
  tasks.clear();
  for (PeriodicView& v : views_)
    if (now_ms - v.last_ms >= v.period_ms) {
      v.last_ms = now_ms;
      if (auto publish = v.view(engine_, now_ms)) w.after.push_back(std::move(publish));
    }
  w.events = std::move(events_);
  events_.clear();
  return w;
}

void EngineHost::engine_loop() {
  std::vector<Task> batch_tasks;
  for (;;) {
    bool stopping;
    {
      std::unique_lock lk(task_mu_);
      // Sleep until a task arrives, or the next engine timer or view is due.
      int64_t now = clock_.now_ms();
      int64_t wake = now + 1000;
      for (const PeriodicView& v : views_) wake = std::min(wake, v.last_ms + v.period_ms);
      if (auto t = engine_.next_timer_ms()) wake = std::min(wake, *t);
      if (tasks_.empty() && !stopping_ && wake > now)
        task_cv_.wait_for(lk, std::chrono::milliseconds(std::min<int64_t>(wake - now, 1000)));
      stopping = stopping_;
      size_t n = std::min<size_t>(tasks_.size(), static_cast<size_t>(opts_.max_batch));
      for (size_t i = 0; i < n; ++i) {
        batch_tasks.push_back(std::move(tasks_.front()));
        tasks_.pop_front();
      }
      if (stopping) stopping = tasks_.empty();
    }
    Work w = run_batch(batch_tasks, clock_.now_ms());
    const bool snapshot_due = opts_.snapshot_every_events > 0 &&
                              engine_.last_seq() - last_snapshot_seq_ >= static_cast<uint64_t>(opts_.snapshot_every_events);
    if (snapshot_due || (stopping && engine_.last_seq() > 0)) {
      w.snapshot = std::make_shared<const core::EngineSnapshot>(engine_.snapshot());
      last_snapshot_seq_ = engine_.last_seq();
    }
    bool has_work = !w.events.empty() || !w.writes.empty() || !w.completions.empty() || !w.after.empty() || w.snapshot;
    if (has_work) {
      std::unique_lock lk(work_mu_);
      work_space_cv_.wait(lk, [&] { return work_.size() < opts_.max_pending_batches; });
      work_.push_back(std::move(w));
      lk.unlock();
      work_cv_.notify_one();
    }
    if (stopping) return;
  }
}

Result<void> EngineHost::commit(Work& w) {
  if (w.events.empty() && w.writes.empty()) return {};
  storage::Transaction tx;
  if (auto r = log_->log.stage_append(tx, w.events); !r) return r;
  tx.absorb(std::move(w.writes));
  int64_t t0 = monotonic_ns();
  auto r = tx.run(*log_db_);
  last_commit_us_ = static_cast<uint64_t>((monotonic_ns() - t0) / 1000);
  log_->log.committed(r.has_value());
  if (!r) return r;
  ++commits_;
  events_done_ += w.events.size();
  if (!w.events.empty()) durable_seq_ = w.events.back().seq;
  return {};
}

void EngineHost::save_snapshot(std::shared_ptr<const core::EngineSnapshot> s) {
  if (snapshot_writer_) return snapshot_writer_(std::move(s));
  auto r = log_->snapshots.save(s->seq, eventlog::snapshot_to_json(*s));
  if (!r) std::fprintf(stderr, "switchyard: snapshot at seq %llu failed: %s\n",
                       static_cast<unsigned long long>(s->seq), r.error().message.c_str());
}

void EngineHost::commit_loop() {
  for (;;) {
    Work w;
    {
      std::unique_lock lk(work_mu_);
      work_cv_.wait(lk, [&] { return !work_.empty() || work_done_; });
      if (work_.empty()) return;
      w = std::move(work_.front());
      work_.pop_front();
      // Group commit: everything queued since the last commit goes in one
      // transaction (the events are consecutive, in order).
      while (!work_.empty()) {
        Work& more = work_.front();
        w.events.insert(w.events.end(), std::make_move_iterator(more.events.begin()),
                        std::make_move_iterator(more.events.end()));
        w.writes.absorb(std::move(more.writes));
        w.completions.insert(w.completions.end(), std::make_move_iterator(more.completions.begin()),
                             std::make_move_iterator(more.completions.end()));
        w.after.insert(w.after.end(), std::make_move_iterator(more.after.begin()),
                       std::make_move_iterator(more.after.end()));
        if (more.snapshot) w.snapshot = std::move(more.snapshot);
        work_.pop_front();
      }
    }
    work_space_cv_.notify_one();
    const Error* failure = failed_ ? &store_failed() : nullptr;
    if (!failure) {
      if (auto r = commit(w); !r) {
        ++commit_failures_;
        failed_ = true;
        failure = &store_failed();
        std::fprintf(stderr, "switchyard: event store commit failed: %s\n", r.error().message.c_str());
      }
    }
    if (failure) {
      for (Completion& c : w.completions) c(failure);
      continue;
    }
    // Read models first (names, projections' input, the feed, published
    // views), then the answers: a caller that got its answer finds its
    // change in every read model that is updated here.
    for (auto& f : w.after) f();
    auto events = std::make_shared<const std::vector<core::Event>>(std::move(w.events));
    for (const CommitListener& l : listeners_) l(events);
    for (Completion& c : w.completions) c(nullptr);
    if (w.snapshot) save_snapshot(std::move(w.snapshot));
  }
}

}  // namespace switchyard::server
