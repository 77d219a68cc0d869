#pragma once
// Shared pieces of the server load tools (contact_load, ws_fanout): flag
// parsing, a log-linear latency histogram, a watchdog that bounds the run, and
// a blocking HTTP call for set-up requests (login, /metrics). Loopback only.
//
// Include from one translation unit per tool: it pulls in Beast.
#include <unistd.h>

#include <atomic>
#include <bit>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace switchyard::bench {

// --name value flags; every flag must be declared with a default first.
class Flags {
 public:
  Flags(int argc, char** argv, std::map<std::string, std::string> defaults, const char* usage)
      : values_(std::move(defaults)) {
    for (int i = 1; i < argc; ++i) {
      std::string a = argv[i];
      if (a == "-h" || a == "--help") usage_exit(usage, 0);
      if (a.rfind("--", 0) != 0 || i + 1 >= argc || !values_.contains(a.substr(2))) {
        std::fprintf(stderr, "bad argument: %s\n", a.c_str());
        usage_exit(usage, 2);
      }
      values_[a.substr(2)] = argv[++i];
    }
  }
  std::string str(const std::string& k) const { return values_.at(k); }
  int64_t i64(const std::string& k) const { return std::strtoll(values_.at(k).c_str(), nullptr, 10); }
  double dbl(const std::string& k) const { return std::strtod(values_.at(k).c_str(), nullptr); }

 private:
  [[noreturn]] static void usage_exit(const char* usage, int code) {
    std::fputs(usage, code ? stderr : stdout);
    std::exit(code);
  }
  std::map<std::string, std::string> values_;
};

// Values in microseconds; exact below 1024 us, then 512 sub-buckets per power
// of two (relative error < 0.2%). Not thread-safe: one per thread, merge().
class Histogram {
 public:
  Histogram() : buckets_(kBuckets, 0) {}
  void record(int64_t us) {
    if (us < 0) us = 0;
    ++buckets_[index(static_cast<uint64_t>(us))];
    ++count_;
    sum_ += static_cast<double>(us);
    if (us > max_) max_ = us;
  }
  void merge(const Histogram& o) {
    for (size_t i = 0; i < kBuckets; ++i) buckets_[i] += o.buckets_[i];
    count_ += o.count_;
    sum_ += o.sum_;
    if (o.max_ > max_) max_ = o.max_;
  }
  uint64_t count() const { return count_; }
  int64_t max_us() const { return max_; }
  double mean_us() const { return count_ ? sum_ / static_cast<double>(count_) : 0; }
  // The value at quantile q (0..1], in microseconds (upper edge of its bucket).
  int64_t quantile_us(double q) const {
    if (count_ == 0) return 0;
    uint64_t rank = static_cast<uint64_t>(std::ceil(q * static_cast<double>(count_)));
    if (rank < 1) rank = 1;
    uint64_t seen = 0;
    for (size_t i = 0; i < kBuckets; ++i) {
      seen += buckets_[i];
      if (seen >= rank) return std::min<int64_t>(upper(i), max_);
    }
    return max_;
  }
  // "p50 1.23 p90 ... max ..." in milliseconds.
  std::string summary_ms() const {
    char b[256];
    std::snprintf(b, sizeof b, "p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f  (mean %.2f, n %llu)",
                  quantile_us(0.5) / 1e3, quantile_us(0.9) / 1e3, quantile_us(0.99) / 1e3, quantile_us(0.999) / 1e3,
                  static_cast<double>(max_) / 1e3, mean_us() / 1e3, static_cast<unsigned long long>(count_));
    return b;
  }

 private:
  static constexpr size_t kBuckets = 1024 + 40 * 512;
  static size_t index(uint64_t us) {
    if (us < 1024) return us;
    int e = std::bit_width(us) - 1;  // >= 10
    if (e > 49) return kBuckets - 1;
    return 1024 + static_cast<size_t>(e - 10) * 512 + ((us >> (e - 9)) - 512);
  }
  static int64_t upper(size_t i) {
    if (i < 1024) return static_cast<int64_t>(i);
    size_t e = (i - 1024) / 512 + 10, m = (i - 1024) % 512 + 512;
    return static_cast<int64_t>(((m + 1) << (e - 9)) - 1);
  }
  std::vector<uint64_t> buckets_;
  uint64_t count_ = 0;
  double sum_ = 0;
  int64_t max_ = 0;
};

inline int64_t steady_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
inline int64_t wall_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Ends the process with status 3 if it is still running after `seconds`:
// every tool stops by itself even if the server hangs.
inline void start_watchdog(double seconds, const char* tool) {
  std::thread([seconds, tool] {
    std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000)));
    std::fprintf(stderr, "%s: watchdog: still running after %.0f s, giving up\n", tool, seconds);
    std::fflush(stdout);
    _exit(3);
  }).detach();
}

struct HttpReply {
  int status = 0;  // 0: connection failed
  std::string body;
};

// One blocking request on a fresh connection (set-up only, not measured).
inline HttpReply http_call(const std::string& host, uint16_t port, const std::string& method, const std::string& target,
                           const std::string& body = {}, const std::string& token = {}) {
  namespace beast = boost::beast;
  namespace net = boost::asio;
  HttpReply out;
  try {
    net::io_context ioc;
    net::ip::tcp::socket s(ioc);
    s.connect(net::ip::tcp::endpoint(net::ip::make_address(host), port));
    beast::http::request<beast::http::string_body> req(beast::http::string_to_verb(method), target, 11);
    req.set(beast::http::field::host, host);
    if (!token.empty()) req.set(beast::http::field::authorization, "Bearer " + token);
    if (!body.empty()) {
      req.set(beast::http::field::content_type, "application/json");
      req.body() = body;
    }
    req.prepare_payload();
    beast::http::write(s, req);
    beast::flat_buffer buf;
    beast::http::response_parser<beast::http::string_body> parser;
    parser.body_limit(64 << 20);
    beast::http::read(s, buf, parser);
    out.status = parser.get().result_int();
    out.body = parser.get().body();
  } catch (const std::exception& e) {
    out.body = e.what();
  }
  return out;
}

// Logs in and returns the session token, or "" (with a message on stderr).
inline std::string login(const std::string& host, uint16_t port, const std::string& user, const std::string& password) {
  HttpReply r = http_call(host, port, "POST", "/api/v1/auth/login",
                          R"({"username":")" + user + R"(","password":")" + password + R"("})");
  auto pos = r.body.find("\"token\":\"");
  if (r.status != 200 || pos == std::string::npos) {
    std::fprintf(stderr, "login failed: status %d %s\n", r.status, r.body.c_str());
    return {};
  }
  pos += 9;
  return r.body.substr(pos, r.body.find('"', pos) - pos);
}

// "a,b,c" -> {"a", "b", "c"}.
inline std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t comma; (comma = s.find(',', start)) != std::string::npos; start = comma + 1)
    out.push_back(s.substr(start, comma - start));
  out.push_back(s.substr(start));
  return out;
}

// The value of an unlabelled Prometheus sample ("name 123"), or -1.
inline double metric_value(const std::string& text, std::string_view name) {
  size_t pos = 0;
  std::string key = std::string(name) + " ";
  while ((pos = text.find(key, pos)) != std::string::npos) {
    if (pos == 0 || text[pos - 1] == '\n') return std::strtod(text.c_str() + pos + key.size(), nullptr);
    pos += key.size();
  }
  return -1;
}

}  // namespace switchyard::bench
