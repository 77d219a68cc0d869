// The surveys module's repository on SQLite and PostgreSQL: forms, one
// token per contact, one answer per survey, expiry, publication.
#include "surveys/surveys.h"

#include <gtest/gtest.h>

#include "storage/db_test_util.h"

namespace switchyard::surveys {
namespace {

using storage::testing::Backends;
using storage::testing::BackendNames;

template <typename B>
class SurveysTest : public storage::testing::DbFixture<B> {
 protected:
  std::vector<const storage::ModuleSchema*> schemas() const override { return {&schema()}; }
  Survey survey(core::ContactId c, int64_t issued, int64_t expires) {
    Survey s;
    s.contact = c;
    s.queue = 2;
    s.agent = 7;
    s.channel = core::Channel::kChat;
    s.issued_ms = issued;
    s.expires_ms = expires;
    return s;
  }
};
TYPED_TEST_SUITE(SurveysTest, Backends, BackendNames);

TYPED_TEST(SurveysTest, FormsDefaultUntilSetAndKeepTheirQuestions) {
  SurveyRepository repo(this->db());
  EXPECT_EQ(repo.form(2).value(), std::nullopt);
  SurveyForm f;
  f.question = "Rate us \xE2\x98\x85";
  f.extra = {"What went well?", "What could be better? \"honestly\""};
  f.ttl_s = 60;
  storage::Transaction tx;
  SurveyRepository::stage_form(tx, 2, f);
  ASSERT_TRUE(tx.run(this->db()));
  EXPECT_EQ(repo.form(2).value(), f);
  f.enabled = false;
  storage::Transaction tx2;
  SurveyRepository::stage_form(tx2, 2, f);
  ASSERT_TRUE(tx2.run(this->db()));
  EXPECT_FALSE(repo.form(2).value()->enabled);
}

TYPED_TEST(SurveysTest, OneAnswerPerContactBeforeExpiry) {
  SurveyRepository repo(this->db());
  ASSERT_TRUE(repo.issue("hash-1", this->survey(42, 1000, 5000)));
  auto s = repo.by_token("hash-1").value();
  ASSERT_TRUE(s);
  EXPECT_EQ(s->contact, 42u);
  EXPECT_EQ(s->agent, 7u);
  EXPECT_EQ(s->channel, core::Channel::kChat);
  EXPECT_FALSE(s->answered_ms);
  // Issuing again replaces the token: the old one no longer works.
  ASSERT_TRUE(repo.issue("hash-2", this->survey(42, 2000, 6000)));
  EXPECT_EQ(repo.by_token("hash-1").value(), std::nullopt);
  EXPECT_FALSE(repo.answer("hash-1", 2500, 5, {}, "").value());
  // Answered once; a second answer and a re-issue are refused.
  EXPECT_TRUE(repo.answer("hash-2", 2500, 4, {"fast", "nothing"}, "thanks").value());
  EXPECT_FALSE(repo.answer("hash-2", 2600, 1, {}, "").value());
  auto answered = repo.by_token("hash-2").value();
  EXPECT_EQ(answered->rating, 4);
  EXPECT_EQ(answered->answered_ms, 2500);
  EXPECT_EQ(answered->answers, (std::vector<std::string>{"fast", "nothing"}));
  EXPECT_EQ(answered->comment, "thanks");
  auto again = repo.issue("hash-3", this->survey(42, 3000, 9000));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kIllegalState);
  // Expired: refused.
  ASSERT_TRUE(repo.issue("hash-4", this->survey(43, 1000, 2000)));
  EXPECT_FALSE(repo.answer("hash-4", 2000, 5, {}, "").value());
}

TYPED_TEST(SurveysTest, AnswersWaitForPublication) {
  SurveyRepository repo(this->db());
  ASSERT_TRUE(repo.issue("a", this->survey(1, 0, 10'000)));
  ASSERT_TRUE(repo.issue("b", this->survey(2, 0, 10'000)));
  ASSERT_TRUE(repo.answer("b", 100, 5, {}, "").value());
  ASSERT_TRUE(repo.answer("a", 200, 2, {}, "").value());
  auto pending = repo.unpublished().value();
  ASSERT_EQ(pending.size(), 2u);
  EXPECT_EQ(pending[0].contact, 2u);  // oldest answer first
  storage::Transaction tx;
  SurveyRepository::stage_published(tx, 2);
  ASSERT_TRUE(tx.run(this->db()));
  pending = repo.unpublished().value();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].contact, 1u);
  // answered ones by contact range, published or not; an unanswered one is left out
  ASSERT_TRUE(repo.issue("c", this->survey(3, 0, 10'000)));
  auto got = repo.answered(1, 3).value();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].contact, 1u);
  EXPECT_EQ(got[0].rating, 2);
  EXPECT_EQ(got[1].contact, 2u);
  EXPECT_EQ(repo.answered(2, 2).value().size(), 1u);
  EXPECT_TRUE(repo.answered(3, 9).value().empty());
}

}  // namespace
}  // namespace switchyard::surveys
