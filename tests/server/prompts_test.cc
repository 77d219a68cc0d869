// Queue prompts and recording retention on the real binary (docs/voice.md,
// "Queue prompts" and "Recording"), voice off: uploads through HTTP, the
// listing, the converted WAV, removal, refusals; prompts kept across a
// restart; old recordings deleted at start.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <thread>

#include "harness.h"

namespace switchyard::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;


// channels, rate, bits and frames of a PCM WAV (its chunks walked).
std::tuple<int, int, int, size_t> wav_format(const std::string& b) {
  if (b.size() < 12 || b.compare(0, 4, "RIFF") != 0 || b.compare(8, 4, "WAVE") != 0) return {0, 0, 0, 0};
  auto u16 = [&](size_t at) { return static_cast<int>(static_cast<uint8_t>(b[at]) | static_cast<uint8_t>(b[at + 1]) << 8); };
  auto u32 = [&](size_t at) { return static_cast<uint32_t>(u16(at)) | static_cast<uint32_t>(u16(at + 2)) << 16; };
  int channels = 0, rate = 0, bits = 0;
  for (size_t at = 12; at + 8 <= b.size();) {
    const uint32_t size = u32(at + 4);
    if (b.compare(at, 4, "fmt ") == 0) {
      channels = u16(at + 10);
      rate = static_cast<int>(u32(at + 12));
      bits = u16(at + 22);
    } else if (b.compare(at, 4, "data") == 0 && channels > 0 && bits > 0) {
      return {channels, rate, bits, std::min<size_t>(size, b.size() - at - 8) / (channels * bits / 8)};
    }
    at += 8 + size + (size & 1);
  }
  return {0, 0, 0, 0};
}

double metric(uint16_t port, const std::string& name) {
  const std::string text = http(port, "GET", "/metrics").body;
  size_t at = text.find("\n" + name + " ");
  if (at == std::string::npos) return -1;
  at += name.size() + 2;
  return std::stod(text.substr(at, text.find('\n', at) - at));
}

TEST(QueuePromptsTest, UploadListPreviewRemoveThroughHttp) {
  TempDir dir;
  const std::string prompts = dir.path() + "/prompts";
  const std::string recordings = dir.path() + "/recordings";
  fs::create_directories(recordings);
  // an old recording, a recent one and another file: retention runs at start
  auto write = [](const std::string& path, std::chrono::hours age) {
    std::ofstream(path) << "RIFF";
    fs::last_write_time(path, fs::file_time_type::clock::now() - age);
  };
  write(recordings + "/contact-1.wav", std::chrono::hours(24 * 10));
  write(recordings + "/contact-2.wav", std::chrono::hours(1));
  write(recordings + "/readme.txt", std::chrono::hours(24 * 10));
  std::ofstream(dir.path() + "/sy.toml") << "[http]\nmax_body_bytes = 10486784\n"
                                            "[voice]\nprompts_dir = \"" << prompts << "\"\n"
                                            "recordings_dir = \"" << recordings << "\"\nrecordings_keep_days = 7\n";
  const std::string store = "sqlite:" + dir.path() + "/sy.db";
  auto server = ServerProcess::start(store, {"--config", dir.path() + "/sy.toml"});
  ASSERT_NE(server, nullptr);
  uint16_t port = server->port();
  const auto admin = bearer(login(port, "admin"));
  auto audio = admin;
  audio.emplace_back("Content-Type", "audio/wav");

  // 9 s at 44.1 kHz stereo: 1.6 MB, over the default body limit, under the raised one
  HttpResult put = http(port, "PUT", "/api/v1/queues/billing/prompts/music", tone_wav(44100, 2, 9.0), audio);
  ASSERT_EQ(put.status, 200) << put.body;
  json::value p = put.json();
  EXPECT_EQ(p.at("kind").as_string(), "music");
  EXPECT_TRUE(p.at("present").as_bool());
  EXPECT_NEAR(static_cast<double>(p.at("duration_ms").as_int64()), 9000, 20);
  EXPECT_GT(p.at("updated_ms").as_int64(), 0);
  EXPECT_TRUE(fs::exists(prompts + "/queues/queue-0-music.wav"));
  // by id as well as by name
  put = http(port, "PUT", "/api/v1/queues/0/prompts/greeting", tone_wav(16000, 1, 2.0), audio);
  ASSERT_EQ(put.status, 200) << put.body;

  HttpResult list = http(port, "GET", "/api/v1/queues/billing/prompts", {}, bearer(login(port, "agent01")));
  ASSERT_EQ(list.status, 200) << list.body;
  json::array l = list.json().as_array();
  ASSERT_EQ(l.size(), 2u);
  EXPECT_EQ(l[0].at("kind").as_string(), "greeting");
  EXPECT_NEAR(static_cast<double>(l[0].at("duration_ms").as_int64()), 2000, 20);
  EXPECT_EQ(l[1].at("kind").as_string(), "music");

  HttpResult wav = http(port, "GET", "/api/v1/queues/billing/prompts/greeting", {}, admin);
  ASSERT_EQ(wav.status, 200);
  EXPECT_EQ(wav.header("Content-Type"), "audio/wav");
  auto [channels, rate, bits, frames] = wav_format(wav.body);
  EXPECT_EQ(channels, 1);
  EXPECT_EQ(rate, 8000);
  EXPECT_EQ(bits, 16);
  EXPECT_NEAR(static_cast<double>(frames), 16000, 160);

  // refusals name what to fix
  HttpResult bad = http(port, "PUT", "/api/v1/queues/billing/prompts/greeting", "surely not audio", audio);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json().at("error").at("field").as_string(), "audio") << bad.body;
  bad = http(port, "PUT", "/api/v1/queues/billing/prompts/greeting", tone_wav(8000, 1, 61), audio);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json().at("error").at("field").as_string(), "audio") << bad.body;
  bad = http(port, "PUT", "/api/v1/queues/billing/prompts/welcome", tone_wav(8000, 1, 1), audio);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json().at("error").at("field").as_string(), "kind") << bad.body;
  bad = http(port, "PUT", "/api/v1/queues/nosuch/prompts/greeting", tone_wav(8000, 1, 1), audio);
  EXPECT_EQ(bad.status, 404);
  EXPECT_EQ(bad.json().at("error").at("field").as_string(), "queue") << bad.body;
  auto agent_audio = bearer(login(port, "agent01"));
  agent_audio.emplace_back("Content-Type", "audio/wav");
  EXPECT_EQ(http(port, "PUT", "/api/v1/queues/billing/prompts/greeting", tone_wav(8000, 1, 1), agent_audio).status, 403);
  // the greeting is still the one uploaded
  EXPECT_EQ(http(port, "GET", "/api/v1/queues/billing/prompts/greeting", {}, admin).body, wav.body);

  // audited
  HttpResult audit = http(port, "GET", "/api/v1/audit?limit=20", {}, admin);
  EXPECT_NE(audit.body.find("prompt.set"), std::string::npos) << audit.body;

  // retention ran at start: the old recording only
  EXPECT_FALSE(fs::exists(recordings + "/contact-1.wav"));
  EXPECT_TRUE(fs::exists(recordings + "/contact-2.wav"));
  EXPECT_TRUE(fs::exists(recordings + "/readme.txt"));
  EXPECT_EQ(metric(port, "switchyard_recordings_deleted"), 1);

  // kept across a restart
  EXPECT_EQ(server->terminate(), 0);
  server = ServerProcess::start(store, {"--config", dir.path() + "/sy.toml"});
  ASSERT_NE(server, nullptr);
  port = server->port();
  const auto admin2 = bearer(login(port, "admin"));
  l = http(port, "GET", "/api/v1/queues/billing/prompts", {}, admin2).json().as_array();
  EXPECT_TRUE(l[0].at("present").as_bool());
  EXPECT_TRUE(l[1].at("present").as_bool());

  EXPECT_EQ(http(port, "DELETE", "/api/v1/queues/billing/prompts/greeting", {}, admin2).status, 204);
  EXPECT_EQ(http(port, "GET", "/api/v1/queues/billing/prompts/greeting", {}, admin2).status, 404);
  EXPECT_EQ(http(port, "DELETE", "/api/v1/queues/billing/prompts/greeting", {}, admin2).status, 404);
  l = http(port, "GET", "/api/v1/queues/billing/prompts", {}, admin2).json().as_array();
  EXPECT_FALSE(l[0].at("present").as_bool());
  EXPECT_TRUE(l[0].at("duration_ms").is_null());
  EXPECT_TRUE(l[1].at("present").as_bool());
  EXPECT_FALSE(fs::exists(prompts + "/queues/queue-0-greeting.wav"));
  EXPECT_EQ(server->terminate(), 0);
}

}  // namespace
}  // namespace switchyard::testing
