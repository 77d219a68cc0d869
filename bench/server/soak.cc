// soak: a long steady load on `switchyard serve` with agents answering, to
// show that memory and the store stay flat (bench/server/soak.sh).
//
// Sets up a chat queue "soak" and --agents agents (capacity --capacity
// each), logs them in, then for --duration-s:
//   - creates --rate contacts/s (open loop, each with an Idempotency-Key) on
//     --connections keep-alive connections;
//   - follows the event feed (WebSocket, ?queue=soak) and, as the agents,
//     accepts every offer at once and ends it --talk-ms later (ACW 0: the
//     contact completes);
//   - every --sample-s samples the server's memory (/proc/PID/status: VmRSS
//     and RssAnon), the C heap's and SQLite's share of it (from /metrics:
//     switchyard_runtime heap_in_use_bytes, heap_free_bytes,
//     sqlite_heap_bytes) and the store's size on disk (--store-dir, all
//     files), and prints one "SAMPLE ..." line.
// The last line is machine-readable: "RESULT key=value ...". Exit 0 if no
// request failed. Loopback only; bounded by --duration-s plus 60 s.
//
//   soak --port 18090 --pid 1234 --store-dir /tmp/x --rate 1000 --duration-s 3600
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <queue>

#include "bench_util.h"

namespace {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace json = boost::json;
using tcp = net::ip::tcp;
using switchyard::bench::Histogram;
using switchyard::bench::steady_us;

constexpr const char* kUsage =
    "soak --port P --pid SERVER_PID --store-dir DIR [--rate 1000] [--duration-s 3600] [--agents 100]\n"
    "     [--capacity 60] [--talk-ms 5000] [--connections 8] [--workers 8] [--sample-s 60]\n"
    "     [--user admin] [--password switchyard-demo]\n";

// One keep-alive HTTP/1.1 connection, blocking (one thread uses it).
class Client {
 public:
  Client(std::string host, uint16_t port, std::string token)
      : host_(std::move(host)), port_(port), token_(std::move(token)) {}
  // The status, or 0 when the connection failed (it reconnects next time).
  int call(const std::string& method, const std::string& target, const std::string& body,
           const std::string& idempotency_key = {}) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      try {
        if (!stream_) {
          stream_ = std::make_unique<beast::tcp_stream>(ioc_);
          stream_->connect(tcp::endpoint(net::ip::make_address(host_), port_));
        }
        http::request<http::string_body> req{method == "POST" ? http::verb::post : http::verb::get, target, 11};
        req.set(http::field::host, host_);
        req.set(http::field::authorization, "Bearer " + token_);
        req.set(http::field::content_type, "application/json");
        if (!idempotency_key.empty()) req.set("Idempotency-Key", idempotency_key);
        req.body() = body;
        req.prepare_payload();
        req.keep_alive(true);
        http::write(*stream_, req);
        beast::flat_buffer buf;
        http::response<http::string_body> res;
        http::read(*stream_, buf, res);
        last_body_ = std::move(res.body());
        return static_cast<int>(res.result_int());
      } catch (const std::exception&) {
        stream_.reset();
      }
    }
    return 0;
  }
  const std::string& body() const { return last_body_; }

 private:
  net::io_context ioc_;
  std::string host_;
  uint16_t port_;
  std::string token_;
  std::unique_ptr<beast::tcp_stream> stream_;
  std::string last_body_;
};

// Accepts and ends, in due time order (any thread pushes; workers pop).
struct Action {
  int64_t due_us = 0;
  uint64_t contact = 0;
  uint32_t agent = 0;
  bool end = false;
  bool operator<(const Action& o) const { return due_us > o.due_us; }  // earliest first
};

struct Shared {
  std::mutex mu;
  std::condition_variable cv;
  std::priority_queue<Action> actions;  // guarded by mu
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> created{0}, accepted{0}, completed{0}, offers{0}, errors{0};
  std::mutex err_mu;
  std::string first_error;  // guarded by err_mu
  void error(const std::string& what) {
    ++errors;
    std::lock_guard lk(err_mu);
    if (first_error.empty()) first_error = what;
  }
  void push(Action a) {
    {
      std::lock_guard lk(mu);
      actions.push(a);
    }
    cv.notify_one();
  }
};

// /proc/PID/status field in kB, or -1.
long proc_kb(int pid, const char* field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(field, 0) == 0) return std::strtol(line.c_str() + std::strlen(field), nullptr, 10);
  return -1;
}

double dir_mb(const std::string& dir) {
  std::error_code ec;
  uintmax_t total = 0;
  for (const auto& f : std::filesystem::recursive_directory_iterator(dir, ec))
    if (f.is_regular_file(ec)) total += f.file_size(ec);
  return static_cast<double>(total) / (1024.0 * 1024.0);
}

}  // namespace

int main(int argc, char** argv) {
  using switchyard::bench::Flags;
  Flags f(argc, argv,
          {{"port", "0"}, {"host", "127.0.0.1"}, {"pid", "0"}, {"store-dir", ""}, {"rate", "1000"},
           {"duration-s", "3600"}, {"agents", "100"}, {"capacity", "60"}, {"talk-ms", "5000"},
           {"connections", "8"}, {"workers", "8"}, {"sample-s", "60"}, {"user", "admin"},
           {"password", "switchyard-demo"}},
          kUsage);
  const std::string host = f.str("host");
  const auto port = static_cast<uint16_t>(f.i64("port"));
  const int pid = static_cast<int>(f.i64("pid"));
  const double rate = f.dbl("rate");
  const int64_t duration_us = f.i64("duration-s") * 1'000'000;
  const int agents = static_cast<int>(f.i64("agents"));
  const int64_t talk_us = f.i64("talk-ms") * 1000;
  if (port == 0 || pid == 0 || f.str("store-dir").empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  switchyard::bench::start_watchdog(static_cast<double>(duration_us) / 1e6 + 60, "soak");
  std::string token = switchyard::bench::login(host, port, f.str("user"), f.str("password"));
  if (token.empty()) return 1;

  // ---- set-up: the queue and its agents, logged in
  Client setup(host, port, token);
  if (setup.call("POST", "/api/v1/queues", R"({"name":"soak","channel":"chat","acw_ms":0})") / 100 != 2) {
    std::fprintf(stderr, "soak: cannot create queue soak: %s\n", setup.body().c_str());
    return 1;
  }
  std::vector<uint32_t> ids;
  for (int i = 0; i < agents; ++i) {
    std::string body = R"({"name":"soak-)" + std::to_string(i) + R"(","capacity":{"voice":0,"chat":)" +
                       std::to_string(f.i64("capacity")) + R"(,"email":0,"sms":0,"social":0}})";
    if (setup.call("POST", "/api/v1/agents", body) != 201) {
      std::fprintf(stderr, "soak: cannot create agent: %s\n", setup.body().c_str());
      return 1;
    }
    ids.push_back(static_cast<uint32_t>(json::parse(setup.body()).at("id").to_number<int64_t>()));
    if (setup.call("POST", "/api/v1/agents/" + std::to_string(ids.back()) + "/login", "{}") != 200) {
      std::fprintf(stderr, "soak: cannot log in agent: %s\n", setup.body().c_str());
      return 1;
    }
  }
  std::printf("soak: %d agents x capacity %lld on chat queue soak; %.0f contacts/s for %lld s\n", agents,
              static_cast<long long>(f.i64("capacity")), rate, static_cast<long long>(f.i64("duration-s")));
  std::fflush(stdout);

  Shared sh;
  const int64_t t0 = steady_us(), end_us = t0 + duration_us;
  std::vector<std::thread> threads;

  // ---- the agents' ears: the event feed of the queue
  threads.emplace_back([&] {
    try {
      net::io_context ioc;
      websocket::stream<tcp::socket> ws(ioc);
      ws.next_layer().connect(tcp::endpoint(net::ip::make_address(host), port));
      ws.handshake(host, "/api/v1/events?queue=soak&access_token=" + token);
      beast::get_lowest_layer(ws).set_option(net::socket_base::receive_buffer_size(1 << 20));
      beast::flat_buffer buf;
      json::parser p;
      while (!sh.stop) {
        buf.clear();
        ws.read(buf);
        std::string text = beast::buffers_to_string(buf.data());
        if (text.find("\"contact_offered\"") == std::string::npos) continue;
        json::value v = json::parse(text);
        ++sh.offers;
        sh.push(Action{0, v.at("contact").to_number<uint64_t>(),
                       static_cast<uint32_t>(v.at("agent").to_number<int64_t>()), false});
      }
    } catch (const std::exception& e) {
      if (!sh.stop) sh.error(std::string("event feed: ") + e.what());
    }
  });

  // ---- the agents' hands: accept at once, end after the talk time
  for (int w = 0; w < f.i64("workers"); ++w) {
    threads.emplace_back([&] {
      Client c(host, port, token);
      for (;;) {
        Action a;
        {
          std::unique_lock lk(sh.mu);
          for (;;) {
            if (sh.stop) return;
            if (!sh.actions.empty() && sh.actions.top().due_us <= steady_us()) break;
            if (sh.actions.empty()) sh.cv.wait_for(lk, std::chrono::milliseconds(50));
            else sh.cv.wait_for(lk, std::chrono::microseconds(std::max<int64_t>(sh.actions.top().due_us - steady_us(), 100)));
          }
          a = sh.actions.top();
          sh.actions.pop();
        }
        std::string target = "/api/v1/contacts/" + std::to_string(a.contact) + (a.end ? "/end" : "/accept");
        int s = c.call("POST", target, R"({"agent":")" + std::to_string(a.agent) + "\"}");
        if (s != 200) {
          sh.error(target + " -> " + std::to_string(s) + " " + c.body().substr(0, 200));
          continue;
        }
        if (a.end) {
          ++sh.completed;
        } else {
          ++sh.accepted;
          sh.push(Action{steady_us() + talk_us, a.contact, a.agent, true});
        }
      }
    });
  }

  // ---- customers: contacts on an open-loop schedule
  std::atomic<uint64_t> ticket{0};
  Histogram create_latency;
  std::mutex hist_mu;
  for (int k = 0; k < f.i64("connections"); ++k) {
    threads.emplace_back([&, k] {
      Client c(host, port, token);
      Histogram h;
      for (;;) {
        uint64_t n = ticket++;
        int64_t due = t0 + static_cast<int64_t>(static_cast<double>(n) * 1e6 / rate);
        if (due >= end_us) break;
        int64_t now = steady_us();
        if (due > now) std::this_thread::sleep_for(std::chrono::microseconds(due - now));
        std::string key = "soak-" + std::to_string(t0) + "-" + std::to_string(n);
        int s = c.call("POST", "/api/v1/contacts",
                       R"({"queue":"soak","customer_id":"cust-)" + std::to_string(n % 100'000) + "\"}", key);
        h.record(steady_us() - due);
        if (s == 201) ++sh.created;
        else sh.error("create -> " + std::to_string(s) + " " + c.body().substr(0, 200));
      }
      std::lock_guard lk(hist_mu);
      create_latency.merge(h);
      (void)k;
    });
  }

  // ---- samples, every --sample-s
  const int64_t sample_us = f.i64("sample-s") * 1'000'000;
  Client scraper(host, port, token);
  // switchyard_runtime{what="WHAT"} from /metrics, in MB (-1 if absent).
  auto runtime_mb = [&](const std::string& text, const std::string& what) {
    std::string label = "switchyard_runtime{what=\"" + what + "\"} ";
    size_t at = text.find(label);
    return at == std::string::npos ? -1.0 : std::strtod(text.c_str() + at + label.size(), nullptr) / (1 << 20);
  };
  long first_anon = -1, last_anon = -1, max_rss = 0;
  double first_db = -1, last_db = 0;
  // The last sample comes once the last contacts have had time to complete
  // (not a whole sample period later: the watchdog allows 60 s).
  const int64_t last_sample_us = end_us + talk_us + 2'000'000;
  for (int64_t next = t0; next < last_sample_us + sample_us; next += sample_us) {
    next = std::min(next, last_sample_us);
    int64_t now = steady_us();
    if (next > now) std::this_thread::sleep_for(std::chrono::microseconds(next - now));
    long rss = proc_kb(pid, "VmRSS:"), anon = proc_kb(pid, "RssAnon:");
    double db = dir_mb(f.str("store-dir"));
    std::string metrics = scraper.call("GET", "/metrics", "") == 200 ? scraper.body() : std::string();
    if (first_anon < 0 && next > t0) first_anon = anon, first_db = db;
    last_anon = anon;
    last_db = db;
    max_rss = std::max(max_rss, rss);
    std::printf("SAMPLE minute=%.1f rss_mb=%.1f anon_mb=%.1f heap_in_use_mb=%.1f heap_free_mb=%.1f sqlite_mb=%.1f "
                "store_mb=%.1f created=%llu completed=%llu errors=%llu\n",
                static_cast<double>(steady_us() - t0) / 60e6, rss / 1024.0, anon / 1024.0,
                runtime_mb(metrics, "heap_in_use_bytes"), runtime_mb(metrics, "heap_free_bytes"),
                runtime_mb(metrics, "sqlite_heap_bytes"), db,
                static_cast<unsigned long long>(sh.created.load()), static_cast<unsigned long long>(sh.completed.load()),
                static_cast<unsigned long long>(sh.errors.load()));
    std::fflush(stdout);
    if (rss < 0) {
      sh.error("server process " + std::to_string(pid) + " is gone");
      break;
    }
  }
  sh.stop = true;
  sh.cv.notify_all();
  for (auto& t : threads) t.detach();  // the feed reader may block in read(); the process ends here
  std::printf("create latency (scheduled -> 201): %s\n", create_latency.summary_ms().c_str());
  if (!sh.first_error.empty()) std::printf("first error: %s\n", sh.first_error.c_str());
  std::printf("RESULT created=%llu offers=%llu accepted=%llu completed=%llu errors=%llu anon_first_mb=%.1f "
              "anon_last_mb=%.1f rss_max_mb=%.1f store_first_mb=%.1f store_last_mb=%.1f create_p99_ms=%.2f\n",
              static_cast<unsigned long long>(sh.created.load()), static_cast<unsigned long long>(sh.offers.load()),
              static_cast<unsigned long long>(sh.accepted.load()), static_cast<unsigned long long>(sh.completed.load()),
              static_cast<unsigned long long>(sh.errors.load()), first_anon / 1024.0, last_anon / 1024.0,
              max_rss / 1024.0, first_db, last_db, create_latency.quantile_us(0.99) / 1e3);
  std::fflush(stdout);
  _exit(sh.errors == 0 && sh.created > 0 ? 0 : 1);
}
