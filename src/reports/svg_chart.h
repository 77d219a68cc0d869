#pragma once
// Bar charts as inline SVG for the HTML reports: no scripts, no external
// resources, readable on paper. Each bar is one <rect class="bar ..."> with
// a <title> (its slot, series and value) for screen readers and tooltips;
// the chart has role="img", a <title> and a <desc>.
//
// Thread-safe: pure functions.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace switchyard::reports {

// `s` with & < > " ' escaped, for HTML and SVG text and attributes.
std::string escape_html(std::string_view s);

struct ChartSeries {
  std::string name;  // legend and tooltips
  std::string css;   // class of its bars (colours live in the page's CSS)
  // One per slot; nullopt draws no bar there (nothing to measure).
  std::vector<std::optional<double>> values;
};

struct BarChart {
  std::string id;     // unique in the page (aria ids)
  std::string title;  // the chart's accessible name
  std::string desc;   // one sentence: what it shows
  std::vector<std::string> slots;        // x labels, one per slot (e.g. "08")
  std::vector<std::string> slot_titles;  // tooltips' slot names (e.g. "08:00"); empty: `slots`
  std::vector<ChartSeries> series;
  bool stacked = false;  // stack the series in each slot, else side by side
  // A horizontal reference line (e.g. the service-level goal) and its label.
  std::optional<double> target;
  std::string target_label;
  double y_min_max = 0;  // the y axis reaches at least this
  std::function<std::string(double)> format;  // axis ticks and tooltips
  bool seconds = false;  // values are seconds: ticks at 5 s, 10 s, 30 s, 1 min, ...
};

std::string svg_bar_chart(const BarChart& c);

}  // namespace switchyard::reports
