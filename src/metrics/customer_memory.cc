#include "metrics/customer_memory.h"

#include <algorithm>
#include <utility>

namespace switchyard::metrics {

namespace {
constexpr int64_t kPruneEveryMs = 3'600'000;
}  // namespace

std::string CustomerMemory::key(std::string_view customer, std::string_view topic) {
  std::string k;
  k.reserve(customer.size() + 1 + topic.size());
  k.append(customer);
  k.push_back('\0');
  k.append(topic);
  return k;
}

uint32_t CustomerMemory::intern_group(std::string_view name) {
  if (name.empty()) return core::kNoId;
  if (auto it = group_ids_.find(name); it != group_ids_.end()) return it->second;
  const auto id = static_cast<uint32_t>(group_names_.size());
  group_names_.emplace_back(name);
  group_ids_.emplace(std::string(name), id);
  return id;
}

std::string_view CustomerMemory::group_name(uint32_t id) const {
  return id < group_names_.size() ? std::string_view(group_names_[id]) : std::string_view();
}

OpenContact* CustomerMemory::find_open(core::ContactId c) {
  auto it = open_.find(c);
  return it == open_.end() ? nullptr : &it->second;
}

std::optional<HandledContact> CustomerMemory::handled(std::string_view customer, std::string_view topic,
                                                      const HandledContact& c, int64_t window_ms) {
  auto [it, fresh] = latest_.try_emplace(key(customer, topic), c);
  if (track_) changed_.insert(it->first);
  if (fresh) return std::nullopt;
  const HandledContact before = it->second;
  it->second = c;
  if (c.arrival_ms - before.end_ms <= window_ms) return before;
  return std::nullopt;
}

const HandledContact* CustomerMemory::latest(std::string_view customer, std::string_view topic) const {
  auto it = latest_.find(key(customer, topic));
  return it == latest_.end() ? nullptr : &it->second;
}

void CustomerMemory::prune(int64_t now_ms, int64_t window_ms) {
  if (now_ms < next_prune_ms_) return;
  next_prune_ms_ = now_ms + kPruneEveryMs;
  // A contact still open may complete later and repeat anything that ended
  // up to the window before its arrival.
  int64_t oldest = now_ms;
  for (const auto& [id, o] : open_)
    if (o.arrival_ms >= now_ms - kLongestOpenMs) oldest = std::min(oldest, o.arrival_ms);
  const int64_t cutoff = oldest - window_ms;
  std::erase_if(latest_, [cutoff](const auto& kv) { return kv.second.end_ms < cutoff; });
  if (track_) pruned_before_ = cutoff;
}

std::vector<std::pair<std::string, std::string>> CustomerMemory::take_changed() {
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(changed_.size());
  for (const std::string& k : changed_) {
    if (!latest_.contains(k)) continue;  // pruned since
    const size_t nul = k.find('\0');
    out.emplace_back(k.substr(0, nul), k.substr(nul + 1));
  }
  changed_.clear();
  return out;
}

std::optional<int64_t> CustomerMemory::take_pruned_before() { return std::exchange(pruned_before_, std::nullopt); }

void CustomerMemory::restore(std::string_view customer, std::string_view topic, const HandledContact& c) {
  latest_.insert_or_assign(key(customer, topic), c);
}

}  // namespace switchyard::metrics
