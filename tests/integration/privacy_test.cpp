// Privacy, end to end against the real binary: what a reporter leaves (name, e-mail, phone,
// device and account ids), staff-only notes, internal requests and work orders (and their
// timeline entries: "Work order 3: …") never reach anonymous
// readers — Open311 JSON and XML, lists with and without extensions, one request, the updates
// feed — nor the staff API without a token, nor a signed-in resident who did not report it.
#include <gtest/gtest.h>

#include <fstream>

#include "accounts.hpp"
#include "harness.hpp"

namespace civic311::it {
namespace {

namespace json = boost::json;

const char* const kSecrets[] = {"privacy.jane@example.org",
                                "555-0199",
                                "Janeprivate",
                                "Residentsurname",
                                "device-secret-9",
                                "account-secret-7",
                                "SECRET-INTERNAL-NOTE",
                                "SECRET-INTERNAL-REQUEST",
                                "SECRET-WORK-CREW",
                                "SECRET-WORK-TASK",
                                "Work order"};

void ExpectNoSecrets(const HttpResponse& r, const std::string& what) {
  for (const char* s : kSecrets) {
    EXPECT_EQ(r.body.find(s), std::string::npos) << what << " leaks " << s << ":\n" << r.body;
  }
}

TEST(Privacy, NothingPersonalOrInternalReachesThePublic) {
  Instance city;
  MakeUser(city, "admin@privacy.example", "admin");
  MakeUser(city, "resident@privacy.example", "resident");
  city.Start();
  HttpClient c = city.Client();
  city.PlainServiceCode();

  // A resident reports, leaving every kind of contact.
  Params form;
  for (auto& kv : city.NewRequestForm("Pothole reported for the privacy test")) {
    if (kv.first != "email" && kv.first != "phone" && kv.first != "first_name" &&
        kv.first != "last_name" && kv.first != "device_id" && kv.first != "account_id")
      form.push_back(kv);
  }
  form.push_back({"email", "privacy.jane@example.org"});
  form.push_back({"phone", "555-0199"});
  form.push_back({"first_name", "Janeprivate"});
  form.push_back({"last_name", "Residentsurname"});
  form.push_back({"device_id", "device-secret-9"});
  form.push_back({"account_id", "account-secret-7"});
  HttpResponse posted = c.PostForm("/open311/v2/requests.json", form);
  ASSERT_EQ(posted.status, 200) << posted.Describe();  // (it echoes account_id to its sender)
  const std::string id = ParseSubmittedId(posted.body);
  ASSERT_FALSE(id.empty()) << posted.body;

  // Staff work it: an internal note, a public note, and an internal request elsewhere.
  const std::string admin = SignIn(c, "admin@privacy.example");
  HttpResponse detail = Json(c, "GET", "/api/v1/requests/" + id, admin);
  ASSERT_EQ(detail.status, 200) << detail.Describe();
  json::object d = json::parse(detail.body).as_object();
  EXPECT_EQ(d.at("contact").at("email").as_string(), "privacy.jane@example.org");  // staff see it
  std::int64_t version = d.at("version").as_int64();
  const std::string department(d.at("department_code").as_string());
  HttpResponse note = Json(c, "POST", "/api/v1/requests/" + id + "/actions", admin,
                           R"({"action":"note","internal":true,"version":)" +
                               std::to_string(version) + R"(,"text":"SECRET-INTERNAL-NOTE"})");
  ASSERT_EQ(note.status, 200) << note.Describe();
  version = json::parse(note.body).at("version").as_int64();
  HttpResponse pub = Json(c, "POST", "/api/v1/requests/" + id + "/actions", admin,
                          R"({"action":"acknowledge","version":)" + std::to_string(version) +
                              R"(,"text":"PUBLIC-NOTE-OK: on our list"})");
  ASSERT_EQ(pub.status, 200) << pub.Describe();
  HttpResponse internal = Json(c, "POST", "/api/v1/requests", admin,
                               R"({"service_code":")" + city.PlainServiceCode() + R"(","lat":")" +
                                   std::to_string(DemoLocation().lat) + R"(","lon":")" +
                                   std::to_string(DemoLocation().lon) +
                                   R"(","description":"SECRET-INTERNAL-REQUEST",)" +
                                   R"("internal_for":")" + department + R"("})");
  ASSERT_EQ(internal.status, 201) << internal.Describe();
  const std::string internal_id = std::to_string(json::parse(internal.body).at("id").as_int64());
  // A work order, its task ticked and the work done: internal timeline entries only.
  HttpResponse order = Json(c, "POST", "/api/v1/requests/" + id + "/work_orders", admin,
                            R"({"crew":"SECRET-WORK-CREW","tasks":[{"text":"SECRET-WORK-TASK"}]})");
  ASSERT_EQ(order.status, 201) << order.Describe();
  const std::string order_id = std::to_string(json::parse(order.body).at("id").as_int64());
  HttpResponse ticked =
      Json(c, "PATCH", "/api/v1/work_orders/" + order_id, admin,
           R"({"tasks":[{"text":"SECRET-WORK-TASK","done":true}],"labour_hours":2,"done":true})");
  ASSERT_EQ(ticked.status, 200) << ticked.Describe();
  HttpResponse staff_view = Json(c, "GET", "/api/v1/requests/" + id, admin);
  EXPECT_NE(staff_view.body.find("SECRET-WORK-TASK"), std::string::npos)  // staff see them
      << staff_view.body;
  EXPECT_NE(staff_view.body.find("work_order_done"), std::string::npos) << staff_view.body;

  // Anonymous readers, every public door.
  for (const std::string fmt : {"json", "xml"}) {
    for (const std::string ext : {"", "&extensions=true"}) {
      HttpResponse list = c.Get("/open311/v2/requests." + fmt + "?status=open" + ext);
      ASSERT_EQ(list.status, 200) << list.Describe();
      ExpectNoSecrets(list, "requests." + fmt + ext);
      EXPECT_NE(list.body.find("Pothole reported for the privacy test"), std::string::npos)
          << "the public request should be listed";
      HttpResponse one = c.Get("/open311/v2/requests/" + id + "." + fmt + "?x=1" + ext);
      ASSERT_EQ(one.status, 200) << one.Describe();
      ExpectNoSecrets(one, "requests/{id}." + fmt + ext);
      EXPECT_NE(one.body.find("PUBLIC-NOTE-OK"), std::string::npos) << one.body;
      EXPECT_EQ(c.Get("/open311/v2/requests/" + internal_id + "." + fmt).status, 404);
    }
    HttpResponse updates = c.Get("/open311/v2/servicerequestupdates." + fmt);
    ASSERT_EQ(updates.status, 200) << updates.Describe();
    ExpectNoSecrets(updates, "servicerequestupdates." + fmt);
    EXPECT_NE(updates.body.find("PUBLIC-NOTE-OK"), std::string::npos) << updates.body;
    HttpResponse tokens = c.Get("/open311/v2/tokens/nonexistent." + fmt);
    ExpectNoSecrets(tokens, "tokens." + fmt);
  }

  // The staff API without a token: nothing.
  for (const std::string& path :
       std::vector<std::string>{"/api/v1/requests", "/api/v1/requests/" + id,
                                "/api/v1/requests/" + internal_id, "/api/v1/audit"}) {
    HttpResponse r = Json(c, "GET", path, "");
    EXPECT_EQ(r.status, 401) << path << " " << r.Describe();
    ExpectNoSecrets(r, path + " without a token");
  }

  // A signed-in resident who did not report it: the request, without contact or staff notes;
  // the internal request does not exist for them.
  const std::string resident = SignIn(c, "resident@privacy.example");
  HttpResponse seen = Json(c, "GET", "/api/v1/requests/" + id, resident);
  ASSERT_EQ(seen.status, 200) << seen.Describe();
  ExpectNoSecrets(seen, "a resident's view");
  EXPECT_EQ(Json(c, "GET", "/api/v1/requests/" + internal_id, resident).status, 404);
  HttpResponse resident_list = Json(c, "GET", "/api/v1/requests?limit=200", resident);
  ExpectNoSecrets(resident_list, "a resident's list");

  // The resident portal: every public page, in both languages.
  for (const std::string lang : {"en", "es"}) {
    for (const std::string& path : std::vector<std::string>{
             "/", "/requests", "/requests?state=open",
             "/requests?service=" + city.PlainServiceCode(), "/requests/" + id,
             "/report/sent/" + id, "/kudos", "/answers", "/account", "/report",
             "/requests/" + internal_id, "/requests/find?number=" + internal_id,
             "/report/sent/" + internal_id}) {
      HttpResponse page =
          c.Get(path + (path.find('?') == std::string::npos ? "?" : "&") + "lang=" + lang);
      EXPECT_TRUE(page.status == 200 || page.status == 404) << path << " " << page.Describe();
      ExpectNoSecrets(page, "portal " + path + " (" + lang + ")");
    }
  }
  HttpResponse status_page = c.Get("/requests/" + id);
  EXPECT_NE(status_page.body.find("PUBLIC-NOTE-OK"), std::string::npos) << status_page.body;
  EXPECT_EQ(c.Get("/requests/" + internal_id).status, 404);
}

}  // namespace
}  // namespace civic311::it
