#pragma once
// The live event feed: committed events to subscribers (WebSockets), each
// with its own filter, in seq order, resumable from a sequence number.
//
// A subscriber that resumes (`since_seq` below the last published seq) is
// first caught up from the event log on a store worker, then attached to
// the live stream with no gap and no duplicate: the hand-over happens under
// the lock that publishing takes, once the backlog has reached the last
// published seq. Each event is encoded once (`Encoder`, e.g. the API's JSON)
// and the same string is shared by every subscriber's send queue.
//
// Threading: committed() on the commit thread (EngineHost listener);
// subscribe() / unsubscribe() from any thread. `send` and `accept` run on the
// commit thread or a store worker; they must not block.
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/engine_host.h"
#include "server/store_pool.h"

namespace switchyard::server {

struct Subscriber {
  uint64_t since_seq = 0;  // resume after this seq (0 = live only)
  std::function<bool(const core::Event&)> accept;
  // Delivers one encoded event; false when the subscriber is gone.
  std::function<bool(std::shared_ptr<const std::string>)> send;
  // Called instead when the feed cannot serve it (the events after
  // since_seq are no longer in the log: retention archived them); the
  // subscription then ends. Optional.
  std::function<void(const Error&)> failed = {};
};

class EventFeed {
 public:
  using Encoder = std::function<std::string(const core::Event&)>;
  EventFeed(StorePool& store, Encoder encode, uint64_t durable_seq);

  void committed(const CommittedEvents& events);
  uint64_t subscribe(Subscriber s);
  void unsubscribe(uint64_t id);
  size_t subscribers() const;

 private:
  // Sends the backlog after `from`, then attaches (store worker).
  void catch_up(uint64_t id, std::shared_ptr<Subscriber> s, uint64_t from, storage::SqlDriver& db);

  StorePool& store_;
  Encoder encode_;
  mutable std::mutex mu_;
  uint64_t published_seq_ = 0;  // guarded by mu_
  uint64_t next_id_ = 1;        // guarded by mu_
  std::unordered_map<uint64_t, std::shared_ptr<Subscriber>> live_;  // guarded by mu_
  std::unordered_map<uint64_t, bool> pending_;  // guarded by mu_: catching up (false = cancelled)
};

}  // namespace switchyard::server
