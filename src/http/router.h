#pragma once
// Path routing and URL decoding for switchyard_http. Pure functions over
// strings: no sockets, no Asio.
//
// Thread-safety: a Router is built by one thread (add) and then only read
// (match), which any number of threads may do concurrently.
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace switchyard::http {

// Percent-decodes `in` into `out` (cleared first). With `plus_is_space`
// ('+' in query strings) '+' becomes ' '. Returns false on a malformed
// escape ("%" not followed by two hex digits).
bool percent_decode(std::string_view in, std::string& out, bool plus_is_space);

// Splits an origin-form target ("/a/b?x=1") into path and query parts. An
// absolute-form target ("http://host/a?x") is reduced to its path and query.
void split_target(std::string_view target, std::string_view& path, std::string_view& query);

// Parses "a=1&b=x+y" into decoded pairs. Returns false on a bad escape.
bool parse_query(std::string_view query, std::vector<std::pair<std::string, std::string>>& out);

// Splits `path` on '/', skipping empty segments, and decodes each segment
// into `segments` (cleared first). Returns false on a bad escape.
bool split_path(std::string_view path, std::vector<std::string>& segments);

class Router {
 public:
  struct Endpoint {
    std::string method;  // "GET", ... or "*"
    std::string pattern;
    std::vector<std::string> param_names;  // in segment order
    int id = -1;                           // the caller's handler index
  };

  struct Match {
    // The endpoint for the method, or nullptr (then see path_found / allow).
    const Endpoint* endpoint = nullptr;
    // Decoded parameter values, in the order of endpoint->param_names.
    std::vector<std::string> values;
    // Some route has this path (with other methods): 405, not 404.
    bool path_found = false;
    // The methods that route accepts, comma separated ("GET, HEAD, POST").
    std::string allow;
  };

  Router();
  ~Router();
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;

  // Registers (method, pattern) under `id`. Errors: kInvalidArgument for a
  // malformed pattern or method, kAlreadyExists for a duplicate.
  Result<void> add(std::string_view method, std::string_view pattern, int id);

  // Finds the endpoint for decoded `segments` (see split_path). Prefers an
  // exact method over "*"; HEAD falls back to GET. `match` is overwritten.
  void match(std::string_view method, const std::vector<std::string>& segments, Match& match) const;

  bool empty() const;

 private:
  struct Node;
  std::unique_ptr<Node> root_;
};

}  // namespace switchyard::http
