// Scorecard validation (the path of the first problem) and the choice of a contact's scorecard.
#include "quality/scorecard.h"

#include <cmath>
#include <functional>
#include <limits>

#include <gtest/gtest.h>

#include "quality/quality_test_util.h"

namespace switchyard::quality {
namespace {

using namespace testing;

Scorecard good() {
  return card({section("Opening", {yes_no("greet", 1), critical(yes_no("verify", 2))}),
               section("Resolution", {scale("solution", 3), points("accuracy", 2, 10),
                                      critical(scale("tone", 1), 2), yes_no("upsell", 1, true)})});
}

TEST(Scorecard, GoodOneIsValid) {
  Result<void> r = validate(good());
  EXPECT_TRUE(r.has_value()) << r.error().field << ": " << r.error().message;
  EXPECT_EQ(item_count(good()), 6u);
  Scorecard c = good();
  ASSERT_NE(find_item(c, "tone"), nullptr);
  EXPECT_EQ(find_item(c, "tone")->kind, AnswerKind::kScale);
  EXPECT_EQ(find_item(c, "nope"), nullptr);
}

struct BadCase {
  const char* what;
  std::function<void(Scorecard&)> breaks;
  const char* field;
};

TEST(Scorecard, FirstProblemIsNamedByItsPath) {
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<BadCase> cases = {
      {"empty name", [](Scorecard& c) { c.name.clear(); }, "name"},
      {"negative id", [](Scorecard& c) { c.id = -1; }, "id"},
      {"version 0", [](Scorecard& c) { c.version = 0; }, "version"},
      {"no sections", [](Scorecard& c) { c.sections.clear(); }, "sections"},
      {"empty section", [](Scorecard& c) { c.sections[1].items.clear(); }, "sections[1].items"},
      {"untitled section", [](Scorecard& c) { c.sections[0].title.clear(); },
       "sections[0].title"},
      {"zero weight", [](Scorecard& c) { c.sections[1].items[0].weight = 0; },
       "sections[1].items[0].weight"},
      {"negative weight", [](Scorecard& c) { c.sections[0].items[1].weight = -2; },
       "sections[0].items[1].weight"},
      {"infinite weight", [inf](Scorecard& c) { c.sections[1].items[2].weight = inf; },
       "sections[1].items[2].weight"},
      {"NaN weight", [](Scorecard& c) { c.sections[1].items[2].weight = std::nan(""); },
       "sections[1].items[2].weight"},
      {"duplicate id", [](Scorecard& c) { c.sections[1].items[3].id = "greet"; },
       "sections[1].items[3].id"},
      {"empty id", [](Scorecard& c) { c.sections[0].items[0].id.clear(); },
       "sections[0].items[0].id"},
      {"id with a space", [](Scorecard& c) { c.sections[0].items[0].id = "say hi"; },
       "sections[0].items[0].id"},
      {"empty text", [](Scorecard& c) { c.sections[0].items[0].text.clear(); },
       "sections[0].items[0].text"},
      {"bad kind", [](Scorecard& c) { c.sections[0].items[0].kind = static_cast<AnswerKind>(9); },
       "sections[0].items[0].kind"},
      {"points without max", [](Scorecard& c) { c.sections[1].items[1].max_points = 0; },
       "sections[1].items[1].max_points"},
      {"points max too big", [](Scorecard& c) { c.sections[1].items[1].max_points = 1001; },
       "sections[1].items[1].max_points"},
      {"max_points on yes_no", [](Scorecard& c) { c.sections[0].items[0].max_points = 3; },
       "sections[0].items[0].max_points"},
      {"critical scale without threshold",
       [](Scorecard& c) { c.sections[1].items[2].fail_threshold.reset(); },
       "sections[1].items[2].fail_threshold"},
      {"scale threshold 5 fails every answer",
       [](Scorecard& c) { c.sections[1].items[2].fail_threshold = 5; },
       "sections[1].items[2].fail_threshold"},
      {"scale threshold 0", [](Scorecard& c) { c.sections[1].items[2].fail_threshold = 0; },
       "sections[1].items[2].fail_threshold"},
      {"points threshold at max",
       [](Scorecard& c) {
         c.sections[1].items[1].critical = true;
         c.sections[1].items[1].fail_threshold = 10;
       },
       "sections[1].items[1].fail_threshold"},
      {"threshold on a non-critical item",
       [](Scorecard& c) { c.sections[1].items[0].fail_threshold = 2; },
       "sections[1].items[0].fail_threshold"},
      {"threshold on a yes_no item",
       [](Scorecard& c) { c.sections[0].items[1].fail_threshold = 0; },
       "sections[0].items[1].fail_threshold"},
      {"bad UTF-8 in guidance",
       [](Scorecard& c) { c.sections[0].items[0].guidance = "caf\xc3"; },
       "sections[0].items[0].guidance"},
      {"queue too long", [](Scorecard& c) { c.applies_to.queue = std::string(201, 'q'); },
       "applies_to.queue"},
  };
  for (const BadCase& bc : cases) {
    Scorecard c = good();
    bc.breaks(c);
    Result<void> r = validate(c);
    ASSERT_FALSE(r.has_value()) << bc.what;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << bc.what;
    EXPECT_EQ(r.error().field, bc.field) << bc.what << ": " << r.error().message;
  }
}

TEST(Scorecard, ThresholdRangeEnds) {
  Scorecard c = good();
  c.sections[1].items[2].fail_threshold = 1;  // scale: fails only at 1
  EXPECT_TRUE(validate(c).has_value());
  c.sections[1].items[2].fail_threshold = 4;  // scale: passes only at 5
  EXPECT_TRUE(validate(c).has_value());
  c.sections[1].items[1].critical = true;
  c.sections[1].items[1].fail_threshold = 0;  // points: fails only at 0
  EXPECT_TRUE(validate(c).has_value());
  c.sections[1].items[1].fail_threshold = 9;  // points: passes only at 10 of 10
  EXPECT_TRUE(validate(c).has_value());
  c.sections[1].items[1].weight = 0.001;  // any positive weight
  EXPECT_TRUE(validate(c).has_value());
}

TEST(Scorecard, TooManyItems) {
  Scorecard c = good();
  for (int i = 0; i < 500; ++i) c.sections[0].items.push_back(yes_no("x" + std::to_string(i), 1));
  Result<void> r = validate(c);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "sections");
}

Scorecard applying(int64_t id, std::optional<core::Channel> ch, std::string queue,
                   std::optional<Direction> dir, int version = 1) {
  Scorecard c = good();
  c.id = id;
  c.version = version;
  c.applies_to = Applicability{ch, std::move(queue), dir};
  return c;
}

TEST(Scorecard, AppliesDimensionByDimension) {
  const ContactKind voice_billing_in{core::Channel::kVoice, "billing", Direction::kInbound};
  EXPECT_TRUE(applies(Applicability{}, voice_billing_in));
  EXPECT_TRUE(applies(Applicability{core::Channel::kVoice, "", std::nullopt}, voice_billing_in));
  EXPECT_FALSE(applies(Applicability{core::Channel::kChat, "", std::nullopt}, voice_billing_in));
  EXPECT_TRUE(applies(Applicability{std::nullopt, "billing", std::nullopt}, voice_billing_in));
  EXPECT_FALSE(applies(Applicability{std::nullopt, "Billing", std::nullopt}, voice_billing_in));
  EXPECT_FALSE(
      applies(Applicability{std::nullopt, "", Direction::kOutbound}, voice_billing_in));
  EXPECT_EQ(specificity(Applicability{}), 0);
  EXPECT_EQ(specificity(Applicability{core::Channel::kVoice, "billing", Direction::kInbound}), 7);
  EXPECT_EQ(specificity(Applicability{std::nullopt, "billing", std::nullopt}), 4);
  EXPECT_EQ(specificity(Applicability{core::Channel::kVoice, "", Direction::kInbound}), 3);
}

TEST(Scorecard, PicksTheMostSpecificThenLowestId) {
  const std::vector<Scorecard> cards = {
      applying(9, std::nullopt, "", std::nullopt),                              // any
      applying(8, core::Channel::kVoice, "", std::nullopt),                     // channel only
      applying(7, core::Channel::kVoice, "billing", Direction::kInbound),       // all three
      applying(3, core::Channel::kChat, "billing", Direction::kInbound),        // other channel
      applying(5, core::Channel::kVoice, "", std::nullopt),                     // channel, lower id
      applying(6, std::nullopt, "sales", std::nullopt),                         // other queue
  };
  auto pick = [&](core::Channel ch, std::string_view q, Direction d) -> int64_t {
    const Scorecard* c = pick_scorecard(cards, ContactKind{ch, q, d});
    return c ? c->id : -1;
  };
  EXPECT_EQ(pick(core::Channel::kVoice, "billing", Direction::kInbound), 7);
  // Outbound billing voice: 7 does not apply; channel-only 5 and 8 tie, lowest id wins.
  EXPECT_EQ(pick(core::Channel::kVoice, "billing", Direction::kOutbound), 5);
  EXPECT_EQ(pick(core::Channel::kEmail, "billing", Direction::kInbound), 9);  // only "any"
  EXPECT_EQ(pick(core::Channel::kEmail, "sales", Direction::kInbound), 6);    // queue beats any
  EXPECT_EQ(pick(core::Channel::kChat, "billing", Direction::kInbound), 3);
  EXPECT_EQ(pick_scorecard(std::span<const Scorecard>(cards.data(), 4),
                           ContactKind{core::Channel::kSms, "x", Direction::kInbound})
                ->id,
            9);
  const std::vector<Scorecard> none = {applying(1, core::Channel::kChat, "", std::nullopt)};
  EXPECT_EQ(pick_scorecard(none, ContactKind{}), nullptr);
  // Same id in two versions: the higher version.
  const std::vector<Scorecard> versions = {applying(4, std::nullopt, "", std::nullopt, 1),
                                           applying(4, std::nullopt, "", std::nullopt, 3),
                                           applying(4, std::nullopt, "", std::nullopt, 2)};
  EXPECT_EQ(pick_scorecard(versions, ContactKind{})->version, 3);
}

}  // namespace
}  // namespace switchyard::quality
