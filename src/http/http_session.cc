// One HTTP/1.1 connection: read a request, route it, wait for the handler's
// answer (possibly from another thread), write it, repeat. Runs as one
// coroutine on the connection's strand.
#include <array>
#include <atomic>
#include <charconv>
#include <chrono>
#include <optional>

#include "http/server_impl.h"
#include "http/timing.h"

namespace switchyard::http {
namespace detail {
namespace {

namespace bhttp = beast::http;
namespace bws = beast::websocket;

std::string_view sv(beast::string_view s) { return {s.data(), s.size()}; }

bool is_token_char(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u <= 0x20 || u >= 0x7f) return false;
  return std::string_view("\"(),/:;<=>?@[\\]{}").find(c) == std::string_view::npos;
}

bool safe_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!is_token_char(c)) return false;
  }
  return !beast::iequals(name, "content-length") && !beast::iequals(name, "transfer-encoding") &&
         !beast::iequals(name, "connection");
}

bool safe_value(std::string_view value) {
  return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

std::chrono::milliseconds idle_timeout(const Options& o) {
  return std::chrono::milliseconds(o.idle_timeout_ms);
}

class HttpSession;

}  // namespace

// The state behind one Respond: who to answer, and whether anyone did.
class ResponseSlot {
 public:
  ResponseSlot(std::weak_ptr<SessionBase> session, HttpSession* raw, uint64_t seq,
               std::shared_ptr<Lifeline> lifeline)
      : session_(std::move(session)), raw_(raw), seq_(seq), lifeline_(std::move(lifeline)) {}
  ~ResponseSlot();
  ResponseSlot(const ResponseSlot&) = delete;
  ResponseSlot& operator=(const ResponseSlot&) = delete;

  // Any thread. The first call (or claim) wins.
  void fire(Response&& r);
  // Marks the slot answered without delivering; true if this call won.
  bool claim() { return !fired_.exchange(true, std::memory_order_acq_rel); }

 private:
  std::weak_ptr<SessionBase> session_;
  HttpSession* raw_;  // valid while this slot's handler runs (inline path)
  uint64_t seq_;      // the session's request number
  std::shared_ptr<Lifeline> lifeline_;
  std::atomic<bool> fired_{false};
};

namespace {

// The slot whose handler is running on this thread, if any: a Respond called
// from inside its own handler is delivered without a post.
thread_local ResponseSlot* t_current_slot = nullptr;

class HttpSession final : public SessionBase {
 public:
  HttpSession(ServerCore& core, Socket socket, std::string remote)
      : core_(core),
        stream_(std::move(socket)),
        wait_timer_(stream_.get_executor()),
        remote_(std::move(remote)) {}
  ~HttpSession() override { core_.remove_session(this); }

  Executor executor() override { return stream_.get_executor(); }

  void shutdown() override {
    stopping_ = true;
    if (state_ == State::kReading) stream_.cancel();
  }

  // On the strand, inside the handler call.
  void deliver_inline(Response&& r) {
    response_ = std::move(r);
    response_ready_ = true;
  }
  // On the strand, posted from another thread.
  void deliver_async(uint64_t seq, Response&& r) {
    if (seq != seq_ || state_ != State::kHandling || response_ready_) return;
    deliver_inline(std::move(r));
    wait_timer_.cancel();
  }

  Task<> run(std::shared_ptr<HttpSession> self);

 private:
  enum class State { kReading, kHandling, kWriting, kDone };
  enum class Next { kContinue, kClose, kHandedOff };

  Task<Next> handle_request(const std::shared_ptr<HttpSession>& self);
  // Calls `call` with a Respond for this request and waits (without blocking
  // the strand) until it answers; the answer is then in response_. A call
  // that throws, or drops every copy of its Respond, answers 500.
  Task<> call_and_wait(const std::shared_ptr<HttpSession>& self, const std::function<void(Respond)>& call,
                       std::string_view what);
  Task<bool> write_response(Response& r, bool keep_alive, bool http10, bool is_head);
  Task<> on_read_error(beast::error_code ec);
  Task<> linger_close();
  void report(std::string_view method, std::string_view pattern, int status) {
    if (core_.on_done) core_.on_done(method, pattern, status, steady_now_ns() - start_ns_);
  }

  ServerCore& core_;
  Stream stream_;
  net::steady_timer wait_timer_;  // waits for an asynchronous Respond
  const std::string remote_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  State state_ = State::kReading;
  bool stopping_ = false;
  uint64_t seq_ = 0;
  int64_t start_ns_ = 0;
  Response response_;
  bool response_ready_ = false;
  std::string head_;                   // serialized response head, reused
  std::vector<std::string> segments_;  // decoded path segments, reused
  Router::Match match_;                // reused
};

Task<> HttpSession::run(std::shared_ptr<HttpSession> self) {
  const Options& o = core_.opts;
  beast::error_code ec;
  size_t n = 0;
  for (;;) {
    if (stopping_) break;
    state_ = State::kReading;
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(std::min<size_t>(o.max_header_bytes, UINT32_MAX)));
    parser_->body_limit(o.max_body_bytes);
    if (o.idle_timeout_ms > 0) stream_.expires_after(idle_timeout(o));
    std::tie(ec, n) = co_await bhttp::async_read_header(stream_, buffer_, *parser_, kUse);
    if (!ec && !parser_->is_done()) {
      auto& req = parser_->get();
      if (req.version() >= 11 && beast::iequals(req[bhttp::field::expect], "100-continue")) {
        static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        std::tie(ec, n) = co_await net::async_write(
            stream_, net::buffer(kContinue.data(), kContinue.size()), kUse);
      }
      if (!ec) {
        if (o.idle_timeout_ms > 0) stream_.expires_after(idle_timeout(o));  // a fresh window
        std::tie(ec, n) = co_await bhttp::async_read(stream_, buffer_, *parser_, kUse);
      }
    }
    if (core_.on_done) start_ns_ = steady_now_ns();
    if (ec) {
      co_await on_read_error(ec);
      co_return;
    }
    stream_.expires_never();
    Next next = co_await handle_request(self);
    if (next == Next::kHandedOff) co_return;
    if (next == Next::kClose) break;
  }
  state_ = State::kDone;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
}

Task<HttpSession::Next> HttpSession::handle_request(const std::shared_ptr<HttpSession>& self) {
  auto& breq = parser_->get();
  const bool keep_alive = breq.keep_alive();
  const bool http10 = breq.version() < 11;
  const bool is_head = breq.method() == bhttp::verb::head;
  const std::string_view method_label = breq.method() == bhttp::verb::unknown
                                            ? std::string_view("OTHER")
                                            : sv(bhttp::to_string(breq.method()));
  ++seq_;

  Request req;
  req.method = sv(breq.method_string());
  std::string_view path, query;
  split_target(sv(breq.target()), path, query);
  std::string_view pattern;
  Response local;  // library-made answers
  Response* answer = &local;

  if (!split_path(path, segments_) || !percent_decode(path, req.path, false)) {
    local = error_response(400, "bad_request", "malformed percent-encoding in path", "path");
  } else if (!parse_query(query, req.query)) {
    local = error_response(400, "bad_request", "malformed percent-encoding in query", "query");
  } else {
    req.headers.reserve(static_cast<size_t>(std::distance(breq.begin(), breq.end())));
    for (const auto& f : breq) {
      auto& [name, value] = req.headers.emplace_back(sv(f.name_string()), sv(f.value()));
      for (char& c : name) c = static_cast<char>((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    req.body = std::move(breq.body());
    req.remote = remote_;

    bool refused = false;  // an upgrade that on_upgrade refused: `local` is the answer
    if (bws::is_upgrade(breq) && !core_.ws_router.empty()) {
      core_.ws_router.match("GET", segments_, match_);
      if (match_.endpoint != nullptr) {
        const WsEntry& entry = core_.ws_routes[static_cast<size_t>(match_.endpoint->id)];
        for (size_t i = 0; i < match_.values.size(); ++i) {
          req.params.emplace(match_.endpoint->param_names[i], std::move(match_.values[i]));
        }
        Response decision;
        decision.status = 101;
        if (entry.handlers.on_upgrade) {
          // Like a handler: the decision may come later, from any thread.
          co_await call_and_wait(self, [&](Respond r) { entry.handlers.on_upgrade(req, std::move(r)); },
                                 "on_upgrade");
          decision = std::move(response_);
          response_ = Response{};
        }
        if (decision.status == 101 && !stopping_) {
          if (core_.on_done) report(method_label, entry.pattern, 101);
          state_ = State::kDone;
          start_websocket(core_, stream_.release_socket(), std::move(req), std::move(decision.attachment),
                          parser_->release(), entry);
          co_return Next::kHandedOff;
        }
        if (decision.status == 101) decision = error_response(503, "unavailable", "shutting down");
        local = std::move(decision);
        pattern = entry.pattern;
        refused = true;
      }
    }

    if (!refused) core_.http_router.match(req.method, segments_, match_);
    if (refused) {
      // answered above
    } else if (match_.endpoint != nullptr) {
      const RouteEntry& entry = core_.routes[static_cast<size_t>(match_.endpoint->id)];
      pattern = entry.pattern;
      for (size_t i = 0; i < match_.values.size(); ++i) {
        req.params.emplace(match_.endpoint->param_names[i], std::move(match_.values[i]));
      }
      co_await call_and_wait(self, [&](Respond r) { entry.handler(std::move(req), std::move(r)); }, "handler");
      answer = &response_;
    } else {
      bool ws_path = false;
      if (!core_.ws_router.empty() && !match_.path_found) {
        Router::Match ws_match;
        core_.ws_router.match("GET", segments_, ws_match);
        ws_path = ws_match.endpoint != nullptr;
      }
      std::string what = std::string(sv(breq.method_string())) + " " + std::string(path);
      if (ws_path) {
        local = error_response(426, "upgrade_required", "WebSocket endpoint: " + what);
        local.headers.emplace_back("Upgrade", "websocket");
      } else if (match_.path_found) {
        local = error_response(405, "method_not_allowed", "method not allowed: " + what);
        local.headers.emplace_back("Allow", match_.allow);
      } else {
        local = error_response(404, "not_found", "no route for " + what);
      }
    }
  }

  state_ = State::kWriting;
  bool keep = keep_alive && !stopping_;
  bool ok = co_await write_response(*answer, keep, http10, is_head);
  report(method_label, pattern, answer->status);
  if (answer == &response_) response_ = Response{};
  co_return ok&& keep ? Next::kContinue : Next::kClose;
}

Task<> HttpSession::call_and_wait(const std::shared_ptr<HttpSession>& self,
                                  const std::function<void(Respond)>& call, std::string_view what) {
  state_ = State::kHandling;
  response_ready_ = false;
  auto slot = std::make_shared<ResponseSlot>(self->weak_from_this(), this, seq_, core_.lifeline);
  t_current_slot = slot.get();
  try {
    call(Respond(slot));
  } catch (const std::exception& e) {
    if (slot->claim()) {
      core_.log(std::string(what) + " threw: " + e.what());
      deliver_inline(error_response(500, "internal", "internal error"));
    }
  } catch (...) {
    if (slot->claim()) deliver_inline(error_response(500, "internal", "internal error"));
  }
  slot.reset();  // the last reference: an unanswered request gets its 500 here
  t_current_slot = nullptr;
  while (!response_ready_) {
    wait_timer_.expires_at(net::steady_timer::time_point::max());
    co_await wait_timer_.async_wait(kUse);
  }
}

Task<bool> HttpSession::write_response(Response& r, bool keep_alive, bool http10, bool is_head) {
  serialize_head(r, keep_alive, http10, head_, core_);
  std::array<net::const_buffer, 2> buffers{net::buffer(head_), net::const_buffer()};
  if (!is_head) buffers[1] = net::buffer(r.body);
  if (core_.opts.idle_timeout_ms > 0) stream_.expires_after(idle_timeout(core_.opts));
  auto [ec, n] = co_await net::async_write(stream_, buffers, kUse);
  stream_.expires_never();
  co_return !ec;
}

Task<> HttpSession::on_read_error(beast::error_code ec) {
  Response r;
  if (ec == bhttp::error::body_limit) {
    r = error_response(
        413, "payload_too_large",
        "request body exceeds " + std::to_string(core_.opts.max_body_bytes) + " bytes");
  } else if (ec == bhttp::error::header_limit) {
    r = error_response(
        431, "header_too_large",
        "request head exceeds " + std::to_string(core_.opts.max_header_bytes) + " bytes");
  } else if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category() &&
             ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
    r = error_response(400, "bad_request", "malformed request: " + ec.message());
  } else {
    co_return;  // end of stream, timeout, reset, stop(): just close
  }
  std::string_view method = "OTHER";
  if (parser_->is_header_done() && parser_->get().method() != bhttp::verb::unknown) {
    method = sv(bhttp::to_string(parser_->get().method()));
  }
  state_ = State::kWriting;
  co_await write_response(r, false, false, false);
  report(method, "", r.status);
  co_await linger_close();
}

// Half-closes, then reads and discards what the client still sends (for a
// bounded time and amount), so that it sees our error answer instead of a
// reset caused by unread data.
Task<> HttpSession::linger_close() {
  constexpr size_t kMaxDrainBytes = 8 << 20;
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream_.expires_after(std::chrono::seconds(2));
  std::vector<char> scratch(16 << 10);
  size_t total = 0;
  while (total < kMaxDrainBytes) {
    auto [rec, n] = co_await stream_.async_read_some(net::buffer(scratch), kUse);
    if (rec) break;
    total += n;
  }
  stream_.close();
}

}  // namespace

ResponseSlot::~ResponseSlot() {
  if (fired_.load(std::memory_order_acquire)) return;
  try {
    fire(error_response(500, "handler_dropped_response", "the handler did not answer"));
  } catch (...) {
  }
}

void ResponseSlot::fire(Response&& r) {
  if (fired_.exchange(true, std::memory_order_acq_rel)) {
    lifeline_->write_log("Respond called more than once; later calls are ignored");
    return;
  }
  if (t_current_slot == this) {
    raw_->deliver_inline(std::move(r));
    return;
  }
  std::shared_lock lock(lifeline_->mu);
  if (lifeline_->dead) return;
  std::shared_ptr<SessionBase> base = session_.lock();
  if (!base) return;
  auto session = std::static_pointer_cast<HttpSession>(std::move(base));
  Executor ex = session->executor();
  net::post(ex, [session = std::move(session), seq = seq_, r = std::move(r)]() mutable {
    session->deliver_async(seq, std::move(r));
  });
}

void serialize_head(Response& r, bool keep_alive, bool http10, std::string& out,
                    const ServerCore& core) {
  if (r.status < 200 || r.status > 999) {
    core.log("handler answered with invalid status " + std::to_string(r.status) + "; sent 500");
    r = error_response(500, "internal", "internal error");
  }
  const bool no_body = r.status == 204 || r.status == 304;
  if (no_body) r.body.clear();
  out.clear();
  out += "HTTP/1.1 ";
  char digits[16];
  auto [end, err] = std::to_chars(digits, digits + sizeof digits, r.status);
  out.append(digits, end);
  out += ' ';
  auto status = bhttp::int_to_status(static_cast<unsigned>(r.status));
  out += status == bhttp::status::unknown ? std::string_view("Unknown")
                                          : sv(bhttp::obsolete_reason(status));
  out += "\r\n";
  if (!no_body) {
    if (!r.body.empty() && !r.content_type.empty() && safe_value(r.content_type)) {
      out += "Content-Type: ";
      out += r.content_type;
      out += "\r\n";
    }
    out += "Content-Length: ";
    end = std::to_chars(digits, digits + sizeof digits, r.body.size()).ptr;
    out.append(digits, end);
    out += "\r\n";
  }
  for (const auto& [name, value] : r.headers) {
    if (!safe_name(name) || !safe_value(value)) {
      core.log("dropped unsafe response header '" + name + "'");
      continue;
    }
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  if (!keep_alive) {
    out += "Connection: close\r\n";
  } else if (http10) {
    out += "Connection: keep-alive\r\n";
  }
  out += "\r\n";
}

void start_http_session(ServerCore& core, Socket socket) {
  beast::error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  auto endpoint = socket.remote_endpoint(ec);
  std::string remote = ec ? std::string() : endpoint.address().to_string();
  auto session = std::make_shared<HttpSession>(core, std::move(socket), std::move(remote));
  if (!core.add_session(session.get())) return;
  Executor ex = session->executor();
  net::co_spawn(ex, session->run(session), [lifeline = core.lifeline](std::exception_ptr e) {
    log_exception(*lifeline, e, "http session");
  });
}

}  // namespace detail

void Respond::operator()(Response response) const { slot_->fire(std::move(response)); }

}  // namespace switchyard::http
