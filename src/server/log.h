#pragma once
// Server logging on spdlog: text lines or JSON lines (one object per line,
// message escaped), level from the config. Thread-safe.
#include <string_view>

namespace switchyard::server {

// format: "text" | "json"; level: trace | debug | info | warn | error.
void init_logging(std::string_view format, std::string_view level);
void log_info(std::string_view msg);
void log_warn(std::string_view msg);
void log_error(std::string_view msg);

}  // namespace switchyard::server
