// The knowledge base's line diff (docs/comms.md "Knowledge base").
#include "comms/line_diff.h"

#include <gtest/gtest.h>

namespace switchyard::comms {
namespace {

std::string shown(const std::vector<DiffLine>& d) {
  std::string out;
  for (const auto& l : d) out += (l.op == DiffOp::kSame ? " " : l.op == DiffOp::kAdd ? "+" : "-") + l.text + "|";
  return out;
}

TEST(LineDiff, KeepsTheCommonLinesAndMarksWhatChanged) {
  EXPECT_EQ(shown(line_diff("a\nb\nc\n", "a\nb\nc")), " a| b| c|");  // a trailing newline is no line
  EXPECT_EQ(shown(line_diff("a\nb\nc", "a\nB\nc")), " a|-b|+B| c|");
  EXPECT_EQ(shown(line_diff("a\nc", "a\nb\nc")), " a|+b| c|");
  EXPECT_EQ(shown(line_diff("a\nb\nc", "a\nc")), " a|-b| c|");
  EXPECT_EQ(shown(line_diff("", "x\ny")), "+x|+y|");
  EXPECT_EQ(shown(line_diff("x\ny", "")), "-x|-y|");
  // the longest common subsequence, not the first match: x y z kept around the moved line
  EXPECT_EQ(shown(line_diff("m\nx\ny\nz", "x\ny\nz\nm")), "-m| x| y| z|+m|");
  EXPECT_EQ(shown(line_diff("退款\n14 天", "退款\n30 天\n联系我们")), " 退款|-14 天|+30 天|+联系我们|");
}

TEST(LineDiff, AVeryLargeChangeIsShownWholeRatherThanSlowly) {
  std::string from, to;
  for (int i = 0; i < 3000; ++i) {
    from += "old " + std::to_string(i) + "\n";
    to += "new " + std::to_string(i) + "\n";
  }
  from = "head\n" + from + "tail";
  to = "head\n" + to + "tail";
  const auto d = line_diff(from, to);  // 3000 x 3000 > kMaxDiffCells
  ASSERT_EQ(d.size(), 6002u);
  EXPECT_EQ(d.front(), (DiffLine{DiffOp::kSame, "head"}));
  EXPECT_EQ(d[1], (DiffLine{DiffOp::kDel, "old 0"}));
  EXPECT_EQ(d[3001], (DiffLine{DiffOp::kAdd, "new 0"}));
  EXPECT_EQ(d.back(), (DiffLine{DiffOp::kSame, "tail"}));
}

}  // namespace
}  // namespace switchyard::comms
