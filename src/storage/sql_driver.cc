#include "storage/sql_driver.h"

#include "core/text.h"

namespace switchyard::storage {

bool is_storable_text(std::string_view s) { return is_clean_text(s); }

Result<void> check_text_params(std::span<const SqlValue> params) {
  for (size_t i = 0; i < params.size(); ++i)
    if (const auto* t = std::get_if<std::string_view>(&params[i]); t && !is_storable_text(*t))
      return make_error(ErrorCode::kInvalidArgument,
                        "text parameter $" + std::to_string(i + 1) +
                            " is not valid UTF-8 or contains a NUL byte",
                        "text");
  return {};
}

}  // namespace switchyard::storage
