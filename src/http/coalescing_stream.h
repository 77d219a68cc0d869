#pragma once
// A write-coalescing stream layer under beast::websocket::stream (internal).
//
// Why: a broadcast fans one event out to many connections, and a backlogged
// connection would otherwise cost one send() system call (and one Beast write
// operation) per frame. Here every write the WebSocket layer makes is
// appended to a buffer and completes at once (via post); one flush at a time
// writes the whole buffer with a single async_write. The session appends its
// data frames directly (append_text_frame: server frames are unmasked, so the
// framing is a few header bytes), bypassing Beast's per-message write path;
// Beast still writes the control frames (pong, close) and reads everything.
// Each append is one whole frame, so frames never interleave. Under load,
// frames batch themselves; when idle, a frame goes out immediately. Reads
// pass straight through.
//
// Threading: all members are used on the connection's strand only.
// Lifetime: the owner (the session) must outlive pending flushes; set_owner()
// gives the stream a weak reference it locks for the duration of a flush.
#include <memory>
#include <string>
#include <string_view>

#include "http/server_impl.h"

namespace switchyard::http::detail {

class CoalescingStream {
 public:
  using executor_type = Executor;
  using next_layer_type = Stream;

  // Buffered bytes beyond which a writer waits for flushed_event() first.
  static constexpr size_t kHighWaterBytes = 256 << 10;

  explicit CoalescingStream(Socket&& socket)
      : next_(std::move(socket)), flushed_(next_.get_executor()) {
    flushed_.expires_at(net::steady_timer::time_point::max());
  }

  void set_owner(std::weak_ptr<void> owner) { owner_ = std::move(owner); }
  executor_type get_executor() noexcept { return next_.get_executor(); }
  next_layer_type& next_layer() noexcept { return next_; }
  const next_layer_type& next_layer() const noexcept { return next_; }

  // Appends one unfragmented text frame (FIN, opcode 1, unmasked). Call
  // flush() after a batch. Only while the WebSocket is open and no close
  // frame has been sent.
  void append_text_frame(std::string_view payload) {
    unsigned char header[10];
    size_t header_size = 2;
    header[0] = 0x81;
    uint64_t n = payload.size();
    if (n < 126) {
      header[1] = static_cast<unsigned char>(n);
    } else if (n <= 0xffff) {
      header[1] = 126;
      header[2] = static_cast<unsigned char>(n >> 8);
      header[3] = static_cast<unsigned char>(n);
      header_size = 4;
    } else {
      header[1] = 127;
      for (int i = 0; i < 8; ++i) header[2 + i] = static_cast<unsigned char>(n >> (56 - 8 * i));
      header_size = 10;
    }
    pending_.append(reinterpret_cast<const char*>(header), header_size);
    pending_.append(payload);
  }
  // Starts writing the buffered bytes unless a flush is already running (its
  // completion starts the next one).
  void flush() { start_flush(); }

  // Buffered bytes not yet handed to a flush.
  size_t pending_bytes() const { return pending_.size(); }
  bool flushing() const { return flushing_; }
  beast::error_code error() const { return error_; }
  // A timer that is cancelled (waiters complete) whenever a flush ends.
  net::steady_timer& flushed_event() { return flushed_; }

  template <typename MutableBufferSequence, typename ReadHandler>
  auto async_read_some(const MutableBufferSequence& buffers, ReadHandler&& handler) {
    return next_.async_read_some(buffers, std::forward<ReadHandler>(handler));
  }

  template <typename ConstBufferSequence, typename WriteHandler>
  auto async_write_some(const ConstBufferSequence& buffers, WriteHandler&& handler) {
    return net::async_initiate<WriteHandler, void(beast::error_code, size_t)>(
        [this](auto h, const ConstBufferSequence& b) {
          beast::error_code ec = error_;
          size_t n = 0;
          if (!ec) {
            n = net::buffer_size(b);
            size_t old = pending_.size();
            pending_.resize(old + n);
            net::buffer_copy(net::buffer(pending_.data() + old, n), b);
            start_flush();
          }
          net::post(get_executor(), beast::bind_handler(std::move(h), ec, n));
        },
        handler, buffers);
  }

  // Completes after buffered data has been written (or failed), then tears
  // down the TCP connection the way Beast does for a plain socket.
  template <typename TeardownHandler>
  void async_teardown(beast::role_type role, TeardownHandler&& handler) {
    if (flushing_ && !error_) {
      flushed_.async_wait([this, role, h = std::forward<TeardownHandler>(handler)](
                              beast::error_code) mutable { async_teardown(role, std::move(h)); });
      return;
    }
    using beast::websocket::async_teardown;
    async_teardown(role, next_, std::forward<TeardownHandler>(handler));
  }

 private:
  void start_flush() {
    if (flushing_ || pending_.empty() || error_) return;
    std::shared_ptr<void> owner = owner_.lock();
    if (!owner) return;
    flushing_ = true;
    inflight_.swap(pending_);
    // Straight to the socket: Beast's stream timeouts guard reads; a stuck
    // write is bounded by the session's close deadline.
    net::async_write(next_.socket(), net::buffer(inflight_),
                     [this, owner = std::move(owner)](beast::error_code ec, size_t) {
                       flushing_ = false;
                       constexpr size_t kKeepCapacity = 64 << 10;
                       if (inflight_.capacity() > kKeepCapacity) {
                         std::string().swap(inflight_);
                       } else {
                         inflight_.clear();
                       }
                       if (ec) {
                         error_ = ec;
                         pending_.clear();
                       } else {
                         start_flush();
                       }
                       flushed_.cancel();
                     });
  }

  Stream next_;
  net::steady_timer flushed_;
  std::weak_ptr<void> owner_;
  std::string pending_;   // appended by writes
  std::string inflight_;  // being written by the current flush
  bool flushing_ = false;
  beast::error_code error_;  // sticky: the first flush failure
};

// Found by argument-dependent lookup from beast::websocket::stream.
template <typename TeardownHandler>
void async_teardown(beast::role_type role, CoalescingStream& stream, TeardownHandler&& handler) {
  stream.async_teardown(role, std::forward<TeardownHandler>(handler));
}

inline void teardown(beast::role_type role, CoalescingStream& stream, beast::error_code& ec) {
  using beast::websocket::teardown;
  teardown(role, stream.next_layer(), ec);
}

}  // namespace switchyard::http::detail
