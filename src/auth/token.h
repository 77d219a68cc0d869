#pragma once
// Opaque bearer tokens and API keys: random bytes from the OS (OpenSSL
// RAND_bytes), shown once to the client as hex, stored only as their SHA-256.
// Thread-safe.
#include <string>
#include <string_view>

namespace switchyard::auth {

// `n` cryptographically random bytes (raw).
std::string random_bytes(size_t n);
// A new token: 32 random bytes as 64 lower-case hex characters, with `prefix`
// in front (e.g. "sy_" for API keys) so leaked keys are recognisable.
std::string new_token(std::string_view prefix = {});
// Lower-case hex SHA-256 of `text`: what the store keeps.
std::string sha256_hex(std::string_view text);
// Constant-time equality for secrets of equal length.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace switchyard::auth
