// `civic311 route`: the department a request at a point would go to, and why; one clear line and
// exit 1 outside the city or for an unknown service. The decisions themselves are unit-tested in
// src/domain/routing_test.cpp and src/adapters/config/area_config_test.cpp.
#include <gtest/gtest.h>

#include "harness.hpp"

namespace civic311::it {
namespace {

class RouteCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    CommandResult init = RunCivic311({"init", "--db", db_, "--demo"}, 60s);
    ASSERT_EQ(init.exit_code, 0) << init.Describe();
  }
  CommandResult Route(const std::string& service, const std::string& lat, const std::string& lon) {
    return RunCivic311({"route", "--db", db_, "--service", service, "--lat", lat, "--long", lon},
                       60s);
  }
  TempDir dir_;
  std::string db_ = (dir_.path() / "city.db").string();
};

TEST_F(RouteCommand, PrintsTheDepartmentAndWhy) {
  CommandResult north = Route("POTHOLE", "42.385", "-71.10");
  ASSERT_EQ(north.exit_code, 0) << north.Describe();
  EXPECT_NE(north.out.find("PWD-NORTH  Public Works — North Yard"), std::string::npos) << north.out;
  EXPECT_NE(north.out.find("in area 'Ward 1'"), std::string::npos) << north.out;

  CommandResult downtown = Route("POTHOLE", "42.3601", "-71.0589");
  ASSERT_EQ(downtown.exit_code, 0) << downtown.Describe();
  EXPECT_EQ(downtown.out.rfind("PWD  Public Works\n", 0), 0u) << downtown.out;
}

TEST_F(RouteCommand, OutsideTheCityOrUnknownServiceIsOneLineAndExitOne) {
  for (const auto& r : {Route("POTHOLE", "42.399", "-70.981"), Route("NOPE", "42.36", "-71.06")}) {
    EXPECT_EQ(r.exit_code, 1) << r.Describe();
    EXPECT_TRUE(r.out.empty()) << r.Describe();
    ASSERT_FALSE(r.err.empty());
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << r.Describe();
  }
  EXPECT_NE(Route("POTHOLE", "42.399", "-70.981").err.find("is outside Demo City"),
            std::string::npos);
}

}  // namespace
}  // namespace civic311::it
