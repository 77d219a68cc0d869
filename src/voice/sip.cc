#include "voice/sip.h"

#include <cctype>
#include <charconv>
#include <cstdarg>
#include <mutex>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#include <osipparser2/osip_message.h>
#include <osipparser2/osip_parser.h>
#include <osipparser2/osip_port.h>
#pragma GCC diagnostic pop

namespace switchyard::voice {
namespace {

using switchyard::ErrorCode;
using switchyard::make_error;

// osip2 hands out strings allocated with its allocator.
std::string take(char* s) {
  if (!s) return {};
  std::string out(s);
  osip_free(s);
  return out;
}

std::string str_or_empty(const char* s) { return s ? std::string(s) : std::string(); }

struct Osip {
  osip_message_t* m = nullptr;
  Osip() { osip_message_init(&m); }
  ~Osip() { osip_message_free(m); }
  Osip(const Osip&) = delete;
  Osip& operator=(const Osip&) = delete;
};

std::optional<std::string> generic_param(osip_list_t* list, const char* name) {
  osip_generic_param_t* p = nullptr;
  if (osip_generic_param_get_byname(list, const_cast<char*>(name), &p) != 0 || !p) return std::nullopt;
  return str_or_empty(p->gvalue);
}

bool lower_eq(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// A host name or IPv4 address (or a bracketed IPv6 one): what may stand in
// a header we copy into our answers.
bool valid_host(std::string_view h) {
  if (h.empty() || h.size() > 255) return false;
  for (char ch : h)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-' || ch == '_' || ch == '[' || ch == ']' || ch == ':'))
      return false;
  return true;
}

// No port, or 1..65535 in digits.
bool valid_port(const char* p) {
  if (!p) return true;
  std::string_view v = p;
  unsigned n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  return ec == std::errc() && end == v.data() + v.size() && n >= 1 && n <= 65535;
}

// A From / To URI we can answer to: sip or sips with a valid host and port,
// or tel.
bool valid_name_addr(const osip_from_t* f) {
  if (!f || !f->url || !f->url->scheme) return false;
  if (lower_eq(f->url->scheme, "tel")) return true;
  return (lower_eq(f->url->scheme, "sip") || lower_eq(f->url->scheme, "sips")) && f->url->host &&
         valid_host(f->url->host) && valid_port(f->url->port);
}


}  // namespace

std::string SipUri::str() const {
  std::string s = "sip:";
  if (!user.empty()) s += user + "@";
  return s + host + ":" + std::to_string(port) + (tcp ? ";transport=tcp" : "");
}

std::optional<SipUri> parse_sip_uri(std::string_view t) {
  if (size_t lt = t.find('<'); lt != std::string_view::npos) {
    size_t gt = t.find('>', lt);
    if (gt == std::string_view::npos) return std::nullopt;
    t = t.substr(lt + 1, gt - lt - 1);
  }
  if (t.size() < 5 || !lower_eq(t.substr(0, 4), "sip:")) return std::nullopt;
  t.remove_prefix(4);
  SipUri u;
  // parameters: only the transport matters here
  if (size_t semi = t.find(';'); semi != std::string_view::npos) {
    std::string_view params = t.substr(semi, t.find('?') == std::string_view::npos ? std::string_view::npos : t.find('?') - semi);
    std::string lower(params);
    for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    u.tcp = lower.find(";transport=tcp") != std::string::npos;
  }
  // up to parameters or headers
  t = t.substr(0, t.find_first_of(";?"));
  if (size_t at = t.rfind('@'); at != std::string_view::npos) {
    u.user = std::string(t.substr(0, at));
    if (size_t colon = u.user.find(':'); colon != std::string::npos) u.user.resize(colon);  // user:password
    t.remove_prefix(at + 1);
  }
  if (size_t colon = t.rfind(':'); colon != std::string_view::npos) {
    std::string_view p = t.substr(colon + 1);
    unsigned port = 0;
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), port);
    if (ec != std::errc() || end != p.data() + p.size() || port == 0 || port > 65535) return std::nullopt;
    u.port = static_cast<uint16_t>(port);
    t = t.substr(0, colon);
  }
  if (t.empty()) return std::nullopt;
  u.host = std::string(t);
  return u;
}

void init_sip_parser() {
  static std::once_flag once;
  std::call_once(once, [] {
    parser_init();
    // osip2 writes its own diagnostics to stderr: a malformed datagram is
    // ours to count (SwitchStats::bad_messages), not a line per packet
    osip_trace_initialize_func(END_TRACE_LEVEL, [](const char*, int, osip_trace_level_t, const char*, va_list) {});
    for (int level = TRACE_LEVEL0; level < END_TRACE_LEVEL; ++level)
      osip_trace_disable_level(static_cast<osip_trace_level_t>(level));
  });
}

Result<SipMessage> parse_sip(std::string_view bytes) {
  if (bytes.size() > kMaxMessageBytes) return make_error(ErrorCode::kInvalidArgument, "message too large", "message");
  if (bytes.size() < 16) return make_error(ErrorCode::kInvalidArgument, "message too short", "message");
  init_sip_parser();
  Osip o;
  if (osip_message_parse(o.m, bytes.data(), bytes.size()) != 0)
    return make_error(ErrorCode::kInvalidArgument, "not a SIP message", "message");
  osip_message_t* m = o.m;
  SipMessage out;
  out.request = MSG_IS_REQUEST(m);
  if (out.request) {
    if (!m->sip_method || !m->req_uri) return make_error(ErrorCode::kInvalidArgument, "no request line", "request-line");
    out.method = m->sip_method;
    char* uri = nullptr;
    if (osip_uri_to_str(m->req_uri, &uri) == 0) out.request_uri = take(uri);
    out.request_user = str_or_empty(m->req_uri->username);
  } else {
    out.status = m->status_code;
    out.reason = str_or_empty(m->reason_phrase);
    if (out.status < 100 || out.status > 699) return make_error(ErrorCode::kInvalidArgument, "bad status code", "status");
  }
  // Via
  int n = osip_list_size(&m->vias);
  if (n <= 0) return make_error(ErrorCode::kInvalidArgument, "no Via", "Via");
  for (int i = 0; i < n; ++i) {
    auto* v = static_cast<osip_via_t*>(osip_list_get(&m->vias, i));
    char* s = nullptr;
    if (!v || !v->version || std::string_view(v->version) != "2.0" || !v->protocol || !v->host || !valid_host(v->host) || !valid_port(v->port) ||
        osip_via_to_str(v, &s) != 0)
      return make_error(ErrorCode::kInvalidArgument, "bad Via", "Via");
    out.vias.push_back(take(s));
    if (i == 0) {
      out.branch = generic_param(&v->via_params, "branch").value_or("");
      out.top_via_rport = generic_param(&v->via_params, "rport").has_value();
    }
  }
  // From / To
  if (!m->from || !m->to) return make_error(ErrorCode::kInvalidArgument, "no From or To", m->from ? "To" : "From");
  if (!valid_name_addr(m->from)) return make_error(ErrorCode::kInvalidArgument, "bad From URI", "From");
  if (!valid_name_addr(m->to)) return make_error(ErrorCode::kInvalidArgument, "bad To URI", "To");
  char* s = nullptr;
  if (osip_from_to_str(m->from, &s) != 0) return make_error(ErrorCode::kInvalidArgument, "bad From", "From");
  out.from = take(s);
  if (osip_to_to_str(m->to, &s) != 0) return make_error(ErrorCode::kInvalidArgument, "bad To", "To");
  out.to = take(s);
  out.from_tag = generic_param(&m->from->gen_params, "tag").value_or("");
  out.to_tag = generic_param(&m->to->gen_params, "tag").value_or("");
  if (m->from->url) out.from_user = str_or_empty(m->from->url->username);
  // Call-ID, CSeq
  if (!m->call_id || !m->call_id->number) return make_error(ErrorCode::kInvalidArgument, "no Call-ID", "Call-ID");
  out.call_id = m->call_id->number;
  if (m->call_id->host) out.call_id += std::string("@") + m->call_id->host;
  if (!m->cseq || !m->cseq->number || !m->cseq->method)
    return make_error(ErrorCode::kInvalidArgument, "no CSeq", "CSeq");
  {
    std::string_view num = m->cseq->number;
    uint32_t v = 0;
    auto [end, ec] = std::from_chars(num.data(), num.data() + num.size(), v);
    if (ec != std::errc() || end != num.data() + num.size()) return make_error(ErrorCode::kInvalidArgument, "bad CSeq", "CSeq");
    out.cseq = v;
    out.cseq_method = m->cseq->method;
  }
  if (out.request && out.cseq_method != out.method && out.method != "ACK" && out.method != "CANCEL")
    return make_error(ErrorCode::kInvalidArgument, "CSeq method differs from the request's", "CSeq");
  // Contact
  osip_contact_t* c = nullptr;
  if (osip_message_get_contact(m, 0, &c) >= 0 && c && c->url) {
    char* u = nullptr;
    if (osip_uri_to_str(c->url, &u) == 0) out.contact = parse_sip_uri(take(u));
  }
  // Contact: *
  if (c && c->displayname && std::string_view(c->displayname) == "*") out.contact_star = true;
  // Authorization (REGISTER)
  osip_authorization_t* auth = nullptr;
  if (osip_message_get_authorization(m, 0, &auth) >= 0 && auth) {
    auto unq = [](const char* p) {
      std::string v = str_or_empty(p);
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      return v;
    };
    if (!auth->auth_type || !lower_eq(auth->auth_type, "Digest"))
      return make_error(ErrorCode::kInvalidArgument, "only Digest authorization is supported", "Authorization");
    out.authorization = DigestCredentials{unq(auth->username), unq(auth->realm),     unq(auth->nonce),
                                          unq(auth->uri),      unq(auth->response),  unq(auth->algorithm),
                                          unq(auth->message_qop), unq(auth->nonce_count), unq(auth->cnonce)};
  }
  // Expires: the Contact's parameter wins over the header
  auto seconds = [](std::string_view v) -> std::optional<int64_t> {
    int64_t n = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || end != v.data() + v.size() || n < 0) return std::nullopt;
    return std::min<int64_t>(n, 86'400 * 365);
  };
  if (c) {
    osip_generic_param_t* p = nullptr;
    if (osip_contact_param_get_byname(c, const_cast<char*>("expires"), &p) == 0 && p && p->gvalue) {
      out.expires_s = seconds(p->gvalue);
      if (!out.expires_s) return make_error(ErrorCode::kInvalidArgument, "bad expires parameter", "Contact");
    }
  }
  if (!out.expires_s) {
    osip_header_t* h = nullptr;
    if (osip_message_get_expires(m, 0, &h) >= 0 && h && h->hvalue) {
      out.expires_s = seconds(h->hvalue);
      if (!out.expires_s) return make_error(ErrorCode::kInvalidArgument, "bad Expires", "Expires");
    }
  }
  // Body
  if (m->content_type && m->content_type->type && m->content_type->subtype)
    out.content_type = std::string(m->content_type->type) + "/" + m->content_type->subtype;
  osip_body_t* b = nullptr;
  if (osip_message_get_body(m, 0, &b) >= 0 && b && b->body) out.body.assign(b->body, b->length);
  // A datagram cut short: its body is shorter than its Content-Length says
  // (RFC 3261 18.3: such a message is dropped).
  if (m->content_length && m->content_length->value) {
    size_t declared = 0;
    std::string_view v = m->content_length->value;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), declared);
    if (ec != std::errc() || end != v.data() + v.size())
      return make_error(ErrorCode::kInvalidArgument, "bad Content-Length", "Content-Length");
    if (out.body.size() < declared) return make_error(ErrorCode::kInvalidArgument, "body shorter than Content-Length", "Content-Length");
  }
  return out;
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100: return "Trying";
    case 180: return "Ringing";
    case 183: return "Session Progress";
    case 200: return "OK";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 480: return "Temporarily Unavailable";
    case 481: return "Call/Transaction Does Not Exist";
    case 486: return "Busy Here";
    case 487: return "Request Terminated";
    case 488: return "Not Acceptable Here";
    case 500: return "Server Internal Error";
    case 503: return "Service Unavailable";
    case 603: return "Decline";
    default: return status < 300 ? "OK" : "Error";
  }
}

std::string make_response(const SipMessage& req, int status, std::string_view reason, std::string_view to_tag,
                          const Endpoint& source, std::string_view contact, std::string_view sdp) {
  std::string r;
  r.reserve(512 + sdp.size());
  r += "SIP/2.0 " + std::to_string(status) + " ";
  r += reason.empty() ? reason_phrase(status) : reason;
  r += "\r\n";
  for (size_t i = 0; i < req.vias.size(); ++i) {
    r += "Via: ";
    if (i == 0 && !source.host.empty()) {
      // RFC 3261 18.2.1 received=, RFC 3581 rport=: the top Via says where
      // the request really came from, so the answer finds a caller behind NAT.
      std::string v = req.vias[0];
      if (req.top_via_rport) {
        // "rport" without a value -> "rport=<port>"
        size_t at = v.find(";rport");
        if (at != std::string::npos) {
          size_t end = at + 6;
          if (end >= v.size() || v[end] != '=') v.insert(end, "=" + std::to_string(source.port));
        }
      }
      if (v.find(";received=") == std::string::npos) v += ";received=" + source.host;
      r += v;
    } else {
      r += req.vias[i];
    }
    r += "\r\n";
  }
  r += "From: " + req.from + "\r\n";
  r += "To: " + req.to;
  if (req.to_tag.empty() && !to_tag.empty() && status > 100) r += ";tag=" + std::string(to_tag);
  r += "\r\n";
  r += "Call-ID: " + req.call_id + "\r\n";
  r += "CSeq: " + std::to_string(req.cseq) + " " + req.cseq_method + "\r\n";
  if (!contact.empty()) r += contact.front() == '<' ? "Contact: " + std::string(contact) + "\r\n" : "Contact: <" + std::string(contact) + ">\r\n";
  r += "Server: Switchyard\r\n";
  if (!sdp.empty()) r += "Content-Type: application/sdp\r\n";
  r += "Content-Length: " + std::to_string(sdp.size()) + "\r\n\r\n";
  r += sdp;
  return r;
}

std::string make_request(const OutRequest& q) {
  std::string r;
  r.reserve(512 + q.sdp.size());
  r += q.method + " " + q.uri + " SIP/2.0\r\n";
  r += "Via: " + q.via + "\r\n";
  r += "Max-Forwards: 70\r\n";
  r += "From: " + q.from + "\r\n";
  r += "To: " + q.to + "\r\n";
  r += "Call-ID: " + q.call_id + "\r\n";
  r += "CSeq: " + std::to_string(q.cseq) + " " + (q.cseq_method.empty() ? q.method : q.cseq_method) + "\r\n";
  if (!q.contact.empty()) r += "Contact: <" + q.contact + ">\r\n";
  for (const auto& [k, v] : q.extra) r += k + ": " + v + "\r\n";
  r += "User-Agent: Switchyard\r\n";
  if (!q.sdp.empty()) r += "Content-Type: application/sdp\r\n";
  r += "Content-Length: " + std::to_string(q.sdp.size()) + "\r\n\r\n";
  r += q.sdp;
  return r;
}

}  // namespace switchyard::voice
