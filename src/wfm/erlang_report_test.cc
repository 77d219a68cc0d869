#include "wfm/erlang_report.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <limits>
#include <string>

namespace switchyard::wfm {
namespace {

ErlangReport classic_report(double patience_s, int agents_given) {
  ErlangReport r;
  r.workload = Workload{
      .calls = 100, .interval_s = 1800, .aht_s = 180, .target_s = 20, .patience_s = patience_s};
  r.goal = StaffingGoal{.target_sl = 0.8, .max_occupancy = 0.85, .shrinkage = 0.3};
  if (agents_given > 0) {
    r.agents_given = agents_given;
    r.figures = evaluate(r.workload, agents_given).value();
  } else {
    r.figures = required_agents(r.workload, r.goal).value().figures;
  }
  r.scheduled_agents = scheduled_agents(r.figures.agents, r.goal.shrinkage);
  return r;
}

boost::json::object parse(const std::string& text) {
  boost::json::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  EXPECT_FALSE(ec) << text;
  EXPECT_TRUE(v.is_object()) << text;
  return v.is_object() ? v.get_object() : boost::json::object{};
}

double number(const boost::json::object& o, const char* key) {
  const boost::json::value* v = o.if_contains(key);
  EXPECT_NE(v, nullptr) << key;
  if (v == nullptr) return std::nan("");
  return v->to_number<double>();
}

TEST(ErlangReportJson, ErlangCKeysAndValues) {
  const ErlangReport r = classic_report(0, 0);
  const std::string text = format_json(r);
  const boost::json::object o = parse(text);
  EXPECT_EQ(o.at("model").as_string(), "erlang_c");
  EXPECT_EQ(o.at("mode").as_string(), "required");
  EXPECT_EQ(o.at("agents").as_int64(), 14);
  EXPECT_EQ(o.at("scheduled_agents").as_int64(), 20);
  EXPECT_DOUBLE_EQ(number(o, "traffic_erlangs"), 10);
  EXPECT_DOUBLE_EQ(number(o, "p_wait"), r.figures.p_wait);  // full precision round trip
  EXPECT_DOUBLE_EQ(number(o, "service_level"), r.figures.service_level);
  EXPECT_DOUBLE_EQ(number(o, "asa_s"), r.figures.asa_s);
  EXPECT_DOUBLE_EQ(number(o, "occupancy"), r.figures.occupancy);
  EXPECT_EQ(number(o, "abandon_rate"), 0);
  EXPECT_DOUBLE_EQ(number(o, "p_wait_le_t"), r.figures.p_wait_le_t);
  EXPECT_DOUBLE_EQ(number(o, "mean_wait_s"), r.figures.mean_wait_s);
  EXPECT_TRUE(o.at("stable").as_bool());
  EXPECT_TRUE(o.at("meets_goal").as_bool());
  const boost::json::object& in = o.at("inputs").as_object();
  EXPECT_DOUBLE_EQ(number(in, "calls"), 100);
  EXPECT_DOUBLE_EQ(number(in, "target_sl"), 0.8);
  EXPECT_DOUBLE_EQ(number(in, "shrinkage"), 0.3);
  EXPECT_TRUE(in.at("agents").is_null());
  // Plain decimal numbers, not Boost.JSON's "8E-1".
  EXPECT_NE(text.find("\"target_sl\":0.8"), std::string::npos) << text;
  EXPECT_NE(text.find("\"agents\":14"), std::string::npos) << text;
  EXPECT_EQ(text.find('\n'), std::string::npos);
}

TEST(ErlangReportJson, ErlangAEvaluate) {
  const ErlangReport r = classic_report(120, 11);
  const boost::json::object o = parse(format_json(r));
  EXPECT_EQ(o.at("model").as_string(), "erlang_a");
  EXPECT_EQ(o.at("mode").as_string(), "evaluate");
  EXPECT_EQ(o.at("agents").as_int64(), 11);
  EXPECT_EQ(o.at("scheduled_agents").as_int64(), 16);  // ceil(11 / 0.7)
  EXPECT_NEAR(number(o, "abandon_rate"), 0.0941550342374565, 1e-12);
  EXPECT_NEAR(number(o, "service_level"), 0.742208984389389, 1e-12);
  EXPECT_FALSE(o.at("meets_goal").as_bool());  // 74 % < 80 %
  EXPECT_EQ(o.at("inputs").as_object().at("agents").as_int64(), 11);
  EXPECT_DOUBLE_EQ(number(o.at("inputs").as_object(), "patience_s"), 120);
}

TEST(ErlangReportJson, UnstableQueueWritesNull) {
  const ErlangReport r = classic_report(0, 9);
  const std::string text = format_json(r);
  const boost::json::object o = parse(text);  // no "Infinity" tokens
  EXPECT_TRUE(o.at("asa_s").is_null());
  EXPECT_TRUE(o.at("mean_wait_s").is_null());
  EXPECT_FALSE(o.at("stable").as_bool());
  EXPECT_EQ(number(o, "p_wait"), 1);
}

TEST(ErlangReportTable, ShowsTheFigures) {
  const std::string c = format_table(classic_report(0, 0));
  EXPECT_NE(c.find("Erlang C"), std::string::npos) << c;
  EXPECT_NE(c.find("agents required"), std::string::npos) << c;
  EXPECT_NE(c.find("14"), std::string::npos) << c;
  EXPECT_NE(c.find("88.84 %"), std::string::npos) << c;  // service level
  EXPECT_NE(c.find("7.84 s"), std::string::npos) << c;   // ASA
  EXPECT_EQ(c.find("abandon rate"), std::string::npos) << c;
  EXPECT_EQ(c.back(), '\n');

  const std::string a = format_table(classic_report(120, 11));
  EXPECT_NE(a.find("Erlang A"), std::string::npos) << a;
  EXPECT_NE(a.find("agents (given)"), std::string::npos) << a;
  EXPECT_NE(a.find("9.42 %"), std::string::npos) << a;  // abandon rate
  EXPECT_NE(a.find("meets goal"), std::string::npos) << a;

  const std::string unstable = format_table(classic_report(0, 10));
  EXPECT_NE(unstable.find("unstable"), std::string::npos) << unstable;
}

}  // namespace
}  // namespace switchyard::wfm
