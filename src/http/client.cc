#include "http/client.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <chrono>
#include <optional>

// Asio's TLS part is compiled here, once: only the programs that make
// outgoing calls link OpenSSL's SSL library.
#include <boost/asio/ssl/impl/src.hpp>

namespace switchyard::http {

namespace {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = net::ip::tcp;

struct Target {
  bool tls = false;
  std::string host;
  std::string port;
  std::string path;  // origin-form: /path?query
};

Result<Target> parse_target(std::string_view url) {
  auto u = boost::urls::parse_absolute_uri(url);
  if (!u) return make_error(ErrorCode::kInvalidArgument, "not an absolute URL", "url");
  Target t;
  if (u->scheme() == "https") t.tls = true;
  else if (u->scheme() != "http") return make_error(ErrorCode::kInvalidArgument, "only http and https", "url");
  t.host = u->encoded_host();
  if (t.host.empty()) return make_error(ErrorCode::kInvalidArgument, "the URL has no host", "url");
  if (t.host.front() == '[' && t.host.back() == ']') t.host = t.host.substr(1, t.host.size() - 2);
  t.port = u->has_port() ? std::string(u->port()) : t.tls ? "443" : "80";
  t.path = u->encoded_path().empty() ? "/" : std::string(u->encoded_path());
  if (u->has_query()) t.path += "?" + std::string(u->encoded_query());
  return t;
}

// Writes `req` and reads the response (the body up to the parser's limit)
// on an established stream.
template <typename Stream>
net::awaitable<ClientResponse> exchange(Stream& stream, const bhttp::request<bhttp::string_body>& req,
                                        size_t max_body) {
  co_await bhttp::async_write(stream, req, net::use_awaitable);
  beast::flat_buffer buf;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(max_body);
  auto [ec, n] = co_await bhttp::async_read(stream, buf, parser, net::as_tuple(net::use_awaitable));
  (void)n;
  // A body over the limit still gives the status: the receiver answered.
  if (ec && !(ec == bhttp::error::body_limit && parser.is_header_done())) throw beast::system_error(ec);
  ClientResponse out;
  out.status = static_cast<int>(parser.get().result_int());
  if (!ec) out.body = std::move(parser.get().body());
  co_return out;
}

}  // namespace

Result<ClientResponse> fetch(const ClientRequest& r) {
  auto target = parse_target(r.url);
  if (!target) return std::unexpected(target.error());
  const Target t = *target;
  bhttp::request<bhttp::string_body> req;
  auto verb = bhttp::string_to_verb(r.method);
  if (verb == bhttp::verb::unknown) return make_error(ErrorCode::kInvalidArgument, "unknown method", "method");
  req.method(verb);
  req.target(t.path);
  req.version(11);
  const bool default_port = t.port == (t.tls ? "443" : "80");
  req.set(bhttp::field::host, default_port ? t.host : t.host + ":" + t.port);
  req.set(bhttp::field::connection, "close");
  for (const auto& [k, v] : r.headers) req.set(k, v);
  req.body() = r.body;
  req.prepare_payload();

  const auto timeout = std::chrono::milliseconds(std::max<int64_t>(1, r.timeout_ms));
  net::io_context ioc;
  std::optional<ClientResponse> result;
  std::string failure = "timed out";
  net::co_spawn(
      ioc,
      [&]() -> net::awaitable<void> {
        tcp::resolver resolver(ioc);
        auto endpoints = co_await resolver.async_resolve(t.host, t.port, net::use_awaitable);
        if (!t.tls) {
          beast::tcp_stream stream(ioc);
          stream.expires_after(timeout);
          co_await stream.async_connect(endpoints, net::use_awaitable);
          result = co_await exchange(stream, req, r.max_response_bytes);
          beast::error_code ignored;
          stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
          co_return;
        }
        ssl::context ctx(ssl::context::tls_client);
        ctx.set_verify_mode(ssl::verify_peer);
        if (r.ca_file.empty()) ctx.set_default_verify_paths();
        else ctx.load_verify_file(r.ca_file);
        beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
        if (!SSL_set_tlsext_host_name(stream.native_handle(), t.host.c_str()))
          throw beast::system_error(beast::error_code(static_cast<int>(::ERR_get_error()),
                                                      net::error::get_ssl_category()));
        stream.set_verify_callback(ssl::host_name_verification(t.host));
        beast::get_lowest_layer(stream).expires_after(timeout);
        co_await beast::get_lowest_layer(stream).async_connect(endpoints, net::use_awaitable);
        co_await stream.async_handshake(ssl::stream_base::client, net::use_awaitable);
        result = co_await exchange(stream, req, r.max_response_bytes);
        // The peer may close without a TLS close_notify; the answer is in.
        co_await stream.async_shutdown(net::as_tuple(net::use_awaitable));
      },
      [&](std::exception_ptr e) {
        if (!e) return;
        try {
          std::rethrow_exception(e);
        } catch (const beast::system_error& x) {
          failure = x.code().message();  // what() appends Boost's source file and line
        } catch (const std::exception& x) {
          failure = x.what();
        }
      });
  // The whole exchange, DNS included, within the timeout (and a little for
  // the TLS shutdown after the answer).
  ioc.run_for(timeout + std::chrono::milliseconds(200));
  if (result) return std::move(*result);
  if (failure.empty()) failure = "no answer within " + std::to_string(timeout.count()) + " ms";
  return make_error(ErrorCode::kUnavailable, t.host + ":" + t.port + ": " + failure, "url");
}

}  // namespace switchyard::http
