// The API's JSON text: plain numbers, null for non-finite, UTF-8 kept.
#include "api/json_text.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <limits>

#include "api/errors.h"

namespace switchyard::api {
namespace {

namespace json = boost::json;

TEST(JsonText, NumbersArePlainAndRoundTrip) {
  json::object o{{"zero", 0.0},     {"neg_zero", -0.0}, {"pct", 80.0},   {"occ", 0.91},  {"third", 1.0 / 3},
                 {"big", 1e22},     {"tiny", 1e-7},     {"int", -42},    {"u", 18446744073709551615ull},
                 {"nan", std::numeric_limits<double>::quiet_NaN()}, {"inf", std::numeric_limits<double>::infinity()}};
  std::string t = to_text(o);
  EXPECT_EQ(t,
            "{\"zero\":0,\"neg_zero\":0,\"pct\":80,\"occ\":0.91,\"third\":0.3333333333333333,\"big\":1e+22,"
            "\"tiny\":1e-07,\"int\":-42,\"u\":18446744073709551615,\"nan\":null,\"inf\":null}");
  json::value back = json::parse(t);
  EXPECT_EQ(back.at("third").as_double(), 1.0 / 3);
  EXPECT_EQ(back.at("occ").as_double(), 0.91);
  EXPECT_EQ(t.find("E"), std::string::npos);
}

TEST(JsonText, StructureAndStrings) {
  json::value v = json::parse(R"({"a":[1,true,null,"x\u00e9\u4e2d"],"b":{"c":"q\"\\\n"}})");
  EXPECT_EQ(to_text(v), "{\"a\":[1,true,null,\"x\xC3\xA9\xE4\xB8\xAD\"],\"b\":{\"c\":\"q\\\"\\\\\\n\"}}");
  EXPECT_EQ(to_text(json::array{}), "[]");
  EXPECT_EQ(to_text(json::object{}), "{}");
}

TEST(ErrorMapping, EveryCodeHasItsStatusAndHeaders) {
  const std::pair<ErrorCode, int> kMap[] = {
      {ErrorCode::kInvalidArgument, 400}, {ErrorCode::kUnauthenticated, 401}, {ErrorCode::kPermissionDenied, 403},
      {ErrorCode::kNotFound, 404},        {ErrorCode::kAlreadyExists, 409},   {ErrorCode::kIllegalState, 409},
      {ErrorCode::kCapacity, 409},        {ErrorCode::kConflict, 409},        {ErrorCode::kUnprocessable, 422},
      {ErrorCode::kRateLimited, 429},     {ErrorCode::kUnavailable, 503},     {ErrorCode::kInternal, 500}};
  for (auto [code, status] : kMap) {
    http::Response r = error_response(Error{code, "m", "f"});
    EXPECT_EQ(r.status, status) << to_string(code);
    json::value body = json::parse(r.body);
    EXPECT_EQ(body.at("error").at("code").as_string(), to_string(code));
    EXPECT_EQ(body.at("error").at("field").as_string(), "f");
  }
  Error limited{ErrorCode::kRateLimited, "slow down", "username"};
  limited.retry_after_ms = 1'200;
  http::Response r = error_response(limited);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0], (std::pair<std::string, std::string>{"Retry-After", "2"}));
  EXPECT_EQ(error_response(Error{ErrorCode::kUnauthenticated, "who?", ""}).headers.at(0).first, "WWW-Authenticate");
}

}  // namespace
}  // namespace switchyard::api
