#pragma once
// Plain HTTP message types of the switchyard_http library. No Asio or Beast
// here: modules that register handlers include only this and server.h.
//
// Thread-safety: Request and Response are plain values (no internal
// synchronisation). Respond is safe to call from any thread.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace switchyard::http {

// One parsed request, handed to a handler by value (rvalue).
struct Request {
  std::string method;                                      // as sent, e.g. "GET"
  std::string path;                                        // percent-decoded path without the query
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::unordered_map<std::string, std::string> params;  // "{id}" segments, decoded
  std::string remote;                                   // peer IP address, e.g. "127.0.0.1"

  // The first header with this (lower-case) name, or nullptr.
  const std::string* header(std::string_view lower_name) const;
  // The first query parameter with this name, or nullptr.
  const std::string* query_param(std::string_view name) const;
};

// What a handler answers. `status` must be 200..999 (anything else is logged
// and sent as 500); 204 and 304 are sent without a body. Content-Type is sent
// when the body is not empty. The library adds Content-Length and Connection;
// `headers` may add others (unsafe ones are logged and dropped: names that
// are not tokens, values with CR, LF or NUL, and Content-Length,
// Transfer-Encoding, Connection).
struct Response {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  // WebSocket upgrades only (status 101 from on_upgrade): kept with the
  // accepted connection, WebSocket::attachment().
  std::shared_ptr<const void> attachment = {};
};

// `{"error":{"code":...,"message":...,"field":...}}`, the one error body shape
// of the API. Strings are JSON-escaped (see append_json_string).
std::string error_json(std::string_view code, std::string_view message,
                       std::string_view field = {});
// A Response with `status` and an error_json body.
Response error_response(int status, std::string_view code, std::string_view message,
                        std::string_view field = {});
// Appends `s` to `out` as a JSON string literal with quotes: quote,
// backslash and control characters escaped, UTF-8 passed through, bytes that
// are not UTF-8 replaced by \ufffd (the output is always valid JSON).
void append_json_string(std::string& out, std::string_view s);

namespace detail {
class ResponseSlot;  // defined by the library; owns the per-request state
}

// The callback through which a handler answers its request. Copyable and
// cheap to copy (one shared pointer).
//
// Contract: call it exactly once, from any thread, now or later (e.g. after a
// database commit). Later calls are ignored (and logged). If every copy is
// destroyed without a call, the client gets 500 "handler_dropped_response".
// Calls after Server::stop() has returned, or for a client that has gone, are
// harmless no-ops. The connection reads no further request until the answer
// has been written.
class Respond {
 public:
  explicit Respond(std::shared_ptr<detail::ResponseSlot> slot) : slot_(std::move(slot)) {}
  // Thread-safe.
  void operator()(Response response) const;

 private:
  std::shared_ptr<detail::ResponseSlot> slot_;
};

}  // namespace switchyard::http
