#pragma once
// switchyard_http: a small HTTP/1.1 + WebSocket server (Boost.Asio/Beast
// underneath, none of it visible here). Domain-free: it routes paths to
// handlers and moves bytes; JSON mapping, auth and metrics live in the caller.
//
// Threading model: `io_threads` threads run one io_context. Each connection
// is served on its own strand, so the callbacks of one connection never run
// concurrently; callbacks of different connections may. Handlers run on I/O
// threads and must not block for long (hand slow work to another thread and
// answer through Respond later).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "http/message.h"

namespace switchyard::http {

// Called once per request on an I/O thread (the connection's strand). Must
// answer through `respond` (see Respond for the contract).
using Handler = std::function<void(Request&&, Respond)>;

// One accepted WebSocket connection, owned by shared_ptr (the library keeps
// it while the connection is open; callers may keep it longer, it is then a
// closed handle and send() returns false).
class WebSocket {
 public:
  virtual ~WebSocket() = default;
  // Thread-safe, never blocks on the network. Queues one text frame (the text
  // must be valid UTF-8). Returns false if the connection is closed or
  // closing, or if its queue already holds Options::ws_max_queue frames: a
  // slow consumer, which is then closed with code 1008 (policy violation).
  // The shared_ptr overload lets a broadcast share one immutable string among
  // all subscribers without copying it.
  virtual bool send(std::shared_ptr<const std::string> text) = 0;
  virtual bool send(std::string text) = 0;
  // Thread-safe. Sends the frames already queued, then a close frame (1000);
  // the whole close is bounded by Options::ws_close_timeout_ms, after which
  // the TCP connection is dropped. send() returns false from now on.
  virtual void close() = 0;
  // The upgrade request (headers, query, params, remote). Immutable: safe
  // from any thread.
  virtual const Request& request() const = 0;
  // What on_upgrade accepted the connection with (Response::attachment),
  // e.g. the authenticated caller. Immutable: safe from any thread.
  virtual const std::shared_ptr<const void>& attachment() const = 0;
};

// Callbacks of one WebSocket route. All run on the connection's strand
// (an I/O thread), in order: on_upgrade, on_open, on_message*, on_close.
// Any may be empty.
struct WsHandlers {
  // Before the handshake; may decide asynchronously (e.g. after a database
  // look-up): answer through `respond` from any thread, now or later, with
  // status 101 to accept (the Response's attachment stays with the
  // WebSocket) or any other status to refuse (that response is sent). The
  // Request stays valid until `respond` is called. Empty: accept.
  std::function<void(const Request&, Respond)> on_upgrade;
  // After the handshake; the connection can send from now on.
  std::function<void(std::shared_ptr<WebSocket>)> on_open;
  // One complete message (text, or binary bytes) from the client.
  std::function<void(const std::shared_ptr<WebSocket>&, std::string&&)> on_message;
  // Exactly once after on_open, whatever ended the connection.
  std::function<void(const std::shared_ptr<WebSocket>&)> on_close;
};

struct Options {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0 = the OS picks a free port (see Server::port())
  int io_threads = 2;
  // Larger request bodies get 413; also the largest WebSocket message read.
  size_t max_body_bytes = 1 << 20;
  size_t max_header_bytes = 16 << 10;  // larger request heads get 431
  // HTTP: the time allowed for the next request head (and then its body) to
  // arrive, and for a response to be written; past it the connection is
  // closed. WebSocket: nothing received for this long closes the connection;
  // the server pings after half of it. <= 0 disables both.
  int64_t idle_timeout_ms = 60000;
  size_t ws_max_queue = 4096;  // frames queued per WebSocket (slow-consumer limit)
  // 0: a frame queued on an idle WebSocket is written at once. > 0: it waits
  // for the next tick of a server-wide timer with this period, so frames
  // sent within a tick share one write. Trades up to this much latency for
  // far fewer system calls when broadcasting to many subscribers.
  int64_t ws_flush_interval_ms = 0;
  // From a close request (close(), slow consumer, stop()) to the end of the
  // close handshake; past it the TCP connection is dropped.
  int64_t ws_close_timeout_ms = 1000;
  int64_t stop_timeout_ms = 5000;  // stop(): wait for in-flight requests
  // Diagnostics (failures only: handler exceptions, unsafe headers, accept
  // errors...). Called from any thread, concurrently: must be thread-safe.
  // Empty = one line on stderr.
  std::function<void(std::string_view)> log;
};

// Called on an I/O thread after each response is written (or failed to be):
// method ("GET", ... or "OTHER" for unknown verbs), the matched route pattern
// ("" when no route matched), status, and latency from the end of reading the
// request to the end of writing the response, in nanoseconds. WebSocket
// upgrades are reported with status 101 when the handshake starts.
using RequestDone = std::function<void(std::string_view method, std::string_view pattern,
                                       int status, int64_t latency_ns)>;

class Server {
 public:
  explicit Server(Options options);
  // Calls stop().
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Registration: before start(), from one thread. Patterns are '/'-separated
  // segments: literals, `{name}` (one segment, percent-decoded into
  // Request::params) and, as the last segment only, `{name...}` (the rest of
  // the path, possibly empty). Empty segments are ignored, so trailing
  // slashes do not matter. Literals win over `{name}`, which wins over
  // `{name...}`. Method "*" matches any method without its own route; a GET
  // route also answers HEAD (the body is not sent). Errors: bad pattern or
  // method, duplicate (method, pattern), empty handler, called after start().
  Result<void> route(std::string method, std::string pattern, Handler handler);
  // A WebSocket endpoint (GET upgrade; same pattern rules). Upgrade requests
  // go here first; a plain request to a path only it matches gets 426.
  Result<void> websocket(std::string pattern, WsHandlers handlers);
  // Optional metrics hook; before start() (ignored afterwards).
  void on_request_done(RequestDone hook);

  // Binds, listens and starts the I/O threads. Call once. Errors: address
  // parse/bind/listen failures (kInvalidArgument / kIllegalState).
  Result<void> start();
  // The bound port after a successful start(), else 0. Thread-safe.
  uint16_t port() const;
  // Graceful stop, from any thread but not from an I/O thread (a handler):
  // stops accepting, closes idle connections, lets requests already handed
  // to handlers finish (up to stop_timeout_ms), closes WebSockets with 1001
  // (going away), then joins the I/O threads. Idempotent. The server cannot
  // be restarted.
  void stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace switchyard::http
