// The energy detector's utterances, recordings read by channel, and the
// pocketsphinx decoder on espeak-ng speech with known text (times included).
#include "speech/transcriber.h"

#include <gtest/gtest.h>
#include <sndfile.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <numbers>

#include "speech/speech_test_util.h"

namespace switchyard::speech {
namespace {

using testing::silence;
using testing::speak;

std::vector<int16_t> tone(int64_t ms, double amplitude = 3000) {
  std::vector<int16_t> out(static_cast<size_t>(ms * 8));
  for (size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<int16_t>(amplitude * std::sin(2 * std::numbers::pi * 440.0 * double(i) / 8000));
  return out;
}

void append(std::vector<int16_t>& to, const std::vector<int16_t>& more) { to.insert(to.end(), more.begin(), more.end()); }

TEST(SpeechRegionsTest, SpeechWithContextSilenceLeftOutShortGapsBridged) {
  std::vector<int16_t> pcm = silence(1000);
  append(pcm, tone(2000));     // 1000..3000
  append(pcm, silence(2000));  // a real pause
  append(pcm, tone(200));      // 5000..5200
  append(pcm, silence(300));   // bridged
  append(pcm, tone(200));      // 5500..5700
  append(pcm, silence(3000));
  auto r = speech_regions(pcm, 8000, 150);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0], (Region{700 * 8, 3300 * 8}));  // 300 ms of context each side
  EXPECT_EQ(r[1], (Region{4700 * 8, 6000 * 8}));
  // quieter than the threshold: nothing to decode
  EXPECT_TRUE(speech_regions(tone(2000, 100), 8000, 150).empty());
}

TEST(SpeechRegionsTest, LongSpeechIsCutIntoUtterancesOfAtMostThirtySeconds) {
  std::vector<int16_t> pcm;
  for (int i = 0; i < 14; ++i) {  // 70 s: 4.6 s of tone, 400 ms quieter
    append(pcm, tone(4600));
    append(pcm, tone(400, 1000));
  }
  auto r = speech_regions(pcm, 8000, 150);
  ASSERT_GE(r.size(), 3u);
  EXPECT_EQ(r.front().start, 0u);
  EXPECT_EQ(r.back().end, pcm.size());
  for (size_t i = 0; i < r.size(); ++i) {
    EXPECT_LE(r[i].end - r[i].start, 30u * 8000) << i;
    if (i > 0) {
      EXPECT_EQ(r[i].start, r[i - 1].end) << i;  // cut, nothing lost
    }
  }
  // cut at a quiet stretch (4.6 s + k * 5 s .. + 400 ms), not in the middle of the tone
  const size_t at = (r[0].end - 1) % (5000 * 8);  // the last sample before the cut
  EXPECT_GE(at, 4600u * 8);
}

class TranscriberTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto t = Transcriber::open(TranscriberOptions{});
    ASSERT_TRUE(t) << t.error().message;
    transcriber_ = new Transcriber(std::move(*t));
  }
  static void TearDownTestSuite() {
    delete transcriber_;
    transcriber_ = nullptr;
  }
  static Transcriber* transcriber_;
};
Transcriber* TranscriberTest::transcriber_ = nullptr;

TEST_F(TranscriberTest, FindsTheWordsOfASentenceWithTheirTimes) {
  std::vector<int16_t> speech = speak("I want to cancel my order");
  ASSERT_FALSE(speech.empty());
  std::vector<int16_t> pcm = silence(2000);
  append(pcm, speech);
  append(pcm, silence(1000));
  std::vector<double> progress;
  auto words = transcriber_->transcribe(pcm, [&](double p) {
    progress.push_back(p);
    return true;
  });
  ASSERT_TRUE(words) << words.error().message;
  std::string text;
  for (const Word& w : *words) text += w.word + " ";
  SCOPED_TRACE(text);
  auto cancel = std::find_if(words->begin(), words->end(), [](const Word& w) { return w.word == "cancel"; });
  ASSERT_NE(cancel, words->end());
  // after the 2 s of silence, inside the speech
  const int64_t speech_end_ms = 2000 + static_cast<int64_t>(speech.size()) / 8;
  EXPECT_GE(cancel->start_ms, 2000);
  EXPECT_LT(cancel->start_ms, cancel->end_ms);
  EXPECT_LE(cancel->end_ms, speech_end_ms);
  for (size_t i = 1; i < words->size(); ++i) EXPECT_LE((*words)[i - 1].start_ms, (*words)[i].start_ms);
  for (const Word& w : *words) EXPECT_TRUE(w.word.find_first_of("<[(") == std::string::npos) << w.word;
  ASSERT_FALSE(progress.empty());
  EXPECT_DOUBLE_EQ(progress.back(), 1.0);
  EXPECT_TRUE(std::is_sorted(progress.begin(), progress.end()));
}

TEST_F(TranscriberTest, SilenceHasNoWords) {
  auto words = transcriber_->transcribe(silence(3000));
  ASSERT_TRUE(words);
  EXPECT_TRUE(words->empty());
}

TEST_F(TranscriberTest, ProgressCanStopIt) {
  std::vector<int16_t> pcm = speak("hello");
  ASSERT_FALSE(pcm.empty());
  auto words = transcriber_->transcribe(pcm, [](double) { return false; });
  ASSERT_FALSE(words);
  EXPECT_EQ(words.error().code, ErrorCode::kUnavailable);
}

TEST(TranscriberOpenTest, AMissingModelNamesTheModelDir) {
  TranscriberOptions o;
  o.model_dir = "/nonexistent/model";
  auto t = Transcriber::open(o);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(t.error().field, "model_dir");
}

TEST(LoadRecordingTest, LeftIsTheCustomerRightTheAgent) {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("switchyard_rec_" + std::to_string(::getpid()) + ".wav")).string();
  SF_INFO info{};
  info.samplerate = 8000;
  info.channels = 2;
  info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  SNDFILE* f = sf_open(path.c_str(), SFM_WRITE, &info);
  ASSERT_NE(f, nullptr);
  std::vector<int16_t> frames;
  for (int i = 0; i < 1600; ++i) {
    frames.push_back(static_cast<int16_t>(i));
    frames.push_back(static_cast<int16_t>(-i));
  }
  sf_writef_short(f, frames.data(), 1600);
  sf_close(f);
  auto r = load_recording(path);
  std::filesystem::remove(path);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->duration_ms, 200);
  ASSERT_EQ(r->customer.size(), 1600u);
  ASSERT_EQ(r->agent.size(), 1600u);
  EXPECT_EQ(r->customer[7], 7);
  EXPECT_EQ(r->agent[7], -7);
  auto missing = load_recording(path);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace switchyard::speech
