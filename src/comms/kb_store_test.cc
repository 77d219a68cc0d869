// The knowledge base's store on SQLite and PostgreSQL (docs/comms.md "Knowledge base").
#include "comms/kb_store.h"

#include <gtest/gtest.h>

#include "storage/db_test_util.h"

namespace switchyard::comms {
namespace {

using storage::testing::Backends;
using storage::testing::BackendNames;

template <typename B>
class KbStoreTest : public storage::testing::DbFixture<B> {
 protected:
  std::vector<const storage::ModuleSchema*> schemas() const override { return {&KbRepository::schema()}; }
  std::vector<int64_t> ids(ArticleQuery q) {
    auto found = KbRepository(this->db()).search(q);
    EXPECT_TRUE(found) << found.error().field << ": " << found.error().message;
    std::vector<int64_t> out;
    if (found)
      for (const auto& a : *found) out.push_back(a.id);
    return out;
  }
};
TYPED_TEST_SUITE(KbStoreTest, Backends, BackendNames);

ArticleText text(std::string title, std::string body, std::string category = "", std::vector<std::string> tags = {}) {
  return ArticleText{std::move(title), std::move(body), std::move(category), std::move(tags)};
}

TYPED_TEST(KbStoreTest, ArticlesKeepEveryVersionAndEditsNeverCrossSilently) {
  KbRepository kb(this->db());
  auto id = kb.create(text("Refund policy", "Refunds within 14 days.", "billing", {"refund"}), "ann", "first", 100);
  ASSERT_TRUE(id) << id.error().message;
  auto a = kb.get(*id).value();
  ASSERT_TRUE(a);
  EXPECT_EQ(a->version, 1);
  EXPECT_EQ(a->status, ArticleStatus::kDraft);
  EXPECT_EQ(a->text.tags, (std::vector<std::string>{"refund"}));
  ASSERT_TRUE(kb.set_status(*id, ArticleStatus::kPublished, "rev", 150));
  EXPECT_EQ(kb.get(*id).value()->reviewer, "rev");

  // an edit of version 1 makes version 2 and sends a published article back to review
  auto v2 = kb.edit(*id, 1, text("Refund policy", "Refunds within 30 days.", "billing", {"refund", "policy"}), "bob",
                    "30 days now", 200);
  ASSERT_TRUE(v2) << v2.error().message;
  EXPECT_EQ(*v2, 2);
  a = kb.get(*id).value();
  EXPECT_EQ(a->status, ArticleStatus::kInReview);
  EXPECT_EQ(a->author, "bob");
  EXPECT_EQ(a->updated_ms, 200);
  // a second edit based on version 1 is refused: it would lose bob's
  auto stale = kb.edit(*id, 1, text("x", "y"), "carl", "", 300);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  EXPECT_EQ(stale.error().field, "version");
  EXPECT_EQ(kb.edit(999, 1, text("x", "y"), "carl", "", 300).error().code, ErrorCode::kNotFound);

  auto history = kb.versions(*id).value();
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].version, 2);
  EXPECT_EQ(history[0].note, "30 days now");
  EXPECT_EQ(history[1].text.body, "Refunds within 14 days.");
  EXPECT_EQ(kb.version(*id, 1).value()->author, "ann");
  EXPECT_FALSE(kb.version(*id, 3).value());

  EXPECT_EQ(kb.create(text("", "b"), "ann", "", 1).error().field, "title");
  EXPECT_EQ(kb.create(text("t", "b", "", {"a,b"}), "ann", "", 1).error().field, "tags[0]");
  EXPECT_EQ(kb.create(text("t", std::string("a\0b", 3)), "ann", "", 1).error().field, "body");
}

TYPED_TEST(KbStoreTest, SearchFindsEnglishAndChineseWithFilters) {
  KbRepository kb(this->db());
  const int64_t refund = *kb.create(text("Refund policy", "Customers get a refund within 14 days.", "billing", {"refund"}), "a", "", 1);
  const int64_t zh = *kb.create(text("退款政策", "客户在14天内可以申请退款。", "billing", {"退款"}), "a", "", 2);
  const int64_t password = *kb.create(text("Reset a password", "Use the self-service portal.", "it", {"account"}), "a", "", 3);
  const int64_t zh_password = *kb.create(text("如何修改账户密码", "在自助门户中修改密码。", "it"), "a", "", 4);
  ASSERT_TRUE(kb.set_status(refund, ArticleStatus::kPublished, "r", 5));
  using V = std::vector<int64_t>;
  EXPECT_EQ(this->ids({.text = "refund"}), (V{refund}));
  EXPECT_EQ(this->ids({.text = "退款"}), (V{zh}));
  EXPECT_EQ(this->ids({.text = "密码"}), (V{zh_password}));
  EXPECT_EQ(this->ids({.text = "pass"}), (V{password}));  // the last word is a prefix
  EXPECT_EQ(this->ids({.text = "14", .category = "billing"}).size(), 2u);
  EXPECT_EQ(this->ids({.text = "14", .status = ArticleStatus::kPublished}), (V{refund}));
  EXPECT_EQ(this->ids({.tag = "退款"}), (V{zh}));
  EXPECT_EQ(this->ids({.category = "it"}), (V{zh_password, password}));  // no text: newest first
  EXPECT_EQ(this->ids({.text = "%_*\"'"}), (V{}));                        // no token: nothing
  EXPECT_EQ(this->ids({.text = "invoice"}), (V{}));
  // an edit is searched as its new text
  ASSERT_TRUE(kb.edit(password, 1, text("Unlock an account", "Call the IT desk.", "it"), "a", "", 6));
  EXPECT_EQ(this->ids({.text = "pass"}), (V{}));
  EXPECT_EQ(this->ids({.text = "unlock"}), (V{password}));
  EXPECT_EQ(KbRepository(this->db()).search({.limit = 0}).error().field, "limit");
}

TYPED_TEST(KbStoreTest, ViewsVotesAndComments) {
  KbRepository kb(this->db());
  const int64_t id = *kb.create(text("t", "b"), "a", "", 1);
  ASSERT_TRUE(kb.add_view(id));
  ASSERT_TRUE(kb.add_view(id));
  ASSERT_TRUE(kb.vote(id, "u1", true));
  ASSERT_TRUE(kb.vote(id, "u2", true));
  ASSERT_TRUE(kb.vote(id, "u2", false));  // changed their mind: one vote each
  auto a = kb.get(id).value();
  EXPECT_EQ(a->views, 2);
  EXPECT_EQ(a->helpful, 1);
  EXPECT_EQ(a->not_helpful, 1);
  EXPECT_EQ(kb.vote(999, "u1", true).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(kb.add_view(999).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(kb.add_comment(id, "u1", "Helpful, thanks", 10));
  ASSERT_TRUE(kb.add_comment(id, "u2", "谢谢", 11));
  auto c = kb.comments(id).value();
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[1].body, "谢谢");
  EXPECT_EQ(kb.add_comment(id, "u1", "", 12).error().field, "body");
  EXPECT_EQ(kb.add_comment(999, "u1", "x", 12).error().code, ErrorCode::kNotFound);
}

TYPED_TEST(KbStoreTest, QueuesLinkArticlesInOrderAndVotesAreEachUsersOwn) {
  KbRepository kb(this->db());
  const int64_t a = kb.create(text("Refunds", "How to refund.", "billing"), "ann", "", 1).value();
  const int64_t b = kb.create(text("Passwords", "How to reset.", "account"), "ann", "", 2).value();
  const int64_t c = kb.create(text("Invoices", "Where to find them.", "billing"), "ann", "", 3).value();
  ASSERT_TRUE(kb.set_status(a, ArticleStatus::kPublished, "rev", 4));
  ASSERT_TRUE(kb.set_status(b, ArticleStatus::kPublished, "rev", 4));

  const int64_t order[] = {b, c, a};
  ASSERT_TRUE(kb.set_queue_articles("support", order));
  auto linked = [&](std::optional<ArticleStatus> status) {
    std::vector<int64_t> out;
    const std::vector<Article> found = kb.queue_articles("support", status).value();
    for (const auto& x : found) out.push_back(x.id);
    return out;
  };
  EXPECT_EQ(linked(std::nullopt), (std::vector<int64_t>{b, c, a}));
  EXPECT_EQ(linked(ArticleStatus::kPublished), (std::vector<int64_t>{b, a}));  // the draft is not shown to agents
  EXPECT_EQ(kb.queues_of(a).value(), (std::vector<std::string>{"support"}));
  EXPECT_TRUE(kb.queue_articles("sales", std::nullopt).value().empty());

  // a new list replaces the old one, whole; a bad one changes nothing
  const int64_t missing[] = {a, 999};
  auto refused = kb.set_queue_articles("support", missing);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(refused.error().field, "articles[1]");
  const int64_t twice[] = {a, a};
  EXPECT_EQ(kb.set_queue_articles("support", twice).error().field, "articles[1]");
  EXPECT_EQ(kb.queue_articles("support", std::nullopt).value().size(), 3u);
  const int64_t one[] = {c};
  ASSERT_TRUE(kb.set_queue_articles("support", one));
  EXPECT_EQ(kb.queue_articles("support", std::nullopt).value().size(), 1u);
  EXPECT_TRUE(kb.queues_of(a).value().empty());

  EXPECT_EQ(kb.my_vote(a, "bob").value(), std::nullopt);
  ASSERT_TRUE(kb.vote(a, "bob", false));
  ASSERT_TRUE(kb.vote(a, "eve", true));
  EXPECT_EQ(kb.my_vote(a, "bob").value(), std::optional<bool>(false));
  EXPECT_EQ(kb.my_vote(a, "eve").value(), std::optional<bool>(true));

  auto all = kb.categories(std::nullopt).value();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].category, "account");
  EXPECT_EQ(all[1].category, "billing");
  EXPECT_EQ(all[1].articles, 2);
  auto published = kb.categories(ArticleStatus::kPublished).value();
  ASSERT_EQ(published.size(), 2u);
  EXPECT_EQ(published[1].articles, 1);
}

}  // namespace
}  // namespace switchyard::comms
