#pragma once
// Internals of switchyard_http shared by server.cc, http_session.cc and
// ws_session.cc. Includes Asio/Beast: never include from a public header.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "http/pch.h"
#include "http/router.h"
#include "http/server.h"

namespace switchyard::http::detail {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

// Every connection runs on its own strand of the one io_context.
using Executor = net::strand<net::io_context::executor_type>;
using Socket = net::basic_stream_socket<tcp, Executor>;
using Stream = beast::basic_stream<tcp, Executor>;
template <typename T = void>
using Task = net::awaitable<T, Executor>;
// Completion token for coroutines: errors come back as values, never thrown.
inline constexpr auto kUse = net::as_tuple(net::use_awaitable_t<Executor>{});

// Guards posting to the io_context from threads the library does not own
// (Respond, WebSocket::send). stop() sets `dead` under the exclusive lock
// before destroying the io_context; posters hold the shared lock and check
// it. The handles that outlive the server keep this alive by shared_ptr.
struct Lifeline {
  std::shared_mutex mu;
  bool dead = false;                          // guarded by mu
  std::function<void(std::string_view)> log;  // immutable after start

  void write_log(std::string_view message) const;
};

// A live connection, registered with the server while it exists.
class SessionBase : public std::enable_shared_from_this<SessionBase> {
 public:
  virtual ~SessionBase() = default;
  // On the session's strand: begin a graceful close for Server::stop().
  virtual void shutdown() = 0;
  virtual Executor executor() = 0;
  // On the session's strand: there may be queued output (WebSocket frames).
  virtual void wake() {}
};

// WebSockets whose first frame since their last flush waits for the next
// tick of the flush timer (Options::ws_flush_interval_ms > 0). Any thread
// adds; the timer (an I/O thread) takes. Shared by the handles, which may
// outlive the server (then nobody takes any more).
struct FlushList {
  std::mutex mu;
  std::vector<std::weak_ptr<SessionBase>> due;  // guarded by mu

  void add(std::weak_ptr<SessionBase> s) {
    std::lock_guard lock(mu);
    due.push_back(std::move(s));
  }
};

struct RouteEntry {
  std::string pattern;
  Handler handler;
};

struct WsEntry {
  std::string pattern;
  WsHandlers handlers;
};

// The state sessions share. Routes and hooks are immutable after start();
// the session registry is guarded by `mu`.
struct ServerCore {
  explicit ServerCore(Options o);

  void log(std::string_view message) const { lifeline->write_log(message); }

  // Registry. add_session returns false once stop() has begun (the caller
  // then drops the connection). remove_session is called by destructors.
  bool add_session(SessionBase* s);
  void remove_session(SessionBase* s);

  const Options opts;
  Router http_router;
  std::vector<RouteEntry> routes;  // indexed by Router::Endpoint::id
  Router ws_router;
  std::vector<WsEntry> ws_routes;
  RequestDone on_done;
  std::shared_ptr<Lifeline> lifeline;
  std::shared_ptr<FlushList> flush_list;  // null when ws_flush_interval_ms <= 0

  std::mutex mu;
  std::condition_variable cv;                 // signalled when sessions empties
  std::unordered_set<SessionBase*> sessions;  // guarded by mu
  bool stopping = false;                      // guarded by mu
};

// Writes an HTTP/1.1 response head for `r` into `out` (cleared first), with
// Content-Length (none for 204/304, whose body is cleared). Status codes
// outside 200..999 turn `r` into a 500; unsafe headers are dropped (logged).
void serialize_head(Response& r, bool keep_alive, bool http10, std::string& out,
                    const ServerCore& core);

// Logs an exception that ended a coroutine (`e` may be null: nothing to do).
void log_exception(const Lifeline& lifeline, std::exception_ptr e, std::string_view where);

// Starts serving an accepted connection (defined in http_session.cc). The
// session registers itself; if the server is stopping it closes at once.
void start_http_session(ServerCore& core, Socket socket);

// Starts the WebSocket session for an accepted upgrade request (defined in
// ws_session.cc). Runs on the socket's strand.
void start_websocket(ServerCore& core, Socket socket, Request request, std::shared_ptr<const void> attachment,
                     beast::http::request<beast::http::string_body> upgrade, const WsEntry& entry);

}  // namespace switchyard::http::detail
