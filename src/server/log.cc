#include "server/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <string>

namespace switchyard::server {
namespace {
std::atomic<bool> g_json{false};

std::string escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out;
}

void emit(spdlog::level::level_enum lvl, std::string_view msg) {
  if (g_json) spdlog::log(lvl, "{}", escape(msg));
  else spdlog::log(lvl, "{}", msg);
}
}  // namespace

void init_logging(std::string_view format, std::string_view level) {
  auto logger = spdlog::stderr_logger_mt("switchyard");
  spdlog::set_default_logger(logger);
  g_json = format == "json";
  if (g_json) spdlog::set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l","msg":"%v"})");
  else spdlog::set_pattern("%Y-%m-%d %H:%M:%S.%e %l %v");
  spdlog::set_level(spdlog::level::from_str(std::string(level)));
  spdlog::flush_on(spdlog::level::info);
}

void log_info(std::string_view msg) { emit(spdlog::level::info, msg); }
void log_warn(std::string_view msg) { emit(spdlog::level::warn, msg); }
void log_error(std::string_view msg) { emit(spdlog::level::err, msg); }

}  // namespace switchyard::server
