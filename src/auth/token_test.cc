#include "auth/token.h"

#include <gtest/gtest.h>

#include <set>

namespace switchyard::auth {
namespace {

TEST(Token, NewTokensAreHexUniqueAndPrefixed) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string t = new_token("sy_");
    ASSERT_EQ(t.size(), 3u + 64u);
    EXPECT_EQ(t.substr(0, 3), "sy_");
    EXPECT_EQ(t.find_first_not_of("0123456789abcdef", 3), std::string::npos);
    EXPECT_TRUE(seen.insert(t).second);
  }
}

TEST(Token, Sha256MatchesKnownVectors) {
  // FIPS 180-2 test vectors.
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Token, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
}

}  // namespace
}  // namespace switchyard::auth
