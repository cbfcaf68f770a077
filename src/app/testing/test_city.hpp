// TEST FIXTURE — never link into the server. A small city ("Testville") and a RequestService over
// in-memory stores and a fake clock, shared by the app and open311 unit tests:
//
//   TestWorld w;                          // Testville, clock at 2026-11-23T15:00:00Z
//   auto key = w.ApiKey();                // an active API key
//   auto id = w.Submit(w.Pothole());      // stores a valid request, returns its id
//   w.store.Put(r);                       // or put any request directly
//
// Services: POTHOLE (realtime, PWD, attributes SIZE required list / LANES multi / DEPTH number /
// NOTE information only, SLA 3 days, notice), GRAFFITI (realtime, PWD, no attributes),
// BULKY (batch, SAN), GAS_LEAK (emergency, routed to POL dispatch).
// Response templates: pothole_fixed (fixed, POTHOLE only, with Spanish), not_ours
// (not_responsible), more_info (waiting_resident), thanks (note); the last three for every service.
#pragma once

#include <memory>
#include <string>

#include "app/api_key_service.hpp"
#include "app/request_service.hpp"
#include "app/testing/in_memory_stores.hpp"
#include "base/crypto.hpp"
#include "base/time_format.hpp"

namespace civic311::testing {

inline std::shared_ptr<City> MakeTestville() {
  auto city = std::make_shared<City>();
  city->name = "Testville";
  city->jurisdiction_id = "testville.example";
  city->contact = "311@testville.example";
  city->bounds = {40.0, -75.0, 41.0, -74.0};
  city->dispatch_department = "POL";
  city->departments = {{"PWD", "Public Works", "pwd@testville.example", false},
                       {"SAN", "Sanitation", "", false},
                       {"POL", "Police Dispatch", "", true}};
  // One webhook endpoint for every event: each timeline event writes one webhook message.
  city->webhooks = {{"assets", "https://assets.testville.example/hook", "TESTVILLE_HOOK", "", {}}};
  city->on_duty = {{"Duty officer", "duty@testville.example", "+15550199", "en"}};
  Service pothole;
  pothole.code = "POTHOLE";
  pothole.name = "Pothole";
  pothole.description = "A hole in the road";
  pothole.group = "Streets";
  pothole.keywords = {"road", "hole"};
  pothole.department_code = "PWD";
  pothole.sla = {3, SlaUnit::kDays};
  pothole.service_notice = "We fix potholes within 3 days.";
  pothole.attributes = {
      {"SIZE",
       true,
       AttributeDatatype::kSingleValueList,
       true,
       "Pick one",
       1,
       "How big is it?",
       {{"small", "Small"}, {"large", "Large & deep"}}},
      {"LANES",
       true,
       AttributeDatatype::kMultiValueList,
       false,
       "",
       2,
       "Which lanes?",
       {{"left", "Left"}, {"right", "Right"}}},
      {"DEPTH", true, AttributeDatatype::kNumber, false, "centimetres", 3, "How deep?", {}},
      {"NOTE", false, AttributeDatatype::kText, false, "", 4, "Potholes are fixed in 3 days.", {}},
  };
  Service graffiti;
  graffiti.code = "GRAFFITI";
  graffiti.name = "Graffiti";
  graffiti.department_code = "PWD";
  Service bulky;
  bulky.code = "BULKY";
  bulky.name = "Bulky item pickup";
  bulky.department_code = "SAN";
  bulky.type = ServiceType::kBatch;
  Service gas;
  gas.code = "GAS_LEAK";
  gas.name = "Gas leak";
  gas.department_code = "PWD";
  gas.emergency = true;
  gas.service_notice = "Leave the area and call 911 now.";
  city->services = {pothole, graffiti, bulky, gas};
  city->response_templates = {
      {"pothole_fixed",
       "Pothole filled",
       RequestState::kFixed,
       {"POTHOLE"},
       "Our crew filled this pothole.",
       "Nuestro equipo rellenó este bache."},
      {"not_ours",
       "Not the city's",
       RequestState::kNotResponsible,
       {},
       "This is not the city's responsibility.",
       ""},
      {"more_info",
       "Need more information",
       RequestState::kWaitingResident,
       {},
       "Please tell us the nearest address.",
       ""},
      {"thanks", "Thank you", std::nullopt, {}, "Thank you for the update.", ""},
  };
  return city;
}

inline Timestamp TestNow() { return *ParseW3cDatetime("2026-11-23T15:00:00Z"); }

struct TestWorld {
  explicit TestWorld(std::shared_ptr<City> c = MakeTestville())
      : city(std::move(c)), clock(TestNow()) {
    CryptoInit();
    service = std::make_shared<RequestService>(city, store, keys, clock);
  }

  std::string ApiKey(std::string_view name = "test client") {
    ApiKeyService svc(keys, clock);
    return svc.Create(name).value().key;
  }

  static SubmissionInput Pothole() {
    SubmissionInput in;
    in.service_code = "POTHOLE";
    in.lat = "40.5";
    in.lon = "-74.5";
    in.description = "Deep hole by the school";
    in.email = "jane@example.org";
    in.phone = "555-0100";
    in.first_name = "Jane";
    in.last_name = "Resident";
    in.device_id = "device-42";
    in.account_id = "acct-7";
    in.attributes = {{"SIZE", "large"}};
    return in;
  }

  RequestId Submit(const SubmissionInput& in) { return service->Submit(in).value().request.id; }

  std::shared_ptr<City> city;
  FakeClock clock;
  InMemoryRequestStore store;
  InMemoryApiKeyStore keys;
  std::shared_ptr<RequestService> service;
};

}  // namespace civic311::testing
