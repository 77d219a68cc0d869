#pragma once
// The live picture for wallboards and desktops: every queue's figures and
// the agents the caller may see. Built from committed state only: an engine
// view taken every `refresh_ms` is published once every event it reflects is
// durable; callers with scope "all" read that snapshot (no engine work per
// request); scoped callers (an agent, a team lead) get a view built for them
// on the engine thread, answered after the commit of everything before it.
//
// Threading: every method from any thread; replies on service threads.
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/caller.h"
#include "app/runtime.h"
#include "core/engine.h"
#include "metrics/kpi_projection.h"

namespace switchyard::app {

struct RealtimeQueue {
  core::QueueId id = core::kNoId;
  std::string name;
  core::Channel channel = core::Channel::kVoice;
  core::QueueView view;
};

struct RealtimeAgent {
  core::AgentId id = core::kNoId;
  std::string name;
  core::TeamId team = core::kNoId;
  core::AgentState state = core::AgentState::kLoggedOut;
  std::string reason;
  int64_t state_since_ms = 0;
  size_t contacts = 0;
  double occupancy = 0;
};

struct Realtime {
  int64_t time_ms = 0;
  uint64_t seq = 0;  // the last event it reflects
  std::vector<RealtimeQueue> queues;
  std::vector<RealtimeAgent> agents;
  std::vector<core::GroupView> groups;  // customer groups with contacts waiting (published snapshots only)
  std::shared_ptr<const metrics::TodayKpis> today;  // today's KPIs (null: none yet)
};

class RealtimeService {
 public:
  using KpiSource = std::function<std::shared_ptr<const metrics::TodayKpis>()>;
  // Registers the periodic view on the engine host (before it starts).
  // `kpis` gives today's KPIs (may be empty).
  RealtimeService(Runtime& rt, KpiSource kpis = {}, int64_t refresh_ms = 250);
  void get(const Caller& c, Reply<std::shared_ptr<const Realtime>> reply);
  // The latest published snapshot (every agent); null before the first.
  std::shared_ptr<const Realtime> latest() const;
  // Hears every published snapshot (set before the host starts; called on
  // the commit thread: must not block).
  void on_publish(std::function<void(std::shared_ptr<const Realtime>)> f) { on_publish_ = std::move(f); }

 private:
  Runtime& rt_;
  KpiSource kpis_;
  std::function<void(std::shared_ptr<const Realtime>)> on_publish_;
  mutable std::mutex mu_;
  std::shared_ptr<const Realtime> latest_;  // guarded by mu_
};

// Engine thread: the picture with the agents `include` admits.
Realtime build_realtime(const core::Engine& e, int64_t now_ms, const std::function<bool(core::AgentId)>& include);

}  // namespace switchyard::app
