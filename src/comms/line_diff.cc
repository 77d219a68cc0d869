#include "comms/line_diff.h"

#include <algorithm>

namespace switchyard::comms {

namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    if (nl == std::string_view::npos) {
      out.push_back(text);
      break;
    }
    out.push_back(text.substr(0, nl));
    text.remove_prefix(nl + 1);
  }
  return out;
}

}  // namespace

std::string_view to_string(DiffOp op) {
  switch (op) {
    case DiffOp::kSame: return "same";
    case DiffOp::kAdd: return "add";
    case DiffOp::kDel: return "del";
  }
  return "same";
}

std::vector<DiffLine> line_diff(std::string_view from, std::string_view to) {
  const auto a = lines_of(from), b = lines_of(to);
  size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
  size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) ++tail;
  const size_t n = a.size() - head - tail, m = b.size() - head - tail;

  std::vector<DiffLine> out;
  out.reserve(head + tail + n + m);
  for (size_t i = 0; i < head; ++i) out.push_back({DiffOp::kSame, std::string(a[i])});
  auto emit_replace = [&](size_t i0, size_t i1, size_t j0, size_t j1) {
    for (size_t i = i0; i < i1; ++i) out.push_back({DiffOp::kDel, std::string(a[head + i])});
    for (size_t j = j0; j < j1; ++j) out.push_back({DiffOp::kAdd, std::string(b[head + j])});
  };
  if (n == 0 || m == 0 || n * m > kMaxDiffCells) {
    emit_replace(0, n, 0, m);
  } else {
    // lcs[i][j]: the LCS length of a-middle[i..] and b-middle[j..] (row-major, (n+1) x (m+1)).
    std::vector<uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](size_t i, size_t j) -> uint32_t& { return lcs[i * (m + 1) + j]; };
    for (size_t i = n; i-- > 0;)
      for (size_t j = m; j-- > 0;)
        at(i, j) = a[head + i] == b[head + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    size_t i = 0, j = 0, del_from = 0, add_from = 0;
    while (i < n && j < m) {
      if (a[head + i] == b[head + j]) {
        emit_replace(del_from, i, add_from, j);
        out.push_back({DiffOp::kSame, std::string(a[head + i])});
        del_from = ++i;
        add_from = ++j;
      } else if (at(i + 1, j) >= at(i, j + 1)) {
        ++i;
      } else {
        ++j;
      }
    }
    emit_replace(del_from, n, add_from, m);
  }
  for (size_t k = a.size() - tail; k < a.size(); ++k) out.push_back({DiffOp::kSame, std::string(a[k])});
  return out;
}

}  // namespace switchyard::comms
