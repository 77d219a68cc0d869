// The web app's static files: content types, precompressed variants chosen
// by Accept-Encoding, ETags and 304, cache headers, the SPA fallback.
#include "http/static_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace switchyard::http {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("sy-static-" + std::to_string(::getpid()));
    fs::create_directories(root_ / "assets");
    put("index.html", "<!doctype html><title>app</title>");
    put("assets/app-1a2b.js", "console.log('app')");
    put("assets/app-1a2b.js.gz", "GZ");
    put("assets/app-1a2b.js.br", "BR");
    put("widget.js", "widget()");
  }
  void TearDown() override { fs::remove_all(root_); }
  void put(const std::string& name, const std::string& body) { std::ofstream(root_ / name, std::ios::binary) << body; }
  static Request get(std::string path, std::vector<std::pair<std::string, std::string>> headers = {}) {
    Request r;
    r.method = "GET";
    r.path = std::move(path);
    r.headers = std::move(headers);
    return r;
  }
  static std::string header(const Response& r, std::string_view name) {
    for (const auto& [k, v] : r.headers)
      if (k == name) return v;
    return {};
  }
  fs::path root_;
};

TEST_F(StaticFilesTest, ServesFilesWithTypesAndCaching) {
  auto files = StaticFiles::load(root_.string());
  ASSERT_TRUE(files) << files.error().message;
  EXPECT_EQ((*files)->size(), 3u);  // .gz / .br are variants, not files
  auto index = (*files)->serve(get("/"));
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(header(*index, "Cache-Control"), "no-cache");
  auto js = (*files)->serve(get("/assets/app-1a2b.js"));
  EXPECT_EQ(js->body, "console.log('app')");
  EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(header(*js, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(header(*(*files)->serve(get("/widget.js")), "Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, PicksThePrecompressedVariantTheClientAccepts) {
  auto files = *StaticFiles::load(root_.string());
  auto br = files->serve(get("/assets/app-1a2b.js", {{"accept-encoding", "gzip, deflate, br"}}));
  EXPECT_EQ(br->body, "BR");
  EXPECT_EQ(header(*br, "Content-Encoding"), "br");
  EXPECT_EQ(header(*br, "Vary"), "Accept-Encoding");
  auto gz = files->serve(get("/assets/app-1a2b.js", {{"accept-encoding", "gzip"}}));
  EXPECT_EQ(gz->body, "GZ");
  EXPECT_EQ(header(*gz, "Content-Encoding"), "gzip");
  auto refused = files->serve(get("/assets/app-1a2b.js", {{"accept-encoding", "br;q=0, gzip;q=0.5"}}));
  EXPECT_EQ(refused->body, "GZ");
  auto plain = files->serve(get("/assets/app-1a2b.js"));
  EXPECT_EQ(plain->body, "console.log('app')");
  EXPECT_EQ(header(*plain, "Content-Encoding"), "");
  EXPECT_NE(header(*plain, "ETag"), header(*gz, "ETag"));  // each variant its own
}

TEST_F(StaticFilesTest, RevalidatesWithTheETag) {
  auto files = *StaticFiles::load(root_.string());
  auto first = files->serve(get("/widget.js"));
  const std::string etag = header(*first, "ETag");
  ASSERT_FALSE(etag.empty());
  auto again = files->serve(get("/widget.js", {{"if-none-match", etag}}));
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  EXPECT_EQ(files->serve(get("/widget.js", {{"if-none-match", "\"other\""}}))->status, 200);
}

TEST_F(StaticFilesTest, PagesFallBackToTheAppAndMissingFilesAreNotServed) {
  auto files = *StaticFiles::load(root_.string());
  auto page = files->serve(get("/wallboard/queues"));
  ASSERT_TRUE(page);
  EXPECT_EQ(page->body, "<!doctype html><title>app</title>");
  EXPECT_FALSE(files->serve(get("/assets/missing-123.js")));
  EXPECT_FALSE(files->serve(get("/favicon.ico")));
  Request post = get("/desk");
  post.method = "POST";
  EXPECT_FALSE(files->serve(post));
}

TEST_F(StaticFilesTest, ARootWithoutTheAppIsAnError) {
  fs::remove(root_ / "index.html");
  auto files = StaticFiles::load(root_.string());
  ASSERT_FALSE(files);
  EXPECT_EQ(files.error().field, "http.web_root");
  EXPECT_FALSE(StaticFiles::load((root_ / "nope").string()));
}

}  // namespace
}  // namespace switchyard::http
