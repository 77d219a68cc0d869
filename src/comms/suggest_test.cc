// The terms the agent desk's suggestions search for (docs/comms.md "Suggestions").
#include "comms/suggest.h"

#include <gtest/gtest.h>

namespace switchyard::comms {
namespace {

TEST(SuggestionTerms, TellingWordsMostFrequentFirst) {
  const std::vector<std::string> texts = {"Hello, I want a refund for my invoice please",
                                          "The refund was promised in 2024; where is my REFUND?",
                                          "Invoice 12345 is wrong"};
  EXPECT_EQ(suggestion_terms(texts), (std::vector<std::string>{"refund", "invoice", "promised", "wrong"}));
  EXPECT_EQ(suggestion_terms(texts, 2), (std::vector<std::string>{"refund", "invoice"}));
}

TEST(SuggestionTerms, ChineseTwoCharacterTopicsWithoutFunctionCharacters) {
  // 我想要退款 -> 我想 想要 要退 退款: only 退款 has no function character; 候到 is noise a
  // word segmenter would drop, harmless since an article must match it to be suggested for it
  const std::vector<std::string> texts = {"我想要退款", "退款什么时候到账？密码也忘了"};
  EXPECT_EQ(suggestion_terms(texts), (std::vector<std::string>{"退款", "候到", "到账", "密码"}));
}

TEST(SuggestionTerms, NothingToSearchInSmallTalk) {
  const std::vector<std::string> texts = {"hi", "ok thanks", "", "!!!", "你好吗"};
  EXPECT_TRUE(suggestion_terms(texts).empty());
}

}  // namespace
}  // namespace switchyard::comms
