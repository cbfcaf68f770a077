#include "adapters/open311/render.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "adapters/open311/status_map.hpp"
#include "app/testing/test_city.hpp"
#include "base/time_format.hpp"

namespace civic311::open311 {
namespace {

using testing::MakeTestville;

ServiceRequest FullRequest() {
  ServiceRequest r;
  r.id = 42;
  r.token = "tok";
  r.service_code = "POTHOLE";
  r.service_name = "Pothole";
  r.state = RequestState::kInProgress;
  r.description = "Deep <hole> & \"wide\"";
  r.lat = 40.5;
  r.lon = -74.25;
  r.address = "12 Main St";
  r.address_id = "A1";
  r.zipcode = "10001";
  r.media_url = "https://img.example.org/1.jpg";
  r.department_code = "PWD";
  r.status_notes = "Crew assigned";
  r.requested_at = *ParseW3cDatetime("2026-11-20T10:00:00Z");
  r.updated_at = *ParseW3cDatetime("2026-11-21T11:30:00Z");
  r.expected_at = *ParseW3cDatetime("2026-11-23T10:00:00Z");
  r.contact.email = "jane@example.org";
  r.contact.phone = "555-0100";
  r.contact.first_name = "Jane";
  r.contact.last_name = "Resident";
  r.contact.device_id = "device-42";
  r.contact.account_id = "acct-7";
  return r;
}

// A request with nothing optional: no location point, no times but requested.
ServiceRequest SparseRequest() {
  ServiceRequest r;
  r.id = 7;
  r.service_code = "GRAFFITI";
  r.service_name = "Graffiti";
  r.department_code = "GONE";  // a department no longer in the config
  r.state = RequestState::kDuplicate;
  r.parent_id = 3;
  r.channel = Channel::kPhone;
  r.address = "Library";
  r.requested_at = *ParseW3cDatetime("2026-11-20T10:00:00Z");
  return r;
}

std::string Requests(Format f, std::vector<ServiceRequest> rs, bool extensions = false) {
  std::string out;
  RenderRequests(f, *MakeTestville(), rs, extensions, out);
  return out;
}

TEST(Render, RequestJsonHasEveryFieldInSpecOrder) {
  EXPECT_EQ(
      Requests(Format::kJson, {FullRequest()}),
      R"([{"service_request_id":"42","status":"open","status_notes":"Crew assigned",)"
      R"("service_name":"Pothole","service_code":"POTHOLE","description":"Deep <hole> & \"wide\"",)"
      R"("agency_responsible":"Public Works","service_notice":"We fix potholes within 3 days.",)"
      R"("requested_datetime":"2026-11-20T10:00:00Z","updated_datetime":"2026-11-21T11:30:00Z",)"
      R"("expected_datetime":"2026-11-23T10:00:00Z","address":"12 Main St","address_id":"A1",)"
      R"("zipcode":"10001","lat":40.5,"long":-74.25,"media_url":"https://img.example.org/1.jpg"}])");
}

TEST(Render, RequestXmlHasEveryFieldInSpecOrder) {
  EXPECT_EQ(Requests(Format::kXml, {FullRequest()}),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
            "<service_requests><request><service_request_id>42</service_request_id>"
            "<status>open</status><status_notes>Crew assigned</status_notes>"
            "<service_name>Pothole</service_name><service_code>POTHOLE</service_code>"
            "<description>Deep &lt;hole&gt; &amp; \"wide\"</description>"
            "<agency_responsible>Public Works</agency_responsible>"
            "<service_notice>We fix potholes within 3 days.</service_notice>"
            "<requested_datetime>2026-11-20T10:00:00Z</requested_datetime>"
            "<updated_datetime>2026-11-21T11:30:00Z</updated_datetime>"
            "<expected_datetime>2026-11-23T10:00:00Z</expected_datetime>"
            "<address>12 Main St</address><address_id>A1</address_id><zipcode>10001</zipcode>"
            "<lat>40.5</lat><long>-74.25</long>"
            "<media_url>https://img.example.org/1.jpg</media_url></request></service_requests>\n");
}

TEST(Render, AbsentValuesAreEmptyStringsOrNull) {
  std::string json = Requests(Format::kJson, {SparseRequest()});
  auto v = boost::json::parse(json).as_array().at(0).as_object();
  EXPECT_EQ(v.at("status"), "closed");
  EXPECT_EQ(v.at("status_notes"), "");
  EXPECT_EQ(v.at("description"), "");
  EXPECT_EQ(v.at("service_notice"), "");
  EXPECT_EQ(v.at("agency_responsible"), "GONE");
  EXPECT_TRUE(v.at("updated_datetime").is_null());
  EXPECT_TRUE(v.at("expected_datetime").is_null());
  EXPECT_TRUE(v.at("lat").is_null());
  EXPECT_TRUE(v.at("long").is_null());
  // "" is not a URI: the official schemas (format "uri") refuse it, so no media is null.
  EXPECT_TRUE(v.at("media_url").is_null());
  EXPECT_EQ(v.size(), 17u);  // every field of the spec, always
  std::string xml = Requests(Format::kXml, {SparseRequest()});
  EXPECT_NE(xml.find("<media_url></media_url>"), std::string::npos);
  EXPECT_NE(xml.find("<expected_datetime></expected_datetime>"), std::string::npos);
  EXPECT_NE(xml.find("<lat></lat><long></long>"), std::string::npos);
}

TEST(Render, ExtendedAttributes) {
  auto v = boost::json::parse(Requests(Format::kJson, {SparseRequest(), FullRequest()}, true))
               .as_array();
  auto ext = v.at(0).as_object().at("extended_attributes").as_object();
  EXPECT_EQ(ext.at("channel"), "phone");
  EXPECT_EQ(ext.at("detailed_status"), "duplicate");
  EXPECT_EQ(ext.at("detailed_status_label"), "Closed: duplicate");
  EXPECT_EQ(ext.at("emergency"), false);
  EXPECT_EQ(ext.at("duplicate"), true);
  EXPECT_EQ(ext.at("parent_service_request_id"), "3");
  EXPECT_EQ(
      v.at(1).as_object().at("extended_attributes").as_object().at("parent_service_request_id"),
      "");
  std::string xml = Requests(Format::kXml, {SparseRequest()}, true);
  EXPECT_NE(xml.find("<extended_attributes><channel>phone</channel><detailed_status>duplicate"
                     "</detailed_status>"),
            std::string::npos);
}

TEST(Render, ContactFieldsAreNeverRendered) {
  for (Format f : {Format::kJson, Format::kXml}) {
    for (bool ext : {false, true}) {
      std::string out = Requests(f, {FullRequest()}, ext);
      for (const char* secret : {"jane@example.org", "555-0100", "Jane", "Resident", "device-42",
                                 "acct-7", "pwd@testville.example", "tok"}) {
        EXPECT_EQ(out.find(secret), std::string::npos) << secret << " in " << out;
      }
    }
  }
}

TEST(Render, EmptyListAndManyRequests) {
  EXPECT_EQ(Requests(Format::kJson, {}), "[]");
  EXPECT_EQ(Requests(Format::kXml, {}),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<service_requests></service_requests>\n");
  std::vector<ServiceRequest> many(1000, FullRequest());
  auto v = boost::json::parse(Requests(Format::kJson, many));
  EXPECT_EQ(v.as_array().size(), 1000u);
}

TEST(Render, ServiceListBothFormats) {
  std::string json;
  RenderServiceList(Format::kJson, *MakeTestville(), json);
  auto v = boost::json::parse(json).as_array();
  ASSERT_EQ(v.size(), 4u);
  EXPECT_EQ(
      serialize(v.at(0)),
      R"({"service_code":"POTHOLE","service_name":"Pothole","description":"A hole in the road",)"
      R"("metadata":true,"type":"realtime","keywords":"road,hole","group":"Streets"})");
  EXPECT_EQ(v.at(1).as_object().at("metadata"), false);
  EXPECT_EQ(v.at(2).as_object().at("type"), "batch");
  std::string xml;
  RenderServiceList(Format::kXml, *MakeTestville(), xml);
  EXPECT_EQ(
      xml.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<services><service><service_code>"
                "POTHOLE</service_code><service_name>Pothole</service_name><description>"
                "A hole in the road</description>",
                0),
      0u);
  EXPECT_NE(xml.find("<metadata>true</metadata><type>realtime</type><keywords>road,hole"
                     "</keywords><group>Streets</group></service>"),
            std::string::npos);
}

TEST(Render, ServiceDefinitionBothFormats) {
  auto city = MakeTestville();
  std::string json;
  RenderServiceDefinition(Format::kJson, *city->FindService("POTHOLE"), json);
  auto def = boost::json::parse(json).as_object();
  EXPECT_EQ(def.at("service_code"), "POTHOLE");
  auto attrs = def.at("attributes").as_array();
  ASSERT_EQ(attrs.size(), 4u);
  EXPECT_EQ(serialize(attrs.at(0)),
            R"({"variable":true,"code":"SIZE","datatype":"singlevaluelist","required":true,)"
            R"("datatype_description":"Pick one","order":1,"description":"How big is it?",)"
            R"("values":[{"key":"small","name":"Small"},{"key":"large","name":"Large & deep"}]})");
  EXPECT_EQ(attrs.at(3).as_object().at("variable"), false);
  EXPECT_EQ(attrs.at(3).as_object().at("values").as_array().size(), 0u);

  std::string xml;
  RenderServiceDefinition(Format::kXml, *city->FindService("POTHOLE"), xml);
  EXPECT_NE(xml.find("<service_definition><service_code>POTHOLE</service_code><attributes>"
                     "<attribute><variable>true</variable><code>SIZE</code>"),
            std::string::npos);
  EXPECT_NE(xml.find("<values><value><key>small</key><name>Small</name></value><value><key>large"
                     "</key><name>Large &amp; deep</name></value></values></attribute>"),
            std::string::npos);
  std::string empty;
  RenderServiceDefinition(Format::kXml, *city->FindService("GRAFFITI"), empty);
  EXPECT_EQ(empty,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<service_definition><service_code>GRAFFITI"
            "</service_code><attributes></attributes></service_definition>\n");
}

TEST(Render, Discovery) {
  DiscoveryInfo d{"2026-11-23T15:00:00Z", "311@x", "ask us", "https://311.x/open311/v2"};
  std::string json;
  RenderDiscovery(Format::kJson, d, json);
  EXPECT_EQ(json, R"({"changeset":"2026-11-23T15:00:00Z","contact":"311@x","key_service":"ask us",)"
                  R"("endpoints":[{"specification":"http://wiki.open311.org/GeoReport_v2",)"
                  R"("url":"https://311.x/open311/v2","changeset":"2026-11-23T15:00:00Z",)"
                  R"("type":"production","formats":["text/xml","application/json"]}]})");
  std::string xml;
  RenderDiscovery(Format::kXml, d, xml);
  EXPECT_NE(xml.find("<endpoints><endpoint><specification>http://wiki.open311.org/GeoReport_v2"
                     "</specification><url>https://311.x/open311/v2</url>"),
            std::string::npos);
  EXPECT_NE(xml.find("<formats><format>text/xml</format><format>application/json</format>"
                     "</formats></endpoint></endpoints></discovery>"),
            std::string::npos);
}

TEST(Render, SubmittedAndToken) {
  SubmitOutcome o;
  o.request = FullRequest();
  o.service_notice = "Soon";
  std::string realtime;
  RenderSubmitted(Format::kJson, o, realtime);
  EXPECT_EQ(realtime,
            R"([{"service_request_id":"42","service_notice":"Soon","account_id":"acct-7"}])");
  o.service_type = ServiceType::kBatch;
  std::string batch;
  RenderSubmitted(Format::kXml, o, batch);
  EXPECT_EQ(batch,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<service_requests><request><token>tok"
            "</token><service_notice>Soon</service_notice><account_id>acct-7</account_id>"
            "</request></service_requests>\n");
  std::string token;
  RenderToken(Format::kJson, 42, "tok", token);
  EXPECT_EQ(token, R"([{"service_request_id":"42","token":"tok"}])");
}

TEST(Render, Errors) {
  std::vector<std::string> d = {"lat: must be a number", "attribute[SIZE]: required"};
  std::string json;
  RenderErrors(Format::kJson, 400, d, json);
  EXPECT_EQ(json, R"([{"code":400,"description":"lat: must be a number"},)"
                  R"({"code":400,"description":"attribute[SIZE]: required"}])");
  std::string xml;
  RenderErrors(Format::kXml, 403, std::vector<std::string>{"api_key <bad>"}, xml);
  EXPECT_EQ(xml,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<errors><error><code>403</code>"
            "<description>api_key &lt;bad&gt;</description></error></errors>\n");
}

TEST(StatusMap, EveryStateHasAStatusAndBothWaysAgree) {
  for (RequestState s : kAllStates) {
    std::string_view status = StatusOf(s);
    ASSERT_TRUE(status == "open" || status == "closed");
    EXPECT_EQ(status == "open", IsOpen(s)) << StateName(s);  // agrees with the domain's groups
    auto back = StatesWithStatus(status);
    ASSERT_TRUE(back);
    EXPECT_NE(std::find(back->begin(), back->end(), s), back->end());
  }
  EXPECT_EQ(StatesWithStatus("Open")->size(), 7u);
  EXPECT_EQ(StatesWithStatus("CLOSED")->size(), 6u);
  EXPECT_FALSE(StatesWithStatus("pending"));
  EXPECT_FALSE(StatesWithStatus(""));
}

// FixMyStreet's whole vocabulary, in the three spellings it sends (extended statuses in upper
// case, its state names in lower case with spaces), plus ours and plain Open311.
TEST(StatusMap, IncomingFixMyStreetVocabulary) {
  using S = RequestState;
  const std::pair<std::string_view, S> moves[] = {
      {"INVESTIGATING", S::kAcknowledged},
      {"ACTION_SCHEDULED", S::kActionScheduled},
      {"action scheduled", S::kActionScheduled},
      {"IN_PROGRESS", S::kInProgress},
      {"in progress", S::kInProgress},
      {"FIXED", S::kFixed},
      {"fixed - council", S::kFixed},
      {"fixed - user", S::kFixed},
      {"CLOSED", S::kFixed},
      {"closed", S::kFixed},
      {"DUPLICATE", S::kDuplicate},
      {"NOT_COUNCILS_RESPONSIBILITY", S::kNotResponsible},
      {"not councils responsibility", S::kNotResponsible},
      {"not responsible", S::kNotResponsible},
      {"NO_FURTHER_ACTION", S::kNoFurtherAction},
      {"unable to fix", S::kNoFurtherAction},
      {"INTERNAL_REFERRAL", S::kReferred},
      {"internal referral", S::kReferred},
      {"CANCELLED", S::kCancelled},
      {"waiting_third_party", S::kWaitingThirdParty},
  };
  for (const auto& [word, state] : moves) {
    auto got = ParseIncomingStatus(word);
    ASSERT_TRUE(got) << word;
    EXPECT_FALSE(got->open) << word;
    EXPECT_EQ(got->state, state) << word;
  }
  for (std::string_view word :
       {"OPEN", "open", "FOR_TRIAGE", "for triage", "REOPEN", "reopened", "confirmed", "Open"}) {
    auto got = ParseIncomingStatus(word);
    ASSERT_TRUE(got) << word;
    EXPECT_TRUE(got->open) << word;
  }
  for (std::string_view word : {"", "teleported", "_", "in__progress__x", "fixed council x"}) {
    EXPECT_FALSE(ParseIncomingStatus(word)) << word;
  }
  // Every one of our states can be named by its own name.
  for (S s : kAllStates) EXPECT_TRUE(ParseIncomingStatus(StateName(s))) << StateName(s);
}

}  // namespace
}  // namespace civic311::open311
