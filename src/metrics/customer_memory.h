#pragma once
// CustomerMemory: what the FCR rule (docs/kpis.md, "FCR and repeat
// contacts") remembers about customers for a KpiCollector, beyond its
// counters:
// - the open contacts that have a customer id (arrival, channel, group, the
//   disposition of their last wrap-up), until they complete, abandon or
//   expire;
// - per (customer, topic) the latest handled contact, as long as a later
//   contact could still be a repeat of it (its end plus the window);
// - the customer-group names, interned to dense ids (Dim::kGroup).
//
// It is a value that outlives a collector: the live projection hands it
// from one day's collector to the next (and fills it from the days before
// today at start, KpiCollector::learn()); the durable rollups keep the
// latest handled contacts in a table (take_changed(), restore()) and rebuild
// the open contacts by replaying the log.
//
// Cost: one hash-map entry per open contact with a customer id and one per
// (customer, topic) handled within the window; O(1) per event, plus a scan
// of the open contacts and the latest entries once per hour of event time
// (prune()).
//
// Threading: not thread-safe; owned by its collector's thread.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/types.h"

namespace switchyard::metrics {

// A handled contact as a later repeat sees it: where its counts went.
struct HandledContact {
  int64_t arrival_ms = 0;             // created (its counts' bucket)
  int64_t end_ms = 0;                 // completed: its work was over
  core::QueueId queue = core::kNoId;  // the queue it was handled in
  core::AgentId agent = core::kNoId;  // the agent who completed it ...
  core::TeamId team = core::kNoId;    // ... and that agent's team and site then
  core::SiteId site = core::kNoId;
  core::Channel channel = core::Channel::kVoice;
  uint32_t group = core::kNoId;  // CustomerMemory group id; kNoId = none
  bool operator==(const HandledContact&) const = default;
};

// An open contact with a customer id.
struct OpenContact {
  std::string customer;
  int64_t arrival_ms = 0;
  core::Channel channel = core::Channel::kVoice;
  uint32_t group = core::kNoId;
  core::AgentId wrap_agent = core::kNoId;  // the agent of its last wrap-up ...
  std::string disposition;                 // ... and that wrap-up's disposition
};

class CustomerMemory {
 public:
  // Customer-group ids: dense, in order of first appearance; "" is kNoId.
  uint32_t intern_group(std::string_view name);
  std::string_view group_name(uint32_t id) const;  // "" for an unknown id
  size_t group_count() const { return group_names_.size(); }

  // Open contacts.
  void open(core::ContactId c, OpenContact o) { open_[c] = std::move(o); }
  OpenContact* find_open(core::ContactId c);
  void close(core::ContactId c) { open_.erase(c); }
  size_t open_count() const { return open_.size(); }

  // Makes `c` the latest handled contact of (customer, topic) and returns
  // the one it replaces when `c` is a repeat of it: `c` arrived at most
  // `window_ms` after that one ended (an arrival before that end counts
  // too: the customer came back while the first contact was still open).
  std::optional<HandledContact> handled(std::string_view customer, std::string_view topic, const HandledContact& c,
                                        int64_t window_ms);
  // The latest handled contact of (customer, topic), if remembered.
  const HandledContact* latest(std::string_view customer, std::string_view topic) const;
  size_t latest_count() const { return latest_.size(); }

  // Forgets the handled contacts no later contact can repeat: those that
  // ended more than `window_ms` before min(now, the oldest open contact's
  // arrival). Open contacts older than kLongestOpenMs do not hold it back
  // (such a contact may miss its repeat). Scans at most once per hour of
  // `now_ms`.
  static constexpr int64_t kLongestOpenMs = 30LL * 86'400'000;
  void prune(int64_t now_ms, int64_t window_ms);

  // ---- for a durable projection (rollup_projection.h)
  // Records which entries change (off by default: the memory of what
  // changed grows until taken).
  void track_changes(bool on) { track_ = on; }
  // The (customer, topic) keys handled since the last call; each is in
  // latest() (a pruned key is not listed: see take_pruned_before()).
  std::vector<std::pair<std::string, std::string>> take_changed();
  // The cutoff of the last prune since the last call: entries that ended
  // before it are gone.
  std::optional<int64_t> take_pruned_before();
  // Puts back an entry kept by a durable projection. (Replaying the log
  // from before its checkpoint afterwards, in order, ends with the same
  // entries: each key's last completion is written last.)
  void restore(std::string_view customer, std::string_view topic, const HandledContact& c);

 private:
  // customer + '\0' + topic (a customer id is clean text: no NUL).
  static std::string key(std::string_view customer, std::string_view topic);

  std::unordered_map<core::ContactId, OpenContact> open_;
  std::unordered_map<std::string, HandledContact> latest_;
  std::vector<std::string> group_names_;
  std::map<std::string, uint32_t, std::less<>> group_ids_;
  bool track_ = false;
  std::unordered_set<std::string> changed_;  // keys (with track_)
  std::optional<int64_t> pruned_before_;     // with track_
  int64_t next_prune_ms_ = INT64_MIN;
};

}  // namespace switchyard::metrics
