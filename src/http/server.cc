// Server: registration, the accept loop, the I/O threads and graceful stop.
#include "http/server.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

#include "http/server_impl.h"

namespace switchyard::http {
namespace detail {

void Lifeline::write_log(std::string_view message) const {
  if (log) {
    log(message);
  } else {
    std::fprintf(stderr, "switchyard_http: %.*s\n", static_cast<int>(message.size()),
                 message.data());
  }
}

void log_exception(const Lifeline& lifeline, std::exception_ptr e, std::string_view where) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& x) {
    lifeline.write_log(std::string(where) + ": " + x.what());
  } catch (...) {
    lifeline.write_log(std::string(where) + ": unknown exception");
  }
}

ServerCore::ServerCore(Options o) : opts(std::move(o)), lifeline(std::make_shared<Lifeline>()) {
  lifeline->log = opts.log;
  if (opts.ws_flush_interval_ms > 0) flush_list = std::make_shared<FlushList>();
}

bool ServerCore::add_session(SessionBase* s) {
  std::lock_guard lock(mu);
  if (stopping) return false;
  sessions.insert(s);
  return true;
}

void ServerCore::remove_session(SessionBase* s) {
  std::lock_guard lock(mu);
  sessions.erase(s);
  if (stopping && sessions.empty()) cv.notify_all();
}

}  // namespace detail

using namespace detail;  // NOLINT: this file is the implementation

class Server::Impl : public ServerCore {
 public:
  explicit Impl(Options o) : ServerCore(std::move(o)) {}
  ~Impl() { stop(); }

  Result<void> start();
  void stop();
  Task<> accept_loop();
  Task<> flush_loop();

  std::atomic<bool> started{false};
  std::atomic<uint16_t> port{0};

 private:
  bool stopped_ = false;  // stop() ran; only the stopping thread touches it
  std::mutex stop_mu_;    // serialises stop()
  std::unique_ptr<net::io_context> ioc_;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work_;
  std::optional<net::basic_socket_acceptor<tcp, Executor>> acceptor_;
  std::vector<std::thread> threads_;
};

Result<void> Server::Impl::start() {
  if (started.exchange(true)) {
    return make_error(ErrorCode::kIllegalState, "server already started");
  }
  if (opts.io_threads < 1) {
    return make_error(ErrorCode::kInvalidArgument, "io_threads must be >= 1", "io_threads");
  }
  beast::error_code ec;
  auto address = net::ip::make_address(opts.address, ec);
  if (ec) {
    return make_error(ErrorCode::kInvalidArgument, "bad listen address '" + opts.address + "'",
                      "address");
  }
  ioc_ = std::make_unique<net::io_context>(opts.io_threads);
  acceptor_.emplace(net::make_strand(*ioc_));
  tcp::endpoint endpoint(address, opts.port);
  auto fail = [&](std::string_view what) {
    std::string message = std::string(what) + " " + opts.address + ":" + std::to_string(opts.port) +
                          ": " + ec.message();
    acceptor_.reset();
    ioc_.reset();
    return make_error(ErrorCode::kIllegalState, std::move(message), "port");
  };
  acceptor_->open(endpoint.protocol(), ec);
  if (ec) return fail("open");
  acceptor_->set_option(net::socket_base::reuse_address(true), ec);
  if (ec) return fail("setsockopt");
  acceptor_->bind(endpoint, ec);
  if (ec) return fail("bind");
  acceptor_->listen(net::socket_base::max_listen_connections, ec);
  if (ec) return fail("listen");
  port = acceptor_->local_endpoint(ec).port();

  work_.emplace(ioc_->get_executor());
  net::co_spawn(acceptor_->get_executor(), accept_loop(),
                [this](std::exception_ptr e) { log_exception(*lifeline, e, "accept loop"); });
  if (flush_list && !ws_routes.empty()) {
    net::co_spawn(net::make_strand(*ioc_), flush_loop(),
                  [this](std::exception_ptr e) { log_exception(*lifeline, e, "flush loop"); });
  }
  threads_.reserve(static_cast<size_t>(opts.io_threads));
  for (int i = 0; i < opts.io_threads; ++i) {
    threads_.emplace_back([this] {
      for (;;) {
        try {
          ioc_->run();
          return;
        } catch (...) {
          log_exception(*lifeline, std::current_exception(), "I/O thread");
        }
      }
    });
  }
  return {};
}

Task<> Server::Impl::accept_loop() {
  for (;;) {
    auto [ec, socket] = co_await acceptor_->async_accept(net::make_strand(*ioc_), kUse);
    if (ec) {
      if (ec == net::error::operation_aborted || !acceptor_->is_open()) co_return;
      log("accept: " + ec.message());
      // Out of descriptors and the like: back off instead of spinning.
      net::steady_timer pause(acceptor_->get_executor(), std::chrono::milliseconds(50));
      co_await pause.async_wait(kUse);
      continue;
    }
    start_http_session(*this, std::move(socket));
  }
}

// Every ws_flush_interval_ms, wakes the WebSockets that queued frames since
// the previous tick, so that a burst of events costs each connection one
// write instead of one per event. Ends with the io_context.
Task<> Server::Impl::flush_loop() {
  net::steady_timer tick(co_await net::this_coro::executor);
  std::vector<std::weak_ptr<SessionBase>> due;
  for (;;) {
    tick.expires_after(std::chrono::milliseconds(opts.ws_flush_interval_ms));
    co_await tick.async_wait(kUse);
    {
      std::lock_guard lock(flush_list->mu);
      due.swap(flush_list->due);
    }
    for (auto& weak : due) {
      if (auto s = weak.lock()) {
        Executor ex = s->executor();
        net::post(ex, [s = std::move(s)] { s->wake(); });
      }
    }
    due.clear();
  }
}

void Server::Impl::stop() {
  std::lock_guard stop_lock(stop_mu_);
  if (stopped_) return;
  stopped_ = true;
  if (!ioc_) return;  // never started (or start failed)

  std::vector<std::shared_ptr<SessionBase>> live;
  {
    std::lock_guard lock(mu);
    stopping = true;
    live.reserve(sessions.size());
    for (SessionBase* s : sessions) {
      if (auto sp = s->weak_from_this().lock()) live.push_back(std::move(sp));
    }
  }
  net::post(acceptor_->get_executor(), [this] {
    beast::error_code ec;
    acceptor_->close(ec);
  });
  for (auto& s : live) {
    Executor ex = s->executor();
    net::post(ex, [s] { s->shutdown(); });
  }
  live.clear();  // sessions must be able to die while we wait

  {
    std::unique_lock lock(mu);
    cv.wait_for(lock, std::chrono::milliseconds(opts.stop_timeout_ms),
                [&] { return sessions.empty(); });
    if (!sessions.empty()) {
      log("stop: " + std::to_string(sessions.size()) +
          " connection(s) still busy at the deadline; dropping them");
    }
  }
  work_.reset();
  ioc_->stop();
  for (auto& t : threads_) t.join();
  threads_.clear();
  {
    std::unique_lock lock(lifeline->mu);
    lifeline->dead = true;  // no thread may post to the io_context any more
  }
  acceptor_.reset();
  ioc_.reset();  // destroys pending handlers, and with them the sessions
}

Server::Server(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Server::~Server() { stop(); }

Result<void> Server::route(std::string method, std::string pattern, Handler handler) {
  if (impl_->started) return make_error(ErrorCode::kIllegalState, "route() after start()");
  if (!handler) return make_error(ErrorCode::kInvalidArgument, "empty handler", "handler");
  int id = static_cast<int>(impl_->routes.size());
  if (auto r = impl_->http_router.add(method, pattern, id); !r) return r;
  impl_->routes.push_back(RouteEntry{std::move(pattern), std::move(handler)});
  return {};
}

Result<void> Server::websocket(std::string pattern, WsHandlers handlers) {
  if (impl_->started) return make_error(ErrorCode::kIllegalState, "websocket() after start()");
  int id = static_cast<int>(impl_->ws_routes.size());
  if (auto r = impl_->ws_router.add("GET", pattern, id); !r) return r;
  impl_->ws_routes.push_back(WsEntry{std::move(pattern), std::move(handlers)});
  return {};
}

void Server::on_request_done(RequestDone hook) {
  if (!impl_->started) impl_->on_done = std::move(hook);
}

Result<void> Server::start() { return impl_->start(); }

uint16_t Server::port() const { return impl_->port.load(); }

void Server::stop() { impl_->stop(); }

}  // namespace switchyard::http
