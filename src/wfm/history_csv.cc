#include "wfm/history_csv.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <map>
#include <unordered_map>

namespace switchyard::wfm {
namespace {

using std::chrono::sys_days;

std::unexpected<Error> invalid(std::string message, std::string field) {
  return make_error(ErrorCode::kInvalidArgument, std::move(message), std::move(field));
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (true) {
    const size_t comma = line.find(',', pos);
    out.push_back(
        trim(line.substr(pos, comma == std::string_view::npos ? line.npos : comma - pos)));
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return out;
}

// Parses exactly `len` decimal digits at s[pos].
bool digits(std::string_view s, size_t pos, size_t len, int& out) {
  if (pos + len > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + len; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

// "YYYY-MM-DDTHH:MM" or "YYYY-MM-DDTHH:MM:00".
bool parse_local_datetime(std::string_view s, Date& date, int& minute_of_day) {
  int y, mo, d, h, mi, sec = 0;
  if (s.size() != 16 && s.size() != 19) return false;
  if (!digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d) || s[10] != 'T' || !digits(s, 11, 2, h) || s[13] != ':' ||
      !digits(s, 14, 2, mi)) {
    return false;
  }
  if (s.size() == 19 && (s[16] != ':' || !digits(s, 17, 2, sec))) return false;
  date =
      Date(std::chrono::year(y), std::chrono::month(unsigned(mo)), std::chrono::day(unsigned(d)));
  if (!date.ok() || h > 23 || mi > 59 || sec != 0) return false;
  minute_of_day = h * 60 + mi;
  return true;
}

bool parse_number(std::string_view s, double& out) {
  if (s.empty()) return false;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size() && std::isfinite(out);
}

// "HH:MM" of a minute of the day. Built char by char: prepending to a std::string trips g++
// 12's -Wrestrict false positive at -O3.
std::string hh_mm(int minute_of_day) {
  const int h = minute_of_day / 60, m = minute_of_day % 60;
  return {char('0' + h / 10), char('0' + h % 10), ':', char('0' + m / 10), char('0' + m % 10)};
}

}  // namespace

Result<HistoryCsv> parse_history_csv(std::string_view text, int interval_min,
                                     const CsvProgress& progress) {
  if (interval_min != 15 && interval_min != 30) {
    return invalid("must be 15 or 30 (minutes), got " + std::to_string(interval_min),
                   "interval_min");
  }
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  const size_t header_end = text.find('\n');
  const std::string_view header = trim(text.substr(0, header_end));
  const std::vector<std::string_view> cols = split(header);
  static constexpr std::array<std::string_view, 4> kColumns = {"queue", "start", "contacts",
                                                               "aht_s"};
  if (!std::equal(cols.begin(), cols.end(), kColumns.begin(), kColumns.end())) {
    return invalid("line 1 must be the header \"queue,start,contacts,aht_s\", got \"" +
                       std::string(header.substr(0, 80)) + "\"",
                   "header");
  }
  std::string_view body =
      header_end == std::string_view::npos ? std::string_view{} : text.substr(header_end + 1);
  int64_t total = std::count(body.begin(), body.end(), '\n');
  if (!body.empty() && body.back() != '\n') ++total;
  const int64_t step = std::max<int64_t>(1, (total + 99) / 100);  // about 100 calls

  HistoryCsv out;
  // queue -> (minutes since 1970-01-01 local -> line of the kept row)
  std::unordered_map<std::string, std::unordered_map<int64_t, int64_t>> seen;
  int64_t line = 1, done = 0;
  while (!body.empty()) {
    const size_t nl = body.find('\n');
    const std::string_view raw = body.substr(0, nl);
    body = nl == std::string_view::npos ? std::string_view{} : body.substr(nl + 1);
    ++line;
    ++done;
    if (progress && done % step == 0 && done != total) progress(done, total);
    if (trim(raw).empty()) continue;
    ++out.data_lines;
    auto bad = [&](std::string field, std::string reason) {
      out.errors.push_back(CsvRowError{line, std::move(field), std::move(reason)});
    };
    const std::vector<std::string_view> f = split(raw);
    if (f.size() != 4) {
      bad("row", "expected 4 fields (queue,start,contacts,aht_s), got " + std::to_string(f.size()));
      continue;
    }
    HistoryRow row;
    row.line = line;
    if (f[0].empty()) {
      bad("queue", "is empty");
      continue;
    }
    if (f[0].find('"') != std::string_view::npos) {
      bad("queue", "quoted fields are not supported");
      continue;
    }
    row.queue = std::string(f[0]);
    if (!parse_local_datetime(f[1], row.date, row.minute_of_day)) {
      bad("start",
          "\"" + std::string(f[1].substr(0, 40)) + "\" is not a local date-time YYYY-MM-DDTHH:MM");
      continue;
    }
    if (row.minute_of_day % interval_min != 0) {
      bad("start", hh_mm(row.minute_of_day) + " is not on a " + std::to_string(interval_min) +
                       "-minute boundary");
      continue;
    }
    if (!parse_number(f[2], row.contacts) || row.contacts < 0) {
      bad("contacts", "\"" + std::string(f[2].substr(0, 40)) + "\" is not a number >= 0");
      continue;
    }
    if (!parse_number(f[3], row.aht_s) || row.aht_s < 0) {
      bad("aht_s", "\"" + std::string(f[3].substr(0, 40)) + "\" is not a number >= 0");
      continue;
    }
    const int64_t key = sys_days(row.date).time_since_epoch().count() * 1440 + row.minute_of_day;
    auto [it, inserted] = seen[row.queue].try_emplace(key, line);
    if (!inserted) {
      bad("start", "duplicate of line " + std::to_string(it->second) + " (same queue and start)");
      continue;
    }
    out.rows.push_back(std::move(row));
  }
  if (progress) progress(total, total);
  return out;
}

Result<std::vector<QueueHistory>> build_histories(std::span<const HistoryRow> rows,
                                                  int interval_min) {
  if (interval_min != 15 && interval_min != 30) {
    return invalid("must be 15 or 30 (minutes), got " + std::to_string(interval_min),
                   "interval_min");
  }
  const int ipd = 24 * 60 / interval_min;
  std::map<std::string, std::vector<size_t>> by_queue;
  for (size_t i = 0; i < rows.size(); ++i) {
    const HistoryRow& r = rows[i];
    const std::string f = "rows[" + std::to_string(i) + "]";
    if (!r.date.ok()) return invalid("is not a valid date", f + ".date");
    if (r.minute_of_day < 0 || r.minute_of_day >= 1440 || r.minute_of_day % interval_min != 0) {
      return invalid("must be 0..1439 and a multiple of " + std::to_string(interval_min),
                     f + ".minute_of_day");
    }
    if (!std::isfinite(r.contacts) || r.contacts < 0) {
      return invalid("must be a finite number >= 0", f + ".contacts");
    }
    if (!std::isfinite(r.aht_s) || r.aht_s < 0) {
      return invalid("must be a finite number >= 0", f + ".aht_s");
    }
    by_queue[r.queue].push_back(i);
  }
  std::vector<QueueHistory> out;
  for (const auto& [queue, idx] : by_queue) {
    sys_days first = sys_days::max(), last = sys_days::min();
    for (size_t i : idx) {
      first = std::min(first, sys_days(rows[i].date));
      last = std::max(last, sys_days(rows[i].date));
    }
    const int64_t days = (last - first).count() + 1;
    QueueHistory q;
    q.queue = queue;
    q.history.contacts.start = Date(first);
    q.history.contacts.interval_min = interval_min;
    q.history.contacts.values.assign(static_cast<size_t>(days * ipd), 0.0);
    q.history.aht_s.assign(static_cast<size_t>(days * ipd), 0.0);
    std::vector<uint8_t> filled(static_cast<size_t>(days * ipd), 0);
    for (size_t i : idx) {
      const HistoryRow& r = rows[i];
      const size_t t = static_cast<size_t>((sys_days(r.date) - first).count() * ipd +
                                           r.minute_of_day / interval_min);
      if (filled[t]) {
        return invalid("repeats the queue and start of an earlier row",
                       "rows[" + std::to_string(i) + "]");
      }
      filled[t] = 1;
      q.history.contacts.values[t] = r.contacts;
      q.history.aht_s[t] = r.aht_s;
    }
    q.missing_intervals = std::count(filled.begin(), filled.end(), uint8_t{0});
    out.push_back(std::move(q));
  }
  return out;
}

}  // namespace switchyard::wfm
