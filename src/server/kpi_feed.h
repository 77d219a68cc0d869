#pragma once
// Live KPI updates to subscribers (WebSockets): every publication of the
// live KPIs (metrics::KpiProjection, a few per second at most) becomes one
// message per subscriber holding the entries that changed since the
// previous publication and that the subscriber may see. A new subscriber
// (also one resuming after a dropped connection) first gets every entry it
// may see, so it is correct at once; each message carries the seq of the
// last event it reflects.
//
// Threading: published() on the projection thread; subscribe() /
// unsubscribe() from any thread. `send` must not block.
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "metrics/kpi_projection.h"

namespace switchyard::server {

class KpiFeed {
 public:
  // Encodes `entries` of `t` as one message (`full`: a complete picture).
  using Encoder = std::function<std::string(const metrics::TodayKpis& t,
                                            std::span<const metrics::KpiEntry* const> entries, bool full)>;
  struct Subscriber {
    // Which entries it may see; empty = all (such subscribers share one text).
    std::function<bool(const metrics::KpiEntry&)> accept;
    // Delivers one message; false when the subscriber is gone.
    std::function<bool(std::shared_ptr<const std::string>)> send;
  };

  explicit KpiFeed(Encoder encode) : encode_(std::move(encode)) {}
  void published(std::shared_ptr<const metrics::TodayKpis> t);
  // Sends the current picture at once (when there is one), then the
  // greeting (when set and not null), then updates.
  uint64_t subscribe(Subscriber s);
  // Other live news pushed beside the KPIs, about what every subscriber may
  // see (alerts on queues and customer groups): `text` goes to all.
  void broadcast(std::shared_ptr<const std::string> text);
  // Its current state for a new subscriber (e.g. the active alerts); set
  // before the first subscribe().
  void set_greeting(std::function<std::shared_ptr<const std::string>()> greeting) { greeting_ = std::move(greeting); }
  void unsubscribe(uint64_t id);
  size_t subscribers() const;

 private:
  std::shared_ptr<const std::string> encode(const metrics::TodayKpis& t,
                                            const std::vector<const metrics::KpiEntry*>& entries,
                                            const Subscriber& s, bool full) const;
  Encoder encode_;
  std::function<std::shared_ptr<const std::string>()> greeting_;
  mutable std::mutex mu_;
  std::shared_ptr<const metrics::TodayKpis> last_;  // guarded by mu_
  uint64_t next_id_ = 1;                            // guarded by mu_
  std::unordered_map<uint64_t, std::shared_ptr<Subscriber>> subs_;  // guarded by mu_
};

}  // namespace switchyard::server
