// QueuePromptService: a queue's greeting and hold music, uploaded by admins,
// kept converted (8 kHz mono WAV) and in memory for the voice edge.
#include "app/queue_prompt_service.h"

#include <cmath>
#include <fstream>
#include <sstream>

#include "app/app_test_util.h"

namespace switchyard::app::testing {
namespace {

namespace fs = std::filesystem;

// A 16-bit PCM WAV file: `seconds` of a 440 Hz tone at `rate`, the same in
// every channel.
std::string wav_bytes(int rate, int channels, double seconds) {
  std::string data;
  const auto frames = static_cast<size_t>(seconds * rate);
  data.reserve(frames * channels * 2);
  for (size_t i = 0; i < frames; ++i) {
    const auto v = static_cast<int16_t>(8000 * std::sin(2 * M_PI * 440 * static_cast<double>(i) / rate));
    for (int c = 0; c < channels; ++c) data += {static_cast<char>(v & 0xff), static_cast<char>((v >> 8) & 0xff)};
  }
  auto u32 = [](uint32_t v) { return std::string{char(v), char(v >> 8), char(v >> 16), char(v >> 24)}; };
  auto u16 = [](uint16_t v) { return std::string{char(v), char(v >> 8)}; };
  const auto block = static_cast<uint16_t>(channels * 2);
  return "RIFF" + u32(static_cast<uint32_t>(36 + data.size())) + "WAVE" + "fmt " + u32(16) + u16(1) +
         u16(static_cast<uint16_t>(channels)) + u32(static_cast<uint32_t>(rate)) + u32(static_cast<uint32_t>(rate) * block) +
         u16(block) + u16(16) + "data" + u32(static_cast<uint32_t>(data.size())) + data;
}

struct WavFormat {
  int channels = 0, rate = 0, bits = 0;
  size_t frames = 0;
};
// The format of a canonical PCM WAV (what save_audio writes).
std::optional<WavFormat> wav_format(const std::string& b) {
  if (b.size() < 12 || b.compare(0, 4, "RIFF") != 0 || b.compare(8, 4, "WAVE") != 0) return std::nullopt;
  auto u16 = [&](size_t at) { return static_cast<int>(static_cast<uint8_t>(b[at]) | static_cast<uint8_t>(b[at + 1]) << 8); };
  auto u32 = [&](size_t at) { return static_cast<uint32_t>(u16(at)) | static_cast<uint32_t>(u16(at + 2)) << 16; };
  WavFormat w;
  for (size_t at = 12; at + 8 <= b.size();) {
    const std::string id = b.substr(at, 4);
    const uint32_t size = u32(at + 4);
    if (id == "fmt ") {
      w.channels = u16(at + 10);
      w.rate = static_cast<int>(u32(at + 12));
      w.bits = u16(at + 22);
    } else if (id == "data" && w.channels > 0) {
      w.frames = std::min<size_t>(size, b.size() - at - 8) / (w.channels * w.bits / 8);
      return w;
    }
    at += 8 + size + (size & 1);
  }
  return std::nullopt;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class QueuePromptServiceTest : public AppFixture {
 protected:
  void SetUp() override {
    AppFixture::SetUp();
    prompts_dir_ = (dir_ / "prompts" / "queues").string();
    prompts_ = std::make_unique<QueuePromptService>(*rt_, prompts_dir_);
    ASSERT_TRUE(prompts_->load());
  }

  Result<QueuePrompt> put(const Caller& c, core::QueueId q, const std::string& kind, std::string bytes) {
    return call<QueuePrompt>([&](Reply<QueuePrompt> r) { prompts_->put(c, q, kind, std::move(bytes), std::move(r)); });
  }
  Result<void> remove(const Caller& c, core::QueueId q, const std::string& kind) {
    return call<void>([&](Reply<void> r) { prompts_->remove(c, q, kind, std::move(r)); });
  }
  Result<std::vector<QueuePrompt>> list(const Caller& c, core::QueueId q) {
    return call<std::vector<QueuePrompt>>([&](Reply<std::vector<QueuePrompt>> r) { prompts_->list(c, q, std::move(r)); });
  }
  Result<std::shared_ptr<const std::string>> wav(const Caller& c, core::QueueId q, const std::string& kind) {
    return call<std::shared_ptr<const std::string>>(
        [&](Reply<std::shared_ptr<const std::string>> r) { prompts_->wav(c, q, kind, std::move(r)); });
  }

  std::string prompts_dir_;
  std::unique_ptr<QueuePromptService> prompts_;
};

TEST_F(QueuePromptServiceTest, OnlyThoseWhoConfigureQueuesSetThem) {
  const std::string audio = wav_bytes(8000, 1, 1.0);
  for (const char* user : {"agent01", "lead.red", "quality", "wfm", "reporting"})
    EXPECT_TRUE(IsError(put(caller(user), kBilling, "greeting", audio), ErrorCode::kPermissionDenied, "")) << user;
  EXPECT_TRUE(IsError(put(integration(), kBilling, "greeting", audio), ErrorCode::kPermissionDenied, ""));
  EXPECT_TRUE(IsError(remove(caller("agent01"), kBilling, "greeting"), ErrorCode::kPermissionDenied, ""));
  EXPECT_FALSE(fs::exists(prompts_->path_of(kBilling, PromptKind::kGreeting)));
  EXPECT_EQ(prompts_->pcm(kBilling, "greeting"), nullptr);
  // reading the listing is for every role that reads configuration
  auto l = list(caller("agent01"), kBilling);
  ASSERT_TRUE(l) << l.error().message;
  EXPECT_FALSE((*l)[0].present);
}

TEST_F(QueuePromptServiceTest, AnUploadIsStoredAs8kHzMonoWithItsDuration) {
  const int64_t mark = last_audit_id();
  // 2.5 s at 16 kHz, stereo
  auto p = put(admin_, kSales, "music", wav_bytes(16000, 2, 2.5));
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->kind, PromptKind::kMusic);
  EXPECT_TRUE(p->present);
  EXPECT_NEAR(p->duration_ms, 2500, 5);
  EXPECT_EQ(p->updated_ms, now_ms());

  const std::string path = prompts_dir_ + "/queue-2-music.wav";
  ASSERT_EQ(prompts_->path_of(kSales, PromptKind::kMusic), path);
  auto f = wav_format(read_file(path));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->channels, 1);
  EXPECT_EQ(f->rate, 8000);
  EXPECT_EQ(f->bits, 16);
  EXPECT_NEAR(static_cast<double>(f->frames), 20000, 40);
  // nothing else is left in the folder (the upload's temporary file, the staged one)
  EXPECT_EQ(std::distance(fs::directory_iterator(prompts_dir_), fs::directory_iterator()), 1);

  // the preview is that file
  auto w = wav(caller("agent01"), kSales, "music");
  ASSERT_TRUE(w) << w.error().message;
  EXPECT_EQ(**w, read_file(path));

  auto l = list(admin_, kSales);
  ASSERT_TRUE(l);
  ASSERT_EQ(l->size(), 2u);
  EXPECT_EQ((*l)[0].kind, PromptKind::kGreeting);
  EXPECT_FALSE((*l)[0].present);
  EXPECT_EQ((*l)[1].kind, PromptKind::kMusic);
  EXPECT_TRUE((*l)[1].present);
  EXPECT_EQ((*l)[1].duration_ms, p->duration_ms);

  auto audit = audit_after(mark);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].actor, "admin");
  EXPECT_EQ(audit[0].action, "prompt.set");
  EXPECT_EQ(audit[0].target, "queue:sales");
  EXPECT_EQ(audit[0].detail, "music " + std::to_string(p->duration_ms) + " ms");
}

TEST_F(QueuePromptServiceTest, WhatIsNotAudioOrTooLongIsRefusedNamingAudio) {
  const int64_t mark = last_audit_id();
  EXPECT_TRUE(IsError(put(admin_, kBilling, "greeting", "this is not a sound file, just text"), ErrorCode::kInvalidArgument, "audio"));
  EXPECT_TRUE(IsError(put(admin_, kBilling, "greeting", ""), ErrorCode::kInvalidArgument, "audio"));
  // a greeting is at most 60 s; music at most 10 min
  EXPECT_TRUE(IsError(put(admin_, kBilling, "greeting", wav_bytes(8000, 1, 61)), ErrorCode::kInvalidArgument, "audio"));
  EXPECT_TRUE(IsError(put(admin_, kBilling, "music", wav_bytes(8000, 1, 601)), ErrorCode::kInvalidArgument, "audio"));
  // more than 10 MiB as uploaded
  EXPECT_TRUE(IsError(put(admin_, kBilling, "music", std::string(QueuePromptService::kMaxUploadBytes + 1, 'x')),
                      ErrorCode::kInvalidArgument, "audio"));
  // a message that does not show the server's paths
  auto r = put(admin_, kBilling, "greeting", "RIFF....WAVEnot really");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message.find(prompts_dir_), std::string::npos) << r.error().message;

  EXPECT_TRUE(IsError(put(admin_, kBilling, "welcome", wav_bytes(8000, 1, 1)), ErrorCode::kInvalidArgument, "kind"));
  EXPECT_TRUE(IsError(put(admin_, 99, "greeting", wav_bytes(8000, 1, 1)), ErrorCode::kNotFound, "queue"));
  EXPECT_TRUE(IsError(list(admin_, 99), ErrorCode::kNotFound, "queue"));

  // the 60 s greeting and the 10 min music are accepted
  EXPECT_TRUE(put(admin_, kBilling, "greeting", wav_bytes(8000, 1, 60)));
  auto m = put(admin_, kBilling, "music", wav_bytes(8000, 1, 600));
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->duration_ms, 600'000);
  EXPECT_EQ(audit_after(mark, "prompt.set").size(), 2u);  // refusals are not audited
  EXPECT_EQ(std::distance(fs::directory_iterator(prompts_dir_), fs::directory_iterator()), 2);
}

TEST_F(QueuePromptServiceTest, RemoveDeletesTheFileAndIsAudited) {
  ASSERT_TRUE(put(admin_, kTech, "greeting", wav_bytes(8000, 1, 1)));
  const int64_t mark = last_audit_id();
  ASSERT_TRUE(remove(admin_, kTech, "greeting"));
  EXPECT_FALSE(fs::exists(prompts_->path_of(kTech, PromptKind::kGreeting)));
  auto l = list(admin_, kTech);
  ASSERT_TRUE(l);
  EXPECT_FALSE((*l)[0].present);
  EXPECT_EQ((*l)[0].duration_ms, 0);
  EXPECT_TRUE(IsError(wav(admin_, kTech, "greeting"), ErrorCode::kNotFound, "kind"));
  // again: nothing to remove
  EXPECT_TRUE(IsError(remove(admin_, kTech, "greeting"), ErrorCode::kNotFound, "kind"));
  auto audit = audit_after(mark);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "prompt.remove");
  EXPECT_EQ(audit[0].target, "queue:tech");
  EXPECT_EQ(audit[0].detail, "greeting");
}

TEST_F(QueuePromptServiceTest, PcmFollowsPutAndRemoveAndTheFilesAtStart) {
  EXPECT_EQ(prompts_->pcm(kBilling, "greeting"), nullptr);
  ASSERT_TRUE(put(admin_, kBilling, "greeting", wav_bytes(8000, 1, 1.0)));
  auto first = prompts_->pcm(kBilling, "greeting");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->size(), 8000u);
  EXPECT_EQ(prompts_->pcm(kBilling, "music"), nullptr);
  EXPECT_EQ(prompts_->pcm(kTech, "greeting"), nullptr);
  EXPECT_EQ(prompts_->pcm(kBilling, "nonsense"), nullptr);

  // a new upload replaces it; the buffer held before stays as it was
  ASSERT_TRUE(put(admin_, kBilling, "greeting", wav_bytes(44100, 2, 2.0)));
  auto second = prompts_->pcm(kBilling, "greeting");
  ASSERT_NE(second, nullptr);
  EXPECT_NEAR(static_cast<double>(second->size()), 16000, 80);
  EXPECT_EQ(first->size(), 8000u);

  ASSERT_TRUE(put(admin_, kSales, "music", wav_bytes(8000, 1, 3.0)));
  // a service started on the same folder finds both, with the files' times
  QueuePromptService restarted(*rt_, prompts_dir_);
  ASSERT_TRUE(restarted.load());
  auto again = restarted.pcm(kBilling, "greeting");
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(*again, *second);
  ASSERT_NE(restarted.pcm(kSales, "music"), nullptr);
  EXPECT_EQ(restarted.pcm(kSales, "music")->size(), 24000u);
  auto l = call<std::vector<QueuePrompt>>([&](Reply<std::vector<QueuePrompt>> r) { restarted.list(admin_, kSales, std::move(r)); });
  ASSERT_TRUE(l);
  EXPECT_TRUE((*l)[1].present);
  EXPECT_GT((*l)[1].updated_ms, 0);

  ASSERT_TRUE(remove(admin_, kBilling, "greeting"));
  EXPECT_EQ(prompts_->pcm(kBilling, "greeting"), nullptr);
  EXPECT_NE(second, nullptr);  // still held by whoever plays it
}

TEST_F(QueuePromptServiceTest, LoadSkipsBrokenFilesAndClearsLeftovers) {
  fs::create_directories(prompts_dir_);
  std::ofstream(prompts_dir_ + "/queue-1-greeting.wav") << "broken";
  std::ofstream(prompts_dir_ + "/upload-7.tmp") << "left by a crash";
  std::ofstream(prompts_dir_ + "/queue-1-music.wav.3.new") << "left by a crash";
  std::ofstream(prompts_dir_ + "/notes.txt") << "not ours to touch";
  QueuePromptService s(*rt_, prompts_dir_);
  auto r = s.load();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "voice.prompts_dir");
  EXPECT_EQ(s.pcm(kTech, "greeting"), nullptr);
  EXPECT_FALSE(fs::exists(prompts_dir_ + "/upload-7.tmp"));
  EXPECT_FALSE(fs::exists(prompts_dir_ + "/queue-1-music.wav.3.new"));
  EXPECT_TRUE(fs::exists(prompts_dir_ + "/notes.txt"));
  // a folder that does not exist yet: no prompts, no error
  QueuePromptService none(*rt_, (dir_ / "nowhere").string());
  EXPECT_TRUE(none.load());
}

}  // namespace
}  // namespace switchyard::app::testing
