#include "server/event_feed.h"

#include "eventlog/event_log.h"

namespace switchyard::server {

EventFeed::EventFeed(StorePool& store, Encoder encode, uint64_t durable_seq)
    : store_(store), encode_(std::move(encode)), published_seq_(durable_seq) {}

void EventFeed::committed(const CommittedEvents& events) {
  std::lock_guard lk(mu_);
  if (events->empty()) return;
  published_seq_ = events->back().seq;
  if (live_.empty()) return;
  for (const core::Event& e : *events) {
    std::shared_ptr<const std::string> text;  // encoded once, shared by all subscribers
    for (auto it = live_.begin(); it != live_.end();) {
      Subscriber& s = *it->second;
      if (!s.accept(e)) {
        ++it;
        continue;
      }
      if (!text) text = std::make_shared<const std::string>(encode_(e));
      if (s.send(text)) ++it;
      else it = live_.erase(it);
    }
  }
}

uint64_t EventFeed::subscribe(Subscriber s) {
  auto sub = std::make_shared<Subscriber>(std::move(s));
  std::lock_guard lk(mu_);
  uint64_t id = next_id_++;
  if (sub->since_seq == 0 || sub->since_seq >= published_seq_) {
    live_.emplace(id, std::move(sub));
    return id;
  }
  pending_.emplace(id, true);
  uint64_t from = sub->since_seq;
  store_.post([this, id, sub, from](storage::SqlDriver& db) { catch_up(id, sub, from, db); });
  return id;
}

void EventFeed::catch_up(uint64_t id, std::shared_ptr<Subscriber> s, uint64_t from, storage::SqlDriver& db) {
  eventlog::EventLog log(db);
  auto first = log.first_seq();
  if (!first || (*first > 0 && from + 1 < *first)) {
    {
      std::lock_guard lk(mu_);
      pending_.erase(id);
    }
    if (s->failed)
      s->failed(first ? Error{ErrorCode::kNotFound,
                              "events before " + std::to_string(*first) +
                                  " are no longer in the log (retention); resume from " +
                                  std::to_string(*first - 1) + " or later",
                              "since"}
                      : first.error());
    return;
  }
  for (;;) {
    uint64_t until;
    {
      std::lock_guard lk(mu_);
      auto p = pending_.find(id);
      if (p == pending_.end() || !p->second) {  // unsubscribed meanwhile
        pending_.erase(id);
        return;
      }
      if (from >= published_seq_) {  // caught up: attach under the publishing lock
        pending_.erase(p);
        live_.emplace(id, std::move(s));
        return;
      }
      until = published_seq_;
    }
    bool alive = true;
    auto r = log.load(from, [&](core::Event&& e) {
      from = e.seq;
      if (s->accept(e)) alive = s->send(std::make_shared<const std::string>(encode_(e)));
      return alive;
    }, until);
    if (!r || !alive) {
      std::lock_guard lk(mu_);
      pending_.erase(id);
      return;
    }
    from = until;
  }
}

void EventFeed::unsubscribe(uint64_t id) {
  std::lock_guard lk(mu_);
  live_.erase(id);
  if (auto p = pending_.find(id); p != pending_.end()) p->second = false;
}

size_t EventFeed::subscribers() const {
  std::lock_guard lk(mu_);
  return live_.size() + pending_.size();
}

}  // namespace switchyard::server
