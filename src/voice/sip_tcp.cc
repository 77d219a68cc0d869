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

}  // namespace switchyard::voice
