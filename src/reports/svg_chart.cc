#include "reports/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace switchyard::reports {

std::string escape_html(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

// Geometry of the drawing, in SVG user units (the page scales it).
constexpr double kWidth = 960, kHeight = 280;
constexpr double kLeft = 60, kRight = 16, kTop = 40, kBottom = 30;
constexpr double kPlotW = kWidth - kLeft - kRight, kPlotH = kHeight - kTop - kBottom;

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// The smallest 1, 2, 2.5 or 5 x 10^k step with at most 5 steps to `max`;
// for seconds, a step a clock shows well.
double nice_step(double max, bool seconds) {
  const double raw = max / 5;
  if (seconds && raw > 5) {
    for (double s : {10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0})
      if (s >= raw) return s;
    return std::ceil(raw / 3600) * 3600;
  }
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * mag >= raw) return m * mag;
  return 10 * mag;
}

// Roughly how wide `s` is set, in units of a Latin letter: a CJK character
// (any multi-byte UTF-8 sequence here) takes about two.
double text_units(std::string_view s) {
  double u = 0;
  for (unsigned char ch : s)
    if (ch < 0x80) u += 1;
    else if (ch >= 0xC0) u += 2;
  return u;
}

}  // namespace

std::string svg_bar_chart(const BarChart& c) {
  const size_t n = c.slots.size();
  double top = c.y_min_max;
  if (c.target) top = std::max(top, *c.target);
  for (size_t i = 0; i < n; ++i) {
    double stack = 0;
    for (const ChartSeries& s : c.series) {
      const double v = i < s.values.size() && s.values[i] ? *s.values[i] : 0;
      stack += v;
      top = std::max(top, c.stacked ? stack : v);
    }
  }
  if (!(top > 0)) top = 1;
  const double step = nice_step(top, c.seconds);
  const double y_max = std::ceil(top / step - 1e-9) * step;
  auto y = [&](double v) { return kTop + kPlotH - v / y_max * kPlotH; };
  auto fmt = [&](double v) { return c.format ? c.format(v) : num(v); };

  std::string o;
  o += "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 " + num(kWidth) + " " + num(kHeight) +
       "\" xmlns=\"http://www.w3.org/2000/svg\" aria-labelledby=\"" + c.id + "-t " + c.id + "-d\">";
  o += "<title id=\"" + c.id + "-t\">" + escape_html(c.title) + "</title>";
  o += "<desc id=\"" + c.id + "-d\">" + escape_html(c.desc) + "</desc>";
  // Grid and y axis ticks.
  for (double v = 0; v <= y_max + step / 2; v += step) {
    o += "<line class=\"grid\" x1=\"" + num(kLeft) + "\" x2=\"" + num(kLeft + kPlotW) + "\" y1=\"" + num(y(v)) +
         "\" y2=\"" + num(y(v)) + "\"/>";
    o += "<text class=\"tick\" x=\"" + num(kLeft - 6) + "\" y=\"" + num(y(v) + 4) + "\" text-anchor=\"end\">" +
         escape_html(fmt(v)) + "</text>";
  }
  // Bars, then slot labels.
  const double slot_w = n ? kPlotW / static_cast<double>(n) : kPlotW;
  const size_t k = std::max<size_t>(1, c.series.size());
  const double bar_w = c.stacked ? slot_w * 0.64 : slot_w * 0.8 / static_cast<double>(k);
  for (size_t i = 0; i < n; ++i) {
    const double x0 = kLeft + slot_w * static_cast<double>(i);
    const std::string& slot_title = i < c.slot_titles.size() ? c.slot_titles[i] : c.slots[i];
    double base = 0;
    for (size_t j = 0; j < c.series.size(); ++j) {
      const ChartSeries& s = c.series[j];
      if (i >= s.values.size() || !s.values[i]) continue;
      const double v = *s.values[i];
      const double from = c.stacked ? base : 0;
      const double x = c.stacked ? x0 + (slot_w - bar_w) / 2
                                 : x0 + slot_w * 0.1 + bar_w * static_cast<double>(j);
      o += "<rect class=\"bar " + s.css + "\" x=\"" + num(x) + "\" y=\"" + num(y(from + v)) + "\" width=\"" +
           num(bar_w) + "\" height=\"" + num(y(from) - y(from + v)) + "\"><title>" +
           escape_html(slot_title + " " + s.name + ": " + fmt(v)) + "</title></rect>";
      base += v;
    }
    o += "<text class=\"slot\" x=\"" + num(x0 + slot_w / 2) + "\" y=\"" + num(kTop + kPlotH + 18) +
         "\" text-anchor=\"middle\">" + escape_html(c.slots[i]) + "</text>";
  }
  o += "<line class=\"axis\" x1=\"" + num(kLeft) + "\" x2=\"" + num(kLeft + kPlotW) + "\" y1=\"" + num(y(0)) +
       "\" y2=\"" + num(y(0)) + "\"/>";
  if (c.target)
    o += "<line class=\"target\" x1=\"" + num(kLeft) + "\" x2=\"" + num(kLeft + kPlotW) + "\" y1=\"" +
         num(y(*c.target)) + "\" y2=\"" + num(y(*c.target)) + "\"><title>" +
         escape_html(c.target_label + ": " + fmt(*c.target)) + "</title></line>";
  // Legend, top left.
  double lx = kLeft;
  for (const ChartSeries& s : c.series) {
    o += "<rect class=\"key " + s.css + "\" x=\"" + num(lx) + "\" y=\"12\" width=\"14\" height=\"14\"/>";
    o += "<text class=\"legend\" x=\"" + num(lx + 20) + "\" y=\"24\">" + escape_html(s.name) + "</text>";
    lx += 36 + 7.5 * text_units(s.name);
  }
  if (c.target) {
    o += "<line class=\"target\" x1=\"" + num(lx) + "\" x2=\"" + num(lx + 24) + "\" y1=\"19\" y2=\"19\"/>";
    o += "<text class=\"legend\" x=\"" + num(lx + 30) + "\" y=\"24\">" +
         escape_html(c.target_label + " " + fmt(*c.target)) + "</text>";
  }
  o += "</svg>";
  return o;
}

}  // namespace switchyard::reports
