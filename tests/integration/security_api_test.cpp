// Issue 7, black box against the real binary: the staff API and transport findings of the
// security review — strict note flag, media URLs, role-shaped answers (one test per role), work
// orders, Transfer-Encoding, internal parent ids, Content-Type, file modes — one regression test
// per finding (SecurityFindingN / SecurityAlso).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <sstream>
#include <thread>

#include "accounts.hpp"
#include "harness.hpp"

namespace civic311::it {
namespace {

namespace json = boost::json;
using Ms = std::chrono::duration<double, std::milli>;

TEST(SecurityFinding3, ANonBooleanInternalFlagIsRefusedAndAMissingOneKeepsTheNoteInternal) {
  Instance city;
  MakeUser(city, "admin@security.example", "admin");
  city.Start();
  HttpClient c = city.Client();
  const std::string admin = SignIn(c, "admin@security.example");
  const std::string id = Post311(city, c, "A pothole for finding 3");
  for (const char* flag : {R"("true")", "1", R"("yes")", "null"}) {
    HttpResponse r =
        Json(c, "POST", "/api/v1/requests/" + id + "/actions", admin,
             R"({"action":"note","text":"SECRET-NOTE-3","internal":)" + std::string(flag) +
                 R"(,"version":)" + std::to_string(VersionOf(c, admin, id)) + "}");
    EXPECT_EQ(r.status, 400) << flag << ": " << r.Describe();
  }
  HttpResponse missing =
      Act(c, admin, id, json::object{{"action", "note"}, {"text", "SECRET-NOTE-3"}});
  ASSERT_EQ(missing.status, 200) << missing.Describe();
  for (const std::string& path :
       std::vector<std::string>{"/open311/v2/servicerequestupdates.json",
                                "/open311/v2/requests/" + id + ".json?extensions=true"}) {
    HttpResponse r = c.Get(path);
    ASSERT_EQ(r.status, 200) << r.Describe();
    EXPECT_EQ(r.body.find("SECRET-NOTE-3"), std::string::npos) << path << ": " << r.body;
  }
}

TEST(SecurityFinding4, JavascriptMediaUrlsAreRefusedOnEveryPath) {
  Instance city;
  MakeUser(city, "admin@security.example", "admin");
  MakeUser(city, "resident@security.example", "resident");
  city.Start();
  HttpClient c = city.Client();
  const std::string admin = SignIn(c, "admin@security.example");
  const std::string resident = SignIn(c, "resident@security.example");
  const std::string id = ReportAsResident(city, c, resident, "My own pothole");
  const std::string evil = "javascript:alert(document.cookie)";
  for (const std::string& url :
       std::vector<std::string>{evil, std::string("JaVaScRiPt:alert(1)"),
                                std::string("data:text/html,<script>x</script>")}) {
    HttpResponse info =
        Act(c, resident, id,
            json::object{{"action", "add_info"}, {"text", "more"}, {"media_url", url}});
    EXPECT_EQ(info.status, 400) << "resident add_info " << url << ": " << info.Describe();
    HttpResponse note = Act(
        c, admin, id,
        json::object{
            {"action", "note"}, {"internal", false}, {"text", "see photo"}, {"media_url", url}});
    EXPECT_EQ(note.status, 400) << "staff note " << url << ": " << note.Describe();
  }
  HttpResponse update = c.PostForm("/open311/v2/servicerequestupdates.json",
                                   {{"api_key", city.api_key()},
                                    {"service_request_id", id},
                                    {"status", "open"},
                                    {"description", "photo attached"},
                                    {"media_url", evil},
                                    {"update_id", "ext-1"},
                                    {"updated_datetime", "2026-01-01T00:00:00Z"}});
  EXPECT_EQ(update.status, 400) << "API-key update: " << update.Describe();
  HttpResponse ok = Act(c, resident, id,
                        json::object{{"action", "add_info"},
                                     {"text", "a photo"},
                                     {"media_url", "https://photos.example/p.jpg"}});
  EXPECT_EQ(ok.status, 200) << ok.Describe();
  HttpResponse feed = c.Get("/open311/v2/servicerequestupdates.json");
  ASSERT_EQ(feed.status, 200);
  EXPECT_EQ(feed.body.find("javascript"), std::string::npos) << feed.body;
}

// Finding 6: a request reported by one resident, assigned, with a work order; then each role
// reads it. The policy decides which fields each role gets.
class SecurityFinding6 : public ::testing::Test {
 protected:
  void SetUp() override {
    MakeUser(city, "admin@security.example", "admin");
    MakeUser(city, "crew@security.example", "staff", DemoDepartments());
    MakeUser(city, "reporter@security.example", "resident");
    MakeUser(city, "neighbour@security.example", "resident");
    MakeUser(city, "manager@security.example", "manager", DemoDepartments());
    MakeUser(city, "agent@security.example", "agent");
    city.Start();
    c = city.Client();
    const std::string admin = SignIn(c, "admin@security.example");
    const std::string reporter = SignIn(c, "reporter@security.example");
    id = ReportAsResident(city, c, reporter, "Pothole, finding 6");
    HttpResponse me = Json(c, "GET", "/api/v1/me", SignIn(c, "crew@security.example"));
    crew_id = Object(me).at("id").as_int64();
    HttpResponse assigned =
        Act(c, admin, id, json::object{{"action", "assign"}, {"assignee_user_id", crew_id}});
    ASSERT_EQ(assigned.status, 200) << assigned.Describe();
    HttpResponse order = Json(c, "POST", "/api/v1/requests/" + id + "/work_orders", admin,
                              json::serialize(json::object{{"crew", "CREW-SECRET"},
                                                           {"materials", "MATERIALS-SECRET"},
                                                           {"cost_cents", 424242},
                                                           {"completion_note", "NOTE-SECRET"}}));
    ASSERT_EQ(order.status, 201) << order.Describe();
  }

  // The detail as `email` sees it.
  json::object Detail(const std::string& email) {
    HttpResponse r = Json(c, "GET", "/api/v1/requests/" + id, SignIn(c, email));
    EXPECT_EQ(r.status, 200) << r.Describe();
    body = r.body;
    return Object(r);
  }
  void ExpectWorkData(const json::object& d) {
    EXPECT_EQ(d.at("assignee_user_id").as_int64(), crew_id);
    ASSERT_EQ(d.at("work_orders").as_array().size(), 1u);
    EXPECT_EQ(d.at("work_orders").at(0).at("crew").as_string(), "CREW-SECRET");
  }
  void ExpectNoWorkData(const json::object& d) {
    EXPECT_FALSE(d.contains("assignee_user_id"));
    EXPECT_FALSE(d.contains("work_orders"));
    for (const char* secret : {"CREW-SECRET", "MATERIALS-SECRET", "424242", "NOTE-SECRET",
                               "actor_user_id", "assignee"}) {
      EXPECT_EQ(body.find(secret), std::string::npos) << secret << " in " << body;
    }
  }

  Instance city;
  HttpClient c{0};  // city.Client() once started
  std::string id;
  std::int64_t crew_id = 0;
  std::string body;
};

TEST_F(SecurityFinding6, AnotherResidentGetsNoWorkDataAndCannotSearchByAssignee) {
  ExpectNoWorkData(Detail("neighbour@security.example"));
  HttpResponse search = Json(c, "GET", "/api/v1/requests?assignee=" + std::to_string(crew_id),
                             SignIn(c, "neighbour@security.example"));
  EXPECT_EQ(search.status, 403) << search.Describe();
}

TEST_F(SecurityFinding6, TheReportingResidentGetsNoWorkDataEither) {
  ExpectNoWorkData(Detail("reporter@security.example"));
}

TEST_F(SecurityFinding6, StaffGetWorkData) { ExpectWorkData(Detail("crew@security.example")); }

TEST_F(SecurityFinding6, ManagersGetWorkData) {
  ExpectWorkData(Detail("manager@security.example"));
}

TEST_F(SecurityFinding6, AgentsGetWorkData) { ExpectWorkData(Detail("agent@security.example")); }

TEST_F(SecurityFinding6, AdminsGetWorkData) { ExpectWorkData(Detail("admin@security.example")); }

TEST(SecurityFinding10, WorkOrdersAreValidatedAndPutNeverBlanksFields) {
  Instance city;
  MakeUser(city, "admin@security.example", "admin");
  MakeUser(city, "resident@security.example", "resident");
  city.Start();
  HttpClient c = city.Client();
  const std::string admin = SignIn(c, "admin@security.example");
  const std::int64_t resident_id =
      Object(Json(c, "GET", "/api/v1/me", SignIn(c, "resident@security.example")))
          .at("id")
          .as_int64();
  const std::string id = Post311(city, c, "A pothole for finding 10");
  const std::string orders = "/api/v1/requests/" + id + "/work_orders";
  for (const std::string& body : std::vector<std::string>{
           std::string(R"({"labour_hours":1e309})"), std::string(R"({"labour_hours":-2})"),
           std::string(R"({"cost_cents":-100})"),
           R"({"assignee_user_id":)" + std::to_string(resident_id) + "}",
           std::string(R"({"assignee_user_id":999999})"),
           R"({"crew":")" + std::string(900 * 1024, 'c') + R"("})"}) {
    HttpResponse r = Json(c, "POST", orders, admin, body);
    EXPECT_EQ(r.status, 400) << body.substr(0, 40) << ": " << r.Describe().substr(0, 300);
  }
  HttpResponse detail = Json(c, "GET", "/api/v1/requests/" + id, admin);
  ASSERT_EQ(detail.status, 200);
  EXPECT_NO_THROW(json::parse(detail.body)) << detail.body;
  HttpResponse made = Json(c, "POST", orders, admin,
                           R"({"crew":"Crew 9","materials":"cold mix","labour_hours":1.5})");
  ASSERT_EQ(made.status, 201) << made.Describe();
  const std::string order =
      "/api/v1/work_orders/" + std::to_string(Object(made).at("id").as_int64());
  EXPECT_EQ(Json(c, "PUT", order, admin, R"({"done":true})").status, 400);
  HttpResponse patched = Json(c, "PATCH", order, admin, R"({"done":true})");
  ASSERT_EQ(patched.status, 200) << patched.Describe();
  EXPECT_EQ(Object(patched).at("crew").as_string(), "Crew 9");
  EXPECT_EQ(Object(patched).at("materials").as_string(), "cold mix");
}

TEST(SecurityFinding11, AnUnsupportedTransferEncodingIsA400AndTheConnectionCloses) {
  Instance city;
  city.Start();
  for (const std::string& te : std::vector<std::string>{
           std::string("Transfer-Encoding: gzip\r\n"),
           std::string("Transfer-Encoding: xchunked\r\n"),
           std::string("Transfer-Encoding: chunked, identity\r\n"),
           std::string("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n")}) {
    Socket s;
    ASSERT_EQ(s.Connect(city.port(), std::chrono::seconds(10)), "");
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    // Whatever follows the head must never be read as a second request.
    ASSERT_TRUE(s.SendAll("POST /open311/v2/requests.json HTTP/1.1\r\nHost: t\r\n" + te +
                              "\r\nGET /healthz HTTP/1.1\r\nHost: t\r\n\r\n",
                          deadline));
    std::string buffer;
    HttpResponse r = s.ReadResponse(buffer, deadline);
    EXPECT_EQ(r.status, 400) << te << r.Describe();
    std::string rest = buffer;
    EXPECT_TRUE(s.WaitForClose(deadline, &rest)) << te;
    EXPECT_EQ(rest.find("HTTP/1.1 200"), std::string::npos) << te << rest;
  }
  ExpectHealthy(city.port(), "after the smuggling attempts");
}

TEST(SecurityFinding12, ADuplicateOfAnInternalRequestDoesNotShowItsId) {
  Instance city;
  MakeUser(city, "admin@security.example", "admin");
  MakeUser(city, "resident@security.example", "resident");
  city.Start();
  HttpClient c = city.Client();
  const std::string admin = SignIn(c, "admin@security.example");
  const std::string id = Post311(city, c, "A pothole for finding 12");
  const std::string department(
      Object(Json(c, "GET", "/api/v1/requests/" + id, admin)).at("department_code").as_string());
  const LatLon at = DemoLocation();
  HttpResponse internal =
      Json(c, "POST", "/api/v1/requests", admin,
           json::serialize(json::object{{"service_code", city.PlainServiceCode()},
                                        {"description", "Internal crew job"},
                                        {"lat", std::to_string(at.lat)},
                                        {"lon", std::to_string(at.lon)},
                                        {"internal_for", department}}));
  ASSERT_EQ(internal.status, 201) << internal.Describe();
  const std::int64_t internal_id = Object(internal).at("id").as_int64();
  HttpResponse dup =
      Act(c, admin, id, json::object{{"action", "mark_duplicate"}, {"parent_id", internal_id}});
  ASSERT_EQ(dup.status, 200) << dup.Describe();
  EXPECT_EQ(Object(dup).at("parent_id").as_int64(), internal_id);  // staff still see it

  for (const std::string& path :
       std::vector<std::string>{"/open311/v2/requests/" + id + ".json?extensions=true",
                                "/open311/v2/requests.json?extensions=true&status=closed",
                                "/open311/v2/requests/" + id + ".xml?extensions=true"}) {
    HttpResponse r = c.Get(path);
    ASSERT_EQ(r.status, 200) << r.Describe();
    EXPECT_EQ(r.body.find("\"" + std::to_string(internal_id) + "\""), std::string::npos)
        << path << ": " << r.body;
    EXPECT_EQ(r.body.find(">" + std::to_string(internal_id) + "<"), std::string::npos)
        << path << ": " << r.body;
  }
  HttpResponse resident =
      Json(c, "GET", "/api/v1/requests/" + id, SignIn(c, "resident@security.example"));
  ASSERT_EQ(resident.status, 200) << resident.Describe();
  EXPECT_TRUE(Object(resident).at("parent_id").is_null()) << resident.body;
}

// ---- Also ----

TEST(SecurityAlso, JsonEndpointsRefuseOtherContentTypes) {
  Instance city;
  MakeUser(city, "staff@security.example", "staff", {"PWD"});
  city.Start();
  HttpClient c = city.Client();
  const std::string body = SignInBody("staff@security.example", kTestPassword);
  // What a plain HTML form on another site can send without a CORS preflight. (A multipart
  // body that is not valid multipart is refused by the transport's decoder first: 400.)
  for (const char* type :
       {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
    const bool multipart = std::string_view(type).starts_with("multipart");
    for (const auto& [path, json_body] :
         {std::pair<const char*, std::string>{"/api/v1/auth/token", body},
          {"/api/v1/auth/password_reset", R"({"email":"staff@security.example"})"}}) {
      const int status = c.Send("POST", path, {{"Content-Type", type}}, json_body).status;
      EXPECT_TRUE(status == 415 || (multipart && status == 400))
          << type << " " << path << ": " << status;
    }
  }
  EXPECT_EQ(c.Send("POST", "/api/v1/auth/token", {}, body).status, 415);
  EXPECT_EQ(c.Send("POST", "/api/v1/auth/token",
                   {{"Content-Type", "application/json; charset=utf-8"}}, body)
                .status,
            200);
}

TEST(SecurityAlso, TheDatabaseItsWalShmAndBackupsArePrivate) {
  Instance city;
  city.Start();
  HttpClient c = city.Client();
  Post311(city, c, "A pothole so that the WAL is written");
  auto mode = [](const std::filesystem::path& p) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) return -1;
    return static_cast<int>(st.st_mode & 0777);
  };
  for (const std::string& suffix : std::vector<std::string>{"", "-wal", "-shm"}) {
    std::filesystem::path p = city.db().string() + suffix;
    ASSERT_TRUE(std::filesystem::exists(p)) << p;
    EXPECT_EQ(mode(p), 0600) << p;
  }
  const std::filesystem::path copy = city.dir() / "backup.db";
  CommandResult backup = RunCivic311({"backup", "--db", city.db().string(), "--to", copy.string()});
  ASSERT_EQ(backup.exit_code, 0) << backup.Describe();
  EXPECT_EQ(mode(copy), 0600);
}

TEST(SecurityAlso, AnExistingWorldReadableDatabaseIsMadePrivate) {
  Instance city;
  ASSERT_EQ(::chmod(city.db().c_str(), 0644), 0);
  city.Start();
  struct stat st {};
  ASSERT_EQ(::stat(city.db().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

}  // namespace
}  // namespace civic311::it
