#include "http/static_files.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace switchyard::http {

namespace {

namespace fs = std::filesystem;

// FNV-1a 64: an ETag only has to change when the bytes do.
std::string etag_of(std::string_view bytes, std::string_view variant) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ULL;
  char buf[40];
  std::snprintf(buf, sizeof buf, "\"%016llx%s\"", static_cast<unsigned long long>(h), variant.data());
  return buf;
}

std::optional<std::string> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return std::move(s).str();
}

bool accepts(const Request& req, std::string_view coding) {
  const std::string* ae = req.header("accept-encoding");
  if (!ae) return false;
  size_t at = 0;
  while (at < ae->size()) {
    size_t end = ae->find(',', at);
    if (end == std::string::npos) end = ae->size();
    std::string_view part(ae->data() + at, end - at);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    std::string_view name = part.substr(0, part.find(';'));
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name == coding) {
      size_t q = part.find("q=");
      return q == std::string_view::npos || std::strtod(std::string(part.substr(q + 2)).c_str(), nullptr) > 0;
    }
    at = end + 1;
  }
  return false;
}

}  // namespace

std::string content_type_for(std::string_view name) {
  struct Type {
    std::string_view ext, type;
  };
  static constexpr Type kTypes[] = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
      {".ico", "image/x-icon"}, {".woff2", "font/woff2"}, {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"}, {".map", "application/json"}, {".wav", "audio/wav"},
  };
  for (const Type& t : kTypes)
    if (name.ends_with(t.ext)) return std::string(t.type);
  return "application/octet-stream";
}

Result<std::shared_ptr<const StaticFiles>> StaticFiles::load(const std::string& root) {
  std::error_code ec;
  if (!fs::is_directory(root, ec))
    return make_error(ErrorCode::kNotFound, "not a directory: " + root, "http.web_root");
  auto out = std::make_shared<StaticFiles>();
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    const std::string name = it->path().filename().string();
    if (name.ends_with(".br") || name.ends_with(".gz")) continue;  // siblings, read with their file
    auto body = read_file(it->path());
    if (!body) return make_error(ErrorCode::kInternal, "cannot read " + it->path().string(), "http.web_root");
    // Appended, not "/" + string&&: GCC 12 -O3 warns falsely (-Wrestrict) on that.
    std::string url = "/";
    url += fs::relative(it->path(), root).generic_string();
    File f;
    f.content_type = content_type_for(name);
    f.immutable = url.starts_with("/assets/");
    f.plain = Variant{std::move(*body), {}};
    f.plain.etag = etag_of(f.plain.body, "");
    if (auto br = read_file(it->path().string() + ".br")) f.br = Variant{*br, etag_of(*br, "-br")};
    if (auto gz = read_file(it->path().string() + ".gz")) f.gz = Variant{*gz, etag_of(*gz, "-gz")};
    out->files_.emplace(std::move(url), std::move(f));
  }
  if (ec) return make_error(ErrorCode::kInternal, "cannot list " + root + ": " + ec.message(), "http.web_root");
  if (!out->files_.contains("/index.html"))
    return make_error(ErrorCode::kNotFound, root + " has no index.html (build the web app: make web)", "http.web_root");
  return std::shared_ptr<const StaticFiles>(std::move(out));
}

std::optional<Response> StaticFiles::serve(const Request& req) const {
  if (req.method != "GET" && req.method != "HEAD") return std::nullopt;
  std::string_view path = req.path.empty() ? "/" : std::string_view(req.path);
  auto it = files_.find(path == "/" ? std::string_view("/index.html") : path);
  if (it == files_.end()) {
    // A page of the app (no extension in the last segment): index.html.
    std::string_view last = path.substr(path.rfind('/') + 1);
    if (last.find('.') != std::string_view::npos) return std::nullopt;
    it = files_.find(std::string_view("/index.html"));
  }
  const File& f = it->second;
  const Variant* v = &f.plain;
  std::string_view coding;
  if (f.br && accepts(req, "br")) {
    v = &*f.br;
    coding = "br";
  } else if (f.gz && accepts(req, "gzip")) {
    v = &*f.gz;
    coding = "gzip";
  }
  Response r;
  r.content_type = f.content_type;
  r.headers.emplace_back("ETag", v->etag);
  r.headers.emplace_back("Cache-Control", f.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (f.br || f.gz) r.headers.emplace_back("Vary", "Accept-Encoding");
  if (const std::string* inm = req.header("if-none-match"); inm && inm->find(v->etag) != std::string::npos) {
    r.status = 304;
    return r;
  }
  if (!coding.empty()) r.headers.emplace_back("Content-Encoding", std::string(coding));
  r.status = 200;
  r.body = v->body;
  return r;
}

}  // namespace switchyard::http
