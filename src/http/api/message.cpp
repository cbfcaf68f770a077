#include "http/api/message.hpp"

namespace civic311::http {

std::string_view Request::Header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (k == name) return v;
  return {};
}

std::string_view Request::Param(std::string_view name) const {
  for (const auto& [k, v] : query)
    if (k == name && !v.empty()) return v;
  for (const auto& [k, v] : form)
    if (k == name && !v.empty()) return v;
  return {};
}

std::vector<std::string_view> Request::Params(std::string_view name) const {
  std::vector<std::string_view> out;
  for (const auto& [k, v] : query)
    if (k == name) out.push_back(v);
  for (const auto& [k, v] : form)
    if (k == name) out.push_back(v);
  return out;
}

}  // namespace civic311::http
