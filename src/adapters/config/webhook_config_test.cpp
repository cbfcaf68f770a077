// [[webhooks]]: endpoints, secrets named (never inline), event filters; every mistake located.
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

Result<std::shared_ptr<const City>> Load(std::string_view webhooks) {
  return testing::LoadSmallCity(webhooks, "hooks.toml");
}

TEST(WebhookConfig, ReadsEndpointsWithSecretSourcesAndFilters) {
  auto city = Load(R"(
[[webhooks]]
name = "assets"
url = "https://assets.example.org/civic311?src=311"
secret_env = "ASSETS_WEBHOOK_SECRET"
events = ["created", "state_changed"]

[[webhooks]]
name = "workorders"
url = "http://10.0.0.5:8080"
secret_file = "/etc/civic311/workorders.secret"
)");
  ASSERT_TRUE(city.ok()) << city.error().detail;
  ASSERT_EQ((*city)->webhooks.size(), 2u);
  const WebhookEndpoint& a = (*city)->webhooks[0];
  EXPECT_EQ(a.name, "assets");
  EXPECT_EQ(a.secret_env, "ASSETS_WEBHOOK_SECRET");
  EXPECT_TRUE(a.Wants("created"));
  EXPECT_FALSE(a.Wants("note"));
  const WebhookEndpoint& w = (*city)->webhooks[1];
  EXPECT_EQ(w.secret_file, "/etc/civic311/workorders.secret");
  EXPECT_TRUE(w.Wants("note"));  // no filter: everything
}

TEST(WebhookConfig, ADisabledEndpointIsKeptButWantsNothing) {
  auto city = Load(R"(
[[webhooks]]
name = "assets"
url = "https://assets.example.org/hook"
secret_env = "ASSETS_WEBHOOK_SECRET"
enabled = false
)");
  ASSERT_TRUE(city.ok()) << city.error().detail;
  ASSERT_EQ((*city)->webhooks.size(), 1u);
  EXPECT_FALSE((*city)->webhooks[0].enabled);
  EXPECT_FALSE((*city)->webhooks[0].Wants("created"));
}

TEST(WebhookConfig, EveryMistakeIsReportedWithItsLocation) {
  auto city = Load(R"(
[[webhooks]]
name = "a"
url = "ftp://example.org/"
secret = "hunter2"
events = ["created", "deleted", "created"]

[[webhooks]]
name = "A"
url = "https://user:pw@example.org/"
secret_env = "X"
secret_file = "/x"

[[webhooks]]
name = "nosecret"
url = "http://example.org:99999/"

[[webhooks]]
name = "badenv"
url = "http://example.org/"
secret_env = "NOT-A-NAME"
events = []
)");
  ASSERT_FALSE(city.ok());
  const auto& f = city.error().fields;
  SCOPED_TRACE(city.error().detail);
  EXPECT_THAT(f, Contains(Mistake("hooks.toml:21:7 webhooks[0].url", "http:// or https://")));
  EXPECT_THAT(f, Contains(Mistake("webhooks[0].secret", "must not be written in the config")));
  EXPECT_THAT(f, Contains(Mistake("webhooks[0].events", "\"deleted\" is not an event")));
  EXPECT_THAT(f, Contains(Mistake("webhooks[0].events", "listed twice")));
  EXPECT_THAT(f, Contains(Mistake("webhooks[1].name", "duplicate webhook name")));
  EXPECT_THAT(f, Contains(Mistake("webhooks[1].url", "user name or password")));
  EXPECT_THAT(f, Contains(Mistake("webhooks[1].secret_file", "not both")));
  EXPECT_THAT(f, Contains(Mistake("webhooks[2].url", "above 65535")));
  EXPECT_THAT(f, Contains(Mistake("webhooks[2].secret_env", "needs a signing secret")));
  EXPECT_THAT(f, Contains(Mistake("webhooks[3].secret_env", "not an environment variable")));
  EXPECT_THAT(f, Contains(Mistake("webhooks[3].events", "empty list")));
}

TEST(WebhookUrl, SplitsHostPortAndTarget) {
  std::string problem;
  auto u = ParseWebhookUrl("https://[::1]:8443/a/b?x=1", &problem);
  ASSERT_TRUE(u) << problem;
  EXPECT_TRUE(u->https);
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->port, 8443);
  EXPECT_EQ(u->target, "/a/b?x=1");
  auto plain = ParseWebhookUrl("http://example.org", &problem);
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->port, 80);
  EXPECT_EQ(plain->target, "/");
  EXPECT_FALSE(ParseWebhookUrl("http://exa mple.org/", &problem));
  EXPECT_FALSE(ParseWebhookUrl("http:///path", &problem));
  EXPECT_FALSE(ParseWebhookUrl("http://example.org/#frag", &problem));
}

}  // namespace
}  // namespace civic311
