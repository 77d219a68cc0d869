// ws_fanout: event delivery delay to many WebSocket subscribers under load.
//
// Opens --subscribers WebSockets on /api/v1/events as admin (token in the
// query), waits until the server reports them all subscribed
// (switchyard_event_subscribers on /metrics), then --producers keep-alive
// connections create contacts on a shared open-loop schedule of --rate
// contacts/s for --duration-s (producers on their own thread; subscribers
// on --threads threads). Every subscriber timestamps each contact_created
// frame on arrival: delay = receive wall time (system_clock, taken when the
// read that completed the frame returned) - the event's time_ms (the engine's
// clock when the event was emitted, i.e. before its group commit). Since
// time_ms is truncated to the millisecond, a delay is overstated by up to
// 1 ms. The subscribers parse WebSocket frames from large socket reads
// themselves (no per-message library overhead) to leave the CPU to the server.
//
//   ws_fanout --port 18090 --subscribers 1000 --rate 1000 --duration-s 20
//
// Expected frames = subscribers x contacts acknowledged (201). After the
// producers stop, waits up to --grace-s for stragglers. The last line is
// "RESULT key=value ...". Exit 0 if every expected frame arrived, 1
// otherwise, 3 if the watchdog fired. Run with `ulimit -n` above
// subscribers + producers + 64.
//
// --kpis 1: live KPI push lag instead (docs/api.md, "Live KPIs"). The
// subscribers open /api/v1/events?kpis=only and note each KPI message's seq
// (the last event it reflects) and receive time; one more socket, the
// probe, reads the plain event stream for every contact_created event's seq
// and time_ms. The producers start once every subscriber has its first
// (full) message. Lag of contact c at subscriber s = receive wall time of
// the first message at s with seq >= seq(c) - time_ms(c): event to a KPI
// update that counts it, with the commit, the projection, the publication
// period (<= 250 ms) and the fan-out in it. Expected = subscribers x
// contacts the probe saw; a contact no message reflects within --grace-s
// counts as missing.
#include <sys/resource.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <functional>
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
using switchyard::bench::wall_us;
constexpr auto kTok = net::as_tuple(net::use_awaitable);

constexpr const char* kUsage =
    "ws_fanout --port P [--host 127.0.0.1] [--subscribers 1000] [--rate 1000] [--duration-s 20]\n"
    "          [--producers 32] [--queue billing[,q2...]] [--threads 1] [--grace-s 5]\n"
    "          [--connect-concurrency 64] [--user admin --password switchyard-demo] [--kpis 0|1]\n";

struct Shared {
  std::string host, token, key_prefix;
  bool kpis = false;  // KPI push lag (--kpis 1)
  std::vector<std::string> queues;  // connection i uses queues[i % size]
  uint16_t port = 0;
  double rate = 0;
  int64_t t0_us = 0, end_us = 0;
  std::atomic<bool> stopping{false};
  // subscribers
  std::atomic<int> handshakes_done{0}, handshakes_failed{0}, closed_early{0};
  // producers
  std::atomic<uint64_t> ticket{0}, created{0}, failed{0};
  std::atomic<int> producers_live{0};
  std::mutex mu;
  std::string first_error;  // guarded by mu
};

struct Worker {
  net::io_context ioc{1};
  Histogram delay;        // contact_created: receive wall time - event time_ms
  Histogram create_lat;   // producer: send -> 201
  Histogram send_lag;     // producer: scheduled -> actual send time
  std::atomic<uint64_t> received{0};  // contact_created frames (KPI mode: KPI messages)
  uint64_t other_frames = 0;
};

// KPI mode: what one socket saw. Each is written by its worker's thread
// only, and read after the threads have stopped.
struct Seen {
  uint64_t seq = 0;
  int64_t at_us = 0;   // KPI message: receive wall time; contact_created: time_ms * 1000
  int64_t sent_us = 0;  // KPI message: its time_ms * 1000 (when the server published it)
};
// A socket's frames: the subscriber (or probe) it belongs to, the frame, its receive time.
using OnText = std::function<void(std::string_view text, int64_t now_us)>;

void note_error(Shared& sh, const std::string& what) {
  std::lock_guard lk(sh.mu);
  if (sh.first_error.empty()) sh.first_error = what;
}

// The number after `"key":` in a frame's text, or -1.
int64_t field(std::string_view text, std::string_view quoted_key) {
  size_t p = text.find(quoted_key);
  if (p == std::string_view::npos || p + quoted_key.size() >= text.size() || text[p + quoted_key.size()] != ':')
    return -1;
  return std::strtoll(text.data() + p + quoted_key.size() + 1, nullptr, 10);
}

// Parses `"time_ms":N` of a contact_created frame; -1 for other frames.
int64_t created_time_ms(std::string_view text) {
  if (text.find(R"("type":"contact_created")") == std::string_view::npos) return -1;
  return field(text, R"("time_ms")");
}

void on_text(Worker& w, std::vector<uint64_t>& counts, size_t id, std::string_view text, int64_t now_us) {
  int64_t t = created_time_ms(text);
  if (t >= 0) {
    w.delay.record(now_us - t * 1000);
    ++counts[id];
    w.received.fetch_add(1, std::memory_order_relaxed);
  } else {
    ++w.other_frames;
  }
}

// One subscriber. The upgrade is plain HTTP; after it the socket is read in
// large chunks and the (unmasked, server-to-client) frames are parsed in
// place, so the client costs little per frame and leaves the CPU to the
// server. Every frame completed by one read gets that read's receive time.
// Pings are answered (masked pong), a close frame ends the subscriber.
net::awaitable<void> subscriber(Shared& sh, size_t id, std::string path, OnText on_frame) {
  beast::tcp_stream stream(co_await net::this_coro::executor);
  stream.expires_after(std::chrono::seconds(10));
  std::string in;
  auto [ec] = co_await stream.async_connect(tcp::endpoint(net::ip::make_address(sh.host), sh.port), kTok);
  if (!ec) {
    std::string req = "GET " + path + (path.find('?') == std::string::npos ? "?" : "&") +
                      "access_token=" + sh.token + " HTTP/1.1\r\nHost: " + sh.host +
                      "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    auto [wec, wn] = co_await net::async_write(stream, net::buffer(req), kTok);
    ec = wec;
  }
  size_t head = 0;
  if (!ec) {
    auto [rec, rn] = co_await net::async_read_until(stream, net::dynamic_buffer(in), "\r\n\r\n", kTok);
    ec = rec;
    head = rn;
  }
  if (!ec && in.rfind("HTTP/1.1 101", 0) != 0) ec = net::error::connection_refused;
  if (ec) {
    note_error(sh, "subscriber " + std::to_string(id) + ": " + ec.message() + " " + in.substr(0, in.find('\r')));
    ++sh.handshakes_failed;
    co_return;
  }
  stream.expires_never();
  ++sh.handshakes_done;
  std::vector<char> buf(64 << 10);
  size_t have = in.size() - head;  // frames that came with the upgrade response
  std::copy(in.begin() + static_cast<std::ptrdiff_t>(head), in.end(), buf.begin());
  std::string message;  // a fragmented message being assembled
  int64_t now_us = wall_us();
  for (;;) {
    size_t pos = 0;
    bool closed = false;
    while (have - pos >= 2) {
      auto byte = [&](size_t k) { return static_cast<uint8_t>(buf[pos + k]); };
      uint8_t op = byte(0) & 0x0f;
      bool fin = byte(0) & 0x80;
      uint64_t len = byte(1) & 0x7f;
      size_t hdr = 2;
      if (len == 126) {
        if (have - pos < 4) break;
        len = (uint64_t{byte(2)} << 8) | byte(3);
        hdr = 4;
      } else if (len == 127) {
        if (have - pos < 10) break;
        len = 0;
        for (size_t k = 2; k < 10; ++k) len = (len << 8) | byte(k);
        hdr = 10;
      }
      if (byte(1) & 0x80) hdr += 4;  // masked: servers must not, but skip the key
      if (hdr + len > buf.size()) buf.resize(hdr + len + (64 << 10));
      if (have - pos < hdr + len) break;
      std::string_view payload(buf.data() + pos + hdr, len);
      if (op == 0x1 || op == 0x0) {
        if (fin && message.empty()) {
          on_frame(payload, now_us);
        } else {
          message.append(payload);
          if (fin) {
            on_frame(message, now_us);
            message.clear();
          }
        }
      } else if (op == 0x9 && len <= 125) {  // ping -> pong with the same data, zero mask
        std::string pong = {static_cast<char>(0x8a), static_cast<char>(0x80 | len), 0, 0, 0, 0};
        pong.append(payload);
        co_await net::async_write(stream, net::buffer(pong), kTok);
      } else if (op == 0x8) {
        closed = true;
        if (!sh.stopping) {
          ++sh.closed_early;
          unsigned code = len >= 2 ? (static_cast<unsigned>(static_cast<uint8_t>(payload[0])) << 8) |
                                         static_cast<uint8_t>(payload[1])
                                   : 0;
          note_error(sh, "subscriber " + std::to_string(id) + " closed by the server, code " + std::to_string(code));
        }
        break;
      }
      pos += hdr + len;
    }
    if (closed) break;
    std::memmove(buf.data(), buf.data() + pos, have - pos);
    have -= pos;
    auto [rec, n] = co_await stream.async_read_some(net::buffer(buf.data() + have, buf.size() - have), kTok);
    if (rec) {
      if (!sh.stopping) {
        ++sh.closed_early;
        note_error(sh, "subscriber " + std::to_string(id) + " lost: " + rec.message());
      }
      break;
    }
    have += n;
    now_us = wall_us();
  }
}

net::awaitable<void> producer(Shared& sh, Worker& w, int id) {
  beast::tcp_stream stream(co_await net::this_coro::executor);
  net::steady_timer timer(co_await net::this_coro::executor);
  stream.expires_after(std::chrono::seconds(5));
  auto [cec] = co_await stream.async_connect(tcp::endpoint(net::ip::make_address(sh.host), sh.port), kTok);
  beast::flat_buffer buf;
  for (uint64_t i = 0; !cec; ++i) {
    uint64_t t = sh.ticket.fetch_add(1);
    int64_t intended = sh.t0_us + static_cast<int64_t>(static_cast<double>(t) * 1e6 / sh.rate);
    int64_t now = steady_us();
    // Behind schedule past the end: stop rather than catch up (the achieved
    // rate then shows the shortfall).
    if (intended >= sh.end_us || now >= sh.end_us) break;
    if (intended > now) {
      timer.expires_after(std::chrono::microseconds(intended - now));
      co_await timer.async_wait(kTok);
    }
    http::request<http::string_body> req{http::verb::post, "/api/v1/contacts", 11};
    req.set(http::field::host, sh.host);
    req.set(http::field::authorization, "Bearer " + sh.token);
    req.set(http::field::content_type, "application/json");
    req.set("Idempotency-Key", sh.key_prefix + "-" + std::to_string(id) + "-" + std::to_string(i));
    req.body() = R"({"queue":")" + sh.queues[static_cast<size_t>(id) % sh.queues.size()] + R"(","customer_id":"fan-)" + std::to_string(id) + "-" + std::to_string(i) + "\"}";
    req.keep_alive(true);
    req.prepare_payload();
    int64_t sent = steady_us();
    w.send_lag.record(sent - intended);
    stream.expires_after(std::chrono::seconds(10));
    auto [wec, wn] = co_await http::async_write(stream, req, kTok);
    http::response<http::string_body> res;
    if (!wec) {
      auto [rec, rn] = co_await http::async_read(stream, buf, res, kTok);
      wec = rec;
    }
    if (wec) {
      cec = wec;
      break;
    }
    if (res.result_int() == 201) {
      ++sh.created;
      w.create_lat.record(steady_us() - sent);
    } else {
      ++sh.failed;
      note_error(sh, "create: HTTP " + std::to_string(res.result_int()) + " " + res.body().substr(0, 200));
    }
  }
  if (cec) {
    ++sh.failed;
    note_error(sh, "producer " + std::to_string(id) + ": " + cec.message());
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  --sh.producers_live;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace switchyard::bench;
  Flags f(argc, argv,
          {{"host", "127.0.0.1"}, {"port", "0"}, {"subscribers", "1000"}, {"rate", "1000"}, {"duration-s", "20"},
           {"producers", "32"}, {"queue", "billing"}, {"threads", "1"}, {"grace-s", "5"},
           {"connect-concurrency", "64"}, {"user", "admin"}, {"password", "switchyard-demo"}, {"kpis", "0"}},
          kUsage);
  Shared sh;
  sh.host = f.str("host");
  sh.port = static_cast<uint16_t>(f.i64("port"));
  sh.queues = split_list(f.str("queue"));
  sh.rate = f.dbl("rate");
  sh.kpis = f.i64("kpis") != 0;
  size_t subs = static_cast<size_t>(std::max<int64_t>(0, f.i64("subscribers")));
  int producers = static_cast<int>(std::max<int64_t>(1, f.i64("producers")));
  int threads = static_cast<int>(std::max<int64_t>(1, f.i64("threads")));
  int concurrency = static_cast<int>(std::max<int64_t>(1, f.i64("connect-concurrency")));
  double duration_s = f.dbl("duration-s"), grace_s = f.dbl("grace-s");
  if (sh.port == 0 || sh.rate <= 0 || duration_s <= 0) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  // Connect (<= 60 s) + settle (<= 20 s) + run + grace + margin.
  start_watchdog(60 + 20 + duration_s + grace_s + 30, "ws_fanout");
  sh.key_prefix = "wf" + std::to_string(getpid()) + "x" + std::to_string(wall_us());
  sh.token = login(sh.host, sh.port, f.str("user"), f.str("password"));
  if (sh.token.empty()) return 1;

  std::vector<std::unique_ptr<Worker>> workers;
  std::vector<net::executor_work_guard<net::io_context::executor_type>> guards;
  // workers[0..threads-1] read the subscribers; the last one runs the
  // producers alone, so a busy reader never delays the schedule.
  for (int t = 0; t <= threads; ++t) {
    workers.push_back(std::make_unique<Worker>());
    guards.push_back(net::make_work_guard(workers.back()->ioc));
  }
  std::vector<std::thread> pool;
  for (auto& w : workers) pool.emplace_back([&w] { w->ioc.run(); });

  // 1. Subscribers, at most `concurrency` handshakes in flight (KPI mode:
  // and the probe).
  std::vector<uint64_t> counts(subs, 0);
  std::vector<std::vector<Seen>> kpi_seen(subs);  // KPI messages per subscriber
  std::vector<Seen> probe_seen;                   // contact_created events, by seq
  std::vector<std::atomic<uint64_t>> last_seq(subs);  // each subscriber's last KPI seq
  std::atomic<uint64_t> probe_last{0}, probe_count{0};
  std::atomic<size_t> kpi_ready{0};  // subscribers that have their first message
  const size_t sockets = subs + (sh.kpis ? 1 : 0);
  int64_t c0 = steady_us();
  for (size_t i = 0; i < sockets; ++i) {
    while (static_cast<int64_t>(i) - sh.handshakes_done - sh.handshakes_failed >= concurrency &&
           steady_us() - c0 < 60'000'000)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    Worker& w = *workers[i % static_cast<size_t>(threads)];
    OnText on_frame;
    std::string path = "/api/v1/events";
    if (!sh.kpis) {
      on_frame = [&w, &counts, i](std::string_view text, int64_t now_us) { on_text(w, counts, i, text, now_us); };
    } else if (i < subs) {
      path += "?kpis=only";
      on_frame = [&, i](std::string_view text, int64_t now_us) {
        if (text.find(R"("type":"kpis")") == std::string_view::npos) return;
        const int64_t seq = field(text, R"("seq")");
        if (seq < 0) return;
        kpi_seen[i].push_back({static_cast<uint64_t>(seq), now_us, field(text, R"("time_ms")") * 1000});
        last_seq[i].store(static_cast<uint64_t>(seq), std::memory_order_relaxed);
        if (kpi_seen[i].size() == 1) ++kpi_ready;
        w.received.fetch_add(1, std::memory_order_relaxed);
      };
    } else {
      on_frame = [&](std::string_view text, int64_t) {
        const int64_t t = created_time_ms(text), seq = field(text, R"("seq")");
        if (t < 0 || seq < 0) return;
        probe_seen.push_back({static_cast<uint64_t>(seq), t * 1000});
        probe_last.store(static_cast<uint64_t>(seq), std::memory_order_relaxed);
        ++probe_count;
      };
    }
    net::co_spawn(w.ioc, subscriber(sh, i, std::move(path), std::move(on_frame)), net::detached);
  }
  while (static_cast<size_t>(sh.handshakes_done + sh.handshakes_failed) < sockets && steady_us() - c0 < 60'000'000)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  double connect_s = static_cast<double>(steady_us() - c0) / 1e6;
  std::printf("ws_fanout: %d/%zu %s connected in %.2f s (%d failed)\n", sh.handshakes_done.load(), sockets,
              sh.kpis ? "sockets (KPI subscribers + the probe)" : "subscribers", connect_s,
              sh.handshakes_failed.load());
  std::fflush(stdout);

  // 2. Wait until the server has attached them all (KPI subscribers: until
  // each has its first message, the full picture).
  double attached = -1;
  for (int64_t s0 = steady_us(); steady_us() - s0 < 20'000'000;) {
    HttpReply m = http_call(sh.host, sh.port, "GET", "/metrics");
    attached = metric_value(m.body, "switchyard_event_subscribers");
    if (sh.kpis ? attached >= 1 && kpi_ready >= subs : attached >= sh.handshakes_done) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));

  // 3. Producers on the open-loop schedule.
  sh.t0_us = steady_us();
  sh.end_us = sh.t0_us + static_cast<int64_t>(duration_s * 1e6);
  sh.producers_live = producers;
  for (int p = 0; p < producers; ++p) {
    Worker& w = *workers.back();
    net::co_spawn(w.ioc, producer(sh, w, p), net::detached);
  }
  while (sh.producers_live > 0 && steady_us() < sh.end_us + 12'000'000)  // in-flight requests time out at 10 s
    std::this_thread::sleep_for(std::chrono::milliseconds(20));

  // 4. Stragglers (KPI mode: until the probe has every contact and every
  // subscriber a message that reflects the last one).
  const uint64_t expected_frames = sh.created * subs;
  auto received = [&] {
    uint64_t r = 0;
    for (auto& w : workers) r += w->received.load(std::memory_order_relaxed);
    return r;
  };
  auto kpis_done = [&] {
    if (probe_count < sh.created) return false;
    for (const auto& l : last_seq)
      if (l.load(std::memory_order_relaxed) < probe_last.load(std::memory_order_relaxed)) return false;
    return true;
  };
  for (int64_t g0 = steady_us();
       (sh.kpis ? !kpis_done() : received() < expected_frames) && steady_us() - g0 < static_cast<int64_t>(grace_s * 1e6);)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  sh.stopping = true;
  for (auto& w : workers) w->ioc.stop();
  for (auto& t : pool) t.join();

  Histogram delay, lat, lag;
  for (auto& w : workers) {
    delay.merge(w->delay);
    lat.merge(w->create_lat);
    lag.merge(w->send_lag);
  }
  // Per subscriber: contact_created frames received, or (KPI mode) contacts
  // reflected by a KPI message; the KPI lag of each such contact.
  uint64_t got = 0, expected = expected_frames;
  Histogram to_publish, to_receive;  // KPI lag split: event -> publication -> receipt
  if (sh.kpis) {
    expected = probe_seen.size() * subs;
    for (size_t i = 0; i < subs; ++i) {
      size_t j = 0;  // probe_seen is in seq order (the stream's)
      for (const Seen& m : kpi_seen[i]) {
        for (; j < probe_seen.size() && probe_seen[j].seq <= m.seq; ++j) {
          delay.record(m.at_us - probe_seen[j].at_us);
          to_publish.record(m.sent_us - probe_seen[j].at_us);
          to_receive.record(m.at_us - m.sent_us);
        }
      }
      counts[i] = j;
    }
  }
  uint64_t min_sub = UINT64_MAX, max_sub = 0;
  for (size_t i = 0; i < subs; ++i) {
    got += counts[i];
    min_sub = std::min(min_sub, counts[i]);
    max_sub = std::max(max_sub, counts[i]);
  }
  if (subs == 0) min_sub = 0;
  std::printf("  server-attached subscribers: %.0f; queue(s) %s\n", attached, f.str("queue").c_str());
  std::printf("  producers: %d connections, target %.0f/s for %.1f s: %llu created (%.0f/s), %llu failed\n", producers,
              sh.rate, duration_s, static_cast<unsigned long long>(sh.created.load()),
              static_cast<double>(sh.created) / duration_s, static_cast<unsigned long long>(sh.failed.load()));
  std::printf("  create latency ms (send -> 201): %s\n", lat.summary_ms().c_str());
  std::printf("  producer lag ms (scheduled -> sent): %s\n", lag.summary_ms().c_str());
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto secs = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  std::printf("  this tool's CPU: %.1f s user + %.1f s sys over %.1f s wall\n", secs(ru.ru_utime), secs(ru.ru_stime),
              static_cast<double>(steady_us() - c0) / 1e6);
  if (sh.kpis) {
    uint64_t messages = 0;
    for (const auto& k : kpi_seen) messages += k.size();
    std::printf("  probe: %zu contact_created events; KPI messages received %llu\n", probe_seen.size(),
                static_cast<unsigned long long>(messages));
  }
  std::printf("  %s: expected %llu, received %llu (per subscriber min %llu max %llu); subscribers lost early %d\n",
              sh.kpis ? "contacts reflected by a KPI message" : "contact_created frames",
              static_cast<unsigned long long>(expected), static_cast<unsigned long long>(got),
              static_cast<unsigned long long>(min_sub), static_cast<unsigned long long>(max_sub),
              sh.closed_early.load());
  std::printf("  %s: %s\n",
              sh.kpis ? "KPI push lag ms (receive wall of the first KPI message with seq >= the event's - event time_ms)"
                      : "delivery delay ms (receive wall - event time_ms)",
              delay.summary_ms().c_str());
  if (sh.kpis) {
    std::printf("    of which event time_ms -> the message's time_ms (publication): %s\n", to_publish.summary_ms().c_str());
    std::printf("    and the message's time_ms -> receive wall (fan-out): %s\n", to_receive.summary_ms().c_str());
  }
  if (!sh.first_error.empty()) std::printf("  first error: %s\n", sh.first_error.c_str());
  std::printf("RESULT mode=%s subscribers=%zu rate=%.0f created=%llu expected=%llu received=%llu p50_ms=%.2f "
              "p95_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f\n",
              sh.kpis ? "kpis" : "events", subs, sh.rate, static_cast<unsigned long long>(sh.created.load()),
              static_cast<unsigned long long>(expected), static_cast<unsigned long long>(got),
              delay.quantile_us(0.5) / 1e3, delay.quantile_us(0.95) / 1e3, delay.quantile_us(0.99) / 1e3,
              delay.quantile_us(0.999) / 1e3, static_cast<double>(delay.max_us()) / 1e3);
  std::fflush(stdout);
  bool ok = expected > 0 && got >= expected && sh.failed == 0 && static_cast<size_t>(sh.handshakes_done) == sockets;
  // Skip tearing down a thousand sockets and coroutine frames one by one.
  std::_Exit(ok ? 0 : 1);
}
