#include "http/router.h"

#include <algorithm>

namespace switchyard::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// RFC 9110 token characters, which is what a method is made of.
bool is_token_char(char c) {
  if (c >= 'a' && c <= 'z') return true;
  if (c >= 'A' && c <= 'Z') return true;
  if (c >= '0' && c <= '9') return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

template <typename F>
void for_each_segment(std::string_view path, F&& f) {
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) f(path.substr(i, j - i));
    i = j + 1;
  }
}

}  // namespace

bool percent_decode(std::string_view in, std::string& out, bool plus_is_space) {
  out.clear();
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      int hi = i + 1 < in.size() ? hex_value(in[i + 1]) : -1;
      int lo = i + 2 < in.size() ? hex_value(in[i + 2]) : -1;
      if (hi < 0 || lo < 0) return false;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return true;
}

void split_target(std::string_view target, std::string_view& path, std::string_view& query) {
  // Absolute form: scheme "://" authority path.
  if (!target.empty() && target.front() != '/') {
    size_t scheme_end = target.find("://");
    if (scheme_end != std::string_view::npos) {
      size_t path_begin = target.find_first_of("/?", scheme_end + 3);
      target =
          path_begin == std::string_view::npos ? std::string_view("/") : target.substr(path_begin);
    }
  }
  size_t q = target.find('?');
  if (q == std::string_view::npos) {
    path = target;
    query = {};
  } else {
    path = target.substr(0, q);
    query = target.substr(q + 1);
  }
  size_t hash = query.find('#');  // clients should not send fragments; drop them
  if (hash != std::string_view::npos) query = query.substr(0, hash);
  if (path.empty()) path = "/";
}

bool parse_query(std::string_view query, std::vector<std::pair<std::string, std::string>>& out) {
  out.clear();
  size_t i = 0;
  while (i <= query.size()) {
    size_t j = query.find('&', i);
    if (j == std::string_view::npos) j = query.size();
    std::string_view item = query.substr(i, j - i);
    if (!item.empty()) {
      size_t eq = item.find('=');
      std::string_view key = item.substr(0, eq);
      std::string_view value =
          eq == std::string_view::npos ? std::string_view() : item.substr(eq + 1);
      auto& kv = out.emplace_back();
      if (!percent_decode(key, kv.first, true) || !percent_decode(value, kv.second, true)) {
        return false;
      }
    }
    i = j + 1;
  }
  return true;
}

bool split_path(std::string_view path, std::vector<std::string>& segments) {
  segments.clear();
  bool ok = true;
  for_each_segment(path, [&](std::string_view seg) {
    if (!ok) return;
    ok = percent_decode(seg, segments.emplace_back(), false);
  });
  return ok;
}

struct Router::Node {
  std::vector<std::pair<std::string, std::unique_ptr<Node>>> literals;
  std::unique_ptr<Node> param;  // {name}
  std::unique_ptr<Node> rest;   // {name...}, always a leaf
  std::vector<Endpoint> endpoints;
};

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

bool Router::empty() const {
  return root_->literals.empty() && !root_->param && !root_->rest && root_->endpoints.empty();
}

Result<void> Router::add(std::string_view method, std::string_view pattern, int id) {
  if (method.empty() || !std::all_of(method.begin(), method.end(), is_token_char)) {
    return make_error(ErrorCode::kInvalidArgument, "bad method '" + std::string(method) + "'",
                      "method");
  }
  if (pattern.empty() || pattern.front() != '/') {
    return make_error(ErrorCode::kInvalidArgument,
                      "pattern must start with '/': '" + std::string(pattern) + "'", "pattern");
  }
  std::vector<std::string_view> segs;
  for_each_segment(pattern, [&](std::string_view s) { segs.push_back(s); });

  Node* node = root_.get();
  std::vector<std::string> names;
  for (size_t i = 0; i < segs.size(); ++i) {
    std::string_view s = segs[i];
    auto bad = [&](std::string why) {
      return make_error(ErrorCode::kInvalidArgument,
                        why + " in pattern '" + std::string(pattern) + "'", "pattern");
    };
    if (s.front() == '{') {
      if (s.back() != '}' || s.size() < 3) return bad("bad parameter segment");
      std::string_view name = s.substr(1, s.size() - 2);
      bool is_rest = name.size() > 3 && name.substr(name.size() - 3) == "...";
      if (is_rest) name.remove_suffix(3);
      if (name.empty() || !std::all_of(name.begin(), name.end(), is_name_char)) {
        return bad("bad parameter name");
      }
      if (std::find(names.begin(), names.end(), name) != names.end()) {
        return bad("duplicate parameter '" + std::string(name) + "'");
      }
      names.emplace_back(name);
      std::unique_ptr<Node>& child = is_rest ? node->rest : node->param;
      if (is_rest && i + 1 != segs.size()) return bad("{name...} must be the last segment");
      if (!child) child = std::make_unique<Node>();
      node = child.get();
    } else {
      if (s.find_first_of("{}") != std::string_view::npos) return bad("stray brace");
      auto it = std::find_if(node->literals.begin(), node->literals.end(),
                             [&](const auto& kv) { return kv.first == s; });
      if (it == node->literals.end()) {
        node->literals.emplace_back(std::string(s), std::make_unique<Node>());
        it = node->literals.end() - 1;
      }
      node = it->second.get();
    }
  }
  for (const Endpoint& e : node->endpoints) {
    if (e.method == method) {
      return make_error(ErrorCode::kAlreadyExists,
                        "duplicate route " + std::string(method) + " " + std::string(pattern),
                        "pattern");
    }
  }
  node->endpoints.push_back(
      Endpoint{std::string(method), std::string(pattern), std::move(names), id});
  return {};
}

namespace {

const Router::Endpoint* pick(const std::vector<Router::Endpoint>& endpoints,
                             std::string_view method, bool allow_any = true) {
  const Router::Endpoint* any = nullptr;
  const Router::Endpoint* get = nullptr;
  for (const auto& e : endpoints) {
    if (e.method == method) return &e;
    if (e.method == "*") any = &e;
    if (e.method == "GET") get = &e;
  }
  if (method == "HEAD" && get != nullptr) return get;
  return allow_any ? any : nullptr;
}

}  // namespace

// Depth-first search: literal, then {name}, then {name...}. `spans` holds the
// [begin, end) segment ranges captured so far.
struct MatchState {
  std::string_view method;
  const std::vector<std::string>* segments;
  std::vector<std::pair<size_t, size_t>> spans;
  const std::vector<Router::Endpoint>* first_path = nullptr;  // for 405
};

template <typename NodeT>
static const Router::Endpoint* search(const NodeT& node, size_t i, MatchState& st) {
  const auto& segs = *st.segments;
  // A "*" endpoint answers methods its own path has no route for; when a
  // more specific path matched first (with other methods), that path's 405
  // stands instead (a catch-all "*" on {rest...} does not swallow it).
  auto try_leaf = [&](const NodeT& leaf) -> const Router::Endpoint* {
    if (leaf.endpoints.empty()) return nullptr;
    const bool more_specific_seen = st.first_path != nullptr;
    if (st.first_path == nullptr) st.first_path = &leaf.endpoints;
    return pick(leaf.endpoints, st.method, !more_specific_seen);
  };
  if (i == segs.size()) {
    if (const auto* e = try_leaf(node)) return e;
  } else {
    for (const auto& [literal, child] : node.literals) {
      if (literal == segs[i]) {
        if (const auto* e = search(*child, i + 1, st)) return e;
        break;
      }
    }
    if (node.param) {
      st.spans.emplace_back(i, i + 1);
      if (const auto* e = search(*node.param, i + 1, st)) return e;
      st.spans.pop_back();
    }
  }
  if (node.rest) {
    st.spans.emplace_back(i, segs.size());
    if (const auto* e = try_leaf(*node.rest)) return e;
    st.spans.pop_back();
  }
  return nullptr;
}

void Router::match(std::string_view method, const std::vector<std::string>& segments,
                   Match& m) const {
  m.endpoint = nullptr;
  m.values.clear();
  m.path_found = false;
  m.allow.clear();
  MatchState st{method, &segments, {}, nullptr};
  m.endpoint = search(*root_, 0, st);
  if (m.endpoint != nullptr) {
    m.path_found = true;
    for (const auto& [b, e] : st.spans) {
      std::string& v = m.values.emplace_back();
      for (size_t k = b; k < e; ++k) {
        if (k > b) v.push_back('/');
        v += segments[k];
      }
    }
    return;
  }
  if (st.first_path == nullptr) return;
  m.path_found = true;
  bool has_head = false;
  for (const auto& e : *st.first_path) has_head |= e.method == "HEAD";
  for (const auto& e : *st.first_path) {
    if (!m.allow.empty()) m.allow += ", ";
    m.allow += e.method;
    if (e.method == "GET" && !has_head) m.allow += ", HEAD";
  }
}

}  // namespace switchyard::http
