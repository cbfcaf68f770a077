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

}  // namespace civic311
