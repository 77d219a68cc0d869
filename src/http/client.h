#pragma once
// A small blocking HTTP/1.1 client (Boost.Beast underneath, invisible here)
// for outgoing calls such as webhooks: one request per connection, http://
// and https:// (TLS with the system's CA certificates, or `ca_file`, and
// host-name verification), a deadline over the whole exchange.
//
// Threading: fetch() blocks the calling thread (at most `timeout_ms`); call it
// from a worker thread, never from an I/O or engine thread. Calls from
// different threads are independent.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace switchyard::http {

struct ClientRequest {
  std::string method = "POST";
  std::string url;  // http://host[:port]/path?query or https://...
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  int64_t timeout_ms = 10'000;  // connect + TLS + write + read
  std::string ca_file;          // https: trust these CAs instead of the system's
  size_t max_response_bytes = 64 * 1024;
};

struct ClientResponse {
  int status = 0;
  std::string body;  // up to max_response_bytes
};

// Any HTTP status is a response; kInvalidArgument for a bad URL ("url"),
// kUnavailable for DNS, connection, TLS, timeout or protocol failures (the
// message says which).
Result<ClientResponse> fetch(const ClientRequest& req);

}  // namespace switchyard::http
