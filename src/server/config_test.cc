#include "server/config.h"

#include <gtest/gtest.h>

namespace switchyard::server {
namespace {

TEST(ServerConfig, ParsesEverySectionAndKeepsDefaults) {
  auto c = parse_config(R"(
[http]
port = 9090
address = "0.0.0.0"
[store]
url = "postgresql://localhost/sy"
snapshot_every_events = 5000
idempotency_hours = 0.5
[log]
format = "json"
[demo]
enabled = true
contacts_per_minute = 12.5
history_days = 7
)",
                        "test.toml");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->port, 9090);
  EXPECT_EQ(c->address, "0.0.0.0");
  EXPECT_EQ(c->store, "postgresql://localhost/sy");
  EXPECT_EQ(c->snapshot_every_events, 5000);
  EXPECT_EQ(c->log_format, "json");
  EXPECT_TRUE(c->demo);
  EXPECT_DOUBLE_EQ(c->demo_contacts_per_minute, 12.5);
  EXPECT_EQ(c->demo_history_days, 7);
  EXPECT_DOUBLE_EQ(c->idempotency_hours, 0.5);
  EXPECT_EQ(c->io_threads, 2);  // default kept
  EXPECT_DOUBLE_EQ(c->retention_hours, 0);
}

TEST(ServerConfig, ErrorsNameTheKeyAndLine) {
  auto c = parse_config("[http]\nport = 8080\nprot = 1\n", "x.toml");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().field, "http.prot");
  EXPECT_NE(c.error().message.find("line 3"), std::string::npos) << c.error().message;
  auto t = parse_config("[http]\nport = \"eighty\"\n", "x.toml");
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().field, "http.port");
  auto range = parse_config("[http]\nport = 70000\n", "x.toml");
  ASSERT_FALSE(range);
  EXPECT_EQ(range.error().field, "http.port");
  auto syntax = parse_config("[http\nport = 1\n", "bad.toml");
  ASSERT_FALSE(syntax);
  EXPECT_NE(syntax.error().message.find("bad.toml:1"), std::string::npos) << syntax.error().message;
  auto fmt = parse_config("[log]\nformat = \"xml\"\n", "x.toml");
  ASSERT_FALSE(fmt);
  EXPECT_EQ(fmt.error().field, "log.format");
  for (const char* hours : {"0", "-1", "721", "nan"}) {
    auto keys = parse_config(std::string("[store]\nidempotency_hours = ") + hours + "\n", "x.toml");
    ASSERT_FALSE(keys) << hours;
    EXPECT_EQ(keys.error().field, "store.idempotency_hours");
  }
  for (const char* days : {"-1", "366"}) {
    auto history = parse_config(std::string("[demo]\nhistory_days = ") + days + "\n", "x.toml");
    ASSERT_FALSE(history) << days;
    EXPECT_EQ(history.error().field, "demo.history_days");
  }
}

TEST(ServerConfig, ScheduledReports) {
  auto d = parse_config("", "x.toml");
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->reports_daily_enabled);
  EXPECT_EQ(d->reports_daily_at, "06:30");
  EXPECT_EQ(d->reports_keep_days, 90);
  auto c = parse_config("[reports]\ndaily_enabled = false\ndaily_at = \"23:05\"\nkeep_days = 400\n", "x.toml");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_FALSE(c->reports_daily_enabled);
  EXPECT_EQ(c->reports_daily_at, "23:05");
  EXPECT_EQ(c->reports_keep_days, 400);
  for (const char* at : {"\"6:30\"", "\"24:00\"", "\"noon\"", "630"}) {
    auto bad = parse_config(std::string("[reports]\ndaily_at = ") + at + "\n", "x.toml");
    ASSERT_FALSE(bad) << at;
    EXPECT_EQ(bad.error().field, "reports.daily_at") << at;
  }
  for (const char* days : {"0", "3661", "\"ten\""}) {
    auto bad = parse_config(std::string("[reports]\nkeep_days = ") + days + "\n", "x.toml");
    ASSERT_FALSE(bad) << days;
    EXPECT_EQ(bad.error().field, "reports.keep_days") << days;
  }
  ASSERT_TRUE(apply_env(*c, {"SWITCHYARD_REPORTS_DAILY_AT=05:00"}));
  EXPECT_EQ(c->reports_daily_at, "05:00");
  EXPECT_EQ(apply_env(*c, {"SWITCHYARD_REPORTS_DAILY_AT=5am"}).error().field, "reports.daily_at");
}

TEST(ServerConfig, RecordingRetention) {
  auto d = parse_config("", "x.toml");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->voice_recordings_keep_days, 0);  // kept forever
  for (int days : {1, 90, 3650}) {
    auto c = parse_config("[voice]\nrecordings_keep_days = " + std::to_string(days) + "\n", "x.toml");
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->voice_recordings_keep_days, days);
  }
  for (const char* days : {"-1", "3651", "\"forever\"", "1.5"}) {
    auto bad = parse_config(std::string("[voice]\nrecordings_keep_days = ") + days + "\n", "x.toml");
    ASSERT_FALSE(bad) << days;
    EXPECT_EQ(bad.error().field, "voice.recordings_keep_days") << days;
  }
  ServerConfig e;
  ASSERT_TRUE(apply_env(e, {"SWITCHYARD_VOICE_RECORDINGS_KEEP_DAYS=30"}));
  EXPECT_EQ(e.voice_recordings_keep_days, 30);
}

TEST(ServerConfig, SpeechTranscriptionAndItsModel) {
  auto d = parse_config("", "x.toml");
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->speech_transcription);
  EXPECT_EQ(d->speech_model_dir, "/usr/share/pocketsphinx/model/en-us");
  auto c = parse_config("[speech]\ntranscription = false\nmodel_dir = \"/opt/model\"\n", "x.toml");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_FALSE(c->speech_transcription);
  EXPECT_EQ(c->speech_model_dir, "/opt/model");
  auto bad = parse_config("[speech]\ntranscription = \"yes\"\n", "x.toml");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "speech.transcription");
  ServerConfig e;
  ASSERT_TRUE(apply_env(e, {"SWITCHYARD_SPEECH_TRANSCRIPTION=false"}));
  EXPECT_FALSE(e.speech_transcription);
}

TEST(ServerConfig, FcrSettingsAreCheckedAndNamed) {
  auto c = parse_config("[center]\nfcr_topic = \"disposition\"\nfcr_window_days = 30\n", "x.toml");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->fcr_topic, "disposition");
  EXPECT_EQ(c->fcr_window_days, 30);
  auto defaults = parse_config("", "x.toml");
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->fcr_topic, "queue");
  EXPECT_EQ(defaults->fcr_window_days, 7);
  auto topic = parse_config("[center]\nfcr_topic = \"customer\"\n", "x.toml");
  ASSERT_FALSE(topic);
  EXPECT_EQ(topic.error().field, "center.fcr_topic");
  for (const char* days : {"0", "91", "7.5"}) {
    auto window = parse_config(std::string("[center]\nfcr_window_days = ") + days + "\n", "x.toml");
    ASSERT_FALSE(window) << days;
    EXPECT_EQ(window.error().field, "center.fcr_window_days");
  }
  ASSERT_TRUE(apply_env(*c, {"SWITCHYARD_CENTER_FCR_TOPIC=queue", "SWITCHYARD_CENTER_FCR_WINDOW_DAYS=3"}));
  EXPECT_EQ(c->fcr_topic, "queue");
  EXPECT_EQ(c->fcr_window_days, 3);
}

TEST(ServerConfig, EnvironmentOverridesFile) {
  auto c = parse_config("[http]\nport = 9090\n", "x.toml");
  ASSERT_TRUE(c);
  ASSERT_TRUE(apply_env(*c, {"PATH=/bin", "SWITCHYARD_HTTP_PORT=7070", "SWITCHYARD_DEMO_ENABLED=true",
                             "SWITCHYARD_CONFIG=/etc/x.toml"}));
  EXPECT_EQ(c->port, 7070);
  EXPECT_TRUE(c->demo);
  auto bad = apply_env(*c, {"SWITCHYARD_HTTP_PORT=abc"});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "http.port");
  EXPECT_EQ(apply_env(*c, {"SWITCHYARD_HTTP_PROT=1"}).error().field, "http.prot");
}

TEST(ServerConfig, MissingFileIsAClearError) {
  auto c = load_config_file("/nonexistent/switchyard.toml");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("/nonexistent/switchyard.toml"), std::string::npos);
}

}  // namespace
}  // namespace switchyard::server
