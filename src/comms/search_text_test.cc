// The search text in English and Chinese, and the same index and queries in
// SQLite FTS5 and PostgreSQL full-text search (docs/comms.md "Search").
#include "comms/search_text.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "storage/db_test_util.h"
#include "storage/sql_util.h"

namespace switchyard::comms {
namespace {

TEST(SearchText, WordsAreFoldedAndChineseBecomesBigramsThenCharacters) {
  EXPECT_EQ(index_text("Refund POLICY, v2!"), "refund policy v2");
  EXPECT_EQ(index_text("退款政策"), "退款 款政 政策 退 款 政 策");
  EXPECT_EQ(index_text("VIP客户：退款"), "vip 客户 客 户 退款 退 款");  // fullwidth colon separates
  EXPECT_EQ(index_text("ＡＢＣ１２"), "abc12");                          // fullwidth folded
  EXPECT_EQ(index_text("  \t"), "");
  EXPECT_EQ(index_text("a\xff" "b"), "a b");  // an invalid byte separates, never crashes
}

TEST(SearchText, QueriesArePhrasesOfTheSameTokens) {
  auto p = query_phrases("退款政策 refund");
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].tokens, (std::vector<std::string>{"退款", "款政", "政策"}));
  EXPECT_EQ(p[1].tokens, (std::vector<std::string>{"refund"}));
  EXPECT_EQ(fts5_match(p), "\"退款 款政 政策\" \"refund\"");
  EXPECT_EQ(pg_tsquery(p), "'退款' <-> '款政' <-> '政策' & 'refund'");
  auto one = query_phrases("款");
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].tokens, (std::vector<std::string>{"款"}));
  auto typed = query_phrases("ref", true);
  EXPECT_TRUE(typed[0].prefix);
  EXPECT_EQ(fts5_match(typed), "\"ref\"*");
  EXPECT_EQ(pg_tsquery(typed), "'ref':*");
  EXPECT_EQ(pg_tsquery_tokens(p), "'退款' & '款政' & '政策' & 'refund'");
  EXPECT_EQ(pg_tsquery_tokens(query_phrases("policy ref", true)), "'policy' & 'ref':*");
  EXPECT_FALSE(query_phrases("退款", true)[0].prefix);  // Chinese has no prefix of a word
  EXPECT_TRUE(query_phrases("'\"*()-:^").empty());       // no token: nothing to inject
  std::string many;
  for (int i = 0; i < 40; ++i) many += "w" + std::to_string(i) + " ";
  EXPECT_EQ(query_phrases(many).size(), kMaxQueryPhrases);
}

using storage::testing::Backends;
using storage::testing::BackendNames;

template <typename B>
class SearchIndexTest : public storage::testing::DbFixture<B> {
 protected:
  std::vector<const storage::ModuleSchema*> schemas() const override { return {}; }
  void SetUp() override {
    storage::testing::DbFixture<B>::SetUp();
    if (this->is_postgres()) {
      ASSERT_TRUE(this->db().exec_script("CREATE TABLE docs (id BIGINT PRIMARY KEY, body TEXT NOT NULL);"
                                         "CREATE INDEX docs_fts ON docs USING GIN (to_tsvector('simple', body));"));
    } else {
      ASSERT_TRUE(this->db().exec_script("CREATE VIRTUAL TABLE docs USING fts5(body, tokenize = 'unicode61');"));
    }
  }
  void add(int64_t id, std::string_view text) {
    static constexpr storage::Statement kPg{"INSERT INTO docs (id, body) VALUES ($1, $2)"};
    static constexpr storage::Statement kLite{"INSERT INTO docs (rowid, body) VALUES ($1, $2)"};
    const std::string body = index_text(text);
    const storage::SqlValue params[] = {id, std::string_view(body)};
    ASSERT_TRUE(this->db().execute(this->is_postgres() ? kPg : kLite, params));
  }
  std::vector<int64_t> find(std::string_view query, bool prefix = false) {
    static constexpr storage::Statement kPg{
        "SELECT id FROM docs WHERE to_tsvector('simple', body) @@ to_tsquery('simple', $1) ORDER BY id"};
    static constexpr storage::Statement kLite{"SELECT rowid FROM docs WHERE docs MATCH $1 ORDER BY rowid"};
    const auto phrases = query_phrases(query, prefix);
    const std::string q = this->is_postgres() ? pg_tsquery(phrases) : fts5_match(phrases);
    const storage::SqlValue params[] = {std::string_view(q)};
    auto rows = storage::query_all<int64_t>(this->db(), this->is_postgres() ? kPg : kLite, params,
                                            [](const storage::RowReader& r) { return r.int64(0); });
    EXPECT_TRUE(rows) << rows.error().message;
    return rows ? *rows : std::vector<int64_t>{};
  }
};
TYPED_TEST_SUITE(SearchIndexTest, Backends, BackendNames);

TYPED_TEST(SearchIndexTest, FindsEnglishAndChineseTheSameWayInBothDatabases) {
  this->add(1, "Refund policy: customers get a refund within 14 days.");
  this->add(2, "退款政策：客户在14天内可以申请退款。");
  this->add(3, "如何修改账户密码");
  this->add(4, "Password reset for a locked account");
  this->add(5, "政策退款不同");  // the same characters, another order
  using V = std::vector<int64_t>;
  EXPECT_EQ(this->find("refund"), (V{1}));
  EXPECT_EQ(this->find("REFUND Policy"), (V{1}));
  EXPECT_EQ(this->find("退款政策"), (V{2}));       // a phrase: not document 5
  EXPECT_EQ(this->find("退款"), (V{2, 5}));
  EXPECT_EQ(this->find("密码"), (V{3}));
  EXPECT_EQ(this->find("码"), (V{3}));             // one character
  EXPECT_EQ(this->find("账户 密码"), (V{3}));
  EXPECT_EQ(this->find("pass", true), (V{4}));     // typing as you search
  EXPECT_EQ(this->find("pass"), (V{}));
  EXPECT_EQ(this->find("账单"), (V{}));
  EXPECT_EQ(this->find("14"), (V{1, 2}));           // digits inside Chinese text are a word
}

}  // namespace
}  // namespace switchyard::comms
