// ServiceRequest: one report from a resident, agent or app (Open311 "service request",
// FixMyStreet "problem"). Contact fields are private: never rendered in public output.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.hpp"
#include "domain/request_state.hpp"

namespace civic311 {

using RequestId = std::int64_t;

// kFax and kTty: a call-centre desk contact by fax or text telephone (docs/console.md).
enum class Channel { kApi, kWeb, kApp, kPhone, kEmail, kWalkIn, kInternal, kFax, kTty };
const char* ChannelName(Channel c);
std::optional<Channel> ParseChannel(std::string_view name);

struct Contact {  // private: staff only
  std::string email;
  std::string phone;
  std::string first_name;
  std::string last_name;
  std::string device_id;
  std::string account_id;
  // The reporter's language ("en", "es": a BCP 47 primary tag); every message to them goes out
  // in it. Not contact data by itself: empty() ignores it.
  std::string lang;
  bool empty() const {
    return email.empty() && phone.empty() && first_name.empty() && last_name.empty() &&
           device_id.empty() && account_id.empty();
  }
};

struct ServiceRequest {
  RequestId id = 0;   // service_request_id; assigned by the store
  std::string token;  // Open311 token (batch services resolve it to an id)
  std::string service_code;
  std::string service_name;  // denormalised at submit time: names may change later
  RequestState state = RequestState::kSubmitted;
  std::string description;
  std::optional<double> lat;
  std::optional<double> lon;
  // The point was not given but found from the address in the city's gazetteer (Open311
  // extended_attributes.location_approximate).
  bool location_approximate = false;
  std::string address;  // address_string
  std::string address_id;
  std::string zipcode;
  std::string media_url;
  std::map<std::string, std::vector<std::string>> attributes;  // attribute code -> value keys
  Contact contact;
  std::string department_code;  // agency_responsible
  std::string status_notes;     // the latest public note
  Channel channel = Channel::kApi;
  bool emergency = false;
  bool internal = false;               // raised by one department for another: never public
  std::optional<RequestId> parent_id;  // set when closed as duplicate of another
  Timestamp requested_at{};
  Timestamp updated_at{};
  std::optional<Timestamp> expected_at;
  std::int64_t version = 1;  // optimistic concurrency for staff changes
  // The reporter's language ("en", "es"; empty: unknown), for the messages sent to them.
  std::string locale;
};

// Filters for listing requests (Open311 GET requests and its extensions).
struct RequestQuery {
  std::vector<RequestId> ids;  // when non-empty, overrides every other filter
  std::vector<std::string> service_codes;
  std::vector<RequestState> states;  // empty: any
  std::optional<Timestamp> start;    // requested_at >= start
  std::optional<Timestamp> end;      // requested_at <= end
  std::optional<Timestamp> updated_after;
  std::optional<Timestamp> updated_before;
  struct BBox {
    double min_lat, min_lon, max_lat, max_lon;
  };
  std::optional<BBox> bbox;
  bool include_internal = false;
  int limit = 1000;
  int offset = 0;
};

}  // namespace civic311
