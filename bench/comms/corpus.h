#pragma once
// Synthetic text for the comms search benchmarks (kb_search_bench, chat_search_bench):
// deterministic (splitmix64), words and Chinese characters drawn Zipf-like, and the throwaway
// PostgreSQL server both fill. Bench-only.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "storage/pg_harness.h"

namespace switchyard::bench {

inline uint64_t splitmix(uint64_t& s) {
  uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// A rank in [0, n) with weight 1/(i+1): the inverse CDF approximated by exp(u * ln(n)) - 1.
inline size_t zipf(uint64_t& s, size_t n) {
  const double u = static_cast<double>(splitmix(s) >> 11) / 9007199254740992.0;
  const size_t i = static_cast<size_t>(std::exp(u * std::log(static_cast<double>(n)))) - 1;
  return i < n ? i : n - 1;
}

// Word i of a made-up vocabulary: "w" + base-26 letters of i (the benches give their first
// ranks real words).
inline std::string synthetic_word(size_t i) {
  std::string w = "w";
  for (size_t n = i; n > 0; n /= 26) w += static_cast<char>('a' + n % 26);
  return w;
}

// Character i of 500 Chinese ones: the most common first, then a run of the Unified Ideographs.
inline std::string chinese_char(size_t i) {
  static const char* kCommon = "的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生自会那后能对着事其里所去行过家十用发天如然作方成者多日都三小军二无同么经法当起与好看学进种将还分此心前面又定见只主没公从知";
  const size_t n = std::strlen(kCommon) / 3;  // each is 3 bytes of UTF-8
  if (i < n) return std::string(kCommon + 3 * i, 3);
  const char32_t cp = 0x4E00 + static_cast<char32_t>(i * 7);
  std::string s;
  s += static_cast<char>(0xE0 | (cp >> 12));
  s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  s += static_cast<char>(0x80 | (cp & 0x3F));
  return s;
}

// The process's throwaway PostgreSQL server, started on first use (exits on failure).
inline storage::testing::PgServer* pg_server(const char* bench) {
  static std::unique_ptr<storage::testing::PgServer> server = [bench] {
    auto s = storage::testing::PgServer::start({});
    if (!s) {
      std::fprintf(stderr, "%s: %s\n", bench, s.error().message.c_str());
      std::exit(1);
    }
    return std::move(*s);
  }();
  return server.get();
}

// Times `search()` (a Result of a vector) once per iteration; the counter "found" is the size of
// the last answer, and an error ends the benchmark with its message.
template <typename Search>
void time_search(benchmark::State& state, Search search) {
  size_t found = 0;
  for (auto _ : state) {
    auto r = search();
    if (!r) {
      state.SkipWithError(r.error().message.c_str());
      return;
    }
    found = r->size();
    benchmark::DoNotOptimize(r->data());
  }
  state.counters["found"] = static_cast<double>(found);
}

}  // namespace switchyard::bench
