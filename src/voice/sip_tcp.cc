#include "voice/sip_tcp.h"

#include <algorithm>
#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <deque>
#include <unordered_map>
#include <vector>

#include "core/clock.h"

namespace switchyard::voice {

namespace asio = boost::asio;
using asio::ip::tcp;

// ---- framing -----------------------------------------------------------------------

namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::string_view kHeadersEnd = "\r\n\r\n";

Error stream_error(std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(message), "sip.stream"};
}

bool is_lws(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_lws(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_lws(s.back())) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) {
    return (x >= 'A' && x <= 'Z' ? x + ('a' - 'A') : x) ==
           (y >= 'A' && y <= 'Z' ? y + ('a' - 'A') : y);
  });
}

// The Content-Length of one header line ("Name: value", folds already
// joined), nullopt when the line is another header. A value over
// kMaxMessageBytes is returned as kMaxMessageBytes + 1 (too large either way).
Result<std::optional<size_t>> content_length_of(std::string_view line) {
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return std::nullopt;  // not a header: parse_sip's to refuse
  const std::string_view name = trim(line.substr(0, colon));
  if (!iequals(name, "content-length") && !iequals(name, "l")) return std::nullopt;
  const std::string_view value = trim(line.substr(colon + 1));
  const bool digits =
      !value.empty() && std::ranges::all_of(value, [](char c) { return c >= '0' && c <= '9'; });
  if (!digits)
    return std::unexpected(stream_error("Content-Length is not a number: \"" +
                                        std::string(value.substr(0, 32)) + "\""));
  size_t n = 0;
  for (char c : value) {
    n = n * 10 + static_cast<size_t>(c - '0');
    if (n > kMaxMessageBytes) return kMaxMessageBytes + 1;
  }
  return n;
}

// The body length that the header block `head` (start line and headers,
// without the final CRLFCRLF) announces: its Content-Length, 0 without one.
Result<size_t> body_length(std::string_view head) {
  std::optional<size_t> length;
  std::string header;  // the current header, folded lines joined (RFC 3261 section 7.3.1)
  auto finish = [&]() -> Result<void> {
    auto n = content_length_of(header);
    if (!n) return std::unexpected(n.error());
    if (*n) {
      if (length && *length != **n)
        return std::unexpected(stream_error("several different Content-Length values"));
      length = **n;
    }
    return {};
  };
  bool start_line = true;
  while (!head.empty()) {
    const size_t eol = head.find(kCrlf);
    const std::string_view line = head.substr(0, eol);
    head = eol == std::string_view::npos ? std::string_view() : head.substr(eol + kCrlf.size());
    if (start_line) {
      start_line = false;
      continue;
    }
    if (!line.empty() && is_lws(line.front())) {  // a continuation of the header before
      header += ' ';
      header += trim(line);
      continue;
    }
    if (auto r = finish(); !r) return std::unexpected(r.error());
    header.assign(line);
  }
  if (auto r = finish(); !r) return std::unexpected(r.error());
  return length.value_or(0);
}

}  // namespace

void SipStreamFramer::feed(std::string_view bytes) {
  if (error_) return;
  if (pos_ > 0) {  // drop what was returned; what is left is less than a message
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  buf_.append(bytes);
}

Result<SipFrame> SipStreamFramer::next() {
  if (error_) return std::unexpected(*error_);
  auto fail = [this](std::string message) -> Result<SipFrame> {
    error_ = stream_error(std::move(message));
    return std::unexpected(*error_);
  };
  if (!started_) {
    // between messages: CRLFCRLF is a ping, a lone CRLF is skipped
    for (;;) {
      const std::string_view v = std::string_view(buf_).substr(pos_);
      if (v.starts_with(kHeadersEnd)) {
        pos_ += kHeadersEnd.size();
        return SipFrame{SipFrame::Kind::kPing, {}};
      }
      // "\r", "\r\n", "\r\n\r": a ping or a skipped CRLF, the next bytes will tell
      if (kHeadersEnd.starts_with(v)) return SipFrame{};
      if (!v.starts_with(kCrlf)) break;
      pos_ += kCrlf.size();
    }
    started_ = true;
  }
  const size_t avail = buf_.size() - pos_;
  if (message_bytes_ == 0) {
    // the headers end within the first kMaxMessageBytes bytes, or never
    const std::string_view window =
        std::string_view(buf_).substr(pos_, std::min(avail, kMaxMessageBytes));
    const size_t end = window.find(kHeadersEnd, scanned_ >= 3 ? scanned_ - 3 : 0);
    if (end == std::string_view::npos) {
      scanned_ = window.size();
      if (avail >= kMaxMessageBytes)
        return fail("SIP headers not ended within " + std::to_string(kMaxMessageBytes) + " bytes");
      return SipFrame{};
    }
    auto body = body_length(window.substr(0, end));
    if (!body) return fail(body.error().message);
    const size_t total = end + kHeadersEnd.size() + *body;
    if (total > kMaxMessageBytes)
      return fail(
          "SIP message of " + (*body > kMaxMessageBytes ? std::string("over ") : std::string()) +
          std::to_string(total) + " bytes, over the limit of " + std::to_string(kMaxMessageBytes));
    message_bytes_ = total;
  }
  if (avail < message_bytes_) return SipFrame{};
  SipFrame f{SipFrame::Kind::kMessage, buf_.substr(pos_, message_bytes_)};
  pos_ += message_bytes_;
  message_bytes_ = 0;
  scanned_ = 0;
  started_ = false;
  return f;
}

// ---- the transport -------------------------------------------------------------------

namespace {

int64_t now_ms() { return monotonic_ns() / 1'000'000; }

std::string key_of(const asio::ip::address& address, uint16_t port) {
  return address.to_string() + "|" + std::to_string(port);
}

constexpr auto kAcceptRetry =
    std::chrono::milliseconds(100);  // after an accept error (out of descriptors)

}  // namespace

struct SipTcpTransport::Connection {
  explicit Connection(asio::io_context& io) : sock(io) {}
  explicit Connection(tcp::socket s) : sock(std::move(s)) {}
  tcp::socket sock;
  Endpoint peer;    // the far end as the socket sees it
  std::string key;  // in Impl::connections
  SipStreamFramer framer;
  std::array<char, 8192> in{};
  struct Out {
    std::string bytes;
    bool message = true;  // false: a pong (not counted)
  };
  std::deque<Out> out;  // out.front() is being written while `writing`
  size_t out_bytes = 0;
  bool connected = false;
  bool writing = false;
  bool closed = false;
  int64_t active_ms = 0;  // last byte received or written, or the start of the connect (monotonic)
};

// Asio's handlers hold a weak_ptr to the Impl (they do nothing once the
// transport is gone) and a shared_ptr to their Connection (its socket and
// buffers live until the operation completes). Nothing the Impl or a
// Connection owns holds a handler, so there is no cycle.
struct SipTcpTransport::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io, SipTcpOptions o)
      : io(io), opts(o), acceptor(io), sweep_timer(io), accept_timer(io) {
    if (opts.sweep_ms <= 0) opts.sweep_ms = std::clamp<int64_t>(opts.idle_ms / 2, 10, 5'000);
  }
  asio::io_context& io;
  SipTcpOptions opts;
  tcp::acceptor acceptor;
  asio::steady_timer sweep_timer;
  asio::steady_timer accept_timer;
  bool sweeping = false;  // sweep_timer armed
  bool listening = false;
  bool closed = false;
  MessageHandler handler;
  std::unordered_map<std::string, std::shared_ptr<Connection>> connections;
  SipTcpStats stats;

  void accept();
  void accepted(tcp::socket s);
  void add(const std::shared_ptr<Connection>& c);
  void read(const std::shared_ptr<Connection>& c);
  void received(const std::shared_ptr<Connection>& c, size_t n);
  void enqueue(const std::shared_ptr<Connection>& c, std::string bytes, bool message);
  void write(const std::shared_ptr<Connection>& c);
  void drop(const std::shared_ptr<Connection>& c);
  void arm_sweep();
  void sweep();
  void close_all();
};

void SipTcpTransport::Impl::accept() {
  acceptor.async_accept([w = weak_from_this()](boost::system::error_code ec, tcp::socket s) {
    auto self = w.lock();
    if (!self || self->closed) return;
    if (ec == asio::error::operation_aborted) return;
    if (ec) {  // out of descriptors or the like: try again a little later rather than spin
      self->accept_timer.expires_after(kAcceptRetry);
      self->accept_timer.async_wait([w](boost::system::error_code e) {
        auto again = w.lock();
        if (!e && again && !again->closed) again->accept();
      });
      return;
    }
    self->accepted(std::move(s));
    self->accept();
  });
}

void SipTcpTransport::Impl::accepted(tcp::socket s) {
  boost::system::error_code ec;
  if (connections.size() >= opts.max_connections) {
    ++stats.refused;
    s.close(ec);
    return;
  }
  const tcp::endpoint remote = s.remote_endpoint(ec);
  if (ec) return;  // gone already
  ++stats.accepted;
  auto c = std::make_shared<Connection>(std::move(s));
  c->sock.set_option(tcp::no_delay(true), ec);
  c->peer = Endpoint{remote.address().to_string(), remote.port()};
  c->key = key_of(remote.address(), remote.port());
  c->connected = true;
  c->active_ms = now_ms();
  add(c);
  read(c);
}

// A peer endpoint has one connection: a new one replaces (closes) an older
// one to the same endpoint.
void SipTcpTransport::Impl::add(const std::shared_ptr<Connection>& c) {
  auto [it, fresh] = connections.try_emplace(c->key, c);
  if (!fresh) {
    std::shared_ptr<Connection> old = std::move(it->second);
    it->second = c;
    drop(old);
  }
  arm_sweep();
}

void SipTcpTransport::Impl::read(const std::shared_ptr<Connection>& c) {
  c->sock.async_read_some(
      asio::buffer(c->in), [w = weak_from_this(), c](boost::system::error_code ec, size_t n) {
        auto self = w.lock();
        if (!self || c->closed) return;
        if (ec) return self->drop(c);  // the peer closed (EOF) or the connection broke: forgotten
        self->received(c, n);
      });
}

void SipTcpTransport::Impl::received(const std::shared_ptr<Connection>& c, size_t n) {
  c->active_ms = now_ms();
  c->framer.feed(std::string_view(c->in.data(), n));
  for (;;) {
    auto f = c->framer.next();
    if (!f) {
      ++stats.framing_errors;
      return drop(c);
    }
    if (f->kind == SipFrame::Kind::kNothing) break;
    if (f->kind == SipFrame::Kind::kPing) {
      ++stats.pings;
      enqueue(c, std::string(kCrlf), false);  // the pong (RFC 5626 section 4.4.1)
    } else {
      ++stats.messages_in;
      if (handler) handler(c->peer, f->message);
    }
    if (c->closed) return;  // the handler closed the transport, or the pong overflowed
  }
  read(c);
}

void SipTcpTransport::Impl::enqueue(const std::shared_ptr<Connection>& c, std::string bytes,
                                    bool message) {
  if (c->closed) return;
  if (c->out_bytes + bytes.size() > opts.max_queued_bytes) {
    ++stats.overflow_closed;
    return drop(c);
  }
  c->out_bytes += bytes.size();
  c->out.push_back(Connection::Out{std::move(bytes), message});
  if (c->connected && !c->writing) write(c);
}

// One async_write at a time, of out.front(); deque::push_back leaves it
// where it is while more is queued behind it.
void SipTcpTransport::Impl::write(const std::shared_ptr<Connection>& c) {
  c->writing = true;
  asio::async_write(c->sock, asio::buffer(c->out.front().bytes),
                    [w = weak_from_this(), c](boost::system::error_code ec, size_t) {
                      auto self = w.lock();
                      if (!self || c->closed) return;
                      if (ec) return self->drop(c);
                      c->active_ms = now_ms();
                      if (c->out.front().message) ++self->stats.messages_out;
                      c->out_bytes -= c->out.front().bytes.size();
                      c->out.pop_front();
                      if (c->out.empty())
                        c->writing = false;
                      else
                        self->write(c);
                    });
}

// Closes `c` (its unsent messages are dropped) and forgets it.
void SipTcpTransport::Impl::drop(const std::shared_ptr<Connection>& c) {
  if (c->closed) return;
  c->closed = true;
  boost::system::error_code ec;
  c->sock.close(ec);  // its pending operations complete with operation_aborted and see `closed`
  c->out.clear();
  c->out_bytes = 0;
  if (auto it = connections.find(c->key); it != connections.end() && it->second == c)
    connections.erase(it);
}

// The sweep timer runs while there are connections (so io.run() can return
// once everything is closed).
void SipTcpTransport::Impl::arm_sweep() {
  if (sweeping || closed) return;
  sweeping = true;
  sweep_timer.expires_after(std::chrono::milliseconds(opts.sweep_ms));
  sweep_timer.async_wait([w = weak_from_this()](boost::system::error_code ec) {
    auto self = w.lock();
    if (!self) return;
    self->sweeping = false;
    if (!ec && !self->closed) self->sweep();
  });
}

void SipTcpTransport::Impl::sweep() {
  const int64_t now = now_ms();
  std::vector<std::shared_ptr<Connection>> due;
  for (const auto& [key, c] : connections) {
    const int64_t quiet = now - c->active_ms;
    if (!c->connected && quiet > opts.connect_timeout_ms) {
      ++stats.connect_failures;
      due.push_back(c);
    } else if (quiet > opts.idle_ms) {
      ++stats.idle_closed;
      due.push_back(c);
    }
  }
  for (const auto& c : due) drop(c);
  if (!connections.empty()) arm_sweep();
}

void SipTcpTransport::Impl::close_all() {
  closed = true;
  boost::system::error_code ec;
  acceptor.close(ec);
  sweep_timer.cancel();
  accept_timer.cancel();
  std::vector<std::shared_ptr<Connection>> all;
  all.reserve(connections.size());
  for (const auto& [key, c] : connections) all.push_back(c);
  for (const auto& c : all) drop(c);
  connections.clear();
}

SipTcpTransport::SipTcpTransport(asio::io_context& io, SipTcpOptions options)
    // not make_shared: the Impl's memory goes with it, not with the last
    // handler's weak_ptr (and a handler that touched it after would be a
    // use-after-free for ASan to see)
    : impl_(new Impl(io, options)) {}

SipTcpTransport::~SipTcpTransport() { impl_->close_all(); }

Result<void> SipTcpTransport::listen(const std::string& address, uint16_t port) {
  if (impl_->closed || impl_->listening)
    return make_error(ErrorCode::kIllegalState, "SIP over TCP: already listening or closed");
  boost::system::error_code ec;
  const auto addr = asio::ip::make_address(address, ec);
  if (ec) return make_error(ErrorCode::kInvalidArgument, "bad address " + address, "address");
  const tcp::endpoint ep(addr, port);
  auto& a = impl_->acceptor;
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    boost::system::error_code ignored;
    a.close(ignored);
    return make_error(ErrorCode::kUnavailable,
                      "cannot listen for SIP on tcp " + address + ":" + std::to_string(port) +
                          ": " + ec.message(),
                      "port");
  }
  impl_->listening = true;
  impl_->accept();
  return {};
}

uint16_t SipTcpTransport::port() const {
  boost::system::error_code ec;
  if (!impl_->acceptor.is_open()) return 0;
  const auto ep = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

void SipTcpTransport::on_message(MessageHandler handler) { impl_->handler = std::move(handler); }

void SipTcpTransport::send(const Endpoint& to, std::string message) {
  Impl& im = *impl_;
  if (im.closed) return;
  boost::system::error_code ec;
  const auto addr = asio::ip::make_address(to.host, ec);
  if (ec || to.port == 0) {  // a host name: not resolved here (as over UDP)
    ++im.stats.connect_failures;
    return;
  }
  const std::string key = key_of(addr, to.port);
  if (auto it = im.connections.find(key); it != im.connections.end()) {
    auto c = it->second;  // enqueue may drop it from the map
    return im.enqueue(c, std::move(message), true);
  }
  if (im.connections.size() >= im.opts.max_connections) {
    ++im.stats.connect_failures;
    return;
  }
  auto c = std::make_shared<Connection>(im.io);
  c->peer = Endpoint{addr.to_string(), to.port};
  c->key = key;
  c->active_ms = now_ms();
  im.add(c);
  im.enqueue(c, std::move(message), true);  // written once connected
  if (c->closed) return;                    // over max_queued_bytes on its own
  c->sock.async_connect(tcp::endpoint(addr, to.port),
                        [w = im.weak_from_this(), c](boost::system::error_code e) {
                          auto self = w.lock();
                          if (!self || c->closed) return;
                          if (e) {
                            ++self->stats.connect_failures;
                            return self->drop(c);
                          }
                          boost::system::error_code ignored;
                          c->sock.set_option(tcp::no_delay(true), ignored);
                          c->connected = true;
                          c->active_ms = now_ms();
                          self->read(c);
                          if (!c->out.empty() && !c->writing) self->write(c);
                        });
}

void SipTcpTransport::close() { impl_->close_all(); }

SipTcpStats SipTcpTransport::stats() const {
  SipTcpStats s = impl_->stats;
  s.connections = impl_->connections.size();
  return s;
}

}  // namespace switchyard::voice
