// Knowledge-base search at scale (issue 13's budget: <= 50 ms over 100,000
// articles): the store of src/comms/kb_store.h on SQLite (FTS5) and
// PostgreSQL (GIN over tsvector), filled once per backend with synthetic
// articles in English and Chinese, then searched with the queries an agent
// types. Figures and the command go to bench/RESULTS.md.
//
//   build-release/bench/kb_search_bench [--articles=100000] [--postgres=URL] [--benchmark_filter=...]
//
// --postgres=URL (e.g. postgresql://postgres@127.0.0.1:55432/kb_bench) fills a database of one's
// own server, or reuses it when an earlier run filled it; without it a throwaway server is used.
//
// The corpus is deterministic (splitmix64): each article draws 40..120 words
// from an English vocabulary of 2,000 words (Zipf-like: word i with weight
// 1/(i+1)) or 60..200 characters from 500 common Chinese characters, half
// and half, with a title, a category and two tags.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "comms/kb_store.h"
#include "storage/database.h"
#include "storage/pg_harness.h"
#include "corpus.h"

namespace switchyard {
namespace {

using bench::chinese_char;
using bench::splitmix;
using bench::zipf;

int g_articles = 100'000;
std::string g_postgres;  // --postgres=URL, see above

// Word i: "w" + base-26 letters of i; "refund", "password", "invoice" and a
// few real words take the first, most frequent ranks.
std::string english_word(size_t i) {
  static const char* kReal[] = {"the", "refund", "account", "password", "invoice", "delivery", "cancel", "policy",
                                "customer", "payment", "reset", "order", "address", "upgrade", "warranty"};
  if (i < std::size(kReal)) return kReal[i];
  return bench::synthetic_word(i);
}

comms::ArticleText make_article(uint64_t& s, int k) {
  comms::ArticleText t;
  const bool zh = k % 2 == 1;
  const size_t len = zh ? 60 + splitmix(s) % 140 : 40 + splitmix(s) % 80;
  for (size_t i = 0; i < len; ++i) {
    if (zh) {
      t.body += chinese_char(zipf(s, 500));
      if (i % 12 == 11) t.body += "。";
    } else {
      t.body += english_word(zipf(s, 2000));
      t.body += i % 15 == 14 ? ". " : " ";
    }
  }
  for (int i = 0; i < 4; ++i) {
    t.title += zh ? chinese_char(zipf(s, 500)) : english_word(zipf(s, 2000));
    if (!zh) t.title += ' ';
  }
  if (zh) {  // the phrase the Chinese queries look for, in titles
    t.title += "退款政策";
    t.title += std::to_string(k);
  }
  t.category = zh ? "账务" : (k % 3 == 0 ? "billing" : "it");
  t.tags.emplace_back("t");
  t.tags.back() += std::to_string(k % 50);
  t.tags.emplace_back("batch");
  t.tags.back() += std::to_string(k / 1000);
  return t;
}

// One filled database per backend, made on first use.
storage::SqlDriver& corpus(const std::string& backend) {
  static std::unique_ptr<storage::SqlDriver> sqlite, postgres;
  auto& slot = backend == "postgres" ? postgres : sqlite;
  if (slot) return *slot;
  std::string url;
  if (backend == "postgres" && !g_postgres.empty()) {
    url = g_postgres;
  } else if (backend == "postgres") {
    auto u = bench::pg_server("kb_search_bench")->create_database("kb_bench");
    if (!u) std::exit(1);
    url = *u;
  } else {
    std::string dir = (std::filesystem::temp_directory_path() / "switchyard-kb-bench-XXXXXX").string();
    if (!mkdtemp(dir.data())) std::exit(1);
    url = "sqlite:" + dir + "/kb.sqlite?synchronous=normal";
  }
  auto d = storage::open_database(url);
  if (!d || !storage::migrate(**d, comms::KbRepository::schema())) {
    std::fprintf(stderr, "kb_search_bench: cannot open %s\n", url.c_str());
    std::exit(1);
  }
  slot = std::move(*d);
  comms::KbRepository kb(*slot);
  if (auto some = kb.search({.text = "", .limit = 1}); some && !some->empty()) return *slot;  // filled before
  uint64_t seed = 42;
  std::fprintf(stderr, "kb_search_bench: writing %d articles to %s...\n", g_articles, backend.c_str());
  // one transaction per article (create() is one; they do not nest)
  for (int k = 0; k < g_articles; ++k) {
    auto id = kb.create(make_article(seed, k), "bench", "", k);
    if (id && k % 4 == 0) {
      if (auto r = kb.set_status(*id, comms::ArticleStatus::kPublished, "rev", k); !r) id = std::unexpected(r.error());
    }
    if (!id) {
      std::fprintf(stderr, "kb_search_bench: %s\n", id.error().message.c_str());
      std::exit(1);
    }
  }
  // The statistics a long-lived database has (autovacuum): PostgreSQL plans a search by them.
  if (backend == "postgres") (void)slot->exec_script("ANALYZE");
  return *slot;
}

void search(benchmark::State& state, const std::string& backend, comms::ArticleQuery q) {
  storage::SqlDriver& db = corpus(backend);
  comms::KbRepository kb(db);
  bench::time_search(state, [&] { return kb.search(q); });
  state.counters["articles"] = g_articles;
}

void register_all() {
  struct Q {
    const char* name;
    comms::ArticleQuery q;
  };
  const std::vector<Q> queries = {
      {"en_common_word", {.text = "refund"}},
      {"en_two_words", {.text = "refund policy"}},
      {"en_rare_word", {.text = english_word(1500)}},
      {"en_prefix_typing", {.text = "passw"}},
      {"zh_phrase", {.text = "退款政策"}},
      {"zh_two_chars", {.text = "的一"}},
      {"zh_one_char", {.text = "是"}},
      {"en_word_published_billing", {.text = "refund", .category = "billing", .status = comms::ArticleStatus::kPublished}},
      {"recent_no_text", {}},
  };
  for (const char* backend : {"sqlite", "postgres"})
    for (const Q& q : queries)
      benchmark::RegisterBenchmark(std::string("kb_search/").append(backend).append("/").append(q.name).c_str(),
                                   [b = std::string(backend), qq = q.q](benchmark::State& s) { search(s, b, qq); })
          ->Unit(benchmark::kMillisecond);
}

}  // namespace
}  // namespace switchyard

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (std::strncmp(argv[i], "--articles=", 11) == 0) switchyard::g_articles = std::atoi(argv[i] + 11);
    else if (std::strncmp(argv[i], "--postgres=", 11) == 0) switchyard::g_postgres = argv[i] + 11;
  benchmark::Initialize(&argc, argv);
  switchyard::register_all();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
