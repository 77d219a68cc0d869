#pragma once
// Text the system accepts: valid UTF-8 without NUL bytes. Every string that
// can reach a database (names, customer ids, attributes, dispositions,
// usernames...) must be such text: PostgreSQL can store nothing else, and
// SQLite must not store what PostgreSQL would refuse. Thread-safe.
#include <string_view>

namespace switchyard {

// True when `s` is valid UTF-8 (no overlong forms, no surrogates, nothing
// above U+10FFFF) and contains no NUL byte.
bool is_clean_text(std::string_view s);

}  // namespace switchyard
