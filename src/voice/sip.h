#pragma once
// SIP messages (RFC 3261) for the voice edge: parsing with osip2's parser
// (libosipparser2; the choice and its measurement: docs/architecture.md,
// "Decisions") into a plain value with the fields the switch uses, and
// writing the messages the switch sends as text.
//
// Contract: parse() never throws and never reads past its input; anything
// osip2 refuses, or a message without the headers every SIP message must
// carry (Via, From, To, Call-ID, CSeq), is an error value naming what is
// missing. Sizes are capped (kMaxMessageBytes). Thread-safe after
// init_sip_parser() has run once.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "voice/digest.h"

namespace switchyard::voice {

inline constexpr size_t kMaxMessageBytes = 16 * 1024;

// A transport address: IPv4 dotted quad or host name, and a port.
struct Endpoint {
  std::string host;
  uint16_t port = 0;
  bool tcp = false;  // over a TCP connection (sip_tcp.h), else UDP
  std::string str() const { return host + ":" + std::to_string(port); }
  bool operator==(const Endpoint&) const = default;
};

// Parses "sip:user@host:port;params" (also inside <...>); nullopt when it is
// not a sip: URI with a host. The port defaults to 5060.
struct SipUri {
  std::string user;
  std::string host;
  uint16_t port = 5060;
  bool tcp = false;  // ;transport=tcp
  Endpoint endpoint() const { return {host, port, tcp}; }
  std::string str() const;  // "sip:user@host:port" (";transport=tcp" when tcp)
};
std::optional<SipUri> parse_sip_uri(std::string_view text);

struct SipMessage {
  bool request = false;
  std::string method;        // requests: INVITE, ACK, BYE, CANCEL, REGISTER, OPTIONS, INFO ...
  std::string request_uri;   // requests
  std::string request_user;  // the user part of the request URI (the dialled number)
  int status = 0;            // responses
  std::string reason;        // responses
  std::vector<std::string> vias;  // each Via header value, top first
  std::string branch;        // the top Via's branch parameter
  bool top_via_rport = false;     // the top Via asked for rport (RFC 3581)
  std::string from;          // the From header value as received
  std::string from_tag;
  std::string from_user;     // the user part of the From URI (the caller's number)
  std::string to;            // the To header value as received
  std::string to_tag;
  std::string call_id;
  uint32_t cseq = 0;
  std::string cseq_method;
  std::optional<SipUri> contact;  // the first Contact's URI
  std::string content_type;
  std::string body;
  // REGISTER: the first Authorization's fields (quotes removed), and the
  // registration's lifetime asked for (the Contact's expires parameter, else
  // the Expires header; nullopt when neither is there).
  std::optional<DigestCredentials> authorization;
  std::optional<int64_t> expires_s;
  bool contact_star = false;  // "Contact: *" (remove every binding)
};

// Once per process, before any parse (osip2's parser tables).
void init_sip_parser();

Result<SipMessage> parse_sip(std::string_view bytes);

// A response to `req`: its Vias (the top one with received= / rport= of
// `source` when the request came from there), From, To (with `to_tag` added
// when the To has none), Call-ID and CSeq; a Contact when `contact` is not
// empty (a URI, or a whole value starting with "<" with its parameters); an
// SDP body when `sdp` is not empty.
std::string make_response(const SipMessage& req, int status, std::string_view reason, std::string_view to_tag,
                          const Endpoint& source, std::string_view contact = {}, std::string_view sdp = {});

// A request that the switch sends (a new INVITE, or ACK / BYE / CANCEL in a
// dialog): every header given, Content-Length computed.
struct OutRequest {
  std::string method;
  std::string uri;          // the request URI
  std::string via;          // the whole Via value ("SIP/2.0/UDP host:port;branch=z9hG4bK...;rport")
  std::string from;         // whole From value (with tag)
  std::string to;           // whole To value (with the tag once known)
  std::string call_id;
  uint32_t cseq = 1;
  std::string cseq_method;  // defaults to method
  std::string contact;      // "" = none
  std::vector<std::pair<std::string, std::string>> extra;  // more headers
  std::string sdp;          // "" = no body
};
std::string make_request(const OutRequest& r);

// The reason phrase for the status codes the switch sends.
std::string_view reason_phrase(int status);

}  // namespace switchyard::voice
