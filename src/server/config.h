#pragma once
// Configuration of `switchyard serve`: a TOML file, then environment
// variables (SWITCHYARD_<SECTION>_<KEY>, e.g. SWITCHYARD_HTTP_PORT), then
// command-line flags, each overriding the one before. Every key is documented
// in docs/operations.md.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace switchyard::server {

struct ServerConfig {
  // [http]
  std::string address = "127.0.0.1";
  uint16_t port = 8080;
  int io_threads = 2;
  int64_t max_body_bytes = 1 << 20;
  int64_t ws_flush_interval_ms = 10;  // WebSocket frames to idle sockets wait for one shared flush tick
  // The built web app (web/dist) served at "/"; "" = none. The default is
  // used when the directory exists (relative to the working directory).
  std::string web_root = "web/dist";
  // [store]
  std::string store = "sqlite:data/switchyard.db";  // or postgresql://...
  int64_t snapshot_every_events = 100'000;         // 0 = only at shutdown
  int max_batch = 4096;                             // commands per group commit at most
  int store_workers = 2;                            // store connections for reads and account changes
  double retention_hours = 0;                       // events older than this leave the log; 0 = keep all
  std::string archive_dir;                          // retired events are written here first; "" = none
  double idempotency_hours = 24;                    // how long an Idempotency-Key is remembered (> 0)
  // [center]
  std::string time_zone = "UTC";                    // the center's IANA time zone (reports, "today")
  // [alerts] webhook delivery (docs/api.md, "Alerts")
  int64_t alerts_webhook_timeout_ms = 10'000;  // one attempt, connect to answer
  int alerts_max_attempts = 10;                // then the delivery is "failed"
  double alerts_retry_base_s = 10;             // the wait after the first failure, doubling ...
  double alerts_retry_max_s = 3600;            // ... up to this
  int alerts_keep_days = 90;                   // alert events and finished deliveries are kept this long
  std::string alerts_ca_file;                  // https webhooks: trust these CAs ("" = the system's)
  // [reports] (scheduled reports, docs/operations.md)
  bool reports_daily_enabled = true;     // generate the daily report at daily_at
  std::string reports_daily_at = "06:30";  // local time of day (center.time_zone), "HH:MM"
  int reports_keep_days = 90;            // days of reports kept (1..3660); older ones are pruned
  std::string fcr_topic = "queue";                  // FCR's "same topic": queue | disposition (docs/kpis.md)
  int fcr_window_days = 7;                          // FCR: a repeat within this many days (1..90)
  // [chat] (docs/chat.md)
  int chat_starts_per_minute = 10;     // chats a client address may start per minute (1..10000)
  double chat_token_ttl_hours = 24;    // a visitor token's life from the chat's start
  // [auth]
  int64_t session_ttl_s = 12 * 3600;
  int login_max_failures = 5;                 // per (username, address) in the window
  int login_max_failures_per_address = 20;    // per address, any usernames, in the window
  int64_t login_window_s = 300;
  int64_t login_lockout_s = 900;
  // [log]
  std::string log_format = "text";  // text | json
  std::string log_level = "info";   // trace | debug | info | warn | error
  // [voice] (docs/voice.md): SIP over UDP and RTP; off unless enabled
  bool voice_enabled = false;
  std::string voice_address = "127.0.0.1";  // SIP and RTP bind here and announce it in SDP
  int voice_sip_port = 5060;
  bool voice_sip_tcp = true;                // SIP over TCP too, on the same port
  int voice_rtp_port_min = 20000;           // RTP ports (even), one per call leg
  int voice_rtp_port_max = 20999;
  int voice_rtp_threads = 0;                // the RTP relay's threads; 0: one per core, at most 4
  std::vector<std::string> voice_trunk_sources;        // addresses whose INVITEs are customers' calls
  std::map<std::string, std::string> voice_trunk_credentials;  // trunk username -> HA1 (MD5 of user:realm:password)
  std::map<std::string, std::string> voice_numbers;    // dialled number -> queue name
  std::map<std::string, std::string> voice_agents;     // agent name -> SIP URI of their phone
  std::string voice_recordings_dir = "data/recordings";  // bridged calls recorded here; "" = not recorded
  int voice_recordings_keep_days = 0;       // recordings older than this are deleted (hourly); 0 = kept forever
  std::string voice_realm = "switchyard";   // digest realm of phone registrations (part of every stored HA1)
  // while waiting (docs/voice.md, "While waiting")
  bool voice_announce = true;                // recording notice, position and wait, hold music
  std::string voice_language = "en";         // prompts: "en" or "zh"
  std::map<std::string, std::string> voice_languages;  // dialled number -> language
  int voice_position_every_s = 45;           // position read again this often
  std::string voice_callback_key = "1";      // the key that turns a waiting call into a callback; "" = none
  std::string voice_prompts_dir = "data/prompts";  // synthesized prompts kept here
  std::string voice_hold_music;              // a sound file; "" = generated music
  struct VoiceMenu {
    std::string prompt;
    std::map<std::string, std::string> options;  // key -> queue name
    std::string fallback;
    std::string language;
    int timeout_s = 8;
    int tries = 3;
  };
  std::map<std::string, VoiceMenu> voice_menus;  // [voice.menus.<number>]: dialled number -> menu
  std::string voice_trunk_target;            // host:port callbacks are dialled through ("" = no callbacks)
  int voice_callback_ring_s = 30;
  int voice_callback_retry_s = 300;
  int voice_callback_attempts = 3;
  std::map<std::string, std::string> voice_supervisors;  // user name -> SIP URI of their phone (listening in)
  int voice_noise_suppression_db = 0;        // on agents' audio, -60..-1 dB; 0 = off
  std::vector<std::string> voice_survey_queues;  // queues whose callers answer the survey by keys
  // [speech] (docs/quality.md, "Transcription"): recorded calls transcribed
  // in the background (English, pocketsphinx); chat keyword spotting is always on
  bool speech_transcription = true;
  std::string speech_model_dir = "/usr/share/pocketsphinx/model/en-us";  // Debian pocketsphinx-en-us
  // [demo]
  bool demo = false;          // seed a demo center and users when the store is empty
  bool demo_traffic = false;  // generate contacts and agent activity
  double demo_contacts_per_minute = 30;
  int demo_history_days = 30;  // simulated history on an empty store (0..365; 0 = none)
  // Engine settings (offer timeout, ACW, ...) are not here: they are durable
  // engine events, changed with PUT /api/v1/settings.
};

// Parses TOML text; `source` names it in messages. Unknown keys and wrong
// types are errors naming "section.key" and the line.
Result<ServerConfig> parse_config(std::string_view toml_text, std::string_view source);
Result<ServerConfig> load_config_file(const std::string& path);
// Applies SWITCHYARD_* variables from `env` (name=value strings).
Result<void> apply_env(ServerConfig& c, const std::vector<std::string>& env);
// Cross-field checks (port range, positive sizes, known enum values).
Result<void> validate(const ServerConfig& c);

}  // namespace switchyard::server
