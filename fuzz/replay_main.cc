// A stand-in for libFuzzer's main() in builds without libFuzzer (g++): runs a
// fuzz target's LLVMFuzzerTestOneInput on every file of the corpus folders
// (or files) given on the command line, then on seeded pseudo-random
// mutations of them (bit flips, byte sets, inserts, deletes, truncations,
// duplications, splices), so ctest exercises each target deterministically
// in a few seconds.
//
//   fuzz_<name> <corpus folder or file>...
//   SWITCHYARD_FUZZ_RUNS     mutations to run (default 20000; 0 = corpus only)
//   SWITCHYARD_FUZZ_SEED     seed of the mutations (default 1)
//   SWITCHYARD_FUZZ_MAX_LEN  largest mutated input in bytes (default 16384)
//
// A crash (signal) first writes the input being run to
// fuzz-crash-<pid>.bin in the working folder; run the binary on that file to
// reproduce it (or the libFuzzer build of the same target).
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

using Bytes = std::vector<uint8_t>;

// The input being run, for the crash handler.
const uint8_t* g_current = nullptr;
size_t g_current_size = 0;
char g_crash_path[64];

void on_crash(int sig) {
  const int fd = ::open(g_crash_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0) {
    if (g_current && ::write(fd, g_current, g_current_size) < 0) {
      // Nothing more can be done in a signal handler.
    }
    ::close(fd);
  }
  static const char kMsg[] = "fuzz replay: crashed; input written to fuzz-crash-<pid>.bin\n";
  if (::write(2, kMsg, sizeof kMsg - 1) < 0) {
  }
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

void run(const Bytes& input) {
  // An exact-size heap copy, so that AddressSanitizer sees any read past the end.
  auto copy = std::make_unique<uint8_t[]>(input.size());
  std::copy(input.begin(), input.end(), copy.get());
  g_current = copy.get();
  g_current_size = input.size();
  LLVMFuzzerTestOneInput(copy.get(), input.size());
  g_current = nullptr;
}

class Rng {  // splitmix64: small, fast and the same everywhere
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(next() % n); }

 private:
  uint64_t s_;
};

// Bytes that matter in the formats fuzzed here (line ends, separators,
// digits, the extremes).
constexpr uint8_t kInteresting[] = {'\r', '\n', ' ',  '=',  ':',  '/',
                                    '0',  '9',  0x00, 0x7F, 0x80, 0xFF};

void mutate(Bytes& b, const std::vector<Bytes>& corpus, Rng& rng, size_t max_len) {
  const size_t ops = 1 + rng.below(4);
  for (size_t op = 0; op < ops; ++op) {
    const size_t pos = rng.below(b.size() + 1);
    switch (rng.below(8)) {
      case 0:  // flip one bit
        if (!b.empty()) b[rng.below(b.size())] ^= static_cast<uint8_t>(1u << rng.below(8));
        break;
      case 1:  // set one byte, random or interesting
        if (!b.empty()) {
          b[rng.below(b.size())] = rng.below(2) ? static_cast<uint8_t>(rng.next())
                                                : kInteresting[rng.below(sizeof kInteresting)];
        }
        break;
      case 2: {  // insert random bytes
        const size_t n = 1 + rng.below(8);
        for (size_t i = 0; i < n; ++i) {
          b.insert(b.begin() + static_cast<std::ptrdiff_t>(pos), static_cast<uint8_t>(rng.next()));
        }
        break;
      }
      case 3:  // insert an interesting byte
        b.insert(b.begin() + static_cast<std::ptrdiff_t>(pos),
                 kInteresting[rng.below(sizeof kInteresting)]);
        break;
      case 4: {  // delete a range
        const size_t n = std::min(b.size() - std::min(pos, b.size()), 1 + rng.below(16));
        b.erase(b.begin() + static_cast<std::ptrdiff_t>(pos),
                b.begin() + static_cast<std::ptrdiff_t>(pos + n));
        break;
      }
      case 5:  // truncate
        b.resize(pos);
        break;
      case 6: {  // duplicate a chunk of itself (repeated lines, growing past limits)
        if (b.empty()) break;
        const size_t from = rng.below(b.size());
        const size_t n = 1 + rng.below(std::min<size_t>(b.size() - from, 256));
        const Bytes chunk(b.begin() + static_cast<std::ptrdiff_t>(from),
                          b.begin() + static_cast<std::ptrdiff_t>(from + n));
        const size_t times = 1 + rng.below(rng.below(4) == 0 ? 64 : 2);
        for (size_t t = 0; t < times && b.size() < max_len; ++t) {
          b.insert(b.begin() + static_cast<std::ptrdiff_t>(pos), chunk.begin(), chunk.end());
        }
        break;
      }
      default: {  // splice: our prefix, another input's suffix
        const Bytes& other = corpus[rng.below(corpus.size())];
        const size_t from = rng.below(other.size() + 1);
        b.resize(pos);
        b.insert(b.end(), other.begin() + static_cast<std::ptrdiff_t>(from), other.end());
        break;
      }
    }
    if (b.size() > max_len) b.resize(max_len);
  }
}

uint64_t env_or(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::strtoull(v, nullptr, 10) : fallback;
}

bool read_file(const std::filesystem::path& p, std::vector<Bytes>& corpus) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  corpus.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::snprintf(g_crash_path, sizeof g_crash_path, "fuzz-crash-%d.bin",
                static_cast<int>(::getpid()));
  for (int sig : {SIGSEGV, SIGABRT, SIGFPE, SIGILL, SIGBUS}) std::signal(sig, on_crash);

  std::vector<Bytes> corpus;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path p(argv[i]);
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      std::vector<std::filesystem::path> files;
      for (const auto& e : std::filesystem::directory_iterator(p)) {
        if (e.is_regular_file()) files.push_back(e.path());
      }
      std::sort(files.begin(), files.end());  // a fixed order: the same run every time
      for (const auto& f : files) read_file(f, corpus);
    } else if (!read_file(p, corpus)) {
      std::fprintf(stderr, "%s: cannot read %s\n", argv[0], argv[i]);
      return 2;
    }
  }
  if (corpus.empty()) {
    std::fprintf(stderr, "usage: %s <corpus folder or file>... (no inputs found)\n", argv[0]);
    return 2;
  }

  const auto start = std::chrono::steady_clock::now();
  for (const Bytes& input : corpus) run(input);
  const uint64_t runs = env_or("SWITCHYARD_FUZZ_RUNS", 20000);
  const uint64_t seed = env_or("SWITCHYARD_FUZZ_SEED", 1);
  const size_t max_len = env_or("SWITCHYARD_FUZZ_MAX_LEN", 16384);
  Rng rng(seed);
  Bytes input;
  for (uint64_t i = 0; i < runs; ++i) {
    input = corpus[rng.below(corpus.size())];
    mutate(input, corpus, rng, max_len);
    run(input);
  }
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  std::printf("%s: %zu corpus inputs, %llu mutations (seed %llu) in %lld ms\n", argv[0],
              corpus.size(), static_cast<unsigned long long>(runs),
              static_cast<unsigned long long>(seed), static_cast<long long>(ms));
  return 0;
}
