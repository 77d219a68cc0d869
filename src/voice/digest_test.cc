#include "voice/digest.h"

#include <gtest/gtest.h>

namespace switchyard::voice {
namespace {

TEST(DigestTest, Rfc2617Example) {
  // RFC 2617 section 3.5
  DigestCredentials c{"Mufasa", "testrealm@host.com", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "/dir/index.html",
                      "6629fae49393a05397450978507c4ef1", "", "auth", "00000001", "0a4f113b"};
  std::string ha1 = digest_ha1("Mufasa", "testrealm@host.com", "Circle Of Life");
  EXPECT_TRUE(digest_matches(c, ha1, "GET"));
  EXPECT_FALSE(digest_matches(c, ha1, "POST"));
  EXPECT_FALSE(digest_matches(c, digest_ha1("Mufasa", "testrealm@host.com", "circle of life"), "GET"));
  c.qop = "auth-int";
  EXPECT_FALSE(digest_matches(c, ha1, "GET"));
  EXPECT_EQ(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
}

TEST(DigestTest, NoncesAreOursAndCarryTheirTime) {
  std::string n = make_nonce("secret", 1'234'567);
  EXPECT_EQ(nonce_time("secret", n), 1'234'567);
  EXPECT_FALSE(nonce_time("other", n));
  std::string forged = n;
  forged[0] = forged[0] == '1' ? '2' : '1';
  EXPECT_FALSE(nonce_time("secret", forged));
  EXPECT_FALSE(nonce_time("secret", "nonsense"));
  EXPECT_FALSE(nonce_time("secret", ".abc"));
}

}  // namespace
}  // namespace switchyard::voice
