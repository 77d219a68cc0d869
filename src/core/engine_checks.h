#pragma once
// Input limits and validation helpers shared by the engine's command files
// (engine_config.cc, engine_commands.cc). Internal to switchyard_core.
#include <cstddef>
#include <string>
#include <string_view>

#include "core/config.h"
#include "core/result.h"
#include "core/text.h"

namespace switchyard::core::checks {

inline constexpr size_t kMaxNameLength = 128;    // names, customer ids and groups (bytes)
inline constexpr size_t kMaxReasonLength = 64;   // not-ready reasons, dispositions (bytes)
inline constexpr int kMaxPriority = 1'000'000;   // |queue or contact priority|
inline constexpr size_t kMaxAttributes = 64;     // per contact
inline constexpr size_t kMaxTextLength = 1024;   // one attribute value (bytes)
inline constexpr int kMaxCapacity = 100;         // concurrent contacts per channel

// Clean text (core/text.h) of at most `max` bytes.
inline Result<void> check_text(std::string_view s, size_t max, std::string_view field) {
  if (s.size() > max)
    return make_error(ErrorCode::kInvalidArgument, "longer than " + std::to_string(max) + " bytes", std::string(field));
  if (!is_clean_text(s))
    return make_error(ErrorCode::kInvalidArgument, "text must be UTF-8 without NUL characters", std::string(field));
  return {};
}

// Non-empty, at most kMaxNameLength bytes, no control characters.
inline Result<void> check_name(std::string_view name, std::string_view field) {
  if (name.empty()) return make_error(ErrorCode::kInvalidArgument, "must not be empty", std::string(field));
  if (!is_clean_text(name))
    return make_error(ErrorCode::kInvalidArgument, "text must be UTF-8 without NUL characters", std::string(field));
  if (name.size() > kMaxNameLength)
    return make_error(ErrorCode::kInvalidArgument, "longer than 128 characters", std::string(field));
  for (unsigned char ch : name)
    if (ch < 0x20 || ch == 0x7f)
      return make_error(ErrorCode::kInvalidArgument, "contains control characters",
                        std::string(field));
  return {};
}

inline Result<void> check_proficiency(int p, const std::string& field) {
  if (p < kMinProficiency || p > kMaxProficiency)
    return make_error(ErrorCode::kInvalidArgument, "proficiency must be 1..5", field);
  return {};
}

inline std::unexpected<Error> not_found(std::string what, std::string field) {
  return make_error(ErrorCode::kNotFound, what + " not found", std::move(field));
}

}  // namespace switchyard::core::checks
