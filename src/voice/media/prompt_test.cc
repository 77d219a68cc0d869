#include "voice/media/prompt.h"

#include <gtest/gtest.h>
#include <sndfile.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <thread>

namespace switchyard::voice::media {
namespace {

namespace fs = std::filesystem;

double rms_dbfs(std::span<const int16_t> x) {
  double sum = 0;
  for (int16_t v : x) sum += static_cast<double>(v) * v;
  return 20 * std::log10(std::sqrt(sum / static_cast<double>(x.size())) / 32768.0);
}

int peak_of(std::span<const int16_t> x) {
  int peak = 0;
  for (int16_t v : x) peak = std::max(peak, std::abs(static_cast<int>(v)));
  return peak;
}

double seconds_of(std::span<const int16_t> x) {
  return static_cast<double>(x.size()) / kPromptRateHz;
}

// A folder of this test's own (tests run in parallel), removed afterwards.
class PromptTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("switchyard_prompt_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string file(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

// ---- phrases ---------------------------------------------------------------

TEST(PromptPhrases, Languages) {
  EXPECT_EQ(parse_lang("en"), Lang::kEn);
  EXPECT_EQ(parse_lang("zh"), Lang::kZh);
  for (std::string_view bad : {"", "EN", "en-us", "cmn", "fr"}) {
    auto l = parse_lang(bad);
    ASSERT_FALSE(l) << bad;
    EXPECT_EQ(l.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(l.error().field, "lang");
  }
  EXPECT_EQ(to_string(Lang::kZh), "zh");
}

TEST(PromptPhrases, PositionAndWait) {
  const auto en = [](uint32_t pos, std::optional<int64_t> ms) {
    return position_phrase(Lang::kEn, pos, ms);
  };
  EXPECT_EQ(en(1, std::nullopt), "You are next in line.");
  EXPECT_EQ(en(0, std::nullopt), "You are next in line.");
  EXPECT_EQ(en(3, std::nullopt), "You are number 3 in line.");
  EXPECT_EQ(en(3, 90'000), "You are number 3 in line. The expected wait is about 2 minutes.");
  EXPECT_EQ(en(1, 0), "You are next in line. The expected wait is less than a minute.");
  EXPECT_EQ(en(2, -5), "You are number 2 in line. The expected wait is less than a minute.");
  EXPECT_EQ(en(2, 59'999), "You are number 2 in line. The expected wait is less than a minute.");
  EXPECT_EQ(en(2, 60'000), "You are number 2 in line. The expected wait is about 1 minute.");
  EXPECT_EQ(en(2, 60'001), "You are number 2 in line. The expected wait is about 2 minutes.");
  EXPECT_EQ(en(2, 120'000), "You are number 2 in line. The expected wait is about 2 minutes.");
  EXPECT_EQ(en(2, 3'600'000), "You are number 2 in line. The expected wait is about 60 minutes.");
  EXPECT_EQ(en(2, 3'600'001), "You are number 2 in line. The expected wait is more than an hour.");
  EXPECT_EQ(en(4'000'000'000u, 7 * 3'600'000),
            "You are number 4000000000 in line. The expected wait is more than an hour.");

  const auto zh = [](uint32_t pos, std::optional<int64_t> ms) {
    return position_phrase(Lang::kZh, pos, ms);
  };
  EXPECT_EQ(zh(1, std::nullopt), "下一位就是您。");
  EXPECT_EQ(zh(3, std::nullopt), "您排在第3位。");
  EXPECT_EQ(zh(3, 59'999), "您排在第3位。预计等待不到1分钟。");
  EXPECT_EQ(zh(3, 60'000), "您排在第3位。预计等待约1分钟。");
  EXPECT_EQ(zh(3, 60'001), "您排在第3位。预计等待约2分钟。");
  EXPECT_EQ(zh(12, 3'600'001), "您排在第12位。预计等待超过1小时。");
}

TEST(PromptPhrases, Others) {
  EXPECT_EQ(recording_notice(Lang::kEn), "This call may be recorded for quality and training.");
  EXPECT_EQ(recording_notice(Lang::kZh), "您的通话可能会被录音，用于服务质量和培训。");
  EXPECT_EQ(callback_offer(Lang::kEn, '1'),
            "To be called back instead, keeping your place in line, press 1.");
  EXPECT_EQ(callback_offer(Lang::kEn, '#'),
            "To be called back instead, keeping your place in line, press pound.");
  EXPECT_EQ(callback_offer(Lang::kZh, '2'), "如需回电并保留您的排队位置，请按2。");
  EXPECT_EQ(callback_offer(Lang::kZh, '*'), "如需回电并保留您的排队位置，请按星号键。");
  for (char bad : {'a', 'A', ' ', '\0'}) {
    auto r = callback_offer(Lang::kEn, bad);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "digit");
  }
  EXPECT_EQ(callback_confirmed(Lang::kEn),
            "Thank you. We will call you back when it is your turn. Goodbye.");
  EXPECT_EQ(callback_confirmed(Lang::kZh), "谢谢。轮到您时我们会给您回电。再见。");
  EXPECT_EQ(menu_invalid(Lang::kEn), "Sorry, that is not a valid choice.");
  EXPECT_EQ(menu_invalid(Lang::kZh), "抱歉，您的选择无效。");
}

// ---- synthesis -------------------------------------------------------------

TEST(PromptSynthesize, EnglishSentenceIsSpeechOfPlausibleLengthAndLevel) {
  // 10 words: at 160 words per minute about 4 s with pauses.
  auto pcm = synthesize("en", "This call may be recorded for quality and training purposes.");
  ASSERT_TRUE(pcm) << pcm.error().message;
  EXPECT_GT(seconds_of(*pcm), 1.5);
  EXPECT_LT(seconds_of(*pcm), 6.0);
  // Level: RMS -20 dBFS unless the -1 dBFS peak limit lowered it.
  EXPECT_LE(peak_of(*pcm), 29300);
  EXPECT_GT(rms_dbfs(*pcm), -26.0);
  EXPECT_LT(rms_dbfs(*pcm), -19.9);
  // Speech has pauses: some 20 ms frames are far quieter than the loudest.
  size_t quiet = 0, frames = 0;
  for (size_t i = 0; i + 160 <= pcm->size(); i += 160, ++frames) {
    if (rms_dbfs(std::span(*pcm).subspan(i, 160)) < -45) ++quiet;
  }
  EXPECT_GT(quiet, frames / 20);
  EXPECT_LT(quiet, frames / 2);

  auto longer = synthesize("en",
                           "This call may be recorded for quality and training purposes. "
                           "Please stay on the line and the next available agent will be with you.");
  ASSERT_TRUE(longer);
  EXPECT_GT(seconds_of(*longer), seconds_of(*pcm) + 2.0);
}

TEST(PromptSynthesize, MandarinReadsCharactersAndDigits) {
  auto pcm = synthesize("zh", recording_notice(Lang::kZh));
  ASSERT_TRUE(pcm) << pcm.error().message;
  // 20 syllables.
  EXPECT_GT(seconds_of(*pcm), 2.0);
  EXPECT_LT(seconds_of(*pcm), 9.0);
  EXPECT_GT(rms_dbfs(*pcm), -26.0);
  auto digits = synthesize("zh", "您排在第3位。");
  ASSERT_TRUE(digits);
  EXPECT_GT(seconds_of(*digits), 0.8);
  EXPECT_LT(seconds_of(*digits), seconds_of(*pcm));
}

TEST(PromptSynthesize, SameTextAboutTheSameAudio) {
  // espeak-ng keeps state from one utterance to the next (Debian's 1.51), so
  // one text is not the same samples twice: about the same length and level.
  auto a = synthesize("en", "Goodbye.");
  auto b = synthesize("en", "Goodbye.");
  ASSERT_TRUE(a && b);
  EXPECT_NEAR(static_cast<double>(a->size()), static_cast<double>(b->size()), 80.0);
  EXPECT_NEAR(rms_dbfs(*a), rms_dbfs(*b), 1.0);
}

TEST(PromptSynthesize, RefusesBadLanguageAndText) {
  auto lang = synthesize("de", "Hallo");
  ASSERT_FALSE(lang);
  EXPECT_EQ(lang.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(lang.error().field, "lang");
  for (const std::string& text :
       {std::string(), std::string(kMaxPromptTextBytes + 1, 'a'), std::string("caf\xC3"),
        std::string("a\0b", 3), std::string("\xC0\xAF")}) {
    auto r = synthesize("en", text);
    ASSERT_FALSE(r) << text.size();
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().field, "text");
  }
}

// ---- files -----------------------------------------------------------------

// Writes `frames` frames of `channels` channels at `rate` as a float WAV;
// fill(frame, channel) gives the sample.
template <typename Fill>
void write_float_wav(const std::string& path, int rate, int channels, size_t frames, Fill fill) {
  SF_INFO info{};
  info.samplerate = rate;
  info.channels = channels;
  info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
  SNDFILE* f = sf_open(path.c_str(), SFM_WRITE, &info);
  ASSERT_NE(f, nullptr) << sf_strerror(nullptr);
  std::vector<float> data(frames * static_cast<size_t>(channels));
  for (size_t i = 0; i < frames; ++i) {
    for (int c = 0; c < channels; ++c) data[i * static_cast<size_t>(channels) + static_cast<size_t>(c)] = fill(i, c);
  }
  ASSERT_EQ(sf_writef_float(f, data.data(), static_cast<sf_count_t>(frames)),
            static_cast<sf_count_t>(frames));
  sf_close(f);
}

TEST_F(PromptTest, LoadAudioMixesDownAndResamples) {
  // 0.5 s of 1 kHz at 16 kHz, stereo float: the left channel at half scale,
  // the right silent, so the mono mix is at a quarter of full scale.
  const std::string path = file("tone.wav");
  write_float_wav(path, 16000, 2, 8000, [](size_t i, int c) {
    return c == 0 ? static_cast<float>(0.5 * std::sin(2 * std::numbers::pi * 1000 * i / 16000.0))
                  : 0.0f;
  });
  auto pcm = load_audio(path);
  ASSERT_TRUE(pcm) << pcm.error().message;
  EXPECT_EQ(pcm->size(), 4000u);
  // Away from the edges (the filter's ramps): frequency from the zero
  // crossings, and the level.
  const auto mid = std::span(*pcm).subspan(400, 3200);  // 0.4 s
  int crossings = 0;
  for (size_t i = 1; i < mid.size(); ++i) {
    if ((mid[i - 1] < 0) != (mid[i] < 0)) ++crossings;
  }
  EXPECT_NEAR(crossings / 2.0 / 0.4, 1000.0, 10.0);
  EXPECT_NEAR(peak_of(mid), 8192, 400);
}

TEST_F(PromptTest, LoadAudioClipsOverloudFloat) {
  const std::string path = file("loud.wav");
  write_float_wav(path, 8000, 1, 800, [](size_t i, int) {
    return i % 2 ? 3.0f : std::nanf("");
  });
  auto pcm = load_audio(path);
  ASSERT_TRUE(pcm) << pcm.error().message;
  ASSERT_EQ(pcm->size(), 800u);
  EXPECT_EQ((*pcm)[1], 32767);
  EXPECT_EQ((*pcm)[0], 0);
}

TEST_F(PromptTest, LoadAudioRefusesWhatIsNotAudio) {
  const std::string text = file("notes.wav");
  std::ofstream(text) << "this is not a sound file\n";
  for (const std::string& path : {text, file("missing.wav")}) {
    auto r = load_audio(path);
    ASSERT_FALSE(r) << path;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().field, "audio");
    EXPECT_NE(r.error().message.find(path), std::string::npos) << r.error().message;
  }
}

TEST_F(PromptTest, LoadAudioRefusesMoreThanTenMinutes) {
  // 601 s at 1000 Hz: small to write, long to play.
  const std::string path = file("long.wav");
  write_float_wav(path, 1000, 1, 601'000, [](size_t, int) { return 0.0f; });
  auto r = load_audio(path);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "audio");
  EXPECT_NE(r.error().message.find("10 minutes"), std::string::npos) << r.error().message;

  write_float_wav(path, 1000, 1, 600'000, [](size_t, int) { return 0.0f; });
  auto ok = load_audio(path);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->size(), 600u * 8000);
}

TEST_F(PromptTest, SaveAudioWritesEightKilohertzMonoAndLoadsBackExactly) {
  std::vector<int16_t> pcm(1234);
  for (size_t i = 0; i < pcm.size(); ++i) pcm[i] = static_cast<int16_t>((i * 7919) % 65536 - 32768);
  const std::string path = file("prompt.wav");
  ASSERT_TRUE(save_audio(path, pcm));
  EXPECT_FALSE(fs::exists(path + ".tmp"));
  SF_INFO info{};
  SNDFILE* f = sf_open(path.c_str(), SFM_READ, &info);
  ASSERT_NE(f, nullptr);
  sf_close(f);
  EXPECT_EQ(info.samplerate, 8000);
  EXPECT_EQ(info.channels, 1);
  EXPECT_EQ(info.format, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
  auto back = load_audio(path);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, pcm);

  auto bad = save_audio(file("no/such/dir/x.wav"), pcm);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInternal);
}

// ---- cache -----------------------------------------------------------------

TEST_F(PromptTest, CacheHitsMemoryThenDisk) {
  const std::string dir = file("cache");  // created by the cache
  std::vector<int16_t> first;
  {
    PromptCache cache(dir);
    auto a = cache.get("en", "Please hold.");
    ASSERT_TRUE(a) << a.error().message;
    auto b = cache.get("en", "Please hold.");
    ASSERT_TRUE(b);
    EXPECT_EQ(a->get(), b->get());  // the same buffer
    EXPECT_EQ(cache.stats().synthesized, 1u);
    EXPECT_EQ(cache.stats().memory_hits, 1u);
    EXPECT_EQ(cache.stats().disk_hits, 0u);
    EXPECT_EQ(cache.memory_used(), (*a)->size() * 2);
    EXPECT_TRUE(fs::exists(cache.path_for("en", "Please hold.")));
    first = **a;
  }
  PromptCache again(dir);
  auto c = again.get("en", "Please hold.");
  ASSERT_TRUE(c);
  EXPECT_EQ(**c, first);
  EXPECT_EQ(again.stats().disk_hits, 1u);
  EXPECT_EQ(again.stats().synthesized, 0u);
  // Another language or text is another prompt.
  ASSERT_TRUE(again.get("zh", "Please hold."));
  EXPECT_EQ(again.stats().synthesized, 1u);
  EXPECT_NE(again.path_for("en", "Please hold."), again.path_for("zh", "Please hold."));
  // Nothing but the two prompts in the folder (no temporary files).
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 2);
}

TEST_F(PromptTest, CacheSynthesizesOverABrokenFile) {
  const std::string dir = file("cache");
  PromptCache cache(dir);
  fs::create_directories(dir);
  std::ofstream(cache.path_for("en", "Goodbye.")) << "garbage";
  auto a = cache.get("en", "Goodbye.");
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(cache.stats().synthesized, 1u);
  EXPECT_EQ(cache.stats().disk_hits, 0u);
  auto fixed = load_audio(cache.path_for("en", "Goodbye."));
  ASSERT_TRUE(fixed);
  EXPECT_EQ(*fixed, **a);
}

TEST(PromptCacheMemory, EvictsLeastRecentlyUsedBeyondTheBound) {
  auto one = synthesize("en", "Press one.");
  auto two = synthesize("en", "Press two.");
  ASSERT_TRUE(one && two);
  // Room for either prompt, not for both.
  const size_t bound = 2 * std::max(one->size(), two->size()) + std::min(one->size(), two->size());
  PromptCache cache("", bound);
  auto first = cache.get("en", "Press one.");
  ASSERT_TRUE(first);
  ASSERT_TRUE(cache.get("en", "Press two."));  // evicts "one"
  EXPECT_LE(cache.memory_used(), bound);
  ASSERT_TRUE(cache.get("en", "Press two."));
  EXPECT_EQ(cache.stats().memory_hits, 1u);
  auto again = cache.get("en", "Press one.");  // synthesized again (no disk)
  ASSERT_TRUE(again);
  EXPECT_NE(again->get(), first->get());
  EXPECT_EQ(cache.stats().synthesized, 3u);
  EXPECT_EQ(cache.stats().memory_hits, 1u);
  EXPECT_EQ(cache.memory_used(), (*again)->size() * 2);  // "two" evicted in turn

  // Larger than the whole bound: returned, not kept.
  PromptCache tiny("", 100);
  auto big = tiny.get("en", "Press one.");
  ASSERT_TRUE(big);
  EXPECT_GT((*big)->size(), 100u);
  EXPECT_EQ(tiny.memory_used(), 0u);
  ASSERT_TRUE(tiny.get("en", "Press one."));
  EXPECT_EQ(tiny.stats().synthesized, 2u);
}

TEST_F(PromptTest, CacheFromManyThreads) {
  const std::string dir = file("cache");
  PromptCache cache(dir);
  std::vector<std::vector<int16_t>> got(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < got.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 3; ++i) {
        auto p = cache.get(t % 2 ? "en" : "zh", t % 2 ? "One moment." : "请稍候。");
        if (p) got[t] = **p;
      }
    });
  }
  for (auto& th : threads) th.join();
  // Two threads may both have synthesized a prompt (and espeak-ng's output
  // varies a little), so compare lengths, not samples.
  for (size_t t = 0; t < got.size(); ++t) {
    ASSERT_FALSE(got[t].empty()) << t;
    EXPECT_NEAR(static_cast<double>(got[t].size()), static_cast<double>(got[t % 2].size()), 200.0);
  }
  const auto s = cache.stats();
  EXPECT_EQ(s.memory_hits + s.disk_hits + s.synthesized, 12u);
  EXPECT_GE(s.synthesized, 2u);
  EXPECT_EQ(s.disk_errors, 0u);
  // One whole file per prompt, no temporary files left, and what is in
  // memory now is what a fresh cache reads from disk... or its twin.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 2);
  for (size_t t : {0, 1}) {
    const char* lang = t % 2 ? "en" : "zh";
    const char* text = t % 2 ? "One moment." : "请稍候。";
    auto file = load_audio(cache.path_for(lang, text));
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_NEAR(static_cast<double>(file->size()), static_cast<double>(got[t].size()), 200.0);
  }
}

TEST(PromptCacheMemory, RefusesBadInputLikeSynthesize) {
  PromptCache cache("");
  auto r = cache.get("xx", "hello");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "lang");
  r = cache.get("en", "");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "text");
}

// ---- hold music ------------------------------------------------------------

TEST(PromptHoldMusic, WholeCyclesAtTheLevelAndLoopsWithoutASeam) {
  const auto music = hold_music(24);
  ASSERT_EQ(music.size(), 24u * 8000);
  EXPECT_NEAR(rms_dbfs(music), -20.0, 0.1);
  EXPECT_LT(peak_of(music), 32767);  // not clipped
  // Looping, the step from the last sample to the first is like the steps
  // around it (a cut-off note or an unfinished chord would jump).
  const size_t n = music.size();
  const auto step = [&](size_t i) {  // from sample i - 1 to sample i, circularly
    return std::abs(music[i % n] - music[(i + n - 1) % n]);
  };
  int around = 0;
  for (size_t d = 1; d <= 3; ++d) around = std::max({around, step(n - d), step(n + d)});
  EXPECT_LE(step(n), around * 3 / 2 + 50) << music[n - 1] << " then " << music[0];
  // ... and as loud on both sides of the seam (no fade to silence, no note
  // that starts from nothing while the other side plays on).
  const double end_db = rms_dbfs(std::span(music).last(400));  // 50 ms
  const double start_db = rms_dbfs(std::span(music).first(400));
  EXPECT_NEAR(end_db, start_db, 3.0);
  EXPECT_GT(start_db, -30.0);
  // It plays throughout: no second is silent.
  for (size_t s = 0; s < 24; ++s) {
    EXPECT_GT(rms_dbfs(std::span(music).subspan(s * 8000, 8000)), -32.0) << s;
  }
  // Deterministic, and the two cycles are not copies (the bells differ).
  EXPECT_EQ(hold_music(24), music);
  EXPECT_FALSE(std::equal(music.begin(), music.begin() + 96000, music.begin() + 96000));

  EXPECT_EQ(hold_music(0).size(), 12u * 8000);
  EXPECT_EQ(hold_music(-3).size(), 12u * 8000);
  EXPECT_EQ(hold_music(std::nan("")).size(), 12u * 8000);
  EXPECT_EQ(hold_music(17).size(), 12u * 8000);  // rounded to the nearest cycle
  EXPECT_EQ(hold_music(19).size(), 24u * 8000);
}

TEST(PromptHoldMusic, AtMostTenMinutes) {
  EXPECT_EQ(hold_music(1e12).size(), 600u * 8000);
}

}  // namespace
}  // namespace switchyard::voice::media
