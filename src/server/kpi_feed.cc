#include "server/kpi_feed.h"

namespace switchyard::server {

std::shared_ptr<const std::string> KpiFeed::encode(const metrics::TodayKpis& t,
                                                   const std::vector<const metrics::KpiEntry*>& entries,
                                                   const Subscriber& s, bool full) const {
  if (!s.accept) return std::make_shared<const std::string>(encode_(t, entries, full));
  std::vector<const metrics::KpiEntry*> mine;
  for (const metrics::KpiEntry* e : entries)
    if (s.accept(*e)) mine.push_back(e);
  if (mine.empty() && !full) return nullptr;
  return std::make_shared<const std::string>(encode_(t, mine, full));
}

void KpiFeed::published(std::shared_ptr<const metrics::TodayKpis> t) {
  std::lock_guard lk(mu_);
  // What changed since the previous publication (both are sorted by dim, id);
  // a new day sends everything again.
  std::vector<const metrics::KpiEntry*> changed;
  const bool full = !last_ || last_->day_start_ms != t->day_start_ms;
  for (const metrics::KpiEntry& e : t->entries) {
    const metrics::KpiEntry* before = full ? nullptr : last_->find(e.dim, e.id);
    if (!before || !(*before == e)) changed.push_back(&e);
  }
  last_ = t;
  if (changed.empty() || subs_.empty()) return;
  std::shared_ptr<const std::string> shared;  // for subscribers that see everything
  for (auto it = subs_.begin(); it != subs_.end();) {
    const Subscriber& s = *it->second;
    std::shared_ptr<const std::string> text;
    if (!s.accept) {
      if (!shared) shared = encode(*t, changed, s, full);
      text = shared;
    } else {
      text = encode(*t, changed, s, full);
    }
    if (text && !s.send(std::move(text))) {
      it = subs_.erase(it);
      continue;
    }
    ++it;
  }
}

uint64_t KpiFeed::subscribe(Subscriber s) {
  auto sub = std::make_shared<Subscriber>(std::move(s));
  std::lock_guard lk(mu_);
  const uint64_t id = next_id_++;
  if (last_) {
    std::vector<const metrics::KpiEntry*> all;
    for (const metrics::KpiEntry& e : last_->entries) all.push_back(&e);
    if (auto text = encode(*last_, all, *sub, /*full=*/true); text && !sub->send(std::move(text))) return id;
  }
  if (greeting_)
    if (auto text = greeting_(); text && !sub->send(std::move(text))) return id;
  subs_.emplace(id, std::move(sub));
  return id;
}

void KpiFeed::broadcast(std::shared_ptr<const std::string> text) {
  std::lock_guard lk(mu_);
  for (auto it = subs_.begin(); it != subs_.end();) {
    if (!it->second->send(text)) {
      it = subs_.erase(it);
      continue;
    }
    ++it;
  }
}

void KpiFeed::unsubscribe(uint64_t id) {
  std::lock_guard lk(mu_);
  subs_.erase(id);
}

size_t KpiFeed::subscribers() const {
  std::lock_guard lk(mu_);
  return subs_.size();
}

}  // namespace switchyard::server
