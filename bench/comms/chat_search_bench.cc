// Team chat search at scale (issue 13's budget: <= 50 ms per search): the store of
// src/comms/chat_store.h on SQLite (FTS5) and PostgreSQL (GIN over tsvector), filled once per
// backend with synthetic chat messages in English and Chinese over ~500 rooms, then searched by
// a user who is in 10 of them. Also the room list with unread counts of that user (one query).
// Figures and the command go to bench/RESULTS.md ("Issue 13").
//
//   build/bench/chat_search_bench [--messages=1000000] [--rooms=500] [--sqlite=FILE] [--postgres=URL]
//                                 [--benchmark_filter=...]
//
// --sqlite=FILE and --postgres=URL (e.g. postgresql://postgres@127.0.0.1:55432/chat_bench) reuse a
// database an earlier run filled, or fill it when empty (1,000,000 messages take ~15 minutes on a
// loaded 2-core machine); without them each run fills a new one (PostgreSQL: a throwaway server).
//
// The corpus is deterministic (splitmix64): a message goes to a room drawn uniformly, is 3..30
// words from an English vocabulary of 5,000 words (Zipf-like: word i with weight 1/(i+1)) or,
// one in three, 5..40 characters from 500 common Chinese characters (Zipf-like too). The user's
// 10 rooms hold ~2% of the messages (~20,000 of 1,000,000).
#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "comms/chat_store.h"
#include "storage/database.h"
#include "storage/pg_harness.h"
#include "corpus.h"

namespace switchyard {
namespace {

using bench::chinese_char;
using bench::splitmix;
using bench::zipf;

int g_messages = 1'000'000;
int g_rooms = 500;
std::string g_sqlite;    // --sqlite=FILE: a database an earlier run filled (kept), else a new one
std::string g_postgres;  // --postgres=URL: the same on a PostgreSQL server of one's own
constexpr int kUserRooms = 10;
const char* const kUser = "bench.user";

// Word i: a few real words take the most frequent ranks, then "w" + base-26 letters of i.
std::string english_word(size_t i) {
  static const char* kReal[] = {"the", "queue", "customer", "break", "refund", "call", "team", "shift", "lunch",
                                "escalate", "password", "manager", "invoice", "today", "please"};
  if (i < std::size(kReal)) return kReal[i];
  return bench::synthetic_word(i);
}

std::string make_message(uint64_t& s, int k) {
  std::string body;
  if (k % 3 == 2) {
    const size_t len = 5 + splitmix(s) % 36;
    for (size_t i = 0; i < len; ++i) body += chinese_char(zipf(s, 500));
    if (k % 300 == 2) body += "退款政策";  // a phrase in 1 in 300 messages
  } else {
    const size_t len = 3 + splitmix(s) % 28;
    for (size_t i = 0; i < len; ++i) {
      if (i) body += ' ';
      body += english_word(zipf(s, 5000));
    }
  }
  return body;
}

struct Corpus {
  std::unique_ptr<storage::SqlDriver> db;
  std::vector<int64_t> user_rooms;  // the user's 10 rooms
  int64_t outside_room = 0;         // a room the user is not in
};

// One filled database per backend, made on first use.
Corpus& corpus(const std::string& backend) {
  static Corpus sqlite, postgres;
  Corpus& c = backend == "postgres" ? postgres : sqlite;
  if (c.db) return c;
  std::string url;
  if (backend == "postgres" && !g_postgres.empty()) {
    url = g_postgres;
  } else if (backend == "postgres") {
    auto u = bench::pg_server("chat_search_bench")->create_database("chat_bench");
    if (!u) std::exit(1);
    url = *u;
  } else {
    std::string dir = (std::filesystem::temp_directory_path() / "switchyard-chat-bench-XXXXXX").string();
    if (!g_sqlite.empty()) dir = std::filesystem::path(g_sqlite).parent_path().string();
    else if (!mkdtemp(dir.data())) std::exit(1);
    url = "sqlite:" + (g_sqlite.empty() ? dir + "/chat.sqlite" : g_sqlite) + "?synchronous=normal";
  }
  auto d = storage::open_database(url);
  if (!d || !storage::migrate(**d, comms::ChatRepository::schema())) {
    std::fprintf(stderr, "chat_search_bench: cannot open %s\n", url.c_str());
    std::exit(1);
  }
  c.db = std::move(*d);
  comms::ChatRepository chat(*c.db);
  std::fprintf(stderr, "chat_search_bench: %s at %s\n", backend.c_str(), url.c_str());
  if (auto mine = chat.room_ids_of(kUser, "", ""); mine && !mine->empty()) {  // filled before
    c.user_rooms = *mine;
    c.outside_room = 2;  // rooms[1] of the fill below
    return c;
  }
  std::vector<int64_t> rooms;
  const int every = g_rooms / kUserRooms;
  for (int r = 0; r < g_rooms; ++r) {
    std::vector<std::string> members = {"u" + std::to_string(r), "v" + std::to_string(r)};
    if (r % every == 0) members.emplace_back(kUser);
    auto id = chat.create_room(comms::RoomKind::kGroup, "room " + std::to_string(r), members, std::nullopt, "admin", 0);
    if (!id) std::exit(1);
    rooms.push_back(*id);
    if (r % every == 0) c.user_rooms.push_back(*id);
  }
  c.outside_room = rooms[1];
  uint64_t seed = 42;
  std::fprintf(stderr, "chat_search_bench: writing %d messages in %d rooms to %s...\n", g_messages, g_rooms,
               backend.c_str());
  const auto t0 = std::chrono::steady_clock::now();
  for (int k = 0; k < g_messages; ++k) {
    const int64_t room = rooms[splitmix(seed) % rooms.size()];
    std::string body = make_message(seed, k);
    // a word only outside the user's rooms (common there): the worst case of a room filter
    if (room == c.outside_room && k % 2 == 0) body += " zzoutside";
    auto m = chat.post(room, "u", body, {}, false, k);
    if (!m) {
      std::fprintf(stderr, "chat_search_bench: %s\n", m.error().message.c_str());
      std::exit(1);
    }
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::fprintf(stderr, "chat_search_bench: %s filled in %.0f s (%.0f messages/s)\n", backend.c_str(), s, g_messages / s);
  // The statistics a long-lived database has (autovacuum): PostgreSQL plans a search by them.
  if (backend == "postgres") (void)c.db->exec_script("ANALYZE");
  return c;
}

enum class Where { kUserRooms, kOneRoom };

void search(benchmark::State& state, const std::string& backend, std::string q, Where where) {
  Corpus& c = corpus(backend);
  comms::ChatRepository chat(*c.db);
  std::vector<int64_t> rooms = c.user_rooms;
  if (where == Where::kOneRoom) rooms.resize(1);
  bench::time_search(state, [&] { return chat.search(q, rooms, 20); });
  state.counters["messages"] = g_messages;
}

void rooms_of(benchmark::State& state, const std::string& backend) {
  Corpus& c = corpus(backend);
  comms::ChatRepository chat(*c.db);
  size_t unread = 0;
  for (auto _ : state) {
    auto r = chat.rooms_of(kUser, "", "");
    if (!r) {
      state.SkipWithError(r.error().message.c_str());
      return;
    }
    unread = 0;
    for (const auto& s : *r) unread += static_cast<size_t>(s.unread);
  }
  state.counters["unread"] = static_cast<double>(unread);
}

void register_all() {
  struct Q {
    const char* name;
    std::string q;
    Where where = Where::kUserRooms;
  };
  const std::vector<Q> queries = {
      {"en_most_common_word", "the"},
      {"en_common_word", "refund"},
      {"en_two_words", "queue customer"},
      {"en_rare_word", english_word(4000)},
      {"en_word_typed", "escalate"},
      {"en_word_outside_my_rooms", "zzoutside"},
      {"zh_phrase", "退款政策"},
      {"zh_two_chars", "的一"},
      {"zh_one_char", "是"},
      {"en_common_word_one_room", "refund", Where::kOneRoom},
  };
  for (const char* backend : {"sqlite", "postgres"}) {
    for (const Q& q : queries)
      benchmark::RegisterBenchmark(std::string("chat_search/").append(backend).append("/").append(q.name).c_str(),
                                   [b = std::string(backend), qq = q.q, w = q.where](benchmark::State& s) {
                                     search(s, b, qq, w);
                                   })
          ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(std::string("chat_rooms_with_unread/").append(backend).c_str(),
                                 [b = std::string(backend)](benchmark::State& s) { rooms_of(s, b); })
        ->Unit(benchmark::kMillisecond);
  }
}

}  // namespace
}  // namespace switchyard

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--messages=", 11) == 0) switchyard::g_messages = std::atoi(argv[i] + 11);
    if (std::strncmp(argv[i], "--rooms=", 8) == 0) switchyard::g_rooms = std::atoi(argv[i] + 8);
    if (std::strncmp(argv[i], "--sqlite=", 9) == 0) switchyard::g_sqlite = argv[i] + 9;
    else if (std::strncmp(argv[i], "--postgres=", 11) == 0) switchyard::g_postgres = argv[i] + 11;
  }
  benchmark::Initialize(&argc, argv);
  switchyard::register_all();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
