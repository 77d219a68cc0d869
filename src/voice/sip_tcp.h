#pragma once
// SIP over TCP (RFC 3261 section 18): the framing of SIP messages on a byte
// stream (SipStreamFramer, pure) and a transport that listens for and opens
// TCP connections on an Asio io_context (SipTcpTransport). Independent of the
// switch: the transport hands whole messages (as bytes) to a callback and
// sends whole messages to a peer endpoint; parsing them is parse_sip's job.
// docs/voice.md, "SIP over TCP (transport)".
#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "voice/sip.h"

namespace switchyard::voice {

// One step of the framer: a whole message, a keep-alive "ping" (RFC 5626
// section 3.5.1: a double CRLF between messages, to be answered with a single
// CRLF), or nothing yet (more bytes needed).
struct SipFrame {
  enum class Kind { kNothing, kMessage, kPing };
  Kind kind = Kind::kNothing;
  std::string message;  // kMessage: the message's bytes, headers and body
};

// Splits a SIP byte stream into messages (RFC 3261 section 18.3): a message
// ends at the end of its headers (the first CRLFCRLF) plus as many body
// bytes as its Content-Length says (header names case-insensitive, the
// compact form "l", whitespace around the colon and the value tolerated,
// folded lines joined). A message without Content-Length has no body here
// (on a stream the header is mandatory; we read its absence as 0).
//
// Between messages, CRLFCRLF is a ping; a lone CRLF (a pong, or padding) is
// skipped. A CRLF at the end of what was fed waits for the next bytes to
// tell which.
//
// Errors, after which the stream cannot be resynchronized and every next()
// returns the same error (the transport closes the connection): no CRLFCRLF
// within the first kMaxMessageBytes bytes of a message; headers plus
// Content-Length over kMaxMessageBytes; a Content-Length that is not a
// decimal number (negative, empty, trailing text), or several that differ.
// All are kInvalidArgument with field "sip.stream".
//
// Memory: the framer keeps what was fed and not yet returned. Called as
// feed() then next() until kNothing, that is at most one incomplete message
// (under kMaxMessageBytes) plus the last feed.
class SipStreamFramer {
 public:
  void feed(std::string_view bytes);
  Result<SipFrame> next();
  // Bytes fed and not yet returned (for tests and bounds).
  size_t buffered() const { return buf_.size() - pos_; }

 private:
  std::string buf_;
  size_t pos_ = 0;            // start of the next message (or of the CRLFs before it) in buf_
  bool started_ = false;      // the CRLFs before the message at pos_ are skipped
  size_t scanned_ = 0;        // bytes after pos_ searched for CRLFCRLF without finding it
  size_t message_bytes_ = 0;  // once its headers are read: the message's length (0: not yet)
  std::optional<Error> error_;
};

struct SipTcpOptions {
  // Connections open at once, accepted and outgoing together; accepts over
  // it are closed at once, sends that would open one are dropped.
  size_t max_connections = 10'000;
  // A connection with nothing received or written for longer is closed (ms).
  int64_t idle_ms = 600'000;
  // An outgoing connect not done by then fails (ms).
  int64_t connect_timeout_ms = 10'000;
  // A connection whose unsent bytes would exceed this is closed (bytes).
  size_t max_queued_bytes = 1 << 20;
  // How often idle connections are looked for (ms); 0: idle_ms / 2, at
  // least 10 ms, at most 5 s. A connection is closed between idle_ms and
  // idle_ms + this after its last activity.
  int64_t sweep_ms = 0;
};

// Counters since the start, except `connections`.
struct SipTcpStats {
  uint64_t connections = 0;   // open now (accepted and outgoing, connecting included)
  uint64_t accepted = 0;      // connections accepted
  uint64_t refused = 0;       // accepts closed at once: max_connections reached
  uint64_t messages_in = 0;   // whole messages handed to on_message
  uint64_t messages_out = 0;  // messages written completely (pongs not counted)
  uint64_t pings = 0;         // keep-alive pings received (each answered by a pong)
  // Connections closed for a framing error.
  uint64_t framing_errors = 0;
  // Outgoing connects that failed or timed out, or were not tried (not an
  // IP address, max_connections reached); their messages are dropped.
  uint64_t connect_failures = 0;
  // Connections closed for idleness.
  uint64_t idle_closed = 0;
  // Connections closed because their write queue was over max_queued_bytes.
  uint64_t overflow_closed = 0;
};

// SIP over TCP on `io`. Every method, and the on_message callback, runs on
// the thread that runs `io` (one thread); nothing here is thread-safe.
//
// Connections are known by their peer's endpoint as the socket sees it
// (address and port; for an accepted connection the peer's ephemeral port,
// where responses over TCP go: RFC 3261 section 18.2.2). send() writes on
// that connection, or opens one to `to` when none exists. Host names are not
// resolved: `to.host` must be an IPv4 or IPv6 address.
//
// Lifetime: destroying the transport (on io's thread, or while io is not
// running) closes everything as close() does; handlers still queued on `io`
// then do nothing, so `io` may outlive it and run on.
class SipTcpTransport {
 public:
  using MessageHandler = std::function<void(const Endpoint& from, std::string_view message)>;

  explicit SipTcpTransport(boost::asio::io_context& io, SipTcpOptions options = {});
  ~SipTcpTransport();
  SipTcpTransport(const SipTcpTransport&) = delete;
  SipTcpTransport& operator=(const SipTcpTransport&) = delete;

  // Listens on `address` (an IPv4 or IPv6 address), `port` (0: one the kernel
  // picks; port() tells it). Errors: kInvalidArgument (field "address"),
  // kUnavailable when the port cannot be bound (field "port"), kIllegalState
  // when already listening or closed.
  Result<void> listen(const std::string& address, uint16_t port);
  // The port listened on (0 when not listening).
  uint16_t port() const;

  // Each whole message received (framed, not parsed), with the connection's
  // peer endpoint. It may call send() and close().
  void on_message(MessageHandler handler);

  // Queues `message` (a whole SIP message) on the connection with peer `to`,
  // written in the order sent, or opens one and writes once connected. What
  // cannot be delivered is dropped and counted (stats()), never reported
  // back: SIP's transactions time out.
  void send(const Endpoint& to, std::string message);

  // Closes the listener and every connection, dropping unsent messages. For
  // shutdown; the transport stays closed (send() drops, listen() refuses).
  void close();

  SipTcpStats stats() const;

 private:
  struct Impl;
  struct Connection;
  std::shared_ptr<Impl> impl_;  // shared with nothing: Asio handlers hold weak_ptrs to it
};

}  // namespace switchyard::voice
