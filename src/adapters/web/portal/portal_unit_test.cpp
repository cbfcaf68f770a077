#include <gtest/gtest.h>

#include "adapters/assets/assets.hpp"
#include "adapters/assets/message_catalog.hpp"
#include "adapters/web/portal/handlers.hpp"
#include "adapters/web/portal/page.hpp"
#include "adapters/web/portal/report_draft.hpp"

namespace civic311::portal {
namespace {

City TestCity() {
  City c;
  c.name = "Test City";
  Service trash;
  trash.code = "MISSED-TRASH";
  trash.name = "Missed trash pickup";
  trash.group = "Trash & Recycling";
  trash.description = "Trash that was not collected on your scheduled day.";
  trash.keywords = {"trash", "garbage", "missed pickup", "collection"};
  Service pothole;
  pothole.code = "POTHOLE";
  pothole.name = "Pothole";
  pothole.keywords = {"hole", "road", "street"};
  Service light;
  light.code = "STREETLIGHT";
  light.name = "Street light out";
  light.keywords = {"lamp", "dark"};
  c.services = {trash, pothole, light};
  return c;
}

TEST(MatchServices, FindsAServiceFromTheResidentsOwnWords) {
  City c = TestCity();
  auto found = MatchServices(c, "my trash wasn't picked up");
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found.front()->code, "MISSED-TRASH");
  found = MatchServices(c, "there's a big hole in the road");
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found.front()->code, "POTHOLE");
  EXPECT_TRUE(MatchServices(c, "the and my").empty()) << "common words alone match nothing";
  EXPECT_TRUE(MatchServices(c, "").empty());
}

TEST(Draft, TravelsThroughHiddenFieldsWithoutTheCurrentStepsFields) {
  http::Request req;
  req.form = {{"service_code", "POTHOLE"},
              {"lat", "42.35"},
              {"long", "-71.06"},
              {"description", "deep"},
              {"attribute[LOCATION]", "STREET"},
              {"attribute[SURFACES][]", "A"},
              {"attribute[SURFACES][]", "B"},
              {"email", "a@b.org"},
              {"anonymous", "1"},
              {"photo", "../../etc/passwd"}};
  Draft d = Draft::From(req);
  EXPECT_EQ(d.Values("SURFACES"), (std::vector<std::string>{"A", "B"}));
  EXPECT_TRUE(d.photos.empty()) << "only names the media service hands out";
  auto names = [](const boost::json::array& a) {
    std::vector<std::string> out;
    for (const auto& v : a) out.emplace_back(v.at("name").as_string());
    return out;
  };
  auto details = names(d.Hidden(Step::kDetails));
  EXPECT_EQ(std::count(details.begin(), details.end(), "description"), 0);
  EXPECT_EQ(std::count(details.begin(), details.end(), "lat"), 1);
  auto where = names(d.Hidden(Step::kWhere));
  EXPECT_EQ(std::count(where.begin(), where.end(), "lat"), 0);
  EXPECT_EQ(std::count(where.begin(), where.end(), "attribute[SURFACES]"), 2);
  // Anonymous: no contact reaches the submission.
  SubmissionInput in = d.ToSubmission();
  EXPECT_TRUE(in.email.empty());
  EXPECT_EQ(in.channel, Channel::kWeb);
  EXPECT_EQ(StepOfField("attribute[X]"), Step::kDetails);
  EXPECT_EQ(StepOfField("long"), Step::kWhere);
  EXPECT_EQ(StepOfField("email"), Step::kAbout);
}

TEST(Redirect, NeverLeavesTheSite) {
  EXPECT_EQ(Redirect("/requests/5").headers.front().second, "/requests/5");
  for (const char* evil : {"//evil.example/", "/\\evil.example", "https://evil.example", ""}) {
    http::Response r = Redirect(evil);
    for (const auto& [k, v] : r.headers) {
      if (k == "Location") {
        EXPECT_EQ(v, "/") << evil;
      }
    }
  }
}

TEST(ParseId, AcceptsATrackingNumberAsTyped) {
  EXPECT_EQ(ParseId("1234"), 1234);
  EXPECT_EQ(ParseId(" #1234 "), 1234);
  EXPECT_FALSE(ParseId("12a"));
  EXPECT_FALSE(ParseId("0"));
  EXPECT_FALSE(ParseId("99999999999999999999"));
}

}  // namespace
}  // namespace civic311::portal
