#include "app/geocoder.hpp"

namespace civic311 {

const char* PlaceKindName(PlaceKind kind) {
  switch (kind) {
    case PlaceKind::kAddress:
      return "address";
    case PlaceKind::kStreet:
      return "street";
    case PlaceKind::kIntersection:
      return "intersection";
  }
  return "address";
}

std::optional<Place> ConfidentPlace(Geocoder& geocoder, std::string_view address) {
  if (address.empty()) return std::nullopt;
  auto found = geocoder.Search(address, 1);
  if (!found.ok() || found->empty() || found->front().score < kConfidentAddressScore) {
    return std::nullopt;
  }
  return found->front();
}

}  // namespace civic311
