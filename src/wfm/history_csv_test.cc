#include "wfm/history_csv.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "wfm/wfm_test_util.h"

namespace switchyard::wfm {
namespace {

TEST(HistoryCsv, GoodBadAndDuplicateLinesWithTheirLineNumbers) {
  const std::string text =
      "queue,start,contacts,aht_s\n"                     // 1
      "support,2026-11-02T08:30,42,187.5\n"              // 2 good
      "support,2026-11-02T08:45,40,190\n"                // 3 good
      "sales,2026-11-02T08:30,7,0\n"                     // 4 good (another queue, same start)
      "support,2026-11-02T08:40,1,100\n"                 // 5 off the boundary
      "support,2026-11-02 09:00,1,100\n"                 // 6 no T
      "support,2026-02-30T09:00,1,100\n"                 // 7 no such date
      "support,2026-11-02T24:00,1,100\n"                 // 8 no such time
      "support,2026-11-02T09:00,-1,100\n"                // 9 negative contacts
      "support,2026-11-02T09:00,abc,100\n"               // 10 not a number
      "support,2026-11-02T09:00,3,nan\n"                 // 11 NaN AHT
      "support,2026-11-02T09:00,3\n"                     // 12 three fields
      ",2026-11-02T09:00,3,100\n"                        // 13 empty queue
      "\n"                                               // 14 blank: skipped
      "support,2026-11-02T08:30,41,180\n"                // 15 duplicate of line 2
      "\"support\",2026-11-02T09:15,3,100\n"             // 16 quoted
      "  support , 2026-11-02T09:00:00 , 3 , 95.5 \r\n"  // 17 good (spaces, seconds, CRLF)
      "support,2026-11-02T09:00,3,1e400\n"               // 18 infinite AHT
      "support,2026-11-02T09:30,3,100,9\n";              // 19 five fields
  std::vector<std::pair<int64_t, int64_t>> calls;
  auto r = parse_history_csv(text, 15,
                             [&](int64_t done, int64_t total) { calls.emplace_back(done, total); });
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->rows.size(), 4u);
  EXPECT_EQ(r->rows[0].line, 2);
  EXPECT_EQ(r->rows[0].queue, "support");
  EXPECT_EQ(r->rows[0].date, ymd(2026, 11, 2));
  EXPECT_EQ(r->rows[0].minute_of_day, 8 * 60 + 30);
  EXPECT_EQ(r->rows[0].contacts, 42);
  EXPECT_EQ(r->rows[0].aht_s, 187.5);
  EXPECT_EQ(r->rows[1].line, 3);
  EXPECT_EQ(r->rows[2].line, 4);
  EXPECT_EQ(r->rows[2].queue, "sales");
  EXPECT_EQ(r->rows[3].line, 17);
  EXPECT_EQ(r->rows[3].queue, "support");
  EXPECT_EQ(r->rows[3].minute_of_day, 9 * 60);
  EXPECT_EQ(r->rows[3].aht_s, 95.5);

  const std::vector<std::pair<int64_t, std::string>> want = {
      {5, "start"},     {6, "start"},  {7, "start"}, {8, "start"},  {9, "contacts"},
      {10, "contacts"}, {11, "aht_s"}, {12, "row"},  {13, "queue"}, {15, "start"},
      {16, "queue"},    {18, "aht_s"}, {19, "row"}};
  ASSERT_EQ(r->errors.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(r->errors[i].line, want[i].first) << i;
    EXPECT_EQ(r->errors[i].field, want[i].second) << r->errors[i].line;
    EXPECT_FALSE(r->errors[i].reason.empty());
  }
  EXPECT_EQ(r->errors[0].reason, "08:40 is not on a 15-minute boundary");
  EXPECT_EQ(r->errors[9].reason, "duplicate of line 2 (same queue and start)");
  EXPECT_EQ(r->data_lines, 17);

  // Progress: 18 lines after the header, one call per line (18 / 100 rounds to a step of 1),
  // increasing, the last one complete.
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(calls.back(), (std::pair<int64_t, int64_t>{18, 18}));
  for (size_t i = 1; i < calls.size(); ++i) EXPECT_GT(calls[i].first, calls[i - 1].first);
}

TEST(HistoryCsv, ThirtyMinuteBoundaryAndNoTrailingNewline) {
  auto r = parse_history_csv(
      "\xEF\xBB\xBFqueue,start,contacts,aht_s\r\nq,2026-11-02T08:15,1,1\r\n"
      "q,2026-11-02T08:30,1,1",
      30);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->rows.size(), 1u);
  EXPECT_EQ(r->rows[0].line, 3);
  ASSERT_EQ(r->errors.size(), 1u);
  EXPECT_EQ(r->errors[0].line, 2);
  EXPECT_EQ(r->errors[0].reason, "08:15 is not on a 30-minute boundary");
}

TEST(HistoryCsv, ProgressIsThrottledOnLargeFiles) {
  std::string text = "queue,start,contacts,aht_s\n";
  for (int d = 1; d <= 30; ++d) {
    for (int m = 0; m < 1440; m += 15) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "q,2026-11-%02dT%02d:%02d,%d,120\n", d, m / 60, m % 60, m);
      text += buf;
    }
  }
  int calls = 0;
  int64_t last = 0;
  auto r = parse_history_csv(text, 15, [&](int64_t done, int64_t total) {
    ++calls;
    EXPECT_EQ(total, 2880);
    last = done;
  });
  ASSERT_TRUE(r);
  EXPECT_EQ(r->rows.size(), 2880u);
  EXPECT_TRUE(r->errors.empty());
  EXPECT_LE(calls, 101);
  EXPECT_GE(calls, 50);
  EXPECT_EQ(last, 2880);
}

TEST(HistoryCsv, WholeImportErrors) {
  auto r = parse_history_csv("queue,start,contacts\nq,2026-11-02T08:30,1\n", 15);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, "header");
  r = parse_history_csv("", 15);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "header");
  r = parse_history_csv("start,queue,contacts,aht_s\n", 15);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "header");
  r = parse_history_csv("queue,start,contacts,aht_s\n", 20);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "interval_min");
  r = parse_history_csv("queue,start,contacts,aht_s\n", 15);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->rows.empty());
  EXPECT_EQ(r->data_lines, 0);
}

TEST(HistoryCsv, BuildsWholeDaySeriesPerQueue) {
  const std::string text =
      "queue,start,contacts,aht_s\n"
      "b,2026-11-03T23:30,5,100\n"
      "a,2026-11-02T00:00,1,60\n"
      "a,2026-11-02T00:30,2,70\n"
      "b,2026-11-02T12:00,3,90\n";
  auto parsed = parse_history_csv(text, 30);
  ASSERT_TRUE(parsed);
  auto h = build_histories(parsed->rows, 30);
  ASSERT_TRUE(h) << h.error().message;
  ASSERT_EQ(h->size(), 2u);
  const QueueHistory& a = (*h)[0];
  EXPECT_EQ(a.queue, "a");
  EXPECT_EQ(a.history.contacts.start, ymd(2026, 11, 2));
  EXPECT_EQ(a.history.contacts.interval_min, 30);
  ASSERT_EQ(a.history.contacts.values.size(), 48u);
  EXPECT_EQ(a.history.contacts.values[0], 1);
  EXPECT_EQ(a.history.contacts.values[1], 2);
  EXPECT_EQ(a.history.aht_s[1], 70);
  EXPECT_EQ(a.missing_intervals, 46);
  const QueueHistory& b = (*h)[1];
  EXPECT_EQ(b.queue, "b");
  ASSERT_EQ(b.history.contacts.values.size(), 96u);
  EXPECT_EQ(b.history.contacts.values[24], 3);
  EXPECT_EQ(b.history.contacts.values[95], 5);
  EXPECT_EQ(b.missing_intervals, 94);
  EXPECT_TRUE(validate(b.history.contacts, "contacts"));

  std::vector<HistoryRow> rows = parsed->rows;
  rows[1].minute_of_day = 10;
  auto bad = build_histories(rows, 30);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "rows[1].minute_of_day");
  rows = parsed->rows;
  rows.push_back(rows[2]);
  bad = build_histories(rows, 30);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "rows[4]");
  rows = parsed->rows;
  rows[0].contacts = -1;
  bad = build_histories(rows, 30);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "rows[0].contacts");
  rows = parsed->rows;
  rows[3].aht_s = NAN;
  bad = build_histories(rows, 30);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "rows[3].aht_s");
  rows = parsed->rows;
  rows[3].date = ymd(2026, 2, 30);
  bad = build_histories(rows, 30);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "rows[3].date");
  EXPECT_FALSE(build_histories(rows, 10));
}

}  // namespace
}  // namespace switchyard::wfm
