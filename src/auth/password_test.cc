#include "auth/password.h"

#include <gtest/gtest.h>

namespace switchyard::auth {
namespace {

TEST(Password, HashVerifiesOnlyTheRightPassword) {
  auto h = hash_password("correct horse battery");
  ASSERT_TRUE(h) << h.error().message;
  EXPECT_EQ(h->rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << *h;
  EXPECT_TRUE(verify_password(*h, "correct horse battery"));
  EXPECT_FALSE(verify_password(*h, "correct horse batterY"));
  EXPECT_FALSE(verify_password(*h, ""));
}

TEST(Password, SaltMakesEqualPasswordsHashDifferently) {
  EXPECT_NE(*hash_password("same password"), *hash_password("same password"));
}

TEST(Password, RejectsShortAndHugePasswordsAndGarbageHashes) {
  EXPECT_EQ(hash_password("short").error().field, "password");
  EXPECT_FALSE(hash_password(std::string(2000, 'x')));
  EXPECT_FALSE(verify_password("not a hash", "whatever123"));
  EXPECT_FALSE(verify_password("", "whatever123"));
}

}  // namespace
}  // namespace switchyard::auth
