#pragma once
// Subscriptions to the live event feed, narrowed to the caller's scope (an
// agent sees its own agent's events, a team lead the team's) and optionally
// to one queue, team or agent. Team membership is taken at subscription.
//
// Threading: every method from any thread; replies on service threads.
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "app/caller.h"
#include "app/runtime.h"
#include "server/event_feed.h"
#include "server/kpi_feed.h"

namespace switchyard::app {

struct FeedFilter {
  std::optional<core::QueueId> queue;
  std::optional<core::TeamId> team;
  std::optional<core::AgentId> agent;
  uint64_t since_seq = 0;  // resume after this seq (0 = live only)
};

class FeedService {
 public:
  FeedService(Runtime& rt, server::EventFeed& feed, server::KpiFeed* kpis = nullptr)
      : rt_(rt), feed_(feed), kpis_(kpis) {}
  // `send` delivers one encoded event and returns false when the subscriber
  // is gone. Replies with the subscription id; kPermissionDenied when the
  // filter asks for more than the caller's scope.
  // `failed` (optional) hears why a subscription ended early (its backlog
  // is no longer in the log).
  void subscribe(const Caller& c, FeedFilter f, std::function<bool(std::shared_ptr<const std::string>)> send,
                 Reply<uint64_t> reply, std::function<void(const Error&)> failed = {});
  void unsubscribe(uint64_t id) { feed_.unsubscribe(id); }

  // Live KPI updates (server/kpi_feed.h) with the entries the caller may
  // see (Permission::kReadRealtime): queues, channels, sites and the center
  // to everyone; agents: one's own (self), the team's (team) or all; teams:
  // one's own (team) or all. The current picture is sent at once.
  // `dims` narrows further to those dimensions (bit 1 << Dim; all by default):
  // a wallboard of 1,000 agents that shows queues need not parse every
  // agent's figures four times a second.
  Result<uint64_t> subscribe_kpis(const Caller& c, std::function<bool(std::shared_ptr<const std::string>)> send,
                                  uint32_t dims = kAllDims);
  static constexpr uint32_t kAllDims = (1u << metrics::kDimCount) - 1;
  void unsubscribe_kpis(uint64_t id) {
    if (kpis_) kpis_->unsubscribe(id);
  }

 private:
  Runtime& rt_;
  server::EventFeed& feed_;
  server::KpiFeed* kpis_;
};

}  // namespace switchyard::app
