#pragma once
// The built web app (web/dist) served over HTTP: every file is read into
// memory once at start-up (a few hundred KB; no file system access per
// request, so no path can escape the root), with the precompressed `.br` /
// `.gz` siblings that `npm run build` writes beside each file.
//
// serve():
// - GET / HEAD of a file: its bytes, brotli or gzip when the client accepts
//   it and a sibling exists (Content-Encoding, Vary: Accept-Encoding);
// - a strong ETag per variant; If-None-Match answers 304;
// - Cache-Control: files under /assets/ carry a content hash in their name
//   and are immutable for a year; everything else (index.html, widget.js)
//   is "no-cache" (revalidated with the ETag);
// - a path without a file extension that is no file (a page of the
//   single-page app, /desk, /wallboard/...) gets index.html;
// - anything else: nullopt (the caller answers 404).
//
// Thread-safety: immutable after load(); serve() from any thread.
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/result.h"
#include "http/message.h"

namespace switchyard::http {

class StaticFiles {
 public:
  // Loads every regular file under `root`. kNotFound when `root` is not a
  // directory or has no index.html.
  static Result<std::shared_ptr<const StaticFiles>> load(const std::string& root);
  std::optional<Response> serve(const Request& req) const;
  size_t size() const { return files_.size(); }

 private:
  struct Variant {
    std::string body;
    std::string etag;
  };
  struct File {
    std::string content_type;
    bool immutable = false;
    Variant plain;
    std::optional<Variant> br;
    std::optional<Variant> gz;
  };
  std::map<std::string, File, std::less<>> files_;  // by URL path ("/index.html")
};

// The Content-Type for a file name, by extension ("application/octet-stream"
// when unknown).
std::string content_type_for(std::string_view name);

}  // namespace switchyard::http
