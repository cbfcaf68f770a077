// [dispatch]: the on-duty contacts alerted when dispatch does not acknowledge an emergency, and
// the acknowledgement timeout; every mistake located.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "adapters/config/city_config.hpp"
#include "adapters/config/config_test_support.hpp"

namespace civic311 {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::Field;
using ::testing::HasSubstr;
using testing::Mistake;

Result<std::shared_ptr<const City>> Load(std::string_view dispatch) {
  return testing::LoadSmallCity(dispatch, "duty.toml");
}

TEST(DispatchConfig, ReadsOnDutyContactsAndTheTimeout) {
  auto city = Load(R"(
[dispatch]
ack_timeout_seconds = 90

[[dispatch.on_duty]]
name = "Duty officer"
email = "duty@dutyville.example"
phone = "+1 555 0100"

[[dispatch.on_duty]]
name = "Manager"
phone = "+15550101"
lang = "ES"
)");
  ASSERT_TRUE(city.ok()) << city.error().detail;
  const City& c = **city;
  EXPECT_EQ(c.dispatch_ack_timeout, std::chrono::seconds(90));
  ASSERT_EQ(c.on_duty.size(), 2u);
  EXPECT_EQ(c.on_duty[0].email, "duty@dutyville.example");
  EXPECT_EQ(c.on_duty[0].lang, "en");
  EXPECT_EQ(c.on_duty[1].phone, "+15550101");
  EXPECT_EQ(c.on_duty[1].lang, "es");
  // Without [dispatch]: 60 s and nobody.
  auto plain = Load("");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ((*plain)->dispatch_ack_timeout, std::chrono::seconds(60));
  EXPECT_TRUE((*plain)->on_duty.empty());
}

TEST(DispatchConfig, EveryMistakeIsReportedWithItsLocation) {
  auto city = Load(R"(
[dispatch]
ack_timeout_seconds = 5
pager = "x"

[[dispatch.on_duty]]
name = "Ann"
email = "not an address"
phone = "555-0100"

[[dispatch.on_duty]]
name = "ann"

[[dispatch.on_duty]]
name = "Bo"
email = "bo@dutyville.example"
lang = "english"
)");
  ASSERT_FALSE(city.ok());
  const auto& f = city.error().fields;
  SCOPED_TRACE(city.error().detail);
  EXPECT_THAT(f, Contains(Mistake("dispatch.ack_timeout_seconds", "between 10 and 3600")));
  EXPECT_THAT(f, Contains(Mistake("dispatch.pager", "")));
  EXPECT_THAT(f, Contains(Mistake("dispatch.on_duty[0].email", "not an e-mail address")));
  EXPECT_THAT(f, Contains(Mistake("dispatch.on_duty[0].phone", "international form")));
  EXPECT_THAT(f, Contains(Mistake("dispatch.on_duty[1].name", "listed twice")));
  EXPECT_THAT(f, Contains(Mistake("dispatch.on_duty[1].email", "needs an email, a phone")));
  EXPECT_THAT(f, Contains(Mistake("dispatch.on_duty[2].lang", "not a language code")));
}

}  // namespace
}  // namespace civic311
