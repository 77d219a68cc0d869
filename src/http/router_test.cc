#include "http/router.h"

#include <gtest/gtest.h>

namespace switchyard::http {
namespace {

std::vector<std::string> segs(std::string_view path) {
  std::vector<std::string> out;
  EXPECT_TRUE(split_path(path, out));
  return out;
}

TEST(HttpUrl, PercentDecodeHandlesEscapesAndPlus) {
  std::string out;
  EXPECT_TRUE(percent_decode("a%20b%2Fc+d", out, false));
  EXPECT_EQ(out, "a b/c+d");
  EXPECT_TRUE(percent_decode("a+b%3d", out, true));
  EXPECT_EQ(out, "a b=");
  EXPECT_FALSE(percent_decode("bad%2", out, false));
  EXPECT_FALSE(percent_decode("bad%zz", out, false));
  EXPECT_FALSE(percent_decode("%", out, false));
}

TEST(HttpUrl, SplitTargetOriginAndAbsoluteForms) {
  std::string_view path, query;
  split_target("/a/b?x=1&y", path, query);
  EXPECT_EQ(path, "/a/b");
  EXPECT_EQ(query, "x=1&y");
  split_target("http://host:80/p?q#frag", path, query);
  EXPECT_EQ(path, "/p");
  EXPECT_EQ(query, "q");
  split_target("http://host", path, query);
  EXPECT_EQ(path, "/");
  split_target("/only", path, query);
  EXPECT_EQ(path, "/only");
  EXPECT_EQ(query, "");
}

TEST(HttpUrl, ParseQueryDecodesPairs) {
  std::vector<std::pair<std::string, std::string>> q;
  ASSERT_TRUE(parse_query("a=1&b=x+y%21&flag&&c=", q));
  ASSERT_EQ(q.size(), 4u);
  EXPECT_EQ(q[0], (std::pair<std::string, std::string>{"a", "1"}));
  EXPECT_EQ(q[1], (std::pair<std::string, std::string>{"b", "x y!"}));
  EXPECT_EQ(q[2], (std::pair<std::string, std::string>{"flag", ""}));
  EXPECT_EQ(q[3], (std::pair<std::string, std::string>{"c", ""}));
  EXPECT_FALSE(parse_query("a=%G0", q));
}

TEST(HttpUrl, SplitPathSkipsEmptySegmentsAndDecodes) {
  EXPECT_EQ(segs("/a//b/"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(segs("/x%2Fy/z"), (std::vector<std::string>{"x/y", "z"}));
  EXPECT_TRUE(segs("/").empty());
  std::vector<std::string> out;
  EXPECT_FALSE(split_path("/a/%", out));
}

TEST(HttpRouter, ACatchAllAnswersUnknownPathsButNotAnotherMethodOfAKnownOne) {
  Router r;
  ASSERT_TRUE(r.add("GET", "/api/v1/realtime", 0));
  ASSERT_TRUE(r.add("*", "/{path...}", 1));
  Router::Match m;
  r.match("GET", segs("/wallboard/queues"), m);
  ASSERT_NE(m.endpoint, nullptr);
  EXPECT_EQ(m.endpoint->id, 1);
  r.match("POST", segs("/api/v1/nothing"), m);
  ASSERT_NE(m.endpoint, nullptr);
  EXPECT_EQ(m.endpoint->id, 1);
  r.match("DELETE", segs("/api/v1/realtime"), m);  // 405, not the catch-all
  EXPECT_EQ(m.endpoint, nullptr);
  EXPECT_TRUE(m.path_found);
  EXPECT_EQ(m.allow, "GET, HEAD");
}

TEST(HttpRouter, LiteralsParamsAndPriority) {
  Router r;
  ASSERT_TRUE(r.add("GET", "/api/v1/agents", 0));
  ASSERT_TRUE(r.add("GET", "/api/v1/agents/{id}", 1));
  ASSERT_TRUE(r.add("GET", "/api/v1/agents/me", 2));
  ASSERT_TRUE(r.add("DELETE", "/api/v1/agents/{agent_id}", 3));
  ASSERT_TRUE(r.add("GET", "/static/{path...}", 4));
  ASSERT_TRUE(r.add("*", "/any", 5));
  ASSERT_TRUE(r.add("GET", "/", 6));

  Router::Match m;
  r.match("GET", segs("/api/v1/agents/"), m);
  ASSERT_NE(m.endpoint, nullptr);
  EXPECT_EQ(m.endpoint->id, 0);

  r.match("GET", segs("/api/v1/agents/a%2042"), m);
  ASSERT_NE(m.endpoint, nullptr);
  EXPECT_EQ(m.endpoint->id, 1);
  EXPECT_EQ(m.endpoint->param_names, std::vector<std::string>{"id"});
  EXPECT_EQ(m.values, std::vector<std::string>{"a 42"});

  r.match("GET", segs("/api/v1/agents/me"), m);
  ASSERT_NE(m.endpoint, nullptr);
  EXPECT_EQ(m.endpoint->id, 2);

  // The literal "me" has no DELETE; the {agent_id} route does.
  r.match("DELETE", segs("/api/v1/agents/me"), m);
  ASSERT_NE(m.endpoint, nullptr);
  EXPECT_EQ(m.endpoint->id, 3);
  EXPECT_EQ(m.values, std::vector<std::string>{"me"});

  r.match("GET", segs("/static/css/site.css"), m);
  ASSERT_NE(m.endpoint, nullptr);
  EXPECT_EQ(m.endpoint->id, 4);
  EXPECT_EQ(m.values, std::vector<std::string>{"css/site.css"});
  r.match("GET", segs("/static"), m);
  ASSERT_NE(m.endpoint, nullptr);
  EXPECT_EQ(m.values, std::vector<std::string>{""});

  r.match("PATCH", segs("/any"), m);
  ASSERT_NE(m.endpoint, nullptr);
  EXPECT_EQ(m.endpoint->id, 5);

  r.match("GET", segs("/"), m);
  ASSERT_NE(m.endpoint, nullptr);
  EXPECT_EQ(m.endpoint->id, 6);

  r.match("HEAD", segs("/api/v1/agents"), m);
  ASSERT_NE(m.endpoint, nullptr);
  EXPECT_EQ(m.endpoint->id, 0);
}

TEST(HttpRouter, NotFoundAndMethodNotAllowed) {
  Router r;
  ASSERT_TRUE(r.add("GET", "/a/{id}", 0));
  ASSERT_TRUE(r.add("PUT", "/a/{id}", 1));
  Router::Match m;
  r.match("GET", segs("/b"), m);
  EXPECT_EQ(m.endpoint, nullptr);
  EXPECT_FALSE(m.path_found);
  r.match("GET", segs("/a/1/2"), m);
  EXPECT_FALSE(m.path_found);
  r.match("POST", segs("/a/1"), m);
  EXPECT_EQ(m.endpoint, nullptr);
  EXPECT_TRUE(m.path_found);
  EXPECT_EQ(m.allow, "GET, HEAD, PUT");
}

TEST(HttpRouter, RejectsBadPatterns) {
  Router r;
  EXPECT_FALSE(r.add("GET", "no-slash", 0));
  EXPECT_FALSE(r.add("GET", "/a/{", 0));
  EXPECT_FALSE(r.add("GET", "/a/{}", 0));
  EXPECT_FALSE(r.add("GET", "/a/{x-y}", 0));
  EXPECT_FALSE(r.add("GET", "/a/{x}/{x}", 0));
  EXPECT_FALSE(r.add("GET", "/a/{rest...}/b", 0));
  EXPECT_FALSE(r.add("GET", "/a/b{c}", 0));
  EXPECT_FALSE(r.add("G T", "/a", 0));
  ASSERT_TRUE(r.add("GET", "/a/{x}", 0));
  auto dup = r.add("GET", "/a/{y}", 1);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
  EXPECT_TRUE(r.add("POST", "/a/{y}", 1));
}

}  // namespace
}  // namespace switchyard::http
