#pragma once
// A line diff of two texts, for the knowledge base's version history (docs/comms.md "Knowledge
// base"): the longest common subsequence of lines, shown as kept, deleted and added lines in the
// order of the texts (deletions before additions where both replace a stretch).
//
// Pure. Lines end at '\n' (a trailing '\n' does not make an empty last line). Cost: the common
// head and tail are skipped in O(n); the rest is O(n * m) time and memory, so when the middle
// parts' product exceeds kMaxDiffCells the diff is the honest worst case (every middle line
// deleted, then every new one added) rather than a slow answer.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace switchyard::comms {

enum class DiffOp : uint8_t { kSame, kAdd, kDel };
std::string_view to_string(DiffOp op);  // "same", "add", "del"

struct DiffLine {
  DiffOp op = DiffOp::kSame;
  std::string text;  // without its '\n'
  bool operator==(const DiffLine&) const = default;
};

inline constexpr size_t kMaxDiffCells = 4'000'000;

std::vector<DiffLine> line_diff(std::string_view from, std::string_view to);

}  // namespace switchyard::comms
