#include "domain/holiday_rule.hpp"

#include <array>
#include <cstdio>
#include <sstream>
#include <vector>

namespace civic311 {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

int IndexOf(const std::string& word, const std::array<std::string_view, 12>& names, int count) {
  for (int i = 0; i < count; ++i) {
    if (word == names[i] || (word.size() == 3 && names[i].substr(0, 3) == word)) return i;
  }
  return -1;
}

constexpr std::array<std::string_view, 12> kMonths = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};
constexpr std::array<std::string_view, 12> kDays = {"sunday",   "monday", "tuesday", "wednesday",
                                                    "thursday", "friday", "saturday"};

}  // namespace

bool HolidayRule::Matches(std::chrono::year_month_day date) const {
  if (static_cast<unsigned>(date.month()) != month) return false;
  const unsigned d = static_cast<unsigned>(date.day());
  if (day > 0) return d == day;
  const std::chrono::weekday wd{std::chrono::sys_days(date)};
  if (wd.c_encoding() != weekday) return false;
  if (nth > 0) return (d - 1) / 7 + 1 == static_cast<unsigned>(nth);
  // The last one: a week later is in the next month.
  const std::chrono::year_month_day later{std::chrono::sys_days(date) + std::chrono::days(7)};
  return later.month() != date.month();
}

Result<HolidayRule> ParseHolidayRule(std::string_view text) {
  const auto refuse = [&] {
    std::string message = "\"";  // appended, not concatenated: GCC bug 105329 (-Wrestrict)
    message.append(text);
    message.append(
        "\" is not a yearly holiday: write a date as \"MM-DD\" (\"12-25\") or a weekday of a "
        "month as \"fourth thursday of november\" (first, second, third, fourth, fifth or "
        "last)");
    return Error::InvalidArgument(std::move(message));
  };
  HolidayRule rule;
  rule.text = std::string(text);
  unsigned mm = 0, dd = 0;
  char extra = 0;
  const std::string s(text);
  if (s.size() == 5 && std::sscanf(s.c_str(), "%2u-%2u%c", &mm, &dd, &extra) == 2) {
    // 2000 is a leap year: 02-29 is a real date that matches in leap years only.
    if (!std::chrono::year_month_day{std::chrono::year(2000), std::chrono::month(mm),
                                     std::chrono::day(dd)}
             .ok())
      return refuse();
    rule.month = mm;
    rule.day = dd;
    return rule;
  }
  std::istringstream in(Lower(text));
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  if (words.size() != 4 || words[2] != "of") return refuse();
  static constexpr std::array<std::string_view, 6> kNth = {"first",  "second", "third",
                                                           "fourth", "fifth",  "last"};
  int nth = 0;
  for (int i = 0; i < 6; ++i)
    if (words[0] == kNth[i]) nth = i == 5 ? -1 : i + 1;
  const int wd = IndexOf(words[1], kDays, 7);
  const int month = IndexOf(words[3], kMonths, 12);
  if (nth == 0 || wd < 0 || month < 0) return refuse();
  rule.month = static_cast<unsigned>(month + 1);
  rule.weekday = static_cast<unsigned>(wd);
  rule.nth = nth;
  return rule;
}

}  // namespace civic311
