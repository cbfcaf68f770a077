#include "domain/city.hpp"

namespace civic311 {

const Service* City::FindService(std::string_view code) const {
  for (const auto& s : services)
    if (s.code == code) return &s;
  return nullptr;
}

const Department* City::FindDepartment(std::string_view code) const {
  for (const auto& d : departments)
    if (d.code == code) return &d;
  return nullptr;
}

City Localized(const City& city, std::string_view lang) {
  City out = city;
  for (Service& s : out.services) s = Localized(s, lang);
  for (Department& d : out.departments) d.name = LocalizedName(d, lang);
  for (Branding::Link& l : out.branding.footer_links) {
    if (auto it = l.label_i18n.find(std::string(lang)); it != l.label_i18n.end())
      l.label = it->second;
  }
  return out;
}

}  // namespace civic311
