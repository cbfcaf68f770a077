// The managers' dashboard against the real binary: who may see which figures (the policy's
// view_reports: admins everywhere and city-wide, managers and staff their own departments, nobody
// else), bad periods answered on the page, the CSV export, and hostile service names escaped on
// the page and defused in the CSV.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "accounts.hpp"
#include "harness.hpp"

namespace civic311::it {
namespace {

// A console visit with the session of `email` (the staff API's session token is the console's
// session cookie: one session piece).
struct Visitor {
  HttpClient client;
  std::string token;
  HttpResponse Get(const std::string& path) {
    return token.empty() ? client.Get(path)
                         : client.Get(path, {{"Cookie", "c311_session=" + token}});
  }
};

Visitor As(Instance& city, const std::string& email) {
  Visitor v{city.Client(), ""};
  if (!email.empty()) v.token = SignIn(v.client, email);
  return v;
}

class Dashboard : public ::testing::Test {
 protected:
  void StartWithUsers() {
    MakeUser(city_, "admin@dash.example", "admin");
    MakeUser(city_, "boss@dash.example", "manager", {"PWD"});
    MakeUser(city_, "crew@dash.example", "staff", {"PWD"});
    MakeUser(city_, "agent@dash.example", "agent", {"CC311"});
    MakeUser(city_, "resident@dash.example", "resident");
    city_.Start();
  }
  Instance city_;
};

TEST_F(Dashboard, WhoSeesWhichFigures) {
  StartWithUsers();
  const std::vector<std::string> paths = {"/staff/dashboard", "/staff/dashboard.csv?table=summary"};
  for (const std::string& path : paths) {
    HttpResponse anon = As(city_, "").Get(path);
    EXPECT_EQ(anon.status, 303) << path;
    EXPECT_EQ(anon.Header("location").rfind("/staff/signin?next=", 0), 0u) << path;
    EXPECT_EQ(As(city_, "resident@dash.example").Get(path).status, 403) << path;
    EXPECT_EQ(As(city_, "agent@dash.example").Get(path).status, 403) << path;
  }
  Visitor boss = As(city_, "boss@dash.example");
  HttpResponse own = boss.Get("/staff/dashboard");
  EXPECT_EQ(own.status, 200) << own.Describe();
  EXPECT_NE(own.body.find("Public Works"), std::string::npos);
  EXPECT_EQ(boss.Get("/staff/dashboard?department=PWD&days=90").status, 200);
  EXPECT_EQ(boss.Get("/staff/dashboard?department=SAN").status, 403);
  EXPECT_EQ(boss.Get("/staff/dashboard?department=*").status, 403);
  EXPECT_EQ(boss.Get("/staff/dashboard.csv?table=summary&department=SAN").status, 403);
  EXPECT_EQ(As(city_, "crew@dash.example").Get("/staff/dashboard?department=PWD").status, 200);
  Visitor admin = As(city_, "admin@dash.example");
  HttpResponse city = admin.Get("/staff/dashboard");
  EXPECT_EQ(city.status, 200);
  EXPECT_NE(city.body.find("City-wide"), std::string::npos);
  EXPECT_EQ(admin.Get("/staff/dashboard?department=SAN&days=365").status, 200);
  // The console's navigation offers the dashboard to those who may see it, and not to agents.
  EXPECT_NE(city.body.find("href=\"/staff/dashboard\""), std::string::npos);
  EXPECT_EQ(As(city_, "agent@dash.example").Get("/staff/queue").body.find("/staff/dashboard"),
            std::string::npos);
}

TEST_F(Dashboard, BadPeriodsAreExplainedOnThePage) {
  StartWithUsers();
  Visitor boss = As(city_, "boss@dash.example");
  HttpResponse days = boss.Get("/staff/dashboard?days=13");
  EXPECT_EQ(days.status, 400);
  EXPECT_NE(days.body.find("id=\"days-error\""), std::string::npos);
  for (const char* q : {"from=2026-13-01&to=2026-12-01", "from=2026-02-01&to=2026-01-01",
                        "from=2018-01-01&to=2020-01-01", "from=2026-01-01", "to=3000-01-01"}) {
    HttpResponse r = boss.Get(std::string("/staff/dashboard?") + q);
    EXPECT_EQ(r.status, 400) << q;
    EXPECT_NE(r.body.find("id=\"dates-error\""), std::string::npos) << q;
  }
  EXPECT_EQ(boss.Get("/staff/dashboard?from=2020-01-01&to=2020-01-31").status, 200);
  EXPECT_EQ(boss.Get("/staff/dashboard.csv?table=nope").status, 404);
  EXPECT_EQ(boss.Get("/staff/dashboard.csv?table=summary&days=13").status, 400);
}

TEST_F(Dashboard, CsvOfEveryTable) {
  StartWithUsers();
  HttpClient api = city_.Client();
  Post311(city_, api, "dashboard csv test");
  Visitor admin = As(city_, "admin@dash.example");
  for (const char* table :
       {"summary", "by_day", "by_service", "by_channel", "info", "areas", "backlog"}) {
    HttpResponse r = admin.Get(std::string("/staff/dashboard.csv?table=") + table + "&days=7");
    ASSERT_EQ(r.status, 200) << table;
    EXPECT_EQ(r.Header("content-type"), "text/csv; charset=utf-8");
    EXPECT_NE(r.Header("content-disposition").find("attachment"), std::string::npos);
    EXPECT_EQ(r.Header("cache-control"), "no-store");
    // Every line has as many fields as the header (no field holds a comma unquoted here).
    std::istringstream lines(r.body);
    std::string header, line;
    std::getline(lines, header);
    const auto fields = std::count(header.begin(), header.end(), ',');
    int rows = 0;
    while (std::getline(lines, line)) {
      ++rows;
      EXPECT_EQ(std::count(line.begin(), line.end(), ','), fields) << table << ": " << line;
    }
    if (std::string(table) != "info") {
      EXPECT_GT(rows, 0) << table;
    }
  }
  HttpResponse summary = admin.Get("/staff/dashboard.csv?table=summary&days=7");
  EXPECT_NE(summary.body.find("received,1,"), std::string::npos) << summary.body;
  // The page links each table's CSV with the same period and department.
  HttpResponse page = admin.Get("/staff/dashboard?days=7");
  EXPECT_NE(page.body.find("/staff/dashboard.csv?table=by_service&amp;days=7"), std::string::npos);
}

// Service names come from configuration: a hostile one is text on the page (never markup) and,
// in the CSV, a quoted cell that a spreadsheet will not run as a formula.
TEST_F(Dashboard, HostileServiceNamesAreEscapedAndDefused) {
  const std::string hostile = "=HYPERLINK(\"http://x\",\"<script>alert(1)</script>\")";
  std::ifstream in(std::string(CIVIC311_SOURCE_DIR) + "/config/demo-city.toml");
  std::ostringstream out;
  std::string line;
  bool in_service = false;
  while (std::getline(in, line)) {
    if (line.rfind("[", 0) == 0) in_service = line == "[[services]]";
    if (in_service && line.rfind("name = \"", 0) == 0) {
      std::string escaped;
      for (char c : hostile) {
        if (c == '"' || c == '\\') escaped += '\\';
        escaped += c;
      }
      line = "name = \"" + escaped + " " + line.substr(8);
    }
    out << line << "\n";
  }
  const std::string toml = (city_.dir() / "hostile.toml").string();
  std::ofstream(toml) << out.str();
  CommandResult init = RunCivic311({"init", "--db", city_.db().string(), "--config", toml});
  ASSERT_EQ(init.exit_code, 0) << init.Describe();
  StartWithUsers();
  HttpClient api = city_.Client();
  Post311(city_, api, "hostile service name");
  Visitor admin = As(city_, "admin@dash.example");
  HttpResponse page = admin.Get("/staff/dashboard?days=7");
  ASSERT_EQ(page.status, 200) << page.Describe();
  EXPECT_EQ(page.body.find("<script>alert"), std::string::npos);
  EXPECT_NE(page.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  HttpResponse csv = admin.Get("/staff/dashboard.csv?table=by_service&days=7");
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find("\"'=HYPERLINK(\"\"http://x\"\","), std::string::npos) << csv.body;
  EXPECT_EQ(csv.body.find(",=HYPERLINK"), std::string::npos) << csv.body;
  EXPECT_EQ(csv.body.find(",\"=HYPERLINK"), std::string::npos) << csv.body;
}

}  // namespace
}  // namespace civic311::it
