// The request desk, session 7 (docs/console.md, "Work orders", "Crews", "Internal requests"),
// against the real binary: a work order's scheduled date set and shown, a bad date refused next
// to its field, an order past its day marked overdue; each work-order change one internal
// timeline entry (who, what changed) that the public status page never shows; the crew register
// managed by an admin, offered as a list on the forms, enforced by the staff API (an unknown,
// another department's or an inactive crew is a 400 naming crew_id; an older free-text crew stays
// readable) and filtering the queue; an internal request for another service asked that
// service's required questions, each problem beside its question.
#include <gtest/gtest.h>

#include <regex>

#include "accounts.hpp"
#include "console_support.hpp"
#include "harness.hpp"

namespace civic311::it {
namespace {

namespace json = boost::json;

class Desk2 : public ::testing::Test {
 protected:
  void SetUp() override {
    MakeUser(city_, "crew@desk2.example", "staff", kDemoDepartments);
    MakeUser(city_, "admin@desk2.example", "admin");
    city_.Start();
    city_.PlainServiceCode();
  }
  std::string NewRequest(const std::string& text) {
    HttpClient c = city_.Client();
    HttpResponse r = c.PostForm("/open311/v2/requests.json", city_.NewRequestForm(text));
    if (r.status != 200) throw std::runtime_error("post: " + r.Describe());
    return ParseSubmittedId(r.body);
  }
  std::string Department(const std::string& id) {
    HttpClient c = city_.Client();
    HttpResponse r = Json(c, "GET", "/api/v1/requests/" + id, SignIn(c, "admin@desk2.example"));
    return std::string(json::parse(r.body).at("department_code").as_string());
  }
  static std::string Section(const std::string& page, const std::string& id) {
    const auto at = page.find("id=\"" + id + "\"");
    if (at == std::string::npos) return "";
    return page.substr(at, page.find("</section>", at) - at);
  }
  static std::string Order(const std::string& location) {
    std::smatch m;
    if (!std::regex_search(location, m, std::regex(R"(#wo-(\d+)$)")))
      throw std::runtime_error("no work order in " + location);
    return m[1].str();
  }
  Instance city_;
};

TEST_F(Desk2, AScheduledDateIsSetShownCheckedAndOverdueOnceItsDayHasPassed) {
  const std::string id = NewRequest("a pothole to schedule");
  Browser crew = SignIn(city_, "crew@desk2.example");
  HttpResponse r = crew.Post("/staff/requests/" + id + "/work_orders",
                             {{"crew", "Crew 7"}, {"scheduled", "2099-05-04"}, {"hours", ""}});
  ASSERT_EQ(r.status, 303) << r.Describe();
  const std::string wid = Order(r.Header("location"));
  std::string work = Section(crew.Get("/staff/requests/" + id).body, "work");
  EXPECT_NE(work.find("<time datetime=\"2099-05-04\">2099-05-04</time>"), std::string::npos)
      << work;
  EXPECT_NE(work.find("type=\"date\" id=\"wo-" + wid +
                      "-scheduled\" name=\"scheduled\" "
                      "value=\"2099-05-04\""),
            std::string::npos)
      << work;
  EXPECT_EQ(work.find("data-overdue"), std::string::npos);
  EXPECT_EQ(work.find("Overdue: 0"), std::string::npos) << "no overdue total when none is";

  // A bad date: the problem beside the field, what was typed kept, nothing changed.
  for (const std::string bad : {"2026-02-30", "next week", "2026-1-5"}) {
    r = crew.Post("/staff/requests/" + id + "/work_orders/" + wid,
                  {{"crew", "Crew 7"}, {"scheduled", bad}, {"materials", "kept text"}});
    EXPECT_EQ(r.status, 400) << bad << " " << r.Describe();
    EXPECT_NE(r.body.find("<p class=\"error-message\" id=\"wo-" + wid +
                          "-scheduled-error\">Enter a date such as 2026-12-10.</p>"),
              std::string::npos)
        << bad << r.body;
    EXPECT_NE(r.body.find("aria-describedby=\"wo-" + wid + "-scheduled-error\""),
              std::string::npos);
    EXPECT_NE(r.body.find(">kept text</textarea>"), std::string::npos);
  }
  r = crew.Post("/staff/requests/" + id + "/work_orders", {{"scheduled", "soon"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("id=\"wo-new-scheduled-error\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("value=\"soon\""), std::string::npos);

  // Its day passed and the work not done: overdue, in the section's totals and on the order.
  r = crew.Post("/staff/requests/" + id + "/work_orders/" + wid,
                {{"crew", "Crew 7"}, {"scheduled", "2020-01-02"}});
  ASSERT_EQ(r.status, 303) << r.Describe();
  work = Section(crew.Get("/staff/requests/" + id).body, "work");
  EXPECT_NE(work.find("data-overdue>Overdue</span>"), std::string::npos) << work;
  EXPECT_NE(work.find("Overdue: 1"), std::string::npos);
  EXPECT_NE(work.find("is-overdue"), std::string::npos);
  // Done: no longer overdue.
  r = crew.Post("/staff/requests/" + id + "/work_orders/" + wid,
                {{"crew", "Crew 7"}, {"scheduled", "2020-01-02"}, {"done", "1"}});
  ASSERT_EQ(r.status, 303) << r.Describe();
  work = Section(crew.Get("/staff/requests/" + id).body, "work");
  EXPECT_EQ(work.find("data-overdue"), std::string::npos) << work;
  // Cleared: not scheduled.
  r = crew.Post("/staff/requests/" + id + "/work_orders/" + wid,
                {{"crew", "Crew 7"}, {"scheduled", ""}, {"done", "1"}});
  ASSERT_EQ(r.status, 303) << r.Describe();
  EXPECT_NE(Section(crew.Get("/staff/requests/" + id).body, "work").find("Not scheduled"),
            std::string::npos);
}

// Two people save one work order at once (migration 0028): the later save, made over the
// version its page showed, is answered 409 "X changed this work order a moment ago" with the
// order as it is now and the form as it was typed; nothing of it is written. Saving that form
// again (it now carries the new version) replaces the order deliberately. The staff API makes
// the same check on "version" with the one JSON error shape.
TEST_F(Desk2, TheLaterOfTwoSavesOfOneWorkOrderIsToldWhoChangedItAndKeepsItsTyping) {
  const std::string id = NewRequest("a pothole two people work on");
  Browser crew = SignIn(city_, "crew@desk2.example");
  Browser admin = SignIn(city_, "admin@desk2.example");
  HttpResponse r = crew.Post("/staff/requests/" + id + "/work_orders", {{"crew", "Crew 7"}});
  ASSERT_EQ(r.status, 303) << r.Describe();
  const std::string wid = Order(r.Header("location"));
  const std::string base = "/staff/requests/" + id + "/work_orders/" + wid;
  // The version hidden in the order's own form (the page's other forms carry the request's).
  const auto version_in = [&](const std::string& page) {
    const auto form = page.find("action=\"" + base + "\"");
    std::smatch m;
    const std::string rest = form == std::string::npos ? "" : page.substr(form, 400);
    return std::regex_search(rest, m, std::regex(R"re(name="wo_version" value="(\d+)")re"))
               ? m[1].str()
               : "";
  };
  // Both open the desk: version 1.
  const std::string seen = version_in(admin.Get("/staff/requests/" + id).body);
  ASSERT_EQ(seen, "1");
  ASSERT_EQ(version_in(crew.Get("/staff/requests/" + id).body), "1");
  r = crew.Post(base, {{"crew", "Crew 7"}, {"hours", "2"}, {"wo_version", "1"}});
  ASSERT_EQ(r.status, 303) << r.Describe();
  r = admin.Post(base, {{"crew", "Crew 7"},
                        {"hours", "5"},
                        {"materials", "two bags of asphalt"},
                        {"wo_version", seen}});
  EXPECT_EQ(r.status, 409) << r.Describe();
  EXPECT_NE(r.body.find("crew@desk2.example changed this work order a moment ago"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("id=\"wo-" + wid + "-version-error\""), std::string::npos);
  const std::string work = Section(r.body, "work");
  EXPECT_NE(work.find("<dd data-hours>2</dd>"), std::string::npos) << "the order as it is now";
  EXPECT_NE(work.find("value=\"5\""), std::string::npos) << "the typed hours kept";
  EXPECT_NE(work.find(">two bags of asphalt</textarea>"), std::string::npos);
  EXPECT_EQ(version_in(r.body), "2");
  EXPECT_EQ(crew.Get("/staff/requests/" + id).body.find("two bags of asphalt"), std::string::npos)
      << "nothing of the stale save was written";
  // Sent again from the page that now shows the other change: saved.
  r = admin.Post(base, {{"crew", "Crew 7"},
                        {"hours", "5"},
                        {"materials", "two bags of asphalt"},
                        {"wo_version", "2"}});
  ASSERT_EQ(r.status, 303) << r.Describe();
  EXPECT_NE(Section(crew.Get("/staff/requests/" + id).body, "work").find("<dd data-hours>5</dd>"),
            std::string::npos);

  // The staff API: a stale "version" is a 409 in the one error shape; the answer carries the
  // version; without one, the change applies to the order as it is now.
  HttpClient c = city_.Client();
  const std::string token = SignIn(c, "admin@desk2.example");
  HttpResponse api =
      Json(c, "PATCH", "/api/v1/work_orders/" + wid, token, R"({"labour_hours": 9, "version": 2})");
  EXPECT_EQ(api.status, 409) << api.Describe();
  EXPECT_TRUE(Object(api).contains("error")) << api.body;
  api =
      Json(c, "PATCH", "/api/v1/work_orders/" + wid, token, R"({"labour_hours": 9, "version": 3})");
  ASSERT_EQ(api.status, 200) << api.Describe();
  EXPECT_EQ(Object(api).at("version").as_int64(), 4);
  api = Json(c, "PATCH", "/api/v1/work_orders/" + wid, token, R"({"materials": "none"})");
  ASSERT_EQ(api.status, 200) << api.Describe();
  EXPECT_EQ(Object(api).at("version").as_int64(), 5);
  EXPECT_EQ(Json(c, "PATCH", "/api/v1/work_orders/" + wid, token, R"({"version": 0})").status, 400);
}

TEST_F(Desk2, EachWorkOrderChangeIsAnInternalTimelineEntryNeverPublic) {
  const std::string id = NewRequest("a pothole for the timeline");
  Browser crew = SignIn(city_, "crew@desk2.example");
  HttpResponse r = crew.Post("/staff/requests/" + id + "/work_orders",
                             {{"crew", "Crew 7"}, {"new_tasks", "Cut the edges\nFill and roll"}});
  ASSERT_EQ(r.status, 303) << r.Describe();
  const std::string wid = Order(r.Header("location"));
  const std::string base = "/staff/requests/" + id + "/work_orders/" + wid;
  r = crew.Post(base, {{"crew", "Crew 7"},
                       {"task", "Cut the edges"},
                       {"task_done", "0"},
                       {"task", "Fill and roll"}});
  ASSERT_EQ(r.status, 303) << r.Describe();
  r = crew.Post(base, {{"crew", "Crew 7"},
                       {"task", "Cut the edges"},
                       {"task_done", "0"},
                       {"task", "Fill and roll"},
                       {"hours", "2.5"},
                       {"cost", "80"}});
  ASSERT_EQ(r.status, 303) << r.Describe();
  r = crew.Post(base, {{"crew", "Crew 7"},
                       {"task", "Cut the edges"},
                       {"task_done", "0"},
                       {"task", "Fill and roll"},
                       {"task_done", "1"},
                       {"hours", "2.5"},
                       {"cost", "80"},
                       {"done", "1"}});
  ASSERT_EQ(r.status, 303) << r.Describe();
  const std::string page = crew.Get("/staff/requests/" + id).body;
  const std::string w = "Work order " + wid;
  for (const std::string& entry : {w + ": crew \xe2\x80\x9c"
                                       "Crew 7\xe2\x80\x9d; task \xe2\x80\x9c"
                                       "Cut the edges\xe2\x80\x9d added",
                                   w + ": task \xe2\x80\x9c"
                                       "Cut the edges\xe2\x80\x9d done",
                                   w + ": hours 0 \xe2\x86\x92 2.5; cost 0.00 \xe2\x86\x92 80.00",
                                   w + ": task \xe2\x80\x9c"
                                       "Fill and roll\xe2\x80\x9d done; marked done"}) {
    EXPECT_NE(page.find(entry), std::string::npos) << entry << "\n" << page;
  }
  EXPECT_NE(page.find("<strong>Work order created</strong>"), std::string::npos);
  EXPECT_NE(page.find("<strong>Work order done</strong>"), std::string::npos);
  EXPECT_NE(page.find("crew@desk2.example"), std::string::npos);  // who
  // The audit log has each change; the public sees none of it.
  HttpClient c = city_.Client();
  HttpResponse audit = Json(c, "GET", "/api/v1/audit?limit=50", SignIn(c, "admin@desk2.example"));
  int entries = 0;
  const json::value audit_json = json::parse(audit.body);  // kept: the loop reads into it
  for (const json::value& e : audit_json.at("entries").as_array()) {
    const std::string action(e.at("action").as_string());
    entries += action.starts_with("work_order_") ? 1 : 0;
  }
  EXPECT_EQ(entries, 4);
  HttpClient anon = city_.Client();
  for (const std::string& path : {"/requests/" + id, "/open311/v2/requests/" + id + ".json",
                                  std::string("/open311/v2/servicerequestupdates.json")}) {
    HttpResponse pub = anon.Get(path);
    EXPECT_EQ(pub.status, 200) << path;
    EXPECT_EQ(pub.body.find("Work order"), std::string::npos) << path << pub.body;
    EXPECT_EQ(pub.body.find("Crew 7"), std::string::npos) << path;
  }
}

TEST_F(Desk2, CrewsAreRegisteredByAnAdminOfferedOnTheFormsAndEnforced) {
  const std::string id = NewRequest("a pothole for a registered crew");
  const std::string dept = Department(id);
  Browser crew = SignIn(city_, "crew@desk2.example");
  // Before the register: free text, as before.
  HttpResponse r = crew.Post("/staff/requests/" + id + "/work_orders", {{"crew", "Old Crew"}});
  ASSERT_EQ(r.status, 303) << r.Describe();
  const std::string legacy = Order(r.Header("location"));

  // The admin screen: a mistake beside its field, then two crews; one of another department.
  Browser admin = SignIn(city_, "admin@desk2.example");
  EXPECT_EQ(crew.Get("/staff/admin/crews").status, 403);
  r = admin.Post("/staff/admin/crews", {{"department", dept}, {"name", "  "}});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("id=\"crew-name-error\""), std::string::npos) << r.body;
  for (const auto& [d, name] : std::vector<std::pair<std::string, std::string>>{
           {dept, "North Yard"},
           {dept, "Night Crew"},
           {dept == "PRK" ? "SAN" : "PRK", "Elsewhere"}}) {
    r = admin.Post("/staff/admin/crews", {{"department", d}, {"name", name}});
    ASSERT_EQ(r.status, 303) << r.Describe();
  }
  r = admin.Post("/staff/admin/crews", {{"department", dept}, {"name", "North Yard"}});
  EXPECT_EQ(r.status, 400);  // the name is taken in the department
  EXPECT_NE(r.body.find("id=\"crew-name-error\""), std::string::npos);
  HttpClient c = city_.Client();
  const std::string token = SignIn(c, "admin@desk2.example");
  HttpResponse list = Json(c, "GET", "/api/v1/crews?department=" + dept, token);
  ASSERT_EQ(list.status, 200) << list.Describe();
  std::map<std::string, std::int64_t> ids;
  const json::value crews_json = json::parse(list.body);  // kept: the loop reads into it
  for (const json::value& v : crews_json.at("crews").as_array())
    ids[std::string(v.at("name").as_string())] = v.at("id").as_int64();
  ASSERT_EQ(ids.size(), 2u) << list.body;
  const std::string north = std::to_string(ids["North Yard"]);
  const std::string night = std::to_string(ids["Night Crew"]);
  HttpResponse everywhere = Json(c, "GET", "/api/v1/crews", token);
  ASSERT_EQ(everywhere.status, 200);
  std::int64_t elsewhere = 0;
  const json::value all_crews_json = json::parse(everywhere.body);  // kept: the loop reads into it
  for (const json::value& v : all_crews_json.at("crews").as_array())
    if (v.at("name").as_string() == "Elsewhere") elsewhere = v.at("id").as_int64();
  ASSERT_GT(elsewhere, 0);

  // The desk offers the list; the older free-text crew stays readable and selected.
  std::string work = Section(crew.Get("/staff/requests/" + id).body, "work");
  EXPECT_NE(work.find("<select id=\"wo-new-crew\" name=\"crew_choice\">"), std::string::npos)
      << work;
  EXPECT_NE(work.find("<option value=\"" + north + "\">North Yard</option>"), std::string::npos);
  EXPECT_EQ(work.find("Elsewhere"), std::string::npos);  // another department's crew
  EXPECT_NE(work.find("<option value=\"keep\" selected>Old Crew (not in the register)</option>"),
            std::string::npos)
      << work;
  r = crew.Post("/staff/requests/" + id + "/work_orders/" + legacy,
                {{"crew_choice", "keep"}, {"hours", "1"}});
  ASSERT_EQ(r.status, 303) << r.Describe();  // kept as it was
  r = crew.Post("/staff/requests/" + id + "/work_orders", {{"crew_choice", north}});
  ASSERT_EQ(r.status, 303) << r.Describe();
  const std::string wid = Order(r.Header("location"));
  work = Section(crew.Get("/staff/requests/" + id).body, "work");
  EXPECT_NE(work.find("<option value=\"" + north + "\" selected>North Yard</option>"),
            std::string::npos);

  // The staff API: crew_id; unknown, another department's, free text now refused.
  const std::string base = "/api/v1/requests/" + id + "/work_orders";
  for (const std::string& body :
       {std::string(R"({"crew_id":999999})"), R"({"crew_id":)" + std::to_string(elsewhere) + "}",
        std::string(R"({"crew":"Made Up Crew"})")}) {
    HttpResponse bad = Json(c, "POST", base, token, body);
    EXPECT_EQ(bad.status, 400) << body << bad.Describe();
    EXPECT_NE(bad.body.find("crew_id"), std::string::npos) << bad.body;
  }
  HttpResponse named = Json(c, "POST", base, token, R"({"crew":"Night Crew"})");
  ASSERT_EQ(named.status, 201) << named.Describe();
  EXPECT_EQ(json::parse(named.body).at("crew_id").as_int64(), ids["Night Crew"]);

  // Retired: no longer offered nor accepted; the order that names it keeps it.
  r = admin.Post("/staff/admin/crews/" + night, {{"name", "Night Crew"}});
  ASSERT_EQ(r.status, 303) << r.Describe();
  HttpResponse retired = Json(c, "POST", base, token, R"({"crew_id":)" + night + "}");
  EXPECT_EQ(retired.status, 400) << retired.Describe();
  EXPECT_NE(retired.body.find("no longer an active crew"), std::string::npos);
  const std::string named_id = std::to_string(json::parse(named.body).at("id").as_int64());
  HttpResponse still =
      Json(c, "PATCH", "/api/v1/work_orders/" + named_id, token, R"({"labour_hours":1})");
  ASSERT_EQ(still.status, 200) << still.Describe();
  EXPECT_EQ(json::parse(still.body).at("crew").as_string(), "Night Crew");
  EXPECT_EQ(Section(crew.Get("/staff/requests/" + id).body, "work")
                .find("<option value=\"" + night + "\""),
            std::string::npos);

  // Renamed: every order naming it reads the new name.
  r = admin.Post("/staff/admin/crews/" + north, {{"name", "North Yard Crew"}, {"active", "1"}});
  ASSERT_EQ(r.status, 303) << r.Describe();
  EXPECT_NE(Section(crew.Get("/staff/requests/" + id).body, "work").find("North Yard Crew"),
            std::string::npos);

  // The queue's crew filter: requests with an unfinished order for the crew.
  const std::string other = NewRequest("a pothole without a crew");
  std::string queue = crew.Get("/staff/queue?department=*&crew=" + north).body;
  EXPECT_NE(queue.find("<option value=\"" + north + "\" selected>North Yard Crew</option>"),
            std::string::npos)
      << queue;
  EXPECT_NE(queue.find("/staff/requests/" + id + "\""), std::string::npos);
  EXPECT_EQ(queue.find("/staff/requests/" + other + "\""), std::string::npos);
  // A retired crew's unfinished orders still count (it is offered, marked inactive).
  queue = crew.Get("/staff/queue?department=*&crew=" + night).body;
  EXPECT_NE(queue.find("Night Crew (Inactive)"), std::string::npos);
  EXPECT_NE(queue.find("/staff/requests/" + id + "\""), std::string::npos);
}

TEST_F(Desk2, AnInternalRequestForAnotherServiceAsksItsRequiredQuestions) {
  const std::string id = NewRequest("a tree over the road");
  const std::string to = Department(id) == "PWD" ? "SAN" : "PWD";  // another department
  Browser crew = SignIn(city_, "crew@desk2.example");
  const std::string page = crew.Get("/staff/requests/" + id).body;
  const std::string internal = Section(page, "internal");
  // POTHOLE's questions are on the form, hidden until it is chosen (the portal's partial).
  EXPECT_NE(internal.find("data-service-attrs=\"POTHOLE\" hidden disabled"), std::string::npos)
      << internal;
  EXPECT_NE(internal.find("name=\"attribute[LOCATION]\""), std::string::npos);
  // Without the required answer: refused, the problem beside the question, all else kept.
  HttpResponse r = crew.Post("/staff/requests/" + id + "/internal",
                             {{"department", to},
                              {"service_code", "POTHOLE"},
                              {"attribute[WIDTH_IN]", "14"},
                              {"description", "Please fill the hole the tree left"}});
  ASSERT_EQ(r.status, 400) << r.Describe();
  const std::string again = Section(r.body, "internal");
  EXPECT_NE(again.find("data-service-attrs=\"POTHOLE\">"), std::string::npos) << again;
  EXPECT_NE(again.find("id=\"ir-POTHOLE-attr-LOCATION-error\""), std::string::npos) << again;
  EXPECT_NE(again.find("value=\"14\""), std::string::npos);
  EXPECT_NE(again.find(">Please fill the hole the tree left</textarea>"), std::string::npos);
  EXPECT_NE(again.find("<option value=\"POTHOLE\" selected>"), std::string::npos);
  EXPECT_NE(again.find("<option value=\"" + to + "\" selected>"), std::string::npos);
  // A bad answer is refused the same way.
  r = crew.Post("/staff/requests/" + id + "/internal",
                {{"department", to},
                 {"service_code", "POTHOLE"},
                 {"attribute[LOCATION]", "ROOF"},
                 {"description", "Please fill the hole the tree left"}});
  EXPECT_EQ(r.status, 400) << r.Describe();
  // With it: raised, its answers stored.
  r = crew.Post("/staff/requests/" + id + "/internal",
                {{"department", to},
                 {"service_code", "POTHOLE"},
                 {"attribute[LOCATION]", "STREET"},
                 {"description", "Please fill the hole the tree left"}});
  ASSERT_EQ(r.status, 303) << r.Describe();
  std::smatch m;
  const std::string listed = Section(crew.Get("/staff/requests/" + id).body, "internal");
  ASSERT_TRUE(std::regex_search(listed, m, std::regex(R"re(href="/staff/requests/(\d+)")re")))
      << listed;
  // Its desk shows the answer, as asked.
  const std::string raised = crew.Get("/staff/requests/" + m[1].str()).body;
  EXPECT_NE(raised.find("<dd data-answer=\"LOCATION\">Street</dd>"), std::string::npos) << raised;
  HttpClient c = city_.Client();
  HttpResponse api =
      Json(c, "GET", "/api/v1/requests/" + m[1].str(), SignIn(c, "admin@desk2.example"));
  ASSERT_EQ(api.status, 200);
  EXPECT_EQ(json::parse(api.body).at("service_code").as_string(), "POTHOLE");
}

}  // namespace
}  // namespace civic311::it
