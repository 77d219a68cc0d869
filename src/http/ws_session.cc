// One WebSocket connection. Two halves:
//  - WsFront: the public WebSocket handle. Any thread may send(): a mutex-
//    guarded vector of shared immutable strings, and a post to the strand
//    only when the writer is idle.
//  - WsSession: on the connection's strand, a read coroutine (delivering
//    messages) and pump(), which drains the front's queue into the
//    write-coalescing stream as ready-made frames (no per-frame operation,
//    post or system call) and pauses while too much is buffered.
#include <atomic>
#include <chrono>
#include <mutex>
#include <vector>

#include "http/coalescing_stream.h"
#include "http/server_impl.h"

namespace switchyard::http::detail {
namespace {

namespace bhttp = beast::http;
namespace bws = beast::websocket;

class WsSession;

class WsFront final : public WebSocket {
 public:
  WsFront(Request request, std::shared_ptr<const void> attachment, size_t max_queue,
          std::shared_ptr<Lifeline> lifeline, std::shared_ptr<FlushList> flush_list)
      : request_(std::move(request)),
        attachment_(std::move(attachment)),
        max_queue_(max_queue),
        lifeline_(std::move(lifeline)),
        flush_list_(std::move(flush_list)) {}

  bool send(std::shared_ptr<const std::string> text) override;
  bool send(std::string text) override {
    return send(std::make_shared<const std::string>(std::move(text)));
  }
  void close() override { request_close(bws::close_code::normal, false); }
  const Request& request() const override { return request_; }
  const std::shared_ptr<const void>& attachment() const override { return attachment_; }

  // --- used by WsSession (on its strand) ---
  void attach(std::weak_ptr<WsSession> session) { session_ = std::move(session); }
  // Asks for a close with `code`; `drop` discards queued frames. The first
  // request wins. Posts to the session (never inline).
  void request_close(bws::close_code code, bool drop);
  // Swaps the queue into `batch` (which must be empty). If nothing is queued
  // returns the requested close code (or none), and when none, marks the
  // writer idle.
  bws::close_code take(std::vector<std::shared_ptr<const std::string>>& batch);
  void note_written(size_t frames) { batch_written_.fetch_add(frames, std::memory_order_relaxed); }
  bool abort_batch() const { return abort_.load(std::memory_order_relaxed); }
  void mark_closed() {
    std::lock_guard lock(mu_);
    closed_ = true;
    queue_.clear();
  }

 private:
  void post_to_session(bool close_request);

  const Request request_;
  const std::shared_ptr<const void> attachment_;
  const size_t max_queue_;
  const std::shared_ptr<Lifeline> lifeline_;
  const std::shared_ptr<FlushList> flush_list_;  // null: wake at once
  std::weak_ptr<WsSession> session_;             // set before the handle is published

  std::mutex mu_;
  std::vector<std::shared_ptr<const std::string>> queue_;  // guarded by mu_
  size_t batch_size_ = 0;          // frames in the writer's batch; guarded by mu_
  bool writer_scheduled_ = false;  // a wake-up is posted or the writer runs
  bool closed_ = false;            // the connection has ended
  bws::close_code close_code_ = bws::close_code::none;  // requested close
  std::atomic<size_t> batch_written_{0};                // frames of the batch written so far
  std::atomic<bool> abort_{false};                      // drop the rest of the batch
};

class WsSession final : public SessionBase {
 public:
  WsSession(ServerCore& core, Socket socket, std::shared_ptr<WsFront> front, const WsEntry& entry)
      : core_(core),
        ws_(std::move(socket)),
        close_timer_(ws_.get_executor()),
        front_(std::move(front)),
        entry_(entry) {}
  ~WsSession() override {
    front_->mark_closed();  // if the io_context went away first: send() says false
    core_.remove_session(this);
  }

  Executor executor() override { return ws_.get_executor(); }
  void shutdown() override;
  void wake() override { on_wake(false); }

  Task<> run(std::shared_ptr<WsSession> self, bhttp::request<bhttp::string_body> upgrade);
  // Posted by the front: new frames (start the writer) or a close request.
  void on_wake(bool close_request);

 private:
  // Moves queued frames into the coalescing stream until the queue is empty
  // or the buffer is over its high-water mark (then resumes after a flush).
  void pump();
  void start_close(bws::close_code code);
  void hard_close() { beast::get_lowest_layer(ws_).close(); }

  ServerCore& core_;
  bws::stream<CoalescingStream> ws_;
  net::steady_timer close_timer_;  // bounds the close handshake
  std::shared_ptr<WsFront> front_;
  const WsEntry& entry_;
  std::vector<std::shared_ptr<const std::string>> batch_;  // taken from the front
  size_t batch_pos_ = 0;                                   // next frame of batch_ to append
  bool opened_ = false;
  bool ended_ = false;
  bool waiting_flush_ = false;  // pump() paused at the high-water mark
  bool close_started_ = false;
  bool close_timer_armed_ = false;
};

bool WsFront::send(std::shared_ptr<const std::string> text) {
  bool wake = false;
  bool overflow = false;
  {
    std::lock_guard lock(mu_);
    if (closed_ || close_code_ != bws::close_code::none) return false;
    size_t in_batch =
        batch_size_ - std::min(batch_size_, batch_written_.load(std::memory_order_relaxed));
    if (queue_.size() + in_batch >= max_queue_) {
      overflow = true;
    } else {
      queue_.push_back(std::move(text));
      wake = !writer_scheduled_;
      writer_scheduled_ = true;
    }
  }
  if (overflow) {
    request_close(bws::close_code::policy_error, true);
    return false;
  }
  if (wake) {
    if (flush_list_) {
      flush_list_->add(session_);
    } else {
      post_to_session(false);
    }
  }
  return true;
}

void WsFront::request_close(bws::close_code code, bool drop) {
  {
    std::lock_guard lock(mu_);
    if (closed_ || close_code_ != bws::close_code::none) return;
    close_code_ = code;
    if (drop) {
      queue_.clear();
      abort_.store(true, std::memory_order_relaxed);
    }
  }
  post_to_session(true);
}

bws::close_code WsFront::take(std::vector<std::shared_ptr<const std::string>>& batch) {
  std::lock_guard lock(mu_);
  batch.swap(queue_);
  batch_size_ = batch.size();
  batch_written_.store(0, std::memory_order_relaxed);
  if (!batch.empty()) return bws::close_code::none;
  if (close_code_ == bws::close_code::none) writer_scheduled_ = false;
  return close_code_;
}

void WsFront::post_to_session(bool close_request) {
  std::shared_lock lock(lifeline_->mu);
  if (lifeline_->dead) return;
  std::shared_ptr<WsSession> s = session_.lock();
  if (!s) return;
  Executor ex = s->executor();
  net::post(ex, [s = std::move(s), close_request] { s->on_wake(close_request); });
}

void WsSession::shutdown() {
  if (!opened_) {
    hard_close();  // handshake still running: abort it
    return;
  }
  front_->request_close(bws::close_code::going_away, true);
}

void WsSession::on_wake(bool close_request) {
  if (ended_) return;
  if (close_request && !close_timer_armed_) {
    close_timer_armed_ = true;
    close_timer_.expires_after(std::chrono::milliseconds(core_.opts.ws_close_timeout_ms));
    close_timer_.async_wait(
        [self = std::static_pointer_cast<WsSession>(shared_from_this())](beast::error_code ec) {
          if (!ec && !self->ended_) self->hard_close();
        });
  }
  pump();
}

void WsSession::pump() {
  if (ended_ || waiting_flush_ || close_started_ || !opened_) return;
  CoalescingStream& out = ws_.next_layer();
  for (;;) {
    if (batch_pos_ == batch_.size()) {
      batch_.clear();
      batch_pos_ = 0;
      bws::close_code close = front_->take(batch_);
      if (batch_.empty()) {
        out.flush();
        if (close != bws::close_code::none) start_close(close);
        return;  // idle: the front posts a wake-up with the next frame
      }
    }
    size_t appended = 0;
    while (batch_pos_ < batch_.size()) {
      if (front_->abort_batch() || !ws_.is_open() || out.error()) {
        batch_pos_ = batch_.size();
        break;
      }
      if (out.pending_bytes() >= CoalescingStream::kHighWaterBytes) {
        if (out.flushing()) {  // the socket is behind: wait for it
          front_->note_written(appended);
          waiting_flush_ = true;
          out.flushed_event().async_wait(
              [self = std::static_pointer_cast<WsSession>(shared_from_this())](beast::error_code) {
                self->waiting_flush_ = false;
                self->pump();
              });
          return;
        }
        out.flush();
      }
      out.append_text_frame(*batch_[batch_pos_++]);
      ++appended;
    }
    front_->note_written(appended);
    out.flush();
  }
}

void WsSession::start_close(bws::close_code code) {
  if (close_started_ || !ws_.is_open()) return;
  close_started_ = true;
  ws_.async_close(
      code, [self = std::static_pointer_cast<WsSession>(shared_from_this())](beast::error_code) {
        // The read loop sees the end of the connection.
      });
}

Task<> WsSession::run(std::shared_ptr<WsSession> self, bhttp::request<bhttp::string_body> upgrade) {
  const Options& o = core_.opts;
  ws_.next_layer().set_owner(self);
  bws::stream_base::timeout timeout =
      bws::stream_base::timeout::suggested(beast::role_type::server);
  if (o.idle_timeout_ms > 0) {
    timeout.handshake_timeout = std::chrono::milliseconds(o.idle_timeout_ms);
    timeout.idle_timeout = std::chrono::milliseconds(o.idle_timeout_ms);
    timeout.keep_alive_pings = true;
  }
  ws_.set_option(timeout);
  ws_.read_message_max(o.max_body_bytes);
  ws_.auto_fragment(false);
  ws_.text(true);
  front_->attach(self);

  auto [aec] = co_await ws_.async_accept(upgrade, kUse);
  if (aec) {
    ended_ = true;
    front_->mark_closed();
    hard_close();
    co_return;
  }
  opened_ = true;
  pump();  // a close or frames requested before the handshake finished
  try {
    if (entry_.handlers.on_open) entry_.handlers.on_open(front_);
  } catch (const std::exception& e) {
    core_.log(std::string("websocket on_open threw: ") + e.what());
    front_->request_close(bws::close_code::internal_error, true);
  }

  std::string message;
  for (;;) {
    message.clear();
    auto buffer = net::dynamic_buffer(message, o.max_body_bytes);
    auto [ec, n] = co_await ws_.async_read(buffer, kUse);
    if (ec) break;
    if (!entry_.handlers.on_message) continue;
    try {
      entry_.handlers.on_message(front_, std::move(message));
    } catch (const std::exception& e) {
      core_.log(std::string("websocket on_message threw: ") + e.what());
      front_->request_close(bws::close_code::internal_error, true);
    }
  }
  ended_ = true;
  front_->mark_closed();
  close_timer_.cancel();
  hard_close();
  try {
    if (entry_.handlers.on_close) entry_.handlers.on_close(front_);
  } catch (const std::exception& e) {
    core_.log(std::string("websocket on_close threw: ") + e.what());
  }
}

}  // namespace

void start_websocket(ServerCore& core, Socket socket, Request request, std::shared_ptr<const void> attachment,
                     bhttp::request<bhttp::string_body> upgrade, const WsEntry& entry) {
  auto front = std::make_shared<WsFront>(std::move(request), std::move(attachment), core.opts.ws_max_queue,
                                         core.lifeline, core.flush_list);
  auto session = std::make_shared<WsSession>(core, std::move(socket), std::move(front), entry);
  if (!core.add_session(session.get())) return;
  Executor ex = session->executor();
  net::co_spawn(ex, session->run(session, std::move(upgrade)),
                [lifeline = core.lifeline](std::exception_ptr e) {
                  log_exception(*lifeline, e, "websocket session");
                });
}

}  // namespace switchyard::http::detail
