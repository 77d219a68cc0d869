#pragma once
// Password hashing with argon2id (RFC 9106), parameters after OWASP's
// recommendation: 19 MiB memory, 2 iterations, 1 lane, 16-byte random salt,
// 32-byte tag. The encoded string ("$argon2id$v=19$m=...") carries its own
// parameters, so they can be raised later without breaking stored hashes.
// Thread-safe.
#include <string>
#include <string_view>

#include "core/result.h"

namespace switchyard::auth {

inline constexpr size_t kMinPasswordLength = 8;
inline constexpr size_t kMaxPasswordLength = 1024;

// Fails with kInvalidArgument (field "password") outside 8..1024 bytes.
Result<std::string> hash_password(std::string_view password);
// Constant-time comparison inside argon2; false for malformed hashes.
bool verify_password(std::string_view encoded_hash, std::string_view password);

}  // namespace switchyard::auth
