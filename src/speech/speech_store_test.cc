// Module "speech" on SQLite and PostgreSQL: keyword lists, a transcript's
// life (queued, running with progress, done or failed, queued again), hits
// replaced per source, the per-day report and the per-contact counts.
#include "speech/speech_store.h"

#include <gtest/gtest.h>

#include "storage/db_test_util.h"

namespace switchyard::speech {
namespace {

using storage::testing::BackendNames;
using storage::testing::Backends;

template <typename B>
class SpeechStoreTest : public storage::testing::DbFixture<B> {
 protected:
  std::vector<const storage::ModuleSchema*> schemas() const override { return {&SpeechRepository::schema()}; }
  static Hit hit(core::ContactId c, std::string day, std::string keyword, std::string source, int64_t time_ms,
                 std::string queue = "support", std::string agent = "agent01") {
    return Hit{c,       std::move(queue),  std::move(day), keyword, "customer", 1000, 1500, keyword, std::move(source),
               time_ms, std::move(agent)};
  }
};
TYPED_TEST_SUITE(SpeechStoreTest, Backends, BackendNames);

TYPED_TEST(SpeechStoreTest, KeywordListsPerQueue) {
  SpeechRepository repo(this->db());
  ASSERT_TRUE(repo.set_keywords({"support", {"cancel*", "投诉"}, "qa1", 100}));
  ASSERT_TRUE(repo.set_keywords({"billing", {"refund"}, "qa1", 110}));
  ASSERT_TRUE(repo.set_keywords({"support", {"supervisor"}, "qa2", 120}));  // replaced
  auto all = repo.keyword_lists();
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ(all->at(0), (KeywordList{"billing", {"refund"}, "qa1", 110}));
  EXPECT_EQ(all->at(1), (KeywordList{"support", {"supervisor"}, "qa2", 120}));
  ASSERT_TRUE(repo.set_keywords({"billing", {}, "qa1", 130}));  // empty: removed
  EXPECT_FALSE(*repo.keywords("billing"));
  ASSERT_TRUE(repo.set_keywords({"support", {"cancel*", "投诉"}, "qa1", 140}));
  EXPECT_EQ(repo.keywords("support")->value().keywords, (std::vector<std::string>{"cancel*", "投诉"}));
  EXPECT_TRUE(repo.keywords("support")->value().alert.empty());
  // the keywords that alert are kept with the list
  ASSERT_TRUE(repo.set_keywords({"support", {"cancel*", "投诉", "lawyer"}, "qa1", 150, {"lawyer", "投诉"}}));
  EXPECT_EQ(repo.keywords("support")->value().alert, (std::vector<std::string>{"lawyer", "投诉"}));
  EXPECT_EQ(repo.keyword_lists()->at(0).alert, (std::vector<std::string>{"lawyer", "投诉"}));
}

TYPED_TEST(SpeechStoreTest, TranscriptLifeWithProgressAndHits) {
  SpeechRepository repo(this->db());
  EXPECT_FALSE(*repo.transcript(7));
  EXPECT_EQ(repo.set_progress(7, TranscriptStatus::kRunning, 0.5, 10).error().field, "contact");
  ASSERT_TRUE(repo.queue_transcript(7, "support", "agent01", 100));
  ASSERT_TRUE(repo.queue_transcript(8, "sales", "", 101));
  EXPECT_EQ(*repo.pending(), (std::vector<core::ContactId>{7, 8}));
  ASSERT_TRUE(repo.set_progress(7, TranscriptStatus::kRunning, 0.25, 200));
  auto t = repo.transcript(7);
  ASSERT_TRUE(t && *t);
  EXPECT_EQ((*t)->status, TranscriptStatus::kRunning);
  EXPECT_DOUBLE_EQ((*t)->progress, 0.25);
  EXPECT_EQ((*t)->queue, "support");
  EXPECT_EQ((*t)->agent, "agent01");
  EXPECT_EQ(repo.transcript(8)->value().agent, "");

  Transcript done;
  done.contact = 7;
  done.duration_ms = 5000;
  done.segments = {{"customer", 100, 900, "i want to cancel"}, {"agent", 1000, 1500, "sure"}};
  done.words = {{"customer", "i", 100, 200}, {"customer", "cancel", 600, 900}, {"agent", "sure", 1000, 1500}};
  done.updated_ms = 300;
  const Hit hits[] = {this->hit(7, "2026-03-02", "cancel", "speech", 50)};
  ASSERT_TRUE(repo.finish(done, hits));
  t = repo.transcript(7);
  ASSERT_TRUE(t && *t);
  EXPECT_EQ((*t)->status, TranscriptStatus::kDone);
  EXPECT_DOUBLE_EQ((*t)->progress, 1.0);
  EXPECT_EQ((*t)->segments, done.segments);
  EXPECT_EQ((*t)->words, done.words);
  EXPECT_EQ((*t)->duration_ms, 5000);
  EXPECT_EQ((*t)->created_ms, 100);
  EXPECT_EQ((*t)->updated_ms, 300);
  EXPECT_EQ(*repo.pending(), (std::vector<core::ContactId>{8}));
  auto stored = repo.hits(7);
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ(stored->at(0), hits[0]);

  ASSERT_TRUE(repo.fail(8, "no recording", 400));
  EXPECT_EQ(repo.transcript(8)->value().error, "no recording");
  auto c = repo.counts();
  EXPECT_EQ(c->done, 1);
  EXPECT_EQ(c->failed, 1);
  EXPECT_EQ(c->queued + c->running, 0);
  // queued again: back to nothing but its row
  ASSERT_TRUE(repo.queue_transcript(7, "support", "agent02", 500));
  t = repo.transcript(7);
  EXPECT_EQ((*t)->status, TranscriptStatus::kQueued);
  EXPECT_TRUE((*t)->words.empty());
  EXPECT_EQ((*t)->created_ms, 100);
  EXPECT_EQ((*t)->agent, "agent02");
}

// What finish() and replace_hits() are given to record with the hits is in their transaction.
TYPED_TEST(SpeechStoreTest, WhatIsRecordedWithTheHitsCommitsOrRollsBackWithThem) {
  SpeechRepository repo(this->db());
  const Hit hits[] = {this->hit(3, "2026-03-02", "lawyer", "chat", 50)};
  auto refused = repo.replace_hits(3, "chat", hits, [] { return Result<void>(make_error(ErrorCode::kInternal, "no", "x")); });
  ASSERT_FALSE(refused);
  EXPECT_TRUE(repo.hits(3)->empty());  // rolled back with it
  int ran = 0;
  ASSERT_TRUE(repo.replace_hits(3, "chat", hits, [&] {
    ++ran;
    return Result<void>{};
  }));
  EXPECT_EQ(ran, 1);
  EXPECT_EQ(repo.hits(3)->size(), 1u);
  ASSERT_TRUE(repo.queue_transcript(4, "support", "agent01", 10));
  Transcript done;
  done.contact = 4;
  done.updated_ms = 20;
  EXPECT_FALSE(repo.finish(done, hits, [] { return Result<void>(make_error(ErrorCode::kInternal, "no", "x")); }));
  EXPECT_EQ(repo.transcript(4)->value().status, TranscriptStatus::kQueued);
}

TYPED_TEST(SpeechStoreTest, HitsReplacedPerSourceReportedPerDayAndCountedPerContact) {
  SpeechRepository repo(this->db());
  const Hit chat1[] = {this->hit(1, "2026-03-01", "refund", "chat", 1000), this->hit(1, "2026-03-01", "refund", "chat", 1000)};
  const Hit speech1[] = {this->hit(1, "2026-03-01", "cancel", "speech", 1000)};
  const Hit chat2[] = {this->hit(2, "2026-03-02", "refund", "chat", 2000, "sales")};
  ASSERT_TRUE(repo.replace_hits(1, "chat", chat1));
  ASSERT_TRUE(repo.replace_hits(1, "speech", speech1));
  ASSERT_TRUE(repo.replace_hits(2, "chat", chat2));
  EXPECT_EQ(repo.hits(1)->size(), 3u);
  auto days = repo.hit_days("2026-03-01", "2026-03-31", "");
  ASSERT_TRUE(days) << days.error().message;
  EXPECT_EQ(*days, (std::vector<HitDay>{{"2026-03-01", "support", "cancel", 1},
                                        {"2026-03-01", "support", "refund", 2},
                                        {"2026-03-02", "sales", "refund", 1}}));
  EXPECT_EQ(repo.hit_days("2026-03-02", "2026-03-02", "")->size(), 1u);
  EXPECT_EQ(repo.hit_days("2026-03-01", "2026-03-31", "sales")->size(), 1u);
  const Hit chat3[] = {this->hit(3, "2026-03-02", "refund", "chat", 2000, "sales", "agent02"),
                       this->hit(3, "2026-03-02", "refund", "chat", 2000, "sales", "agent02")};
  ASSERT_TRUE(repo.replace_hits(3, "chat", chat3));
  EXPECT_EQ(*repo.hit_agent_days("2026-03-01", "2026-03-31", ""),
            (std::vector<HitAgentDay>{{"2026-03-01", "agent01", "cancel", 1},
                                      {"2026-03-01", "agent01", "refund", 2},
                                      {"2026-03-02", "agent01", "refund", 1},
                                      {"2026-03-02", "agent02", "refund", 2}}));
  EXPECT_EQ(repo.hit_agent_days("2026-03-01", "2026-03-31", "support")->size(), 2u);
  ASSERT_TRUE(repo.replace_hits(3, "chat", {}));
  EXPECT_EQ(*repo.hit_counts(0, 5000), (std::vector<std::pair<core::ContactId, int>>{{1, 3}, {2, 1}}));
  EXPECT_EQ(*repo.hit_counts(1500, 5000), (std::vector<std::pair<core::ContactId, int>>{{2, 1}}));  // [from, to)
  EXPECT_TRUE(repo.hit_counts(0, 1000)->empty());
  // replacing one source leaves the other
  ASSERT_TRUE(repo.replace_hits(1, "chat", {}));
  ASSERT_EQ(repo.hits(1)->size(), 1u);
  EXPECT_EQ(repo.hits(1)->at(0).source, "speech");
}

}  // namespace
}  // namespace switchyard::speech
