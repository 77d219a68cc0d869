#pragma once
// SIP over TCP (RFC 3261 section 18): the framing of SIP messages on a byte
// stream (SipStreamFramer, pure); parsing them is parse_sip's job.
#include <boost/asio/io_context.hpp>
#include <cstdint>
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

}  // namespace switchyard::voice
