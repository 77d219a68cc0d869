// Report bodies (docs/api.md, "Reports"): the JSON writer gives the same
// text as Boost.JSON objects of the same figures serialised by to_text(),
// names are escaped, the CSV is RFC 4180.
#include "api/render.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "api/json_text.h"
#include "core/clock.h"

namespace switchyard::api {
namespace {

namespace json = boost::json;
using metrics::Dim;

// Counters whose figures are all different and mostly not round numbers.
metrics::KpiCounters counters(uint64_t k) {
  metrics::KpiCounters c;
  c.offered = 30 + k;
  c.answered = 27 + k;
  c.answered_in_sl = 19 + k;
  c.abandoned = 3;
  c.short_abandoned = 1;
  c.refused = k % 2;
  c.expired = k % 3;
  c.transferred = 2;
  c.waited = 11;
  c.handled = 26 + k;
  c.held = 4;
  c.offers = 31 + k;
  c.missed_offers = 1;
  c.survey_answers = 7;
  c.survey_satisfied = 5;
  c.survey_score_sum = 29;
  c.wait_answered_ms = 123'457 * static_cast<int64_t>(k + 1);
  c.wait_abandoned_ms = 45'001;
  c.max_wait_ms = 61'003;
  c.talk_ms = 4'000'001;
  c.hold_ms = 33'333;
  c.acw_ms = 600'007;
  c.busy_ms = 4'700'000;
  c.idle_ms = 901'234;
  c.not_ready_ms = 77'777;
  return c;
}

class ReportRender : public ::testing::Test {
 protected:
  ReportRender() : clock_(0), engine_(clock_) {
    for (const char* name : {"billing", "sa\"les, \\ east", "客服 é"}) {
      core::QueueConfig q;
      q.name = name;
      EXPECT_TRUE(engine_.configure_queue(q).has_value()) << name;
    }
    catalog_.load(engine_);
    names_ = catalog_.names();
  }

  app::Report report(Dim dim, std::vector<uint32_t> ids) const {
    app::Report rep;
    rep.request = {dim, metrics::Grain::kDay, day_, day_ + 3 * 86'400'000, ids};
    uint64_t k = 0;
    for (uint32_t id : ids) {
      reports::RollupRow total{id, day_, {}};
      for (int d = 0; d < 3; ++d) {
        reports::RollupRow row{id, day_ + d * 86'400'000, counters(k++)};
        metrics::merge(total.counters, row.counters);
        rep.rows.push_back(row);
      }
      rep.totals.push_back(total);
    }
    return rep;
  }

  // What the route sent before the direct writer: one object per row.
  std::string reference(const app::Report& rep, std::string_view dimension,
                        const std::function<json::value(uint32_t)>& name) const {
    json::array rows, totals;
    for (const reports::RollupRow& r : rep.rows) {
      json::object o{{"id", r.id}, {"name", name(r.id)}, {"start", cal_.format(r.start_ms)}, {"start_ms", r.start_ms}};
      for (const auto& kv : kpi_json(metrics::derive(r.counters))) o[kv.key()] = kv.value();
      rows.push_back(std::move(o));
    }
    for (const reports::RollupRow& r : rep.totals) {
      json::object o{{"id", r.id}, {"name", name(r.id)}};
      for (const auto& kv : kpi_json(metrics::derive(r.counters))) o[kv.key()] = kv.value();
      totals.push_back(std::move(o));
    }
    return to_text(json::object{{"dimension", dimension},
                                {"grain", "day"},
                                {"time_zone", cal_.zone()},
                                {"from", cal_.format(rep.request.from_ms)},
                                {"to", cal_.format(rep.request.to_ms)},
                                {"rows", std::move(rows)},
                                {"totals", std::move(totals)}});
  }

  ManualClock clock_;
  core::Engine engine_;
  app::Catalog catalog_;
  std::shared_ptr<const app::Names> names_;
  metrics::Calendar cal_ = *metrics::Calendar::make("Europe/Paris");
  int64_t day_ = cal_.from_local(2026, 3, 28);  // the day before clocks go forward
};

TEST_F(ReportRender, JsonIsWhatBoostJsonObjectsWouldSerialise) {
  // Queue 7 has no name: its id stands in.
  const app::Report rep = report(Dim::kQueue, {0, 1, 2, 7});
  const std::string text = report_json(rep, "queues", cal_, *names_);
  EXPECT_EQ(text, reference(rep, "queues", [&](uint32_t id) -> json::value {
              if (const std::string* s = names_->name(app::Kind::kQueue, id)) return json::value(*s);
              return json::value(id);
            }));
  // Names survive escaping; local starts carry the offset of their day.
  const json::value v = json::parse(text);
  const json::array& rows = v.at("rows").as_array();
  ASSERT_EQ(rows.size(), 12u);
  EXPECT_EQ(rows[3].at("name").as_string(), "sa\"les, \\ east");
  EXPECT_EQ(rows[6].at("name").as_string(), "客服 é");
  EXPECT_EQ(rows[9].at("name").as_int64(), 7);
  EXPECT_EQ(rows[0].at("start").as_string(), "2026-03-28T00:00:00+01:00");
  EXPECT_EQ(rows[2].at("start").as_string(), "2026-03-30T01:00:00+02:00");
  EXPECT_NE(text.find(R"("name":"sa\"les, \\ east")"), std::string::npos) << text;
  EXPECT_EQ(v.at("totals").as_array().size(), 4u);
  EXPECT_EQ(v.at("totals").as_array()[1].at("offered").as_int64(), 3 * 30 + 3 + 4 + 5);
}

TEST_F(ReportRender, JsonOfChannelsCenterAndNothing) {
  const app::Report channels = report(Dim::kChannel, {1, 9});  // 9 is no channel: null
  EXPECT_EQ(report_json(channels, "channels", cal_, *names_),
            reference(channels, "channels", [](uint32_t id) -> json::value {
              return id == 1 ? json::value("chat") : json::value(nullptr);
            }));
  const app::Report center = report(Dim::kCenter, {0});
  EXPECT_EQ(report_json(center, "center", cal_, *names_),
            reference(center, "center", [](uint32_t) { return json::value("center"); }));
  const app::Report none = report(Dim::kTeam, {});
  EXPECT_EQ(report_json(none, "teams", cal_, *names_), reference(none, "teams", nullptr));
  EXPECT_NE(report_json(none, "teams", cal_, *names_).find(R"("rows":[],"totals":[]})"), std::string::npos);
}

TEST_F(ReportRender, CsvQuotesNamesAndWritesTheSameNumbers) {
  const app::Report rep = report(Dim::kQueue, {1, 7});
  const std::string csv = report_csv(rep, cal_, *names_);
  std::vector<std::string> lines;
  for (size_t pos = 0; pos < csv.size();) {
    const size_t end = csv.find("\r\n", pos);
    ASSERT_NE(end, std::string::npos) << "every line ends with CRLF";
    lines.push_back(csv.substr(pos, end - pos));
    pos = end + 2;
  }
  ASSERT_EQ(lines.size(), 1u + 6 + 2);
  std::string header = "id,name,start";
  for (const auto& kv : kpi_json({})) header += "," + std::string(kv.key());
  EXPECT_EQ(lines[0], header);
  // Each line's figures are the values to_text() writes for the row's
  // figures, in the header's order.
  auto figures = [](const metrics::KpiCounters& c) {
    std::string s;
    for (const auto& kv : kpi_json(metrics::derive(c))) s += "," + to_text(kv.value());
    return s;
  };
  EXPECT_EQ(lines[1], "1,\"sa\"\"les, \\ east\",2026-03-28T00:00:00+01:00" + figures(rep.rows[0].counters));
  EXPECT_EQ(lines[4], "7,,2026-03-28T00:00:00+01:00" + figures(rep.rows[3].counters));
  EXPECT_EQ(lines[6], "7,,2026-03-30T01:00:00+02:00" + figures(rep.rows[5].counters));
  EXPECT_EQ(lines[7], "1,\"sa\"\"les, \\ east\",total" + figures(rep.totals[0].counters));
  EXPECT_EQ(lines[8], "7,,total" + figures(rep.totals[1].counters));
}

}  // namespace
}  // namespace switchyard::api
