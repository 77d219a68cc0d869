#pragma once
// The comms stores' shared input rules: errors as kInvalidArgument naming the field.
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/text.h"

namespace switchyard::comms {

inline std::unexpected<Error> invalid(std::string message, std::string field) {
  return make_error(ErrorCode::kInvalidArgument, std::move(message), std::move(field));
}

// `v` is min..max bytes of clean text (core/text.h), else kInvalidArgument naming `field`.
inline Result<void> check_text(std::string_view v, size_t min, size_t max, std::string field) {
  if (v.size() < min || v.size() > max || !is_clean_text(v))
    return invalid(std::to_string(min) + ".." + std::to_string(max) + " bytes of text", std::move(field));
  return {};
}

}  // namespace switchyard::comms
