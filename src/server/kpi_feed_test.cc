// KpiFeed: the full picture first, then only what changed, each subscriber
// filtered by what it may see; a gone subscriber is dropped.
#include "server/kpi_feed.h"

#include <gtest/gtest.h>

namespace switchyard::server {
namespace {

using metrics::Dim;
using metrics::KpiEntry;

// "full:dim/id,dim/id" for each message.
std::string encode(const metrics::TodayKpis& t, std::span<const KpiEntry* const> entries, bool full) {
  std::string s = std::string(full ? "full" : "diff") + "@" + std::to_string(t.seq) + ":";
  for (const KpiEntry* e : entries) s += std::string(metrics::to_string(e->dim)) + "/" + std::to_string(e->id) + ",";
  return s;
}

std::shared_ptr<const metrics::TodayKpis> picture(uint64_t seq, std::vector<KpiEntry> entries, int64_t day = 0) {
  auto t = std::make_shared<metrics::TodayKpis>();
  t->seq = seq;
  t->day_start_ms = day;
  t->entries = std::move(entries);
  return t;
}

KpiEntry entry(Dim d, uint32_t id, uint64_t offered, uint32_t team = core::kNoId) {
  KpiEntry e;
  e.dim = d;
  e.id = id;
  e.team = team;
  e.today.offered = offered;
  return e;
}

struct Inbox {
  std::vector<std::string> got;
  bool open = true;
  KpiFeed::Subscriber sub(std::function<bool(const KpiEntry&)> accept = {}) {
    return {std::move(accept), [this](std::shared_ptr<const std::string> s) {
              if (open) got.push_back(*s);
              return open;
            }};
  }
};

TEST(KpiFeedTest, FullPictureFirstThenOnlyWhatChanged) {
  KpiFeed feed(&encode);
  Inbox early;
  feed.subscribe(early.sub());
  EXPECT_TRUE(early.got.empty());  // nothing published yet
  feed.published(picture(5, {entry(Dim::kCenter, 0, 1), entry(Dim::kQueue, 1, 1), entry(Dim::kQueue, 2, 0)}));
  ASSERT_EQ(early.got.size(), 1u);
  EXPECT_EQ(early.got[0], "full@5:center/0,queue/1,queue/2,");
  feed.published(picture(9, {entry(Dim::kCenter, 0, 2), entry(Dim::kQueue, 1, 1), entry(Dim::kQueue, 2, 1)}));
  ASSERT_EQ(early.got.size(), 2u);
  EXPECT_EQ(early.got[1], "diff@9:center/0,queue/2,");
  feed.published(picture(9, {entry(Dim::kCenter, 0, 2), entry(Dim::kQueue, 1, 1), entry(Dim::kQueue, 2, 1)}));
  EXPECT_EQ(early.got.size(), 2u) << "nothing changed: nothing sent";
  // A late (or resuming) subscriber gets the whole current picture at once.
  Inbox late;
  feed.subscribe(late.sub());
  ASSERT_EQ(late.got.size(), 1u);
  EXPECT_EQ(late.got[0], "full@9:center/0,queue/1,queue/2,");
  // A new day: everything again.
  feed.published(picture(12, {entry(Dim::kCenter, 0, 0)}, 86'400'000));
  EXPECT_EQ(early.got.back(), "full@12:center/0,");
}

TEST(KpiFeedTest, EachSubscriberSeesItsScopeAndGoneOnesAreDropped) {
  KpiFeed feed(&encode);
  Inbox agent, all;
  feed.subscribe(agent.sub([](const KpiEntry& e) { return e.dim != Dim::kAgent || e.id == 7; }));
  feed.subscribe(all.sub());
  feed.published(picture(1, {entry(Dim::kQueue, 1, 0), entry(Dim::kAgent, 7, 0), entry(Dim::kAgent, 8, 0)}));
  EXPECT_EQ(agent.got.back(), "full@1:queue/1,agent/7,");
  EXPECT_EQ(all.got.back(), "full@1:queue/1,agent/7,agent/8,");
  feed.published(picture(2, {entry(Dim::kQueue, 1, 0), entry(Dim::kAgent, 7, 0), entry(Dim::kAgent, 8, 1)}));
  EXPECT_EQ(agent.got.size(), 1u) << "agent 8 changed: not theirs";
  EXPECT_EQ(all.got.back(), "diff@2:agent/8,");
  all.open = false;
  feed.published(picture(3, {entry(Dim::kQueue, 1, 1), entry(Dim::kAgent, 7, 0), entry(Dim::kAgent, 8, 1)}));
  EXPECT_EQ(feed.subscribers(), 1u);
  EXPECT_EQ(agent.got.back(), "diff@3:queue/1,");
}

}  // namespace
}  // namespace switchyard::server
