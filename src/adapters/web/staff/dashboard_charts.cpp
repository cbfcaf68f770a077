#include "adapters/web/staff/dashboard_charts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace civic311::console {
namespace json = boost::json;

std::int64_t NiceCeiling(std::int64_t v) {
  if (v <= 1) return 1;
  std::int64_t p = 1;
  for (;;) {
    for (std::int64_t m : {1, 2, 5}) {
      if (m * p >= v) return m * p;
    }
    p *= 10;
  }
}

std::string Decimal1(double v) {
  char buf[32];
  const double r = std::round(v * 10) / 10;
  if (r == std::floor(r)) {
    std::snprintf(buf, sizeof buf, "%.0f", r);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f", r);
  }
  return buf;
}

namespace {
std::string Num(double v) {  // coordinates: two decimals are plenty at these sizes
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

std::int64_t MaxOf(const std::vector<BarSlot>& slots) {
  std::int64_t m = 0;
  for (const BarSlot& s : slots) m = std::max({m, s.current, s.previous});
  return m;
}
}  // namespace

json::object PairedColumns(const std::vector<BarSlot>& slots, int label_every) {
  constexpr double kW = 640, kH = 220, kLeft = 40, kBottom = 24, kTop = 8;
  const double plot_w = kW - kLeft - 4, plot_h = kH - kBottom - kTop;
  const std::int64_t top = NiceCeiling(MaxOf(slots));
  const double slot_w = slots.empty() ? plot_w : plot_w / static_cast<double>(slots.size());
  json::array bars, xlabels, ticks;
  for (size_t i = 0; i < slots.size(); ++i) {
    const BarSlot& s = slots[i];
    const double x = kLeft + slot_w * static_cast<double>(i);
    const double gap = slot_w > 6 ? slot_w * 0.15 : 0;
    const double bw = (slot_w - gap) / 2;
    auto bar = [&](std::int64_t v, double bx, const char* cls, const std::string& title) {
      const double h = plot_h * static_cast<double>(v) / static_cast<double>(top);
      bars.push_back(json::object{{"x", Num(bx)},
                                  {"y", Num(kTop + plot_h - h)},
                                  {"w", Num(std::max(bw, 0.5))},
                                  {"h", Num(h)},
                                  {"cls", cls},
                                  {"title", title}});
    };
    bar(s.previous, x + gap / 2, "bar-prev", s.previous_title);
    bar(s.current, x + gap / 2 + bw, "bar-cur", s.current_title);
    if (label_every > 0 && i % static_cast<size_t>(label_every) == 0) {
      xlabels.push_back(json::object{{"x", Num(x + slot_w / 2)}, {"label", s.label}});
    }
  }
  for (int k = 0; k <= 4; ++k) {
    const double y = kTop + plot_h - plot_h * k / 4.0;
    ticks.push_back(json::object{{"y", Num(y)},
                                 {"ty", Num(y + 4)},
                                 {"label", std::to_string(top * k / 4)},
                                 {"x2", Num(kW - 4)}});
  }
  return json::object{{"w", Num(kW)},
                      {"h", Num(kH)},
                      {"bars", std::move(bars)},
                      {"xlabels", std::move(xlabels)},
                      {"ticks", std::move(ticks)},
                      {"label_y", Num(kH - 6)},
                      {"axis_x", Num(kLeft)}};
}

json::object PairedRows(const std::vector<BarSlot>& slots) {
  constexpr double kW = 640, kLabel = 200, kRow = 26, kValue = 56;
  const double plot_w = kW - kLabel - kValue;
  const std::int64_t top = std::max<std::int64_t>(MaxOf(slots), 1);
  json::array rows;
  for (size_t i = 0; i < slots.size(); ++i) {
    const BarSlot& s = slots[i];
    const double y = kRow * static_cast<double>(i);
    const double wc = plot_w * static_cast<double>(s.current) / static_cast<double>(top);
    const double wp = plot_w * static_cast<double>(s.previous) / static_cast<double>(top);
    // Long names are cut for the chart only; the table beside it has them whole.
    std::string label = s.label;
    if (label.size() > 28) {
      size_t cut = 26;
      while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80) --cut;
      label = label.substr(0, cut) + "…";
    }
    rows.push_back(json::object{{"ty", Num(y + 16)},
                                {"label", label},
                                {"x", Num(kLabel)},
                                {"cy", Num(y + 3)},
                                {"cw", Num(std::max(wc, s.current > 0 ? 1.0 : 0.0))},
                                {"py", Num(y + 15)},
                                {"pw", Num(std::max(wp, s.previous > 0 ? 1.0 : 0.0))},
                                {"vx", Num(kLabel + std::max(wc, wp) + 6)},
                                {"value", std::to_string(s.current)},
                                {"current_title", s.current_title},
                                {"previous_title", s.previous_title}});
  }
  return json::object{{"w", Num(kW)},
                      {"h", Num(std::max(kRow * static_cast<double>(slots.size()), kRow))},
                      {"lx", Num(kLabel - 8)},
                      {"rows", std::move(rows)}};
}

json::object HeatGrid(double min_lat, double min_lon, double max_lat, double max_lon,
                      const std::vector<HeatCell>& cells) {
  constexpr double kW = 480;
  const double mid = (min_lat + max_lat) / 2 * 3.14159265358979 / 180;
  const double span_lon = std::max(max_lon - min_lon, 1e-6) * std::cos(mid);
  const double span_lat = std::max(max_lat - min_lat, 1e-6);
  const double scale = kW / span_lon;
  const double h = std::clamp(span_lat * scale, 120.0, 720.0);
  const double yscale = h / span_lat;
  std::int64_t top = 1;
  for (const HeatCell& c : cells) top = std::max(top, c.count);
  json::array rects;
  for (const HeatCell& c : cells) {
    const double x0 = (std::max(c.min_lon, min_lon) - min_lon) * std::cos(mid) * scale;
    const double x1 = (std::min(c.max_lon, max_lon) - min_lon) * std::cos(mid) * scale;
    const double y0 = (max_lat - std::min(c.max_lat, max_lat)) * yscale;
    const double y1 = (max_lat - std::max(c.min_lat, min_lat)) * yscale;
    if (x1 <= x0 || y1 <= y0) continue;  // outside the extent
    const int level =
        static_cast<int>(std::clamp<std::int64_t>((c.count * 5 + top - 1) / top, 1, 5));
    rects.push_back(json::object{{"x", Num(x0)},
                                 {"y", Num(y0)},
                                 {"w", Num(x1 - x0)},
                                 {"h", Num(y1 - y0)},
                                 {"level", level},
                                 {"count", c.count}});
  }
  return json::object{{"w", Num(kW)}, {"h", Num(h)}, {"cells", std::move(rects)}};
}

}  // namespace civic311::console
