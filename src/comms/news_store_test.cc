// Briefings and announcements in their store on SQLite and PostgreSQL (docs/comms.md).
#include "comms/news_store.h"

#include <gtest/gtest.h>

#include "storage/db_test_util.h"

namespace switchyard::comms {
namespace {

using storage::testing::Backends;
using storage::testing::BackendNames;

template <typename B>
class NewsStoreTest : public storage::testing::DbFixture<B> {
 protected:
  std::vector<const storage::ModuleSchema*> schemas() const override { return {&NewsRepository::schema()}; }
};
TYPED_TEST_SUITE(NewsStoreTest, Backends, BackendNames);

TYPED_TEST(NewsStoreTest, ABriefingFreezesTheItemsOfItsWindowAndCountsFirstReads) {
  NewsRepository news(this->db());
  const BriefingSchedule lyon{"lyon", "Europe/Paris", 450, 60};
  const BriefingSchedule paris{"paris", "UTC", 480, 30};
  const BriefingSchedule both[] = {lyon, paris};
  ASSERT_TRUE(news.replace_schedules(both));
  EXPECT_EQ(news.schedules().value(), (std::vector<BriefingSchedule>{lyon, paris}));
  const BriefingSchedule twice[] = {lyon, lyon};
  EXPECT_EQ(news.replace_schedules(twice).error().field, "items[1].site");
  const BriefingSchedule bad[] = {{"x", "Nowhere/City", 0, 0}};
  EXPECT_EQ(news.replace_schedules(bad).error().field, "items[0].time_zone");
  EXPECT_EQ(news.schedules().value().size(), 2u);  // a refused list changes nothing

  const int64_t a = news.add_item({0, "lyon", "IT", "VPN maintenance", "Tonight 22:00.", "it.desk", 100}).value();
  const int64_t b = news.add_item({0, "", "HR", "Holiday rota", "", "hr", 200}).value();
  news.add_item({0, "paris", "Product", "New plan", "", "pm", 250}).value();
  const int64_t late = news.add_item({0, "lyon", "IT", "Late", "", "it.desk", 300}).value();
  EXPECT_EQ(news.add_item({0, "lyon", "", "t", "", "x", 1}).error().field, "department");

  auto window = news.items_between("lyon", 0, 300).value();
  ASSERT_EQ(window.size(), 2u);  // lyon's and every site's, not paris's, not the late one
  EXPECT_EQ(window[0].id, a);
  EXPECT_EQ(window[1].id, b);
  const int64_t ids[] = {a, b};
  int64_t briefing = 0;
  ASSERT_TRUE(this->db().in_transaction([&]() -> Result<void> {
    auto made = news.publish("lyon", "2026-12-03", 400, ids);
    if (!made) return std::unexpected(made.error());
    briefing = *made;
    return {};
  }));
  EXPECT_EQ(news.publish("lyon", "2026-12-03", 401, ids).error().code, ErrorCode::kConflict);
  EXPECT_EQ(news.briefing_id("lyon", "2026-12-03").value(), std::optional<int64_t>(briefing));
  EXPECT_EQ(news.briefing_id("paris", "2026-12-03").value(), std::nullopt);
  auto got = news.briefing(briefing).value();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->date, "2026-12-03");
  ASSERT_EQ(got->items.size(), 2u);
  EXPECT_EQ(got->items[0].title, "VPN maintenance");
  EXPECT_EQ(got->items[1].department, "HR");
  const int64_t next[] = {late};
  news.publish("lyon", "2026-12-04", 500, next).value();
  auto listed = news.briefings("lyon", 10).value();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].date, "2026-12-04");  // newest first
  EXPECT_EQ(listed[0].items.at(0).id, late);
  EXPECT_TRUE(news.briefings("paris", 10).value().empty());
  EXPECT_EQ(news.briefings("", 1).value().size(), 1u);

  ASSERT_TRUE(news.mark_briefing_read(briefing, "agent01", 600));
  ASSERT_TRUE(news.mark_briefing_read(briefing, "agent01", 700));  // the first read counts
  EXPECT_EQ(news.briefing_receipts(briefing).value(), (Receipts{{"agent01", 600}}));
  EXPECT_EQ(news.mark_briefing_read(999, "agent01", 600).error().code, ErrorCode::kNotFound);
}

TYPED_TEST(NewsStoreTest, AnnouncementsPinnedFirstExpiredHiddenAndReadOnce) {
  NewsRepository news(this->db());
  Announcement old;
  old.title = "Old news";
  old.author = "hr";
  old.created_ms = 100;
  old.expires_ms = 1000;
  Announcement pinned = old;
  pinned.title = "Security policy";
  pinned.category = "policy";
  pinned.pinned = true;
  pinned.urgent = true;
  pinned.audience = {AudienceKind::kSite, "lyon"};
  pinned.created_ms = 50;
  pinned.expires_ms.reset();
  const int64_t o = news.add_announcement(old).value();
  const int64_t p = news.add_announcement(pinned).value();
  Announcement fresh = old;
  fresh.title = "Fresh";
  fresh.created_ms = 200;
  fresh.expires_ms.reset();
  const int64_t f = news.add_announcement(fresh).value();

  auto ids = [&](bool expired, int64_t now) {
    std::vector<int64_t> out;
    const std::vector<Announcement> all = news.announcements(expired, now).value();
    for (const auto& a : all) out.push_back(a.id);
    return out;
  };
  EXPECT_EQ(ids(false, 500), (std::vector<int64_t>{p, f, o}));
  EXPECT_EQ(ids(false, 1000), (std::vector<int64_t>{p, f}));  // expired at 1000
  EXPECT_EQ(ids(true, 1000), (std::vector<int64_t>{p, f, o}));
  auto got = news.announcement(p).value();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->audience, (Audience{AudienceKind::kSite, "lyon"}));
  EXPECT_TRUE(got->urgent);
  EXPECT_EQ(got->category, "policy");

  Announcement bad = old;
  bad.category = "gossip";
  EXPECT_EQ(news.add_announcement(bad).error().field, "category");
  bad = old;
  bad.audience = {AudienceKind::kTeam, ""};
  EXPECT_EQ(news.add_announcement(bad).error().field, "audience.value");
  bad = old;
  bad.audience = {AudienceKind::kEveryone, "x"};
  EXPECT_EQ(news.add_announcement(bad).error().field, "audience.value");

  got->title = "Security policy v2";
  got->updated_ms = 300;
  ASSERT_TRUE(news.update_announcement(*got));
  EXPECT_EQ(news.announcement(p).value()->title, "Security policy v2");
  ASSERT_TRUE(news.mark_announcement_read(p, "agent01", 400));
  ASSERT_TRUE(news.mark_announcement_read(p, "agent01", 500));
  EXPECT_EQ(news.announcement_receipts(p).value(), (Receipts{{"agent01", 400}}));
  ASSERT_TRUE(news.delete_announcement(p));
  EXPECT_EQ(news.announcement(p).value(), std::nullopt);
  EXPECT_TRUE(news.announcement_receipts(p).value().empty());
  EXPECT_EQ(news.delete_announcement(p).error().code, ErrorCode::kNotFound);
  got->id = p;
  EXPECT_EQ(news.update_announcement(*got).error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace switchyard::comms
