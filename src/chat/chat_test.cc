// The chat module's pure rules: origins, widget and desk validation,
// message text, disposition codes, and the JSON of frames.
#include "chat/chat.h"

#include <gtest/gtest.h>

#include "chat/chat_json.h"

namespace switchyard::chat {
namespace {

namespace json = boost::json;

TEST(ChatOrigin, AcceptsWhatBrowsersSendAndNothingElse) {
  EXPECT_TRUE(valid_origin("https://shop.example"));
  EXPECT_TRUE(valid_origin("http://127.0.0.1:8080"));
  EXPECT_TRUE(valid_origin("https://a-b.example.co:8443"));
  EXPECT_FALSE(valid_origin("shop.example"));
  EXPECT_FALSE(valid_origin("ftp://shop.example"));
  EXPECT_FALSE(valid_origin("https://shop.example/"));
  EXPECT_FALSE(valid_origin("https://Shop.example"));
  EXPECT_FALSE(valid_origin("https://user@shop.example"));
  EXPECT_FALSE(valid_origin("https://shop.example:"));
  EXPECT_FALSE(valid_origin("https://shop.example:80a"));
  EXPECT_FALSE(valid_origin("https://"));
}

TEST(ChatOrigin, WidgetAllowsItsOriginsOrAny) {
  Widget w;
  w.allowed_origins = {"https://shop.example"};
  EXPECT_TRUE(origin_allowed(w, "https://shop.example"));
  EXPECT_FALSE(origin_allowed(w, "https://evil.example"));
  EXPECT_FALSE(origin_allowed(w, ""));  // a listed origin needs the header
  w.allowed_origins.push_back("*");
  EXPECT_TRUE(origin_allowed(w, "https://evil.example"));
  EXPECT_TRUE(origin_allowed(w, ""));
}

TEST(ChatWidget, ValidationNamesTheField) {
  Widget w;
  w.name = "Shop";
  w.queue = 3;
  w.allowed_origins = {"https://shop.example", "*"};
  EXPECT_TRUE(validate(w).has_value());
  Widget bad = w;
  bad.allowed_origins = {"https://shop.example", "shop"};
  ASSERT_FALSE(validate(bad).has_value());
  EXPECT_EQ(validate(bad).error().field, "allowed_origins[1]");
  bad = w;
  bad.allowed_origins.clear();
  EXPECT_EQ(validate(bad).error().field, "allowed_origins");
  bad = w;
  bad.name = "";
  EXPECT_EQ(validate(bad).error().field, "name");
  bad = w;
  bad.queue = core::kNoId;
  EXPECT_EQ(validate(bad).error().field, "queue");
  bad = w;
  bad.title.zh = std::string("\xff", 1);
  EXPECT_EQ(validate(bad).error().field, "title.zh-CN");
}

TEST(ChatMessage, TextMustBeCleanNotBlankAndBounded) {
  EXPECT_EQ(*clean_message("hello", kMaxMessageBytes, "text"), "hello");
  EXPECT_EQ(*clean_message("你好", kMaxMessageBytes, "text"), "你好");
  EXPECT_EQ(clean_message(" \n\t", kMaxMessageBytes, "text").error().field, "text");
  EXPECT_EQ(clean_message(std::string(4001, 'a'), kMaxMessageBytes, "text").error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_TRUE(clean_message(std::string(4000, 'a'), kMaxMessageBytes, "text").has_value());
  EXPECT_FALSE(clean_message(std::string("a\0b", 3), kMaxMessageBytes, "text").has_value());
}

TEST(ChatDesk, DispositionCodesAreCheckedAndEnforced) {
  Desk d;
  EXPECT_TRUE(disposition_allowed(d, "anything"));  // no codes: free text
  d.dispositions = {{"resolved", {"Resolved", "已解决"}}, {"follow_up", {"Follow-up", "待跟进"}}};
  EXPECT_TRUE(validate(d).has_value());
  EXPECT_TRUE(disposition_allowed(d, "follow_up"));
  EXPECT_FALSE(disposition_allowed(d, "sold"));
  EXPECT_TRUE(disposition_allowed(d, ""));  // none given, as at the end of the ACW time
  d.dispositions.push_back({"resolved", {}});
  EXPECT_EQ(validate(d).error().field, "dispositions[2].code");
  d.dispositions.back().code = "Bad Code";
  EXPECT_EQ(validate(d).error().field, "dispositions[2].code");
  d.dispositions.pop_back();
  d.script.en = std::string(kMaxScriptBytes + 1, 'x');
  EXPECT_EQ(validate(d).error().field, "script.en");
}

TEST(ChatJson, FramesCarryWhatTheDocumentSays) {
  Message m{7, 3, Sender::kAgent, MessageKind::kWhisper, "lead.red", "psst", 1000, "c1"};
  json::value f = json::parse(message_frame(m));
  EXPECT_EQ(f.at("type"), "message");
  EXPECT_EQ(f.at("seq"), 3);
  EXPECT_EQ(f.at("from"), "agent");
  EXPECT_EQ(f.at("kind"), "whisper");
  EXPECT_EQ(f.at("client_id"), "c1");

  Session s;
  s.contact = 7;
  s.survey_token = "sv_x";
  s.visitor.name = "Ana";
  LiveState live;
  live.state = "queued";
  live.position = 2;
  live.ewt_ms = 30000;
  json::value v = json::parse(hello_frame(s, live, true));
  EXPECT_EQ(v.at("type"), "hello");
  EXPECT_EQ(v.at("position"), 2);
  EXPECT_EQ(v.at("survey").at("token"), "sv_x");
  EXPECT_FALSE(v.as_object().contains("origin"));
  json::value staff = json::parse(hello_frame(s, live, false));
  EXPECT_FALSE(staff.as_object().contains("survey"));  // the visitor's credential only
  EXPECT_EQ(staff.at("agent"), nullptr);

  json::value e = json::parse(ended_frame("agent", ""));
  EXPECT_EQ(e.at("survey"), nullptr);
  EXPECT_EQ(json::parse(receipt_frame("visitor", {5, 4})).at("read"), 4);
}

}  // namespace
}  // namespace switchyard::chat
