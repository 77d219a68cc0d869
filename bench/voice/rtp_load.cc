// rtp_load: the media of many concurrent calls for bench/voice/concurrent.sh
// (MEDIA=load), in one process that batches its system calls, so that the
// load generator does not need the cores it is meant to measure Switchyard
// on (sipp's rtp_stream runs a thread per call and -rtp_echo one read and
// one write per packet: on a 2-core machine they took most of a core at
// 1,000 calls; bench/RESULTS.md).
//
//   rtp_load --customer-port P --phone-port Q --ports-file FILE --calls N
//            [--window-s 20] [--warmup-s 2] [--duration-s 0] [--label NAME]
//            [--out FILE]
//
// The customers' sipp offers 127.0.0.1:P as every caller's audio and logs
// the relay port of each answer ("relay: PORT") to FILE; the phones' sipp
// answers with 127.0.0.1:Q. rtp_load then plays both ends:
// - customers: to each relay port from FILE, 50 RTP packets/s (PCMU, 160
//   bytes of payload, 20 ms apart, like a phone), from port P, sent with
//   sendmmsg every 2 ms to a tenth of the calls in turn (calls are not in
//   step: a burst of all of them at once would measure its own queue);
//   each packet carries its call, sequence and send time (CLOCK_MONOTONIC);
// - phones: every packet arriving at port Q is sent back to where it came
//   from (the agent leg's relay port), recvmmsg / sendmmsg in batches;
// - customers again: packets arriving at P are the echo relayed back; with
//   the send time in them they give the round trip customer -> relay ->
//   phone -> relay -> customer.
// One more stream goes from P straight to Q and back ("direct"): the same
// round trip without the relay; (through relay - direct) / 2 is what the
// relay adds per direction.
//
// Once N relay ports are known, after --warmup-s, packets sent during
// --window-s are counted: sent, came back (within 2 s), lost, duplicates,
// round trip p50/p90/p99/max in microseconds, through the relay and
// direct. One line per figure to stdout (and appended to --out). Runs until
// --duration-s (0: until SIGTERM / SIGINT).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "rtp_bench.h"

namespace {

constexpr size_t kPayload = 160;           // 20 ms of PCMU
constexpr size_t kPacket = 12 + kPayload;  // RTP header + payload
constexpr size_t kBatch = 256;
constexpr uint32_t kDirect = 0xffffffffu;  // the call index of the stream that bypasses the relay

std::atomic<bool> stop{false};

using switchyard::bench::now_ns;

[[noreturn]] void usage() {
  std::fprintf(stderr,
               "usage: rtp_load --customer-port P --phone-port Q --ports-file FILE --calls N [--window-s 20] "
               "[--warmup-s 2] [--duration-s 0] [--label NAME] [--out FILE]\n");
  std::exit(2);
}

int udp_socket(uint16_t port) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) return std::perror("socket"), -1;
  int big = 16 << 20;  // room for bursts; FORCE beyond rmem_max as root
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof big) != 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
  if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &big, sizeof big) != 0)
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    std::fprintf(stderr, "bind 127.0.0.1:%u: %s\n", port, std::strerror(errno));
    return -1;
  }
  return fd;
}

sockaddr_in loopback(uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

// A batch of datagrams for recvmmsg / sendmmsg.
struct Batch {
  std::vector<std::array<uint8_t, 2048>> buf{kBatch};
  std::vector<sockaddr_in> addr{kBatch};
  std::vector<iovec> iov{kBatch};
  std::vector<mmsghdr> msg{kBatch};
  Batch() {
    for (size_t i = 0; i < kBatch; ++i) {
      iov[i] = {buf[i].data(), buf[i].size()};
      msg[i] = {};
      msg[i].msg_hdr.msg_iov = &iov[i];
      msg[i].msg_hdr.msg_iovlen = 1;
      msg[i].msg_hdr.msg_name = &addr[i];
      msg[i].msg_hdr.msg_namelen = sizeof(sockaddr_in);
    }
  }
  void reset_for_receive() {
    for (size_t i = 0; i < kBatch; ++i) {
      iov[i].iov_len = buf[i].size();
      msg[i].msg_hdr.msg_namelen = sizeof(sockaddr_in);
    }
  }
};

// Sends msg[0..n) in as many sendmmsg calls as it takes; returns those sent.
size_t send_all(int fd, mmsghdr* msg, size_t n) {
  size_t done = 0;
  while (done < n) {
    int r = sendmmsg(fd, msg + done, static_cast<unsigned>(n - done), 0);
    if (r < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == ENOBUFS) {
        pollfd p{fd, POLLOUT, 0};
        poll(&p, 1, 5);
        continue;
      }
      ++done;  // e.g. ECONNREFUSED from a relay port that closed: skip that one
      continue;
    }
    done += static_cast<size_t>(r);
  }
  return done;
}

// The phones: every packet back to where it came from.
void echo_loop(int fd, std::atomic<uint64_t>& echoed) {
  Batch b;
  while (!stop.load(std::memory_order_relaxed)) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    b.reset_for_receive();
    int n = recvmmsg(fd, b.msg.data(), kBatch, MSG_DONTWAIT, nullptr);
    if (n <= 0) continue;
    for (int i = 0; i < n; ++i) b.iov[static_cast<size_t>(i)].iov_len = b.msg[static_cast<size_t>(i)].msg_len;
    echoed.fetch_add(send_all(fd, b.msg.data(), static_cast<size_t>(n)), std::memory_order_relaxed);
  }
}

struct Stream {
  sockaddr_in to{};
  uint32_t ssrc = 0;
  uint16_t seq = 0;
  uint32_t ts = 0;
};

struct Window {
  int64_t from = 0, to = 0;  // send times counted, ns; 0: not started
  uint64_t sent = 0, direct_sent = 0;
  std::vector<int64_t> rtt, direct_rtt;  // ns
  uint64_t dup = 0;
  std::vector<uint64_t> seen;  // bit per (call, seq) in the window: duplicates
};

std::string percentiles(std::vector<int64_t>& v) {
  if (v.empty()) return "-";
  std::sort(v.begin(), v.end());
  auto at = [&](double q) { return switchyard::bench::percentile(v, q) / 1000; };
  char s[128];
  std::snprintf(s, sizeof s, "%lld/%lld/%lld/%lld", static_cast<long long>(at(0.5)), static_cast<long long>(at(0.9)),
                static_cast<long long>(at(0.99)), static_cast<long long>(v.back() / 1000));
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  int customer_port = 0, phone_port = 0, calls = 0, window_s = 20, warmup_s = 2, duration_s = 0;
  std::string ports_file, label = "load", out;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (i + 1 >= argc) usage();
    std::string v = argv[++i];
    if (a == "--customer-port") customer_port = std::atoi(v.c_str());
    else if (a == "--phone-port") phone_port = std::atoi(v.c_str());
    else if (a == "--ports-file") ports_file = v;
    else if (a == "--calls") calls = std::atoi(v.c_str());
    else if (a == "--window-s") window_s = std::atoi(v.c_str());
    else if (a == "--warmup-s") warmup_s = std::atoi(v.c_str());
    else if (a == "--duration-s") duration_s = std::atoi(v.c_str());
    else if (a == "--label") label = v;
    else if (a == "--out") out = v;
    else usage();
  }
  if (customer_port <= 0 || customer_port > 65535 || phone_port <= 0 || phone_port > 65535 || ports_file.empty() ||
      calls <= 0 || window_s <= 0 || warmup_s < 0 || duration_s < 0)
    usage();
  std::signal(SIGTERM, [](int) { stop = true; });
  std::signal(SIGINT, [](int) { stop = true; });
  const int cust = udp_socket(static_cast<uint16_t>(customer_port));
  const int phone = udp_socket(static_cast<uint16_t>(phone_port));
  if (cust < 0 || phone < 0) return 1;

  std::atomic<uint64_t> echoed{0};
  std::thread echo([&] { echo_loop(phone, echoed); });

  // streams[i]: call i (from the ports file, in order); direct: to the phones
  std::vector<Stream> streams;
  Stream direct;
  direct.to = loopback(static_cast<uint16_t>(phone_port));
  direct.ssrc = 0xd1ec7;
  std::ifstream ports(ports_file);
  std::string pending;
  auto read_ports = [&] {
    if (!ports.is_open()) {
      ports.open(ports_file);
      if (!ports.is_open()) return;
    }
    ports.clear();
    std::string line;
    while (std::getline(ports, line)) {
      if (ports.eof()) {  // a line not finished yet: keep it for the next read
        pending += line;
        break;
      }
      line = pending + line;
      pending.clear();
      auto at = line.find("relay: ");
      if (at == std::string::npos) continue;
      int port = std::atoi(line.c_str() + at + 7);
      if (port <= 0 || port > 65535) continue;
      Stream s;
      s.to = loopback(static_cast<uint16_t>(port));
      s.ssrc = 0x5ca1e000u + static_cast<uint32_t>(streams.size());
      streams.push_back(s);
    }
  };

  Window w;
  Batch out_batch, in_batch;
  std::vector<std::array<uint8_t, kPacket>> packets;
  std::vector<mmsghdr> msgs;
  std::vector<iovec> iovs;
  uint64_t received = 0, sent_total = 0;
  const int64_t start = now_ns();
  int64_t next_tick = start;
  constexpr int kSlices = 10;  // a tick every 20 ms / kSlices, each for the calls i with i % kSlices == slice
  int slice = 0;
  int64_t full_at = 0;  // when all calls' ports were known
  bool reported = false;

  auto build = [&](Stream& s, uint32_t call, std::array<uint8_t, kPacket>& p, int64_t t) {
    p.fill(0xff);  // PCMU silence
    p[0] = 0x80;
    p[1] = 0;  // PCMU
    p[2] = static_cast<uint8_t>(s.seq >> 8);
    p[3] = static_cast<uint8_t>(s.seq);
    for (int k = 0; k < 4; ++k) p[4 + k] = static_cast<uint8_t>(s.ts >> (24 - 8 * k));
    for (int k = 0; k < 4; ++k) p[8 + k] = static_cast<uint8_t>(s.ssrc >> (24 - 8 * k));
    std::memcpy(p.data() + 12, &t, 8);
    std::memcpy(p.data() + 20, &call, 4);
    uint32_t seq32 = s.ts / 160;
    std::memcpy(p.data() + 24, &seq32, 4);
    ++s.seq;
    s.ts += 160;
  };

  auto report = [&] {
    const uint64_t got = w.rtt.size(), dgot = w.direct_rtt.size();
    char line[512];
    std::snprintf(line, sizeof line,
                  "%s: calls %zu, window %d s: through the relay sent %llu, back %llu, lost %llu (%.3f %%), dup %llu, "
                  "rtt us p50/p90/p99/max %s; direct sent %llu, back %llu, rtt us %s\n",
                  label.c_str(), streams.size(), window_s, static_cast<unsigned long long>(w.sent),
                  static_cast<unsigned long long>(got), static_cast<unsigned long long>(w.sent - std::min(w.sent, got)),
                  w.sent ? 100.0 * static_cast<double>(w.sent - std::min(w.sent, got)) / static_cast<double>(w.sent) : 0.0,
                  static_cast<unsigned long long>(w.dup), percentiles(w.rtt).c_str(),
                  static_cast<unsigned long long>(w.direct_sent), static_cast<unsigned long long>(dgot),
                  percentiles(w.direct_rtt).c_str());
    switchyard::bench::emit_line(line, out);
  };

  while (!stop.load(std::memory_order_relaxed)) {
    int64_t t = now_ns();
    if (duration_s > 0 && t - start >= int64_t{duration_s} * 1'000'000'000) break;
    if (t >= next_tick) {
      read_ports();
      if (!full_at && streams.size() >= static_cast<size_t>(calls)) {
        full_at = t;
        w.from = t + int64_t{warmup_s} * 1'000'000'000;
        w.to = w.from + int64_t{window_s} * 1'000'000'000;
        w.seen.assign((streams.size() + 1) * static_cast<size_t>(window_s) * 50 / 64 + 64, 0);
      }
      // this slice's calls, and the direct stream with slice 0
      const size_t mine = (streams.size() + kSlices - 1 - static_cast<size_t>(slice)) / kSlices;
      const size_t n = mine + (slice == 0 ? 1 : 0);
      packets.resize(n);
      msgs.assign(n, mmsghdr{});
      iovs.resize(n);
      for (size_t k = 0; k < n; ++k) {
        const size_t i = static_cast<size_t>(slice) + k * kSlices;
        Stream& s = k < mine ? streams[i] : direct;
        build(s, k < mine ? static_cast<uint32_t>(i) : kDirect, packets[k], t);
        iovs[k] = {packets[k].data(), kPacket};
        msgs[k].msg_hdr.msg_iov = &iovs[k];
        msgs[k].msg_hdr.msg_iovlen = 1;
        msgs[k].msg_hdr.msg_name = &s.to;
        msgs[k].msg_hdr.msg_namelen = sizeof(sockaddr_in);
      }
      sent_total += send_all(cust, msgs.data(), n);
      if (w.from && t >= w.from && t < w.to) {
        w.sent += mine;
        if (slice == 0) ++w.direct_sent;
      }
      slice = (slice + 1) % kSlices;
      next_tick += 20'000'000 / kSlices;
      if (next_tick < t - 100'000'000) next_tick = t + 20'000'000 / kSlices;  // a stall: no burst
    }
    if (w.from && !reported && t >= w.to + 2'000'000'000) {
      report();
      reported = true;
    }
    // receive until the next tick
    int wait_ms = static_cast<int>(std::max<int64_t>(0, (next_tick - now_ns()) / 1'000'000));
    pollfd p{cust, POLLIN, 0};
    if (poll(&p, 1, wait_ms) <= 0) continue;
    for (;;) {
      in_batch.reset_for_receive();
      int r = recvmmsg(cust, in_batch.msg.data(), kBatch, MSG_DONTWAIT, nullptr);
      if (r <= 0) break;
      const int64_t arrived = now_ns();
      received += static_cast<uint64_t>(r);
      for (int i = 0; i < r; ++i) {
        const auto& m = in_batch.msg[static_cast<size_t>(i)];
        if (m.msg_len < 28) continue;
        const uint8_t* d = in_batch.buf[static_cast<size_t>(i)].data();
        int64_t sent_at;
        uint32_t call, seq;
        std::memcpy(&sent_at, d + 12, 8);
        std::memcpy(&call, d + 20, 4);
        std::memcpy(&seq, d + 24, 4);
        if (!w.from || sent_at < w.from || sent_at >= w.to) continue;
        if (call == kDirect) {
          w.direct_rtt.push_back(arrived - sent_at);
          continue;
        }
        if (call >= streams.size()) continue;
        const size_t bit = static_cast<size_t>(call) * (static_cast<size_t>(window_s) * 50 + 200) +
                           (seq % (static_cast<size_t>(window_s) * 50 + 200));
        if (bit / 64 >= w.seen.size()) w.seen.resize(bit / 64 + 1, 0);
        if (w.seen[bit / 64] >> (bit % 64) & 1) {
          ++w.dup;
          continue;
        }
        w.seen[bit / 64] |= uint64_t{1} << (bit % 64);
        w.rtt.push_back(arrived - sent_at);
      }
      if (static_cast<size_t>(r) < kBatch) break;
    }
  }
  stop = true;
  echo.join();
  if (w.from && !reported) report();
  std::fprintf(stderr, "%s: sent %llu, received %llu, echoed %llu, calls %zu\n", label.c_str(),
               static_cast<unsigned long long>(sent_total), static_cast<unsigned long long>(received),
               static_cast<unsigned long long>(echoed.load()), streams.size());
  close(cust);
  close(phone);
  return 0;
}
