// Strict JSON of scorecards and answers: round trips, and errors that name the field's path.
#include "quality/quality_json.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "quality/quality_test_util.h"

namespace switchyard::quality {
namespace {

using namespace testing;
namespace json = boost::json;

Scorecard sample() {
  Scorecard c = card({section("Opening", {yes_no("greet", 1), critical(yes_no("verify", 2))}),
                      section("Resolution", {scale("solution", 3.5), points("accuracy", 2, 10),
                                             critical(scale("tone", 1), 2),
                                             yes_no("upsell", 1, true)})},
                     42);
  c.version = 3;
  c.description = "Voice, billing, inbound. 中文说明";
  c.applies_to = Applicability{core::Channel::kVoice, "billing", Direction::kInbound};
  c.sections[0].items[0].guidance = "Name and company within 5 s";
  return c;
}

void expect_same(const Scorecard& a, const Scorecard& b) {
  EXPECT_EQ(json::serialize(to_json(a)), json::serialize(to_json(b)));
}

TEST(QualityJson, ScorecardRoundTrip) {
  const Scorecard c = sample();
  const json::value v = to_json(c);
  Result<Scorecard> back = scorecard_from_json(json::parse(json::serialize(v)));
  ASSERT_TRUE(back.has_value()) << back.error().field << ": " << back.error().message;
  expect_same(c, *back);
  EXPECT_EQ(back->id, 42);
  EXPECT_EQ(back->version, 3);
  EXPECT_EQ(back->applies_to.queue, "billing");
  EXPECT_EQ(back->sections[1].items[2].fail_threshold, 2);
  EXPECT_EQ(back->sections[1].items[1].max_points, 10);
  EXPECT_DOUBLE_EQ(back->sections[1].items[0].weight, 3.5);
  // "any" everywhere is written as "any" / null and read back.
  Scorecard any = c;
  any.applies_to = Applicability{};
  const json::value av = to_json(any);
  EXPECT_EQ(av.at("applies_to").at("queue"), nullptr);
  EXPECT_EQ(av.at("applies_to").at("channel"), "any");
  Result<Scorecard> any_back = scorecard_from_json(av);
  ASSERT_TRUE(any_back.has_value());
  EXPECT_FALSE(any_back->applies_to.channel.has_value());
  EXPECT_FALSE(any_back->applies_to.direction.has_value());
}

TEST(QualityJson, MinimalScorecardTakesDefaults) {
  Result<Scorecard> c = scorecard_from_json(json::parse(R"({
    "name": "Chat basics",
    "sections": [{"title": "All", "items": [{"id": "greet", "text": "Greeted?", "kind": "yes_no"}]}]
  })"));
  ASSERT_TRUE(c.has_value()) << c.error().field << ": " << c.error().message;
  EXPECT_EQ(c->id, 0);
  EXPECT_EQ(c->version, 1);
  EXPECT_DOUBLE_EQ(c->sections[0].items[0].weight, 1.0);
  EXPECT_FALSE(c->sections[0].items[0].critical);
  EXPECT_EQ(specificity(c->applies_to), 0);
}

// Replaces the value at `pointer` in the sample's JSON (or removes it when `value` is absent)
// and expects an error on `field`.
void expect_scorecard_error(std::string_view pointer, std::optional<json::value> value,
                            const std::string& field) {
  json::value v = to_json(sample());
  const size_t slash = pointer.rfind('/');
  json::value& parent = slash == 0 ? v : v.at_pointer(pointer.substr(0, slash));
  const std::string key(pointer.substr(slash + 1));
  if (value) {
    if (parent.is_array()) parent.as_array().at(std::stoul(key)) = *value;
    else parent.as_object()[key] = *value;
  } else {
    parent.as_object().erase(key);
  }
  Result<Scorecard> r = scorecard_from_json(v);
  ASSERT_FALSE(r.has_value()) << pointer;
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, field) << pointer << ": " << r.error().message;
}

TEST(QualityJson, ScorecardErrorsNameThePath) {
  expect_scorecard_error("/owner", json::value("me"), "owner");  // unknown field
  expect_scorecard_error("/name", std::nullopt, "name");         // missing
  expect_scorecard_error("/name", json::value(7), "name");       // wrong type
  expect_scorecard_error("/id", json::value("7"), "id");
  expect_scorecard_error("/version", json::value(1.5), "version");
  expect_scorecard_error("/id", json::value(-1), "id");  // validate()
  expect_scorecard_error("/sections", std::nullopt, "sections");
  expect_scorecard_error("/sections", json::array{}, "sections");
  expect_scorecard_error("/sections", json::object{}, "sections");
  expect_scorecard_error("/sections/1", json::value(3), "sections[1]");
  expect_scorecard_error("/sections/1/colour", json::value("red"), "sections[1].colour");
  expect_scorecard_error("/sections/1/items", json::array{}, "sections[1].items");
  expect_scorecard_error("/sections/1/items/0/weight", json::value(0), "sections[1].items[0].weight");
  expect_scorecard_error("/sections/1/items/0/weight", json::value("2"),
                         "sections[1].items[0].weight");
  expect_scorecard_error("/sections/1/items/0/kind", json::value("stars"),
                         "sections[1].items[0].kind");
  expect_scorecard_error("/sections/1/items/0/kind", std::nullopt, "sections[1].items[0].kind");
  expect_scorecard_error("/sections/0/items/1/text", std::nullopt, "sections[0].items[1].text");
  expect_scorecard_error("/sections/0/items/1/critical", json::value("yes"),
                         "sections[0].items[1].critical");
  expect_scorecard_error("/sections/1/items/1/max_points", std::nullopt,
                         "sections[1].items[1].max_points");
  expect_scorecard_error("/sections/1/items/1/max_points", json::value(1e12),
                         "sections[1].items[1].max_points");
  expect_scorecard_error("/sections/1/items/1/max_points", json::value(int64_t{1} << 40),
                         "sections[1].items[1].max_points");
  expect_scorecard_error("/sections/1/items/2/fail_threshold", std::nullopt,
                         "sections[1].items[2].fail_threshold");
  expect_scorecard_error("/sections/1/items/3/id", json::value("greet"),
                         "sections[1].items[3].id");
  expect_scorecard_error("/applies_to/channel", json::value("fax"), "applies_to.channel");
  expect_scorecard_error("/applies_to/direction", json::value(true), "applies_to.direction");
  expect_scorecard_error("/applies_to/site", json::value("x"), "applies_to.site");
  expect_scorecard_error("/applies_to", json::array{}, "applies_to");
  Result<Scorecard> not_object = scorecard_from_json(json::value("scorecard"));
  ASSERT_FALSE(not_object.has_value());
  EXPECT_EQ(not_object.error().field, "");
}

TEST(QualityJson, AnswersRoundTrip) {
  const std::vector<Answer> answers = {Answer::yes("greet", "warm"), Answer::no("verify"),
                                       Answer::na("upsell"), Answer::value("solution", 4),
                                       Answer::value("accuracy", 0, "missed the fee")};
  const json::value v = answers_to_json(answers);
  EXPECT_EQ(json::serialize(v.at(3)), R"({"item":"solution","answer":4})");
  Result<std::vector<Answer>> back = answers_from_json(json::parse(json::serialize(v)));
  ASSERT_TRUE(back.has_value()) << back.error().field << ": " << back.error().message;
  ASSERT_EQ(back->size(), answers.size());
  for (size_t i = 0; i < answers.size(); ++i) {
    EXPECT_EQ((*back)[i].item, answers[i].item);
    EXPECT_TRUE((*back)[i].same_response(answers[i])) << i;
    EXPECT_EQ((*back)[i].comment, answers[i].comment);
  }
}

void expect_answers_error(std::string_view text, const std::string& field) {
  Result<std::vector<Answer>> r = answers_from_json(json::parse(text));
  ASSERT_FALSE(r.has_value()) << text;
  EXPECT_EQ(r.error().field, field) << text << ": " << r.error().message;
}

TEST(QualityJson, AnswerErrorsNameThePath) {
  expect_answers_error(R"({"item":"a"})", "answers");
  expect_answers_error(R"([{"item":"a","answer":"yes"}, 3])", "answers[1]");
  expect_answers_error(R"([{"answer":"yes"}])", "answers[0].item");
  expect_answers_error(R"([{"item":"a"}])", "answers[0].answer");
  expect_answers_error(R"([{"item":"a","answer":"maybe"}])", "answers[0].answer");
  expect_answers_error(R"([{"item":"a","answer":"YES"}])", "answers[0].answer");
  expect_answers_error(R"([{"item":"a","answer":2.5}])", "answers[0].answer");
  expect_answers_error(R"([{"item":"a","answer":true}])", "answers[0].answer");
  expect_answers_error(R"([{"item":"a","answer":null}])", "answers[0].answer");
  expect_answers_error(R"([{"item":"a","answer":99999999999}])", "answers[0].answer");
  expect_answers_error(R"([{"item":"a","answer":1,"comment":5}])", "answers[0].comment");
  expect_answers_error(R"([{"item":"a","answer":1,"score":5}])", "answers[0].score");
  Result<std::vector<Answer>> r =
      answers_from_json(json::parse(R"([{"item":"a","answer":"x"}])"), "body.answers");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "body.answers[0].answer");
}

TEST(QualityJson, SamplingPlanRoundTripsAndErrorsNameThePath) {
  auto plan = sampling_plan_from_json(json::parse(
      R"({"rules":[{"kind":"low_csat","threshold":2,"weight":3},{"kind":"transferred"},{"kind":"random","weight":0.1}],)"
      R"("quota_per_agent_week":4,"utc_offset_min":60,"seed":7})"));
  ASSERT_TRUE(plan.has_value()) << plan.error().field << ": " << plan.error().message;
  ASSERT_EQ(plan->rules.size(), 3u);
  EXPECT_EQ(plan->rules[0].kind, RuleKind::kLowCsat);
  EXPECT_EQ(plan->rules[0].threshold, 2);
  EXPECT_EQ(plan->rules[0].weight, 3);
  EXPECT_EQ(plan->rules[1].weight, 1);  // the default
  EXPECT_EQ(plan->quota_per_agent_week, 4);
  EXPECT_EQ(plan->utc_offset_min, 60);
  EXPECT_EQ(plan->seed, 7u);
  auto again = sampling_plan_from_json(to_json(*plan));
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(json::serialize(to_json(*again)), json::serialize(to_json(*plan)));

  auto field_of = [](std::string_view text) {
    auto r = sampling_plan_from_json(json::parse(text));
    return r ? std::string("(accepted)") : r.error().field;
  };
  EXPECT_EQ(field_of(R"({"quota_per_agent_week":4})"), "rules");
  EXPECT_EQ(field_of(R"({"rules":[{"kind":"cheerful"}]})"), "rules[0].kind");
  EXPECT_EQ(field_of(R"({"rules":[{"kind":"low_csat","threshold":9}]})"), "rules[0].threshold");
  EXPECT_EQ(field_of(R"({"rules":[{"kind":"repeat","weight":"a"}]})"), "rules[0].weight");
  EXPECT_EQ(field_of(R"({"rules":[{"kind":"repeat"}],"quota_per_agent_week":-1})"), "quota_per_agent_week");
  EXPECT_EQ(field_of(R"({"rules":[{"kind":"repeat"}],"colour":1})"), "colour");
}

}  // namespace
}  // namespace switchyard::quality
