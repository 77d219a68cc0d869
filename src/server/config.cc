#include "server/config.h"

#include <filesystem>

#include "metrics/calendar.h"
#include "reports/schedule.h"
#include "metrics/kpi_collector.h"

#include <toml++/toml.h>

#include <charconv>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

namespace switchyard::server {
namespace {

// One setting: how to read it from TOML or from a string (environment).
struct Setting {
  std::function<Result<void>(ServerConfig&, const toml::node&, const std::string&)> from_toml;
  std::function<Result<void>(ServerConfig&, const std::string&, const std::string&)> from_text;
};

std::string where(const toml::node& n, const std::string& key) {
  const auto& src = n.source();
  return key + " (line " + std::to_string(src.begin.line) + ")";
}

template <typename T>
Setting integer_setting(T ServerConfig::*member) {
  return {[member](ServerConfig& c, const toml::node& n, const std::string& key) -> Result<void> {
            auto v = n.value<int64_t>();
            if (!n.is_integer() || !v || !std::in_range<T>(*v))
              return make_error(ErrorCode::kInvalidArgument, "expected an integer in range at " + where(n, key), key);
            c.*member = static_cast<T>(*v);
            return {};
          },
          [member](ServerConfig& c, const std::string& text, const std::string& key) -> Result<void> {
            int64_t v = 0;
            auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
            if (ec != std::errc() || p != text.data() + text.size() || !std::in_range<T>(v))
              return make_error(ErrorCode::kInvalidArgument, "expected an integer, got \"" + text + "\"", key);
            c.*member = static_cast<T>(v);
            return {};
          }};
}

Setting number_setting(double ServerConfig::*member) {
  return {[member](ServerConfig& c, const toml::node& n, const std::string& key) -> Result<void> {
            auto v = n.value<double>();
            if (!(n.is_floating_point() || n.is_integer()) || !v)
              return make_error(ErrorCode::kInvalidArgument, "expected a number at " + where(n, key), key);
            c.*member = *v;
            return {};
          },
          [member](ServerConfig& c, const std::string& text, const std::string& key) -> Result<void> {
            try {
              size_t used = 0;
              double v = std::stod(text, &used);
              if (used != text.size()) throw std::invalid_argument(text);
              c.*member = v;
              return {};
            } catch (const std::exception&) {
              return make_error(ErrorCode::kInvalidArgument, "expected a number, got \"" + text + "\"", key);
            }
          }};
}

Setting string_setting(std::string ServerConfig::*member) {
  return {[member](ServerConfig& c, const toml::node& n, const std::string& key) -> Result<void> {
            if (!n.is_string()) return make_error(ErrorCode::kInvalidArgument, "expected a string at " + where(n, key), key);
            c.*member = *n.value<std::string>();
            return {};
          },
          [member](ServerConfig& c, const std::string& text, const std::string&) -> Result<void> {
            c.*member = text;
            return {};
          }};
}

Setting bool_setting(bool ServerConfig::*member) {
  return {[member](ServerConfig& c, const toml::node& n, const std::string& key) -> Result<void> {
            if (!n.is_boolean()) return make_error(ErrorCode::kInvalidArgument, "expected true or false at " + where(n, key), key);
            c.*member = *n.value<bool>();
            return {};
          },
          [member](ServerConfig& c, const std::string& text, const std::string& key) -> Result<void> {
            if (text == "true" || text == "1") c.*member = true;
            else if (text == "false" || text == "0") c.*member = false;
            else return make_error(ErrorCode::kInvalidArgument, "expected true or false, got \"" + text + "\"", key);
            return {};
          }};
}

// A list of strings: a TOML array, or comma-separated text.
Setting list_setting(std::vector<std::string> ServerConfig::*member) {
  return {[member](ServerConfig& c, const toml::node& n, const std::string& key) -> Result<void> {
            const toml::array* a = n.as_array();
            if (!a) return make_error(ErrorCode::kInvalidArgument, "expected an array of strings at " + where(n, key), key);
            std::vector<std::string> out;
            for (const toml::node& e : *a) {
              if (!e.is_string()) return make_error(ErrorCode::kInvalidArgument, "expected strings at " + where(n, key), key);
              out.push_back(*e.value<std::string>());
            }
            c.*member = std::move(out);
            return {};
          },
          [member](ServerConfig& c, const std::string& text, const std::string&) -> Result<void> {
            std::vector<std::string> out;
            std::stringstream ss(text);
            for (std::string item; std::getline(ss, item, ',');)
              if (!item.empty()) out.push_back(item);
            c.*member = std::move(out);
            return {};
          }};
}

// A table of strings: a TOML table, or "key=value,key=value" text.
Setting map_setting(std::map<std::string, std::string> ServerConfig::*member) {
  return {[member](ServerConfig& c, const toml::node& n, const std::string& key) -> Result<void> {
            const toml::table* t = n.as_table();
            if (!t) return make_error(ErrorCode::kInvalidArgument, "expected a table of strings at " + where(n, key), key);
            std::map<std::string, std::string> out;
            for (const auto& [k, v] : *t) {
              if (!v.is_string())
                return make_error(ErrorCode::kInvalidArgument, "expected a string at " + where(v, key + "." + std::string(k.str())),
                                  key + "." + std::string(k.str()));
              out[std::string(k.str())] = *v.value<std::string>();
            }
            c.*member = std::move(out);
            return {};
          },
          [member](ServerConfig& c, const std::string& text, const std::string& key) -> Result<void> {
            std::map<std::string, std::string> out;
            std::stringstream ss(text);
            for (std::string item; std::getline(ss, item, ',');) {
              if (item.empty()) continue;
              size_t eq = item.find('=');
              if (eq == std::string::npos || eq == 0)
                return make_error(ErrorCode::kInvalidArgument, "expected key=value, got \"" + item + "\"", key);
              out[item.substr(0, eq)] = item.substr(eq + 1);
            }
            c.*member = std::move(out);
            return {};
          }};
}

// [voice.menus.<number>]: a table of menus (the file only).
Setting menus_setting() {
  return {[](ServerConfig& c, const toml::node& n, const std::string& key) -> Result<void> {
            const toml::table* t = n.as_table();
            if (!t) return make_error(ErrorCode::kInvalidArgument, "expected a table of menus at " + where(n, key), key);
            std::map<std::string, ServerConfig::VoiceMenu> out;
            for (const auto& [number, v] : *t) {
              const std::string at = key + "." + std::string(number.str());
              const toml::table* m = v.as_table();
              if (!m) return make_error(ErrorCode::kInvalidArgument, "expected a table at " + where(v, at), at);
              ServerConfig::VoiceMenu menu;
              for (const auto& [k, f] : *m) {
                const std::string name(k.str()), field = at + "." + name;
                auto text = [&](std::string& into) -> Result<void> {
                  if (!f.is_string()) return make_error(ErrorCode::kInvalidArgument, "expected a string at " + where(f, field), field);
                  into = *f.value<std::string>();
                  return {};
                };
                auto number_of = [&](int& into) -> Result<void> {
                  if (!f.is_integer()) return make_error(ErrorCode::kInvalidArgument, "expected an integer at " + where(f, field), field);
                  into = static_cast<int>(*f.value<int64_t>());
                  return {};
                };
                Result<void> r;
                if (name == "prompt") r = text(menu.prompt);
                else if (name == "fallback") r = text(menu.fallback);
                else if (name == "language") r = text(menu.language);
                else if (name == "timeout_s") r = number_of(menu.timeout_s);
                else if (name == "tries") r = number_of(menu.tries);
                else if (name == "options") {
                  const toml::table* o = f.as_table();
                  if (!o) return make_error(ErrorCode::kInvalidArgument, "expected a table of key = queue at " + where(f, field), field);
                  for (const auto& [digit, q] : *o) {
                    if (!q.is_string())
                      return make_error(ErrorCode::kInvalidArgument, "expected a queue name at " + where(q, field + "." + std::string(digit.str())),
                                        field + "." + std::string(digit.str()));
                    menu.options[std::string(digit.str())] = *q.value<std::string>();
                  }
                } else {
                  return make_error(ErrorCode::kInvalidArgument, "unknown key " + where(f, field), field);
                }
                if (!r) return r;
              }
              out[std::string(number.str())] = std::move(menu);
            }
            c.voice_menus = std::move(out);
            return {};
          },
          [](ServerConfig&, const std::string&, const std::string& key) -> Result<void> {
            return make_error(ErrorCode::kInvalidArgument, "menus are set in the configuration file", key);
          }};
}

const std::map<std::string, Setting>& settings() {
  static const std::map<std::string, Setting> kSettings = {
      {"http.address", string_setting(&ServerConfig::address)},
      {"http.port", integer_setting(&ServerConfig::port)},
      {"http.io_threads", integer_setting(&ServerConfig::io_threads)},
      {"http.max_body_bytes", integer_setting(&ServerConfig::max_body_bytes)},
      {"http.ws_flush_interval_ms", integer_setting(&ServerConfig::ws_flush_interval_ms)},
      {"http.web_root", string_setting(&ServerConfig::web_root)},
      {"chat.starts_per_minute", integer_setting(&ServerConfig::chat_starts_per_minute)},
      {"chat.token_ttl_hours", number_setting(&ServerConfig::chat_token_ttl_hours)},
      {"store.url", string_setting(&ServerConfig::store)},
      {"store.snapshot_every_events", integer_setting(&ServerConfig::snapshot_every_events)},
      {"store.max_batch", integer_setting(&ServerConfig::max_batch)},
      {"store.workers", integer_setting(&ServerConfig::store_workers)},
      {"store.retention_hours", number_setting(&ServerConfig::retention_hours)},
      {"store.archive_dir", string_setting(&ServerConfig::archive_dir)},
      {"store.idempotency_hours", number_setting(&ServerConfig::idempotency_hours)},
      {"center.time_zone", string_setting(&ServerConfig::time_zone)},
      {"alerts.webhook_timeout_ms", integer_setting(&ServerConfig::alerts_webhook_timeout_ms)},
      {"alerts.max_attempts", integer_setting(&ServerConfig::alerts_max_attempts)},
      {"alerts.retry_base_s", number_setting(&ServerConfig::alerts_retry_base_s)},
      {"alerts.retry_max_s", number_setting(&ServerConfig::alerts_retry_max_s)},
      {"alerts.keep_days", integer_setting(&ServerConfig::alerts_keep_days)},
      {"alerts.ca_file", string_setting(&ServerConfig::alerts_ca_file)},
      {"reports.daily_enabled", bool_setting(&ServerConfig::reports_daily_enabled)},
      {"reports.daily_at", string_setting(&ServerConfig::reports_daily_at)},
      {"reports.keep_days", integer_setting(&ServerConfig::reports_keep_days)},
      {"center.fcr_topic", string_setting(&ServerConfig::fcr_topic)},
      {"center.fcr_window_days", integer_setting(&ServerConfig::fcr_window_days)},
      {"auth.session_ttl_s", integer_setting(&ServerConfig::session_ttl_s)},
      {"auth.login_max_failures", integer_setting(&ServerConfig::login_max_failures)},
      {"auth.login_max_failures_per_address", integer_setting(&ServerConfig::login_max_failures_per_address)},
      {"auth.login_window_s", integer_setting(&ServerConfig::login_window_s)},
      {"auth.login_lockout_s", integer_setting(&ServerConfig::login_lockout_s)},
      {"log.format", string_setting(&ServerConfig::log_format)},
      {"log.level", string_setting(&ServerConfig::log_level)},
      {"voice.enabled", bool_setting(&ServerConfig::voice_enabled)},
      {"voice.address", string_setting(&ServerConfig::voice_address)},
      {"voice.sip_port", integer_setting(&ServerConfig::voice_sip_port)},
      {"voice.sip_tcp", bool_setting(&ServerConfig::voice_sip_tcp)},
      {"voice.rtp_port_min", integer_setting(&ServerConfig::voice_rtp_port_min)},
      {"voice.rtp_port_max", integer_setting(&ServerConfig::voice_rtp_port_max)},
      {"voice.rtp_threads", integer_setting(&ServerConfig::voice_rtp_threads)},
      {"voice.trunk_sources", list_setting(&ServerConfig::voice_trunk_sources)},
      {"voice.trunk_credentials", map_setting(&ServerConfig::voice_trunk_credentials)},
      {"voice.numbers", map_setting(&ServerConfig::voice_numbers)},
      {"voice.agents", map_setting(&ServerConfig::voice_agents)},
      {"voice.recordings_dir", string_setting(&ServerConfig::voice_recordings_dir)},
      {"voice.recordings_keep_days", integer_setting(&ServerConfig::voice_recordings_keep_days)},
      {"voice.realm", string_setting(&ServerConfig::voice_realm)},
      {"voice.announce", bool_setting(&ServerConfig::voice_announce)},
      {"voice.language", string_setting(&ServerConfig::voice_language)},
      {"voice.languages", map_setting(&ServerConfig::voice_languages)},
      {"voice.position_every_s", integer_setting(&ServerConfig::voice_position_every_s)},
      {"voice.callback_key", string_setting(&ServerConfig::voice_callback_key)},
      {"voice.prompts_dir", string_setting(&ServerConfig::voice_prompts_dir)},
      {"voice.hold_music", string_setting(&ServerConfig::voice_hold_music)},
      {"voice.menus", menus_setting()},
      {"voice.trunk_target", string_setting(&ServerConfig::voice_trunk_target)},
      {"voice.callback_ring_s", integer_setting(&ServerConfig::voice_callback_ring_s)},
      {"voice.callback_retry_s", integer_setting(&ServerConfig::voice_callback_retry_s)},
      {"voice.callback_attempts", integer_setting(&ServerConfig::voice_callback_attempts)},
      {"voice.supervisors", map_setting(&ServerConfig::voice_supervisors)},
      {"voice.noise_suppression_db", integer_setting(&ServerConfig::voice_noise_suppression_db)},
      {"voice.survey_queues", list_setting(&ServerConfig::voice_survey_queues)},
      {"speech.transcription", bool_setting(&ServerConfig::speech_transcription)},
      {"speech.model_dir", string_setting(&ServerConfig::speech_model_dir)},
      {"demo.enabled", bool_setting(&ServerConfig::demo)},
      {"demo.traffic", bool_setting(&ServerConfig::demo_traffic)},
      {"demo.contacts_per_minute", number_setting(&ServerConfig::demo_contacts_per_minute)},
      {"demo.history_days", integer_setting(&ServerConfig::demo_history_days)},
  };
  return kSettings;
}

}  // namespace

Result<ServerConfig> parse_config(std::string_view text, std::string_view source) {
  ServerConfig c;
  toml::table root;
  try {
    root = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << source << ":" << e.source().begin.line << ":" << e.source().begin.column << ": " << e.description();
    return make_error(ErrorCode::kInvalidArgument, msg.str(), "");
  }
  for (const auto& [section, node] : root) {
    std::string s(section.str());
    const toml::table* t = node.as_table();
    if (!t) return make_error(ErrorCode::kInvalidArgument, "expected a [" + s + "] table at " + where(node, s), s);
    for (const auto& [key, value] : *t) {
      std::string full = s + "." + std::string(key.str());
      auto it = settings().find(full);
      if (it == settings().end())
        return make_error(ErrorCode::kInvalidArgument, "unknown setting " + where(value, full), full);
      if (auto r = it->second.from_toml(c, value, full); !r) return std::unexpected(r.error());
    }
  }
  if (auto r = validate(c); !r) return std::unexpected(r.error());
  return c;
}

Result<ServerConfig> load_config_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return make_error(ErrorCode::kNotFound, "cannot read " + path, "config");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_config(ss.str(), path);
}

Result<void> apply_env(ServerConfig& c, const std::vector<std::string>& env) {
  constexpr std::string_view kPrefix = "SWITCHYARD_";
  for (const std::string& kv : env) {
    if (kv.rfind(kPrefix, 0) != 0) continue;
    size_t eq = kv.find('=');
    if (eq == std::string::npos) continue;
    std::string name = kv.substr(kPrefix.size(), eq - kPrefix.size());
    // SWITCHYARD_HTTP_PORT -> http.port (first underscore separates the section).
    size_t us = name.find('_');
    if (us == std::string::npos) continue;
    std::string key = name.substr(0, us) + "." + name.substr(us + 1);
    for (char& ch : key) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    auto it = settings().find(key);
    if (it == settings().end()) {
      if (name == "CONFIG") continue;  // SWITCHYARD_CONFIG names the file itself
      return make_error(ErrorCode::kInvalidArgument, "unknown environment setting " + kv.substr(0, eq), key);
    }
    if (auto r = it->second.from_text(c, kv.substr(eq + 1), key); !r) return r;
  }
  return validate(c);
}

Result<void> validate(const ServerConfig& c) {
  auto bad = [](std::string field, std::string msg) { return make_error(ErrorCode::kInvalidArgument, msg, field); };
  if (c.address.empty()) return bad("http.address", "must not be empty");
  if (c.io_threads < 1 || c.io_threads > 64) return bad("http.io_threads", "must be 1..64");
  if (c.max_body_bytes < 1024 || c.max_body_bytes > (64 << 20)) return bad("http.max_body_bytes", "must be 1 KiB..64 MiB");
  if (c.ws_flush_interval_ms < 0 || c.ws_flush_interval_ms > 1000)
    return bad("http.ws_flush_interval_ms", "must be 0..1000");
  if (c.store.empty()) return bad("store.url", "must not be empty");
  if (auto cal = metrics::Calendar::make(c.time_zone, "center.time_zone"); !cal) return std::unexpected(cal.error());
  if (!metrics::fcr_topic_from_string(c.fcr_topic)) return bad("center.fcr_topic", "must be queue or disposition");
  if (c.fcr_window_days < 1 || c.fcr_window_days > 90) return bad("center.fcr_window_days", "must be 1..90 days");
  if (c.snapshot_every_events < 0) return bad("store.snapshot_every_events", "must be >= 0");
  if (c.max_batch < 1) return bad("store.max_batch", "must be >= 1");
  if (c.store_workers < 1 || c.store_workers > 64) return bad("store.workers", "must be 1..64");
  if (!(c.retention_hours >= 0) || c.retention_hours > 24 * 3650)
    return bad("store.retention_hours", "must be 0 (keep every event) or a number of hours up to ten years");
  if (!(c.idempotency_hours >= 0.01) || c.idempotency_hours > 24 * 30)
    return bad("store.idempotency_hours", "must be a number of hours from 0.01 (36 s) to 720 (30 days)");
  if (c.alerts_webhook_timeout_ms < 100 || c.alerts_webhook_timeout_ms > 120'000)
    return bad("alerts.webhook_timeout_ms", "must be 100..120000");
  if (c.alerts_max_attempts < 1 || c.alerts_max_attempts > 100) return bad("alerts.max_attempts", "must be 1..100");
  if (!(c.alerts_retry_base_s >= 0.01) || c.alerts_retry_base_s > 86'400)
    return bad("alerts.retry_base_s", "must be 0.01..86400 seconds");
  if (!(c.alerts_retry_max_s >= c.alerts_retry_base_s) || c.alerts_retry_max_s > 7 * 86'400)
    return bad("alerts.retry_max_s", "must be retry_base_s..604800 seconds");
  if (c.alerts_keep_days < 1 || c.alerts_keep_days > 3650) return bad("alerts.keep_days", "must be 1..3650");
  if (!c.alerts_ca_file.empty() && !std::filesystem::exists(c.alerts_ca_file))
    return bad("alerts.ca_file", "no such file: " + c.alerts_ca_file);
  if (auto at = reports::parse_time_of_day(c.reports_daily_at, "reports.daily_at"); !at)
    return std::unexpected(at.error());
  if (c.voice_sip_port < 0 || c.voice_sip_port > 65535) return bad("voice.sip_port", "must be 0..65535 (0: any free port)");
  if (c.voice_rtp_threads < 0 || c.voice_rtp_threads > 64)
    return bad("voice.rtp_threads", "the relay's threads must be 0 (one per core, at most 4) to 64");
  if (c.voice_rtp_port_min < 1024 || c.voice_rtp_port_max > 65535 || c.voice_rtp_port_min + 1 > c.voice_rtp_port_max)
    return bad("voice.rtp_port_min", "RTP ports must be a range within 1024..65535 of at least two ports");
  for (const auto& [agent, uri] : c.voice_agents)
    if (uri.rfind("sip:", 0) != 0 || uri.size() < 5) return bad("voice.agents." + agent, "expected a sip: URI, got \"" + uri + "\"");
  auto dtmf_key = [](const std::string& k) {
    return k.size() == 1 && std::string_view("0123456789*#ABCD").find(k[0]) != std::string_view::npos;
  };
  auto language = [](const std::string& l) { return l == "en" || l == "zh"; };
  if (!language(c.voice_language)) return bad("voice.language", "must be \"en\" or \"zh\", got \"" + c.voice_language + "\"");
  for (const auto& [number, l] : c.voice_languages)
    if (!language(l)) return bad("voice.languages." + number, "must be \"en\" or \"zh\", got \"" + l + "\"");
  if (c.voice_recordings_keep_days < 0 || c.voice_recordings_keep_days > 3650)
    return bad("voice.recordings_keep_days", "must be 0 (keep recordings forever) or 1..3650 days");
  if (c.voice_position_every_s < 10 || c.voice_position_every_s > 3600) return bad("voice.position_every_s", "must be 10..3600");
  if (!c.voice_callback_key.empty() && !dtmf_key(c.voice_callback_key))
    return bad("voice.callback_key", "must be one key of 0-9 * # A-D, or \"\" for no callbacks");
  if (!c.voice_hold_music.empty() && !std::filesystem::exists(c.voice_hold_music))
    return bad("voice.hold_music", "no such file: " + c.voice_hold_music);
  if (!c.voice_trunk_target.empty()) {
    auto colon = c.voice_trunk_target.rfind(':');
    if (colon == std::string::npos || colon == 0 || c.voice_trunk_target.find_first_not_of("0123456789", colon + 1) != std::string::npos ||
        colon + 1 == c.voice_trunk_target.size())
      return bad("voice.trunk_target", "expected host:port, got \"" + c.voice_trunk_target + "\"");
  }
  if (c.voice_callback_ring_s < 5 || c.voice_callback_ring_s > 300) return bad("voice.callback_ring_s", "must be 5..300");
  if (c.voice_callback_retry_s < 1 || c.voice_callback_retry_s > 86'400) return bad("voice.callback_retry_s", "must be 1..86400");
  if (c.voice_callback_attempts < 1 || c.voice_callback_attempts > 10) return bad("voice.callback_attempts", "must be 1..10");
  for (const auto& [user, ha1] : c.voice_trunk_credentials)
    if (ha1.size() != 32 || ha1.find_first_not_of("0123456789abcdef") != std::string::npos)
      return bad("voice.trunk_credentials." + user, "expected the HA1: 32 lowercase hex digits of MD5(username:realm:password)");
  for (const auto& [user, uri] : c.voice_supervisors)
    if (uri.rfind("sip:", 0) != 0 || uri.size() < 5) return bad("voice.supervisors." + user, "expected a sip: URI, got \"" + uri + "\"");
  if (c.voice_noise_suppression_db != 0 && (c.voice_noise_suppression_db < -60 || c.voice_noise_suppression_db > -1))
    return bad("voice.noise_suppression_db", "must be -60..-1 (dB of suppression), or 0 for off");
  for (const auto& [number, m] : c.voice_menus) {
    const std::string at = "voice.menus." + number;
    if (c.voice_numbers.contains(number)) return bad(at, "number " + number + " is in voice.numbers too");
    if (m.prompt.empty()) return bad(at + ".prompt", "a menu needs a prompt");
    if (m.options.empty()) return bad(at + ".options", "a menu needs options (key = queue)");
    for (const auto& [k, q] : m.options) {
      if (!dtmf_key(k)) return bad(at + ".options." + k, "a key is one of 0-9 * # A-D");
      if (q.empty()) return bad(at + ".options." + k, "names no queue");
    }
    if (!m.language.empty() && !language(m.language)) return bad(at + ".language", "must be \"en\" or \"zh\"");
    if (m.timeout_s < 1 || m.timeout_s > 60) return bad(at + ".timeout_s", "must be 1..60");
    if (m.tries < 1 || m.tries > 10) return bad(at + ".tries", "must be 1..10");
  }
  if (c.chat_starts_per_minute < 1 || c.chat_starts_per_minute > 10'000)
    return bad("chat.starts_per_minute", "must be 1..10000");
  if (!(c.chat_token_ttl_hours > 0 && c.chat_token_ttl_hours <= 24 * 30))
    return bad("chat.token_ttl_hours", "must be > 0 and at most 720 (30 days)");
  if (c.reports_keep_days < 1 || c.reports_keep_days > 3660)
    return bad("reports.keep_days", "must be 1..3660 days");
  if (c.session_ttl_s < 60) return bad("auth.session_ttl_s", "must be >= 60");
  if (c.login_max_failures < 1) return bad("auth.login_max_failures", "must be >= 1");
  if (c.login_max_failures_per_address < 1) return bad("auth.login_max_failures_per_address", "must be >= 1");
  if (c.login_window_s < 1) return bad("auth.login_window_s", "must be >= 1");
  if (c.login_lockout_s < 0) return bad("auth.login_lockout_s", "must be >= 0");
  if (c.log_format != "text" && c.log_format != "json") return bad("log.format", "must be text or json");
  static const char* kLevels[] = {"trace", "debug", "info", "warn", "error"};
  if (std::find(std::begin(kLevels), std::end(kLevels), c.log_level) == std::end(kLevels))
    return bad("log.level", "must be trace, debug, info, warn or error");
  if (!(c.demo_contacts_per_minute > 0) || c.demo_contacts_per_minute > 60'000)
    return bad("demo.contacts_per_minute", "must be in (0, 60000]");
  if (c.demo_history_days < 0 || c.demo_history_days > 365)
    return bad("demo.history_days", "must be 0 (no history) to 365 days");
  return {};
}

}  // namespace switchyard::server
