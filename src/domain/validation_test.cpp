#include "domain/validation.hpp"

#include <gtest/gtest.h>

#include "domain/routing.hpp"
#include "domain/text.hpp"

namespace civic311 {
namespace {

// A small city: Roads fixes potholes (with attributes), Police dispatch takes emergencies.
class World {
 public:
  World() {
    city.name = "Testville";
    city.jurisdiction_id = "testville.example";
    city.bounds = {40.0, -75.0, 41.0, -74.0};
    Department("PWD", "Public Works");
    Department("POL", "Police Dispatch").dispatch = true;
    city.dispatch_department = "POL";
    civic311::Service& pothole = Service("POTHOLE", "PWD");
    pothole.attributes = {
        {"SIZE",
         true,
         AttributeDatatype::kSingleValueList,
         true,
         "",
         1,
         "How big is it?",
         {{"small", "Small"}, {"large", "Large"}}},
        {"LANES",
         true,
         AttributeDatatype::kMultiValueList,
         false,
         "",
         2,
         "Which lanes?",
         {{"left", "Left"}, {"right", "Right"}, {"bike", "Bike lane"}}},
        {"DEPTH", true, AttributeDatatype::kNumber, false, "", 3, "Depth in cm", {}},
        {"SEEN", true, AttributeDatatype::kDatetime, false, "", 4, "When did you see it?", {}},
        {"NOTES", true, AttributeDatatype::kText, false, "", 5, "Anything else?", {}},
        {"INFO", false, AttributeDatatype::kText, false, "", 6, "We fix potholes in 3 days.", {}},
    };
    Service("GRAFFITI", "PWD");
    civic311::Service& gas = Service("GAS_LEAK", "PWD");
    gas.emergency = true;
    gas.service_notice = "Call 911 now.";
  }

  civic311::Department& Department(std::string code, std::string name) {
    city.departments.push_back({std::move(code), std::move(name), "", false});
    return city.departments.back();
  }
  civic311::Service& Service(std::string code, std::string department) {
    civic311::Service s;
    s.code = code;
    s.name = code + " name";
    s.department_code = std::move(department);
    city.services.push_back(std::move(s));
    return city.services.back();
  }

  // A valid pothole submission.
  SubmissionInput Pothole() const {
    SubmissionInput in;
    in.service_code = "POTHOLE";
    in.lat = "40.5";
    in.lon = "-74.5";
    in.description = "Deep hole";
    in.attributes = {{"SIZE", "large"}};
    return in;
  }

  City city;
};

// The field names of an error's field problems, in order.
std::vector<std::string> Fields(const Error& e) {
  std::vector<std::string> out;
  for (const auto& f : e.fields) out.push_back(f.field);
  return out;
}

std::string Describe(const Error& e) {
  std::string out = std::string(ErrorCodeName(e.code)) + ": " + e.message;
  for (const auto& f : e.fields) out += "\n  " + f.field + ": " + f.message;
  return out;
}

TEST(Validation, AcceptsAValidSubmissionAndTrimsEverything) {
  World w;
  SubmissionInput in = w.Pothole();
  in.service_code = "  POTHOLE ";
  in.lat = " 40.5";
  in.description = "  Deep hole\nnear the school  ";
  in.email = " jane@example.org ";
  in.first_name = "Jane";
  in.media_url = "https://img.example.org/1.jpg";
  in.attributes = {{"SIZE", " large "}, {"LANES", "left"}, {"LANES", "bike"},
                   {"LANES", "left"},   {"DEPTH", "12.5"}, {"SEEN", "2026-11-23T10:00:00-05:00"},
                   {"NOTES", ""}};
  auto r = ValidateSubmission(in, w.city);
  ASSERT_TRUE(r.ok()) << Describe(r.error());
  EXPECT_EQ(r->service_code, "POTHOLE");
  EXPECT_EQ(r->service_name, "POTHOLE name");
  EXPECT_DOUBLE_EQ(*r->lat, 40.5);
  EXPECT_DOUBLE_EQ(*r->lon, -74.5);
  EXPECT_EQ(r->description, "Deep hole\nnear the school");
  EXPECT_EQ(r->contact.email, "jane@example.org");
  EXPECT_EQ(r->contact.first_name, "Jane");
  EXPECT_EQ(r->media_url, "https://img.example.org/1.jpg");
  EXPECT_EQ(r->attributes.at("SIZE"), std::vector<std::string>{"large"});
  EXPECT_EQ(r->attributes.at("LANES"), (std::vector<std::string>{"left", "bike"}));  // deduped
  EXPECT_EQ(r->attributes.at("DEPTH"), std::vector<std::string>{"12.5"});
  EXPECT_FALSE(r->attributes.contains("NOTES"));  // empty answer = not given
  EXPECT_EQ(r->channel, Channel::kApi);
}

TEST(Validation, MissingServiceCodeIsInvalidArgument) {
  World w;
  SubmissionInput in = w.Pothole();
  in.service_code = "   ";
  in.lat = "garbage";  // later problems are not reported before the service is known
  auto r = ValidateSubmission(in, w.city);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Fields(r.error()), std::vector<std::string>{"service_code"});
}

TEST(Validation, UnknownServiceCodeIsNotFound) {
  World w;
  SubmissionInput in = w.Pothole();
  in.service_code = "NOPE";
  auto r = ValidateSubmission(in, w.city);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_NE(r.error().message.find("NOPE"), std::string::npos);
}

TEST(Validation, WrongJurisdictionIsNotFoundAndEmptyIsAbsent) {
  World w;
  SubmissionInput in = w.Pothole();
  in.jurisdiction_id = "elsewhere.example";
  auto r = ValidateSubmission(in, w.city);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Fields(r.error()), std::vector<std::string>{"jurisdiction_id"});
  in.jurisdiction_id = "";
  EXPECT_TRUE(ValidateSubmission(in, w.city).ok());
  in.jurisdiction_id = "testville.example";
  EXPECT_TRUE(ValidateSubmission(in, w.city).ok());
}

TEST(Validation, ALocationIsRequired) {
  World w;
  SubmissionInput in = w.Pothole();
  in.lat = in.lon = "";
  auto r = ValidateSubmission(in, w.city);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Fields(r.error()), std::vector<std::string>{"lat"});
  EXPECT_NE(r.error().fields[0].message.find("address_string"), std::string::npos);

  in.address_string = "12 Main St";
  auto by_address = ValidateSubmission(in, w.city);
  ASSERT_TRUE(by_address.ok()) << Describe(by_address.error());
  EXPECT_EQ(by_address->address, "12 Main St");
  EXPECT_FALSE(by_address->lat);

  in.address_string = "";
  in.address_id = "A-1234";
  EXPECT_TRUE(ValidateSubmission(in, w.city).ok());
}

TEST(Validation, LatAndLongMustBeNumericFiniteInRangeBothPresentAndInsideTheCity) {
  World w;
  struct Case {
    const char* lat;
    const char* lon;
    const char* field;
  };
  for (const Case& c :
       {Case{"40.5", "", "long"}, Case{"", "-74.5", "lat"}, Case{"north", "-74.5", "lat"},
        Case{"40.5", "1e999", "long"}, Case{"nan", "-74.5", "lat"}, Case{"inf", "-74.5", "lat"},
        Case{"91", "-74.5", "lat"}, Case{"40.5", "-181", "long"}, Case{"40,5", "-74.5", "lat"},
        Case{"0x28", "-74.5", "lat"}, Case{"12.0", "-74.5", "lat"} /* outside the city */}) {
    SubmissionInput in = w.Pothole();
    in.lat = c.lat;
    in.lon = c.lon;
    auto r = ValidateSubmission(in, w.city);
    ASSERT_FALSE(r.ok()) << c.lat << "," << c.lon;
    EXPECT_EQ(Fields(r.error()), std::vector<std::string>{c.field}) << Describe(r.error());
  }
  SubmissionInput in = w.Pothole();
  in.lat = "12.0";
  auto r = ValidateSubmission(in, w.city);
  EXPECT_NE(r.error().fields[0].message.find("outside Testville"), std::string::npos);
  in.lat = "+40.25";
  EXPECT_TRUE(ValidateSubmission(in, w.city).ok());
}

TEST(Validation, RequiredAttributeMissing) {
  World w;
  SubmissionInput in = w.Pothole();
  in.attributes.clear();
  auto r = ValidateSubmission(in, w.city);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Fields(r.error()), std::vector<std::string>{"attribute[SIZE]"});
  EXPECT_EQ(r.error().fields[0].message, "required (How big is it?)");
}

TEST(Validation, ListValuesMustBeKeys) {
  World w;
  SubmissionInput in = w.Pothole();
  in.attributes = {{"SIZE", "huge"}, {"LANES", "left"}, {"LANES", "middle"}};
  auto r = ValidateSubmission(in, w.city);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Fields(r.error()), (std::vector<std::string>{"attribute[SIZE]", "attribute[LANES]"}));
  EXPECT_EQ(r.error().fields[0].message, "'huge' is not a choice; must be one of: small, large");
}

TEST(Validation, SingleValuedAttributesTakeOneValue) {
  World w;
  SubmissionInput in = w.Pothole();
  in.attributes = {{"SIZE", "large"}, {"SIZE", "small"}};
  auto r = ValidateSubmission(in, w.city);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Fields(r.error()), std::vector<std::string>{"attribute[SIZE]"});
}

TEST(Validation, NumberAndDatetimeAttributes) {
  World w;
  SubmissionInput in = w.Pothole();
  in.attributes = {{"SIZE", "large"}, {"DEPTH", "deep"}, {"SEEN", "yesterday"}};
  auto r = ValidateSubmission(in, w.city);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Fields(r.error()), (std::vector<std::string>{"attribute[DEPTH]", "attribute[SEEN]"}));
}

TEST(Validation, UnknownAndInformationOnlyAttributesAreRejected) {
  World w;
  SubmissionInput in = w.Pothole();
  in.attributes = {
      {"SIZE", "large"}, {"COLOUR", "red"}, {"COLOUR", "blue"}, {"INFO", "hi"}, {"", "x"}};
  auto r = ValidateSubmission(in, w.city);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Fields(r.error()),
            (std::vector<std::string>{"attribute[COLOUR]", "attribute[INFO]", "attribute[]"}));
  // An empty answer to an information-only attribute (clients echo the whole form) is fine.
  in.attributes = {{"SIZE", "large"}, {"INFO", ""}};
  EXPECT_TRUE(ValidateSubmission(in, w.city).ok());
}

TEST(Validation, DescriptionIsLimitedTo4000CodePointsNotBytes) {
  World w;
  SubmissionInput in = w.Pothole();
  std::string four_thousand;
  for (int i = 0; i < 4000; ++i) four_thousand += "é";  // 2 bytes each
  in.description = four_thousand;
  EXPECT_TRUE(ValidateSubmission(in, w.city).ok());
  in.description += "x";
  auto r = ValidateSubmission(in, w.city);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Fields(r.error()), std::vector<std::string>{"description"});
  EXPECT_EQ(r.error().fields[0].message, "must be at most 4000 characters (got 4001)");
}

TEST(Validation, ControlCharactersAndBadUtf8AreRejected) {
  World w;
  SubmissionInput in = w.Pothole();
  in.description = "line one\r\nline two\ttabbed";  // fine in a multi-line field
  EXPECT_TRUE(ValidateSubmission(in, w.city).ok());
  in.description = std::string("bell\x07");
  in.address_string = "12 Main\nSt";  // one-line field
  in.first_name = "\xC3\x28";         // malformed UTF-8
  in.last_name = "\xC2\x85";          // C1 control (NEL)
  auto r = ValidateSubmission(in, w.city);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Fields(r.error()),
            (std::vector<std::string>{"address_string", "description", "first_name", "last_name"}));
}

TEST(Validation, EmailAndMediaUrlAreChecked) {
  World w;
  for (const char* bad : {"jane", "jane@", "@example.org", "jane@example", "jane doe@example.org",
                          "jane@example..org"}) {
    SubmissionInput in = w.Pothole();
    in.email = bad;
    auto r = ValidateSubmission(in, w.city);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(Fields(r.error()), std::vector<std::string>{"email"}) << bad;
  }
  for (const char* bad : {"ftp://x.example/a.jpg", "javascript:alert(1)", "http://", "https:// x",
                          "//x.example/a.jpg"}) {
    SubmissionInput in = w.Pothole();
    in.media_url = bad;
    auto r = ValidateSubmission(in, w.city);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(Fields(r.error()), std::vector<std::string>{"media_url"}) << bad;
  }
  SubmissionInput in = w.Pothole();
  in.media_url = "HTTP://img.example.org:8080/a.jpg?x=1";
  EXPECT_TRUE(ValidateSubmission(in, w.city).ok());
}

TEST(Validation, LengthsAreBounded) {
  World w;
  SubmissionInput in = w.Pothole();
  in.phone = std::string(51, '1');
  in.address_string = std::string(501, 'a');
  in.device_id = std::string(201, 'd');
  auto r = ValidateSubmission(in, w.city);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Fields(r.error()), (std::vector<std::string>{"address_string", "phone", "device_id"}));
}

TEST(Validation, AllProblemsAreReportedAtOnce) {
  World w;
  SubmissionInput in = w.Pothole();
  in.lat = "x";
  in.attributes.clear();
  in.email = "nope";
  auto r = ValidateSubmission(in, w.city);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().fields.size(), 3u) << Describe(r.error());
  EXPECT_NE(r.error().message.find("3 problems"), std::string::npos);
}

TEST(Routing, ServiceDepartmentOrDispatchForEmergencies) {
  World w;
  auto plain = RouteRequest(w.city, *w.city.FindService("GRAFFITI"));
  EXPECT_EQ(plain.department_code, "PWD");
  EXPECT_FALSE(plain.emergency);
  auto gas = RouteRequest(w.city, *w.city.FindService("GAS_LEAK"));
  EXPECT_EQ(gas.department_code, "POL");
  EXPECT_TRUE(gas.emergency);
  w.city.dispatch_department.reset();  // falls back to the department marked dispatch
  EXPECT_EQ(RouteRequest(w.city, *w.city.FindService("GAS_LEAK")).department_code, "POL");
}

TEST(Text, Utf8AndControls) {
  EXPECT_TRUE(IsValidUtf8("plain ascii é € 𝄞"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));          // truncated
  EXPECT_EQ(CountCodePoints("a€𝄞"), 3u);
  EXPECT_EQ(TrimAscii("\t x y \r\n"), "x y");
  EXPECT_TRUE(HasControlChars("a\x01", true));
  EXPECT_FALSE(HasControlChars("a\nb", true));
  EXPECT_TRUE(HasControlChars("a\nb", false));
  EXPECT_TRUE(HasControlChars("a\x7f", true));
}

}  // namespace
}  // namespace civic311
