// Internal to the console: the dashboard's model. One model feeds both the page (words and
// formatted numbers) and the CSV (raw numbers), so a table and its export never disagree:
// key figures, the SVG charts' geometry (dashboard_charts.hpp) and a table beside each chart.
#pragma once

#include <boost/json.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "adapters/web/portal/portal.hpp"
#include "adapters/web/staff/console.hpp"
#include "adapters/web/staff/dashboard_charts.hpp"
#include "app/dashboard_service.hpp"

namespace civic311::console {

// One table cell: what the page shows and what the CSV carries.
struct Cell {
  std::string text;
  std::string raw;
  bool csv_only = false;  // a column the CSV has and the page folds into another
};

struct Table {
  std::string name;     // the CSV's table= value
  std::string caption;  // words
  std::vector<std::string> head;
  std::vector<std::string> csv_head;
  std::vector<std::vector<Cell>> rows;
};

Cell Same(std::string s);
Cell Count(std::int64_t n);

// "2026-12-06" for a UTC day number.
std::string IsoDay(std::int64_t day);

// The words of one visit, and numbers written with them.
class Words {
 public:
  Words(const ConsoleDeps& d, const std::string& lang) : m_(*d.web->messages), lang_(lang) {}
  std::string operator()(std::string_view key) const { return std::string(m_.Get(lang_, key)); }
  std::string F(std::string_view key, const std::map<std::string, std::string>& a) const {
    return m_.Format(lang_, key, a);
  }
  // "45 min", "3.5 h", "2.1 days"
  std::string Duration(std::optional<std::int64_t> s) const {
    if (!s) return "–";
    if (*s < 3600) return F("dash_minutes", {{"n", std::to_string(*s / 60)}});
    if (*s < 2 * 86400) return F("dash_hours", {{"n", Decimal1(*s / 3600.0)}});
    return F("dash_days", {{"n", Decimal1(*s / 86400.0)}});
  }
  std::string Percent(std::int64_t part, std::int64_t whole) const {
    if (whole <= 0) return "–";
    return Decimal1(100.0 * static_cast<double>(part) / static_cast<double>(whole)) + "%";
  }
  std::string Money(std::int64_t cents) const {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.2f", static_cast<double>(cents) / 100.0);
    return F("dash_money", {{"n", buf}});
  }

 private:
  const assets::MessageCatalog& m_;
  const std::string& lang_;
};

struct Model {
  std::vector<Table> tables;
  boost::json::array tiles;
  boost::json::object by_day, by_service, by_channel, heat, backlog;
};

// The page's and the CSV's model of a report.
Model BuildModel(const ConsoleDeps& d, const DashboardReport& r, const Words& w);

}  // namespace civic311::console
