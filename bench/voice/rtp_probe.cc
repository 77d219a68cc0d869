// rtp_probe: round-trip time of RTP packets through an echo, to measure what
// Switchyard's RTP relay adds (bench/voice/README.md).
//
//   rtp_probe --to HOST:PORT [--count 500] [--interval-ms 20] [--wait-ms 1000]
//             [--label NAME] [--out FILE]
//
// Sends --count RTP packets (version 2, PCMU, 160-byte payload, as a phone
// does) every --interval-ms from one UDP socket to HOST:PORT, each carrying
// its sequence number and the send time (CLOCK_MONOTONIC); whatever comes
// back to the socket with a known sequence number is a round trip. Prints
// (and appends to --out) one line: label, sent, received, lost, duplicates
// and the round-trip time p50/p90/p99/max in microseconds.
//
// Aimed at sipp's -rtp_echo directly it measures the echo alone; aimed at
// the customer's RTP port of a call Switchyard bridged to a phone that
// echoes, it measures the same echo plus the relay twice (customer to agent,
// agent to customer): (via_relay - direct) / 2 is the relay's added latency
// per direction.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "rtp_bench.h"

namespace {

using switchyard::bench::now_ns;

[[noreturn]] void usage() {
  std::fprintf(stderr,
               "usage: rtp_probe --to HOST:PORT [--count 500] [--interval-ms 20] [--wait-ms 1000] [--label NAME] "
               "[--out FILE]\n");
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  std::string to, label = "probe", out;
  int count = 500, interval_ms = 20, wait_ms = 1000;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (i + 1 >= argc) usage();
    std::string v = argv[++i];
    if (a == "--to") to = v;
    else if (a == "--count") count = std::atoi(v.c_str());
    else if (a == "--interval-ms") interval_ms = std::atoi(v.c_str());
    else if (a == "--wait-ms") wait_ms = std::atoi(v.c_str());
    else if (a == "--label") label = v;
    else if (a == "--out") out = v;
    else usage();
  }
  const size_t colon = to.rfind(':');
  if (colon == std::string::npos || count <= 0 || interval_ms <= 0) usage();
  sockaddr_in dst{};
  dst.sin_family = AF_INET;
  dst.sin_port = htons(static_cast<uint16_t>(std::atoi(to.c_str() + colon + 1)));
  if (inet_pton(AF_INET, to.substr(0, colon).c_str(), &dst.sin_addr) != 1) usage();
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) return std::perror("socket"), 1;

  std::vector<int64_t> sent_at(static_cast<size_t>(count), 0);
  std::vector<int64_t> rtt;
  rtt.reserve(static_cast<size_t>(count));
  int dup = 0, sent = 0;
  std::vector<bool> seen(static_cast<size_t>(count), false);
  const uint32_t ssrc = static_cast<uint32_t>(getpid()) * 2654435761u;
  const int64_t start = now_ns(), step = int64_t{interval_ms} * 1'000'000;
  int64_t next = start, end = -1;
  uint8_t pkt[12 + 160];
  uint8_t in[2048];
  for (;;) {
    const int64_t t = now_ns();
    if (sent < count && t >= next) {
      std::memset(pkt, 0xFF, sizeof pkt);  // mu-law silence
      pkt[0] = 0x80;
      pkt[1] = 0;  // PCMU
      const uint16_t seq = static_cast<uint16_t>(sent);
      pkt[2] = static_cast<uint8_t>(seq >> 8);
      pkt[3] = static_cast<uint8_t>(seq);
      const uint32_t ts = static_cast<uint32_t>(sent) * 160;
      const uint32_t nts = htonl(ts), nssrc = htonl(ssrc);
      std::memcpy(pkt + 4, &nts, 4);
      std::memcpy(pkt + 8, &nssrc, 4);
      const uint32_t idx = static_cast<uint32_t>(sent);
      std::memcpy(pkt + 12, &idx, 4);
      const int64_t s = now_ns();
      std::memcpy(pkt + 16, &s, 8);
      sent_at[static_cast<size_t>(sent)] = s;
      if (sendto(fd, pkt, sizeof pkt, 0, reinterpret_cast<sockaddr*>(&dst), sizeof dst) < 0) std::perror("sendto");
      ++sent;
      next += step;
      if (sent == count) end = now_ns() + int64_t{wait_ms} * 1'000'000;
    }
    if (end > 0 && t >= end) break;
    const int64_t until = sent < count ? next : end;
    pollfd p{fd, POLLIN, 0};
    const int timeout_ms = static_cast<int>(std::max<int64_t>(0, (until - now_ns()) / 1'000'000));
    if (poll(&p, 1, timeout_ms) > 0) {
      for (;;) {
        const ssize_t n = recv(fd, in, sizeof in, MSG_DONTWAIT);
        if (n < 0) break;
        const int64_t r = now_ns();
        if (n < 24) continue;
        uint32_t idx = 0;
        int64_t s = 0;
        std::memcpy(&idx, in + 12, 4);
        std::memcpy(&s, in + 16, 8);
        if (idx >= static_cast<uint32_t>(count) || sent_at[idx] != s) continue;
        if (seen[idx]) {
          ++dup;
          continue;
        }
        seen[idx] = true;
        rtt.push_back((r - s) / 1000);
      }
    }
  }
  std::sort(rtt.begin(), rtt.end());
  auto pct = [&](double q) { return static_cast<long long>(switchyard::bench::percentile(rtt, q)); };
  char line[512];
  std::snprintf(line, sizeof line,
                "%s: sent %d received %zu lost %zu dup %d rtt_us p50 %lld p90 %lld p99 %lld max %lld\n", label.c_str(),
                sent, rtt.size(), static_cast<size_t>(sent) - rtt.size(), dup, pct(0.5), pct(0.9), pct(0.99),
                rtt.empty() ? -1LL : static_cast<long long>(rtt.back()));
  switchyard::bench::emit_line(line, out);
  close(fd);
  return rtt.empty() ? 1 : 0;
}
