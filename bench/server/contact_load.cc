// contact_load: durable contact creation load against `switchyard serve`.
//
// N keep-alive connections each send POST /api/v1/contacts back-to-back (or,
// with --rate, on a shared open-loop schedule) with a unique Idempotency-Key,
// and time each request from send to the 201 (which the server sends only
// after the event is committed). Reports contacts/s acknowledged and latency
// percentiles over the measured window (after --warmup-s). With --total it
// stops after that many contacts instead (used to fill a store).
//
//   contact_load --port 18090 --connections 64 --duration-s 10
//   contact_load --port 18090 --connections 64 --total 100000 --duration-s 300 --warmup-s 0
//
// The last line is machine-readable: "RESULT key=value ...". Exit status 0 if
// at least one contact was acknowledged and nothing failed, 1 otherwise, 3 if
// the watchdog fired. Loopback only; bounded by --duration-s plus 30 s.
#include <sys/resource.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>
#include <mutex>

#include "bench_util.h"

namespace {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using switchyard::bench::Histogram;
using switchyard::bench::steady_us;
constexpr auto kTok = net::as_tuple(net::use_awaitable);

constexpr const char* kUsage =
    "contact_load --port P [--host 127.0.0.1] [--connections 64] [--duration-s 10]\n"
    "             [--warmup-s 1] [--total 0] [--rate 0] [--queue billing[,q2...]] [--threads 1]\n"
    "             [--token T | --user admin --password switchyard-demo] [--key-prefix auto]\n"
    "  --total N   stop after N acknowledged contacts (0 = run for --duration-s)\n"
    "  --rate R    total contacts/s on an open-loop schedule (0 = back-to-back)\n"
    "  --queue     one queue, or a comma-separated list: connection i uses the (i mod n)th\n";

struct Shared {
  std::string host, token, key_prefix;
  std::vector<std::string> queues;  // connection i uses queues[i % size]
  uint16_t port = 0;
  double rate = 0;
  uint64_t total = 0;
  int64_t t0_us = 0, warm_end_us = 0, end_us = 0;
  std::atomic<uint64_t> ticket{0}, issued{0};
  std::atomic<uint64_t> created{0}, replays{0}, http_errors{0}, io_errors{0};
  std::atomic<int> live{0};
  std::mutex mu;
  std::string first_error;  // guarded by mu
};

struct Worker {
  net::io_context ioc{1};
  Histogram latency;    // send -> 201, in the measured window
  Histogram sched;      // intended send time -> 201 (open-loop mode)
  uint64_t measured = 0;
};

void note_error(Shared& sh, const std::string& what) {
  std::lock_guard lk(sh.mu);
  if (sh.first_error.empty()) sh.first_error = what;
}

net::awaitable<void> connection(Shared& sh, Worker& w, int id) {
  beast::tcp_stream stream(co_await net::this_coro::executor);
  net::steady_timer timer(co_await net::this_coro::executor);
  stream.expires_after(std::chrono::seconds(5));
  auto [cec] = co_await stream.async_connect(tcp::endpoint(net::ip::make_address(sh.host), sh.port), kTok);
  if (cec) {
    ++sh.io_errors;
    note_error(sh, "connect: " + cec.message());
    --sh.live;
    co_return;
  }
  beast::flat_buffer buf;
  const std::string key_base = sh.key_prefix + "-" + std::to_string(id) + "-";
  const std::string body_base = R"({"queue":")" + sh.queues[static_cast<size_t>(id) % sh.queues.size()] + R"(","customer_id":"load-)" + std::to_string(id) + "-";
  for (uint64_t i = 0;; ++i) {
    int64_t now = steady_us();
    if (now >= sh.end_us) break;
    if (sh.total > 0 && sh.issued.fetch_add(1) >= sh.total) break;
    int64_t intended = now;
    if (sh.rate > 0) {
      uint64_t t = sh.ticket.fetch_add(1);
      intended = sh.t0_us + static_cast<int64_t>(static_cast<double>(t) * 1e6 / sh.rate);
      if (intended >= sh.end_us) break;
      if (intended > now) {
        timer.expires_after(std::chrono::microseconds(intended - now));
        co_await timer.async_wait(kTok);
      }
    }
    http::request<http::string_body> req{http::verb::post, "/api/v1/contacts", 11};
    req.set(http::field::host, sh.host);
    req.set(http::field::authorization, "Bearer " + sh.token);
    req.set(http::field::content_type, "application/json");
    req.set("Idempotency-Key", key_base + std::to_string(i));
    req.body() = body_base + std::to_string(i) + "\"}";
    req.keep_alive(true);
    req.prepare_payload();
    int64_t sent = steady_us();
    stream.expires_after(std::chrono::seconds(10));
    auto [wec, wn] = co_await http::async_write(stream, req, kTok);
    http::response<http::string_body> res;
    if (!wec) {
      auto [rec, rn] = co_await http::async_read(stream, buf, res, kTok);
      wec = rec;
    }
    if (wec) {
      ++sh.io_errors;
      note_error(sh, "connection " + std::to_string(id) + ": " + wec.message());
      break;
    }
    int64_t done = steady_us();
    int status = res.result_int();
    if (status == 201) {
      ++sh.created;
      if (sent >= sh.warm_end_us && done <= sh.end_us) {
        ++w.measured;
        w.latency.record(done - sent);
        w.sched.record(done - intended);
      }
    } else if (status == 200) {
      ++sh.replays;
    } else {
      ++sh.http_errors;
      note_error(sh, "HTTP " + std::to_string(status) + ": " + res.body().substr(0, 200));
      if (status == 401 || status == 403 || status == 404 || status == 400) break;
    }
    if (!res.keep_alive()) {
      note_error(sh, "server closed a keep-alive connection");
      break;
    }
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  --sh.live;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace switchyard::bench;
  Flags f(argc, argv,
          {{"host", "127.0.0.1"}, {"port", "0"}, {"connections", "64"}, {"duration-s", "10"}, {"warmup-s", "1"},
           {"total", "0"}, {"rate", "0"}, {"queue", "billing"}, {"threads", "1"}, {"token", ""}, {"user", "admin"},
           {"password", "switchyard-demo"}, {"key-prefix", "auto"}},
          kUsage);
  Shared sh;
  sh.host = f.str("host");
  sh.port = static_cast<uint16_t>(f.i64("port"));
  sh.queues = split_list(f.str("queue"));
  sh.rate = f.dbl("rate");
  sh.total = static_cast<uint64_t>(f.i64("total"));
  int conns = static_cast<int>(f.i64("connections"));
  int threads = static_cast<int>(std::max<int64_t>(1, f.i64("threads")));
  double duration_s = f.dbl("duration-s"), warmup_s = sh.total > 0 ? 0 : f.dbl("warmup-s");
  if (sh.port == 0 || conns < 1 || duration_s <= 0) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  start_watchdog(warmup_s + duration_s + 30, "contact_load");
  sh.key_prefix = f.str("key-prefix");
  if (sh.key_prefix == "auto") sh.key_prefix = "cl" + std::to_string(getpid()) + "x" + std::to_string(wall_us());
  sh.token = f.str("token");
  if (sh.token.empty()) sh.token = login(sh.host, sh.port, f.str("user"), f.str("password"));
  if (sh.token.empty()) return 1;

  std::vector<std::unique_ptr<Worker>> workers;
  for (int t = 0; t < threads; ++t) workers.push_back(std::make_unique<Worker>());
  sh.t0_us = steady_us();
  sh.warm_end_us = sh.t0_us + static_cast<int64_t>(warmup_s * 1e6);
  sh.end_us = sh.warm_end_us + static_cast<int64_t>(duration_s * 1e6);
  sh.live = conns;
  for (int c = 0; c < conns; ++c) {
    Worker& w = *workers[static_cast<size_t>(c % threads)];
    net::co_spawn(w.ioc, connection(sh, w, c), net::detached);
  }
  std::vector<std::thread> pool;
  for (auto& w : workers) pool.emplace_back([&w] { w->ioc.run(); });
  for (auto& t : pool) t.join();
  int64_t finished = steady_us();

  Histogram lat, sched;
  uint64_t measured = 0;
  for (auto& w : workers) {
    lat.merge(w->latency);
    sched.merge(w->sched);
    measured += w->measured;
  }
  double window_s = sh.total > 0 ? static_cast<double>(finished - sh.t0_us) / 1e6 : duration_s;
  uint64_t counted = sh.total > 0 ? sh.created.load() : measured;
  double per_s = static_cast<double>(counted) / window_s;
  std::printf("contact_load: %d connections, %d client thread(s), queue(s) %s, %s\n", conns, threads,
              f.str("queue").c_str(),
              sh.rate > 0 ? ("open loop at " + std::to_string(static_cast<int64_t>(sh.rate)) + "/s").c_str()
                          : "back-to-back");
  std::printf("  acknowledged (201): %llu total, %llu in the %.1f s window; replays %llu, HTTP errors %llu, I/O errors %llu\n",
              static_cast<unsigned long long>(sh.created.load()), static_cast<unsigned long long>(counted), window_s,
              static_cast<unsigned long long>(sh.replays.load()), static_cast<unsigned long long>(sh.http_errors.load()),
              static_cast<unsigned long long>(sh.io_errors.load()));
  std::printf("  throughput: %.0f contacts/s\n", per_s);
  std::printf("  latency ms (send -> 201): %s\n", lat.summary_ms().c_str());
  if (sh.rate > 0) std::printf("  latency ms (scheduled -> 201): %s\n", sched.summary_ms().c_str());
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto secs = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  double wall_s = static_cast<double>(finished - sh.t0_us) / 1e6;
  std::printf("  client CPU: %.1f s over %.1f s wall (%.0f%% of one core)\n", secs(ru.ru_utime) + secs(ru.ru_stime),
              wall_s, 100 * (secs(ru.ru_utime) + secs(ru.ru_stime)) / wall_s);
  if (!sh.first_error.empty()) std::printf("  first error: %s\n", sh.first_error.c_str());
  std::printf("RESULT connections=%d contacts_per_s=%.0f created=%llu errors=%llu p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f "
              "p999_ms=%.2f max_ms=%.2f\n",
              conns, per_s, static_cast<unsigned long long>(sh.created.load()),
              static_cast<unsigned long long>(sh.http_errors.load() + sh.io_errors.load()), lat.quantile_us(0.5) / 1e3,
              lat.quantile_us(0.9) / 1e3, lat.quantile_us(0.99) / 1e3, lat.quantile_us(0.999) / 1e3,
              static_cast<double>(lat.max_us()) / 1e3);
  std::fflush(stdout);
  bool ok = sh.created > 0 && sh.http_errors == 0 && sh.io_errors == 0;
  return ok ? 0 : 1;
}
