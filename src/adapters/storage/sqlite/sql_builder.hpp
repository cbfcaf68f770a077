// SqlBuilder: the dynamic SQL of the list queries (request_query.cpp, staff_query.cpp), built
// with numbered parameters only — every value is bound, never spliced into the text.
// Each '?' in a clause becomes ?N with the next number, and its value is kept in order;
// Finish() hands the text and values over as a BuiltQuery (BindTo binds them).
// Thread-safety: a value type; one builder per query.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "adapters/storage/sqlite/request_query.hpp"
#include "base/log.hpp"  // AppendJsonEscaped

namespace civic311::sqlite {

class SqlBuilder {
 public:
  SqlBuilder() = default;
  explicit SqlBuilder(std::string start) { q_.sql = std::move(start); }

  // Appends `clause`, numbering its '?'s and keeping `values` for them, in order.
  template <typename... P>
  SqlBuilder& Add(std::string_view clause, P&&... values) {
    for (char c : clause) {
      q_.sql += c;
      if (c == '?') q_.sql += std::to_string(++n_);
    }
    (q_.params.emplace_back(std::forward<P>(values)), ...);
    return *this;
  }
  // "WHERE clause" the first time, " AND clause" after.
  template <typename... P>
  SqlBuilder& Where(std::string_view clause, P&&... values) {
    q_.sql += first_ ? "WHERE " : " AND ";
    first_ = false;
    return Add(clause, std::forward<P>(values)...);
  }
  // Raw text with no parameters.
  void Append(std::string_view sql) { q_.sql += sql; }
  // A value for a parameter the caller writes itself; returns its number.
  int Param(std::variant<std::int64_t, double, std::string> v) {
    q_.params.push_back(std::move(v));
    return ++n_;
  }

  BuiltQuery Finish() { return std::move(q_); }

 private:
  BuiltQuery q_;
  bool first_ = true;
  int n_ = 0;
};

// ["a","b",…] of to_text(item), JSON-escaped: one bound parameter read with json_each().
template <typename Range, typename ToText>
std::string JsonStringArray(const Range& items, ToText to_text) {
  std::string out = "[";
  for (const auto& item : items) {
    if (out.size() > 1) out += ',';
    out += '"';
    AppendJsonEscaped(out, to_text(item));
    out += '"';
  }
  return out + "]";
}

}  // namespace civic311::sqlite
