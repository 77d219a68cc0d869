#include "server/engine_host.h"

#include <boost/json.hpp>

#include "codec/event_json.h"
#include "server/snapshot_json.h"

namespace switchyard::server {

// Collects the engine's events into the batch being built.
class EngineHost::Sink : public core::EventSink {
 public:
  explicit Sink(EngineHost& host) : host_(host) {}
  void on_event(const core::Event& e) override { host_.current_.events.push_back(e); }

 private:
  EngineHost& host_;
};

void TaskContext::remember_idempotency(std::string key, core::ContactId contact) {
  if (keys_) {
    keys_->emplace(key, contact);
    key_order_->emplace_back(clock_.now_ms(), key);
  }
  batch_.idempotency.push_back({std::move(key), contact, engine.last_seq(), clock_.now_ms()});
}

void TaskContext::audit(storage::AuditEntry entry) { batch_.audit.push_back(std::move(entry)); }

std::optional<core::ContactId> TaskContext::idempotent(const std::string& key) const {
  if (keys_) {
    auto it = keys_->find(key);
    if (it != keys_->end()) return it->second;
  }
  return std::nullopt;
}

EngineHost::EngineHost(std::unique_ptr<storage::Store> store, const Clock& clock, Options opts)
    : store_(std::move(store)),
      clock_(clock),
      opts_(opts),
      sink_(std::make_unique<Sink>(*this)),
      engine_(clock, sink_.get()) {}

EngineHost::~EngineHost() { stop(); }

Result<uint64_t> EngineHost::recover() {
  uint64_t replayed = 0;
  auto snap = store_->load_latest_snapshot();
  if (!snap) return std::unexpected(snap.error());
  engine_.set_sink(nullptr);
  if (*snap) {
    auto s = snapshot_from_json((*snap)->blob);
    if (!s) return std::unexpected(s.error());
    if (auto r = engine_.restore(*s); !r) return std::unexpected(r.error());
    last_snapshot_seq_ = s->seq;
  }
  Error replay_error;
  bool ok = true;
  auto r = store_->load_events(engine_.last_seq(), [&](core::Event&& e) {
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
  // Idempotency keys of the last day, so retries after a crash stay idempotent.
  auto keys = store_->idempotency_since(clock_.now_ms() - opts_.idempotency_ttl_ms);
  if (!keys) return std::unexpected(keys.error());
  for (const auto& k : *keys) {
    keys_.emplace(k.key, k.contact);
    key_order_.emplace_back(k.created_ms, k.key);
  }
  return replayed;
}

Result<void> EngineHost::seed(const std::function<Result<void>(TaskContext&)>& fn) {
  TaskContext ctx(engine_, current_, clock_);
  ctx.keys_ = &keys_;
  ctx.key_order_ = &key_order_;
  auto r = fn(ctx);
  auto c = store_->commit(current_);
  if (!current_.events.empty()) durable_seq_ = current_.events.back().seq;
  current_ = storage::Batch{};
  if (!r) return r;
  if (!c) return c;
  return {};
}

void EngineHost::start() {
  if (started_) return;
  refresh_realtime(clock_.now_ms());
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

void EngineHost::submit(std::function<Reply(TaskContext&)> task, std::function<void(Reply)> done) {
  if (failed_) {
    done(Reply{503, R"({"error":{"code":"unavailable","message":"the event store failed; restart needed","field":""}})", {}});
    return;
  }
  {
    std::lock_guard lk(task_mu_);
    if (stopping_) {
      done(Reply{503, R"({"error":{"code":"unavailable","message":"shutting down","field":""}})", {}});
      return;
    }
    tasks_.emplace_back(std::move(task), std::move(done));
  }
  task_cv_.notify_one();
}

uint64_t EngineHost::subscribe(Subscriber s) {
  std::lock_guard lk(sub_mu_);
  uint64_t id = next_sub_++;
  new_subs_.emplace_back(id, std::move(s));
  work_cv_.notify_one();  // the commit thread attaches it
  return id;
}

void EngineHost::unsubscribe(uint64_t id) {
  std::lock_guard lk(sub_mu_);
  dropped_subs_.push_back(id);
}

std::shared_ptr<const std::string> EngineHost::realtime_json() const {
  std::lock_guard lk(realtime_mu_);
  return realtime_;
}

HostStats EngineHost::stats() const {
  HostStats s;
  s.events = events_;
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
    std::lock_guard lk(sub_mu_);
    s.subscribers = subs_.size() + new_subs_.size();
  }
  {
    std::lock_guard lk(work_mu_);
    s.pending_batches = work_.size();
  }
  return s;
}

void EngineHost::refresh_realtime(int64_t now_ms) {
  if (!realtime_builder_) return;
  auto json = std::make_shared<const std::string>(realtime_builder_(engine_, now_ms));
  std::lock_guard lk(realtime_mu_);
  realtime_ = std::move(json);
  last_realtime_ms_ = now_ms;
}

void EngineHost::engine_loop() {
  using Task = std::pair<std::function<Reply(TaskContext&)>, std::function<void(Reply)>>;
  std::vector<Task> batch_tasks;
  for (;;) {
    bool stopping;
    {
      std::unique_lock lk(task_mu_);
      // Sleep until a task arrives, the next engine timer or realtime refresh is due.
      int64_t now = clock_.now_ms();
      int64_t wake = last_realtime_ms_ + opts_.realtime_refresh_ms;
      if (auto t = engine_.next_timer_ms()) wake = std::min(wake, *t);
      if (tasks_.empty() && !stopping_ && wake > now)
        task_cv_.wait_for(lk, std::chrono::milliseconds(std::min<int64_t>(wake - now, 1000)));
      stopping = stopping_;
      size_t n = std::min<size_t>(tasks_.size(), static_cast<size_t>(opts_.max_batch));
      for (size_t i = 0; i < n; ++i) {
        batch_tasks.push_back(std::move(tasks_.front()));
        tasks_.pop_front();
      }
    }
    Work w;
    TaskContext ctx(engine_, current_, clock_);
    ctx.keys_ = &keys_;
    ctx.key_order_ = &key_order_;
    engine_.advance();  // timers first: they were due before these tasks arrived
    for (Task& t : batch_tasks) {
      Reply r = t.first(ctx);
      w.replies.push_back({std::move(t.second), std::move(r)});
    }
    tasks_done_ += batch_tasks.size();
    batch_tasks.clear();
    int64_t now = clock_.now_ms();
    while (!key_order_.empty() && key_order_.front().first < now - opts_.idempotency_ttl_ms) {
      keys_.erase(key_order_.front().second);
      key_order_.pop_front();
    }
    if (now - last_realtime_ms_ >= opts_.realtime_refresh_ms) refresh_realtime(now);
    if (opts_.snapshot_every_events > 0 &&
        engine_.last_seq() - last_snapshot_seq_ >= static_cast<uint64_t>(opts_.snapshot_every_events)) {
      w.snapshot = std::make_shared<core::EngineSnapshot>(engine_.snapshot());
      last_snapshot_seq_ = engine_.last_seq();
    }
    if (stopping) {
      {
        std::lock_guard lk(task_mu_);
        stopping = tasks_.empty();
      }
      if (stopping) w.snapshot = std::make_shared<core::EngineSnapshot>(engine_.snapshot());
    }
    bool has_work = !current_.events.empty() || !current_.audit.empty() || !w.replies.empty() || w.snapshot;
    if (has_work) {
      w.batch = std::move(current_);
      current_ = storage::Batch{};
      std::unique_lock lk(work_mu_);
      work_space_cv_.wait(lk, [&] { return work_.size() < opts_.max_pending_batches; });
      work_.push_back(std::move(w));
      lk.unlock();
      work_cv_.notify_one();
    }
    if (stopping) return;
  }
}

void EngineHost::commit_loop() {
  for (;;) {
    Work w;
    {
      std::unique_lock lk(work_mu_);
      work_cv_.wait(lk, [&] {
        std::lock_guard sl(sub_mu_);
        return !work_.empty() || work_done_ || !new_subs_.empty();
      });
      if (work_.empty()) {
        lk.unlock();
        add_pending_subscribers();
        if (work_done_) return;
        continue;
      }
      w = std::move(work_.front());
      work_.pop_front();
      // Group commit: everything queued since the last commit goes in one
      // transaction (the events are consecutive, in order).
      while (!work_.empty()) {
        Work& more = work_.front();
        auto& b = w.batch;
        b.events.insert(b.events.end(), std::make_move_iterator(more.batch.events.begin()),
                        std::make_move_iterator(more.batch.events.end()));
        b.idempotency.insert(b.idempotency.end(), std::make_move_iterator(more.batch.idempotency.begin()),
                             std::make_move_iterator(more.batch.idempotency.end()));
        b.audit.insert(b.audit.end(), std::make_move_iterator(more.batch.audit.begin()),
                       std::make_move_iterator(more.batch.audit.end()));
        w.replies.insert(w.replies.end(), std::make_move_iterator(more.replies.begin()),
                         std::make_move_iterator(more.replies.end()));
        if (more.snapshot) w.snapshot = std::move(more.snapshot);
        work_.pop_front();
      }
    }
    work_space_cv_.notify_one();
    add_pending_subscribers();
    bool ok = true;
    if (!failed_ && (!w.batch.events.empty() || !w.batch.audit.empty() || !w.batch.idempotency.empty())) {
      int64_t t0 = monotonic_ns();
      auto r = store_->commit(w.batch);
      uint64_t us = static_cast<uint64_t>((monotonic_ns() - t0) / 1000);
      last_commit_us_ = us;
      if (r) {
        ++commits_;
        events_ += w.batch.events.size();
        if (!w.batch.events.empty()) durable_seq_ = w.batch.events.back().seq;
        if (commit_hook_) commit_hook_(us, w.batch.events.size());
      } else {
        ++commit_failures_;
        failed_ = true;
        ok = false;
        std::fprintf(stderr, "switchyard: event store commit failed: %s\n", r.error().message.c_str());
      }
    }
    if (failed_) ok = false;
    for (Pending& p : w.replies) {
      if (ok) p.done(std::move(p.reply));
      else p.done(Reply{503, R"({"error":{"code":"unavailable","message":"the event store failed; restart needed","field":""}})", {}});
    }
    if (ok) {
      int64_t now = clock_.now_ms();
      if (now - last_prune_ms_ >= kPruneEveryMs) {  // keep the key table bounded
        last_prune_ms_ = now;
        (void)store_->delete_idempotency_before(now - opts_.idempotency_ttl_ms);
      }
      publish(w.batch.events);
      if (w.snapshot && snapshot_writer_) {
        snapshot_writer_(std::move(w.snapshot));
      } else if (w.snapshot) {
        auto r = store_->save_snapshot(w.snapshot->seq, snapshot_to_json(*w.snapshot));
        if (!r) std::fprintf(stderr, "switchyard: snapshot failed: %s\n", r.error().message.c_str());
      }
    }
  }
}

void EngineHost::add_pending_subscribers() {
  std::vector<std::pair<uint64_t, Subscriber>> fresh;
  {
    std::lock_guard lk(sub_mu_);
    fresh.swap(new_subs_);
    for (uint64_t id : dropped_subs_) std::erase_if(subs_, [&](const auto& s) { return s.first == id; });
    dropped_subs_.clear();
  }
  for (auto& [id, s] : fresh) {
    bool alive = true;
    if (s.since_seq > 0 && s.since_seq < durable_seq_) {
      // Backlog from the log: the commit thread publishes in order, so no
      // durable event is missed or sent twice between backlog and live.
      uint64_t until = durable_seq_;
      auto r = store_->load_events(s.since_seq, [&](core::Event&& e) {
        if (e.seq > until) return false;
        if (s.accept(e)) alive = s.send(std::make_shared<const std::string>(boost::json::serialize(codec::to_json(e))));
        return alive;
      });
      if (!r) alive = false;
    }
    if (alive) {
      std::lock_guard lk(sub_mu_);
      subs_.emplace_back(id, std::move(s));
    }
  }
}

void EngineHost::publish(const std::vector<core::Event>& events) {
  std::lock_guard lk(sub_mu_);
  for (uint64_t id : dropped_subs_) std::erase_if(subs_, [&](const auto& s) { return s.first == id; });
  dropped_subs_.clear();
  if (subs_.empty()) return;
  for (const core::Event& e : events) {
    std::shared_ptr<const std::string> text;  // serialised once, shared by all subscribers
    for (auto it = subs_.begin(); it != subs_.end();) {
      if (!it->second.accept(e)) {
        ++it;
        continue;
      }
      if (!text) text = std::make_shared<const std::string>(boost::json::serialize(codec::to_json(e)));
      if (it->second.send(text)) ++it;
      else it = subs_.erase(it);
    }
  }
}

}  // namespace switchyard::server
