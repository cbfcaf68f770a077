// The discovery "changeset" is the stored city configuration's catalogue version: the same across
// restarts and re-inits with the same catalogue (so clients keep their cached service lists), and
// later when a service changes (issue 11). The store's rule is unit-tested in the store contract
// (CityConfigSavesAndLoads); this is the whole path: init, serve, discovery.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "base/time_format.hpp"
#include "harness.hpp"

namespace civic311::it {
namespace {

std::string Changeset(Server& server) {
  HttpResponse r = server.Client().Get("/open311/discovery.json");
  EXPECT_EQ(r.status, 200) << r.body;
  auto v = boost::json::parse(r.body);
  return std::string(v.at("changeset").as_string());
}

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(DiscoveryChangeset, MovesWhenTheServicesChangeAndOnlyThen) {
  TempDir dir;
  const std::string db = (dir.path() / "city.db").string();
  ASSERT_EQ(RunCivic311({"init", "--db", db, "--demo"}).exit_code, 0);
  std::string first;
  {
    Server server(db, {});
    first = Changeset(server);
  }
  ASSERT_FALSE(first.empty());
  // Wait until the clock has moved past the first version, so a version that moved would show.
  while (FormatUtc(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())) <=
         first) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  {
    Server restarted(db, {});
    EXPECT_EQ(Changeset(restarted), first) << "a restart is not a change";
  }
  // The same catalogue again, and a change outside it (the calendar): no new version.
  std::string demo = ReadFile(std::string(CIVIC311_SOURCE_DIR) + "/config/demo-city.toml");
  const std::string calendar_edit =
      std::string(demo).replace(demo.find("opens = \"08:00\""), 15, "opens = \"07:30\"");
  const auto config = dir.path() / "city.toml";
  std::ofstream(config, std::ios::binary) << calendar_edit;
  ASSERT_EQ(RunCivic311({"init", "--db", db, "--demo"}).exit_code, 0);
  CommandResult edited = RunCivic311({"init", "--db", db, "--config", config.string()});
  ASSERT_EQ(edited.exit_code, 0) << edited.Describe();
  {
    Server same(db, {});
    EXPECT_EQ(Changeset(same), first) << "the services did not change";
  }
  // A service renamed: a new, later version.
  const std::string renamed =
      std::string(demo).replace(demo.find("name = \"Pothole\""), 16, "name = \"Pot hole\"");
  std::ofstream(config, std::ios::binary | std::ios::trunc) << renamed;
  CommandResult changed = RunCivic311({"init", "--db", db, "--config", config.string()});
  ASSERT_EQ(changed.exit_code, 0) << changed.Describe();
  Server after(db, {});
  EXPECT_GT(Changeset(after), first);
}

}  // namespace
}  // namespace civic311::it
