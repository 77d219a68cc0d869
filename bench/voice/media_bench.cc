// The voice media work per call, on one core (bench/RESULTS.md, issue 10):
// prompts (espeak-ng synthesis, a cache hit, hold music), the supervisor's
// conference (three jitter buffers and the mixes, per 20 ms tick) and the
// noise suppressor (per 20 ms packet). `voice_media_bench` (Google Benchmark).
#include <benchmark/benchmark.h>

#include <cmath>
#include <filesystem>
#include <vector>

#include "voice/media/denoise.h"
#include "voice/media/mixer.h"
#include "voice/media/prompt.h"

namespace {

using namespace switchyard::voice::media;

void BM_SynthesizeEnglish(benchmark::State& state) {
  for (auto _ : state) {
    auto pcm = synthesize("en", "You are number 3 in line. The expected wait is about 2 minutes.");
    benchmark::DoNotOptimize(pcm);
  }
}
BENCHMARK(BM_SynthesizeEnglish)->Unit(benchmark::kMillisecond);

void BM_SynthesizeMandarin(benchmark::State& state) {
  for (auto _ : state) {
    auto pcm = synthesize("zh", "您排在第3位，预计等待约2分钟。");
    benchmark::DoNotOptimize(pcm);
  }
}
BENCHMARK(BM_SynthesizeMandarin)->Unit(benchmark::kMillisecond);

void BM_PromptCacheHit(benchmark::State& state) {
  PromptCache cache("");  // memory only
  (void)cache.get("en", "You are next in line.");
  for (auto _ : state) benchmark::DoNotOptimize(cache.get("en", "You are next in line."));
}
BENCHMARK(BM_PromptCacheHit);

void BM_HoldMusicMinute(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(hold_music(60));
}
BENCHMARK(BM_HoldMusicMinute)->Unit(benchmark::kMillisecond);

// One 20 ms tick of a barged call: three parties push a packet each, the
// conference pulls and mixes three destinations.
void BM_ConferenceTick(benchmark::State& state) {
  Conference c(3);
  c.set_hears(supervisor_hears(SupervisorMode::kBarge));
  std::vector<int16_t> pcm(160);
  for (size_t i = 0; i < pcm.size(); ++i) pcm[i] = static_cast<int16_t>(3000 * std::sin(i * 0.3));
  int64_t now = 0;
  uint32_t ts = 0;
  for (auto _ : state) {
    for (size_t p = 0; p < 3; ++p) c.push(p, ts, pcm, now);
    c.tick(now);
    benchmark::DoNotOptimize(c.frame(0).data());
    now += 160;
    ts += 160;
  }
}
BENCHMARK(BM_ConferenceTick);

void BM_Denoise20ms(benchmark::State& state) {
  auto ns = NoiseSuppressor::make(80, -25);
  std::vector<int16_t> pcm(160);
  uint32_t x = 1;
  for (auto _ : state) {
    for (auto& v : pcm) {
      x = x * 1664525u + 1013904223u;
      v = static_cast<int16_t>(static_cast<int32_t>(x >> 16) % 2000 - 1000);
    }
    ns->process(pcm);
    benchmark::DoNotOptimize(pcm.data());
  }
}
BENCHMARK(BM_Denoise20ms);

}  // namespace

BENCHMARK_MAIN();
