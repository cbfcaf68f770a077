// The request desk's sections against the real binary (docs/console.md, "The request desk"):
// nearby duplicate candidates and the one-click close; work orders with crew, person, tasks,
// hours and cost, created and updated from the page; internal requests raised for another
// department, listed with their state and never public; the followers / "me too" counts and the
// SLA clock's pause; response templates in the reporter's language. Every new route is refused
// to anonymous callers and residents, and every new form needs the CSRF token.
#include <gtest/gtest.h>

#include <regex>

#include "accounts.hpp"
#include "console_support.hpp"
#include "harness.hpp"

namespace civic311::it {
namespace {

class Desk : public ::testing::Test {
 protected:
  void SetUp() override {
    MakeUser(city_, "crew@desk.example", "staff", kDemoDepartments);
    MakeUser(city_, "resident@desk.example", "resident");
    city_.Start();
    city_.PlainServiceCode();
  }
  std::string NewRequest(const std::string& text, Params extra = {}) {
    HttpClient c = city_.Client();
    Params form = city_.NewRequestForm(text);
    for (auto& p : extra) form.push_back(std::move(p));
    HttpResponse r = c.PostForm("/open311/v2/requests.json", form);
    if (r.status != 200) throw std::runtime_error("post: " + r.Describe());
    return ParseSubmittedId(r.body);
  }
  static std::string Section(const std::string& page, const std::string& id) {
    const auto at = page.find("id=\"" + id + "\"");
    if (at == std::string::npos) return "";
    return page.substr(at, page.find("</section>", at) - at);
  }
  Instance city_;
};

TEST_F(Desk, NewRoutesAreRefusedToAnonymousCallersResidentsAndFormsWithoutCsrf) {
  const std::string id = NewRequest("desk guard test");
  const std::vector<std::string> posts = {"/staff/requests/" + id + "/internal",
                                          "/staff/requests/" + id + "/work_orders",
                                          "/staff/requests/" + id + "/work_orders/1"};
  HttpClient anon = city_.Client();
  HttpClient c = city_.Client();
  Browser resident{city_.Client(), SignIn(c, "resident@desk.example"), ""};
  resident.csrf = CsrfField(resident.Get("/account").body);
  ASSERT_FALSE(resident.csrf.empty());
  Browser crew = SignIn(city_, "crew@desk.example");
  for (const std::string& path : posts) {
    EXPECT_EQ(anon.PostForm(path, {{"description", "x"}, {"crew", "x"}}).status, 403) << path;
    EXPECT_EQ(resident.Post(path, {{"description", "x"}, {"crew", "x"}}).status, 403) << path;
    EXPECT_EQ(crew.Post(path, {{"description", "x"}, {"crew", "x"}}, /*with_csrf=*/false).status,
              403)
        << path;
  }
  EXPECT_EQ(anon.Get("/staff/requests/" + id + "?dup_radius=500").status, 303);
  EXPECT_EQ(resident.Get("/staff/requests/" + id + "?dup_radius=500").status, 403);
  // Nothing was created by the refused forms.
  const std::string page = crew.Get("/staff/requests/" + id).body;
  EXPECT_EQ(Section(page, "work").find("<article class=\"work-order"), std::string::npos);
  EXPECT_EQ(Section(page, "internal").find("href=\"/staff/requests/"), std::string::npos);
}

TEST_F(Desk, NearbyCandidatesAreSuggestedAndOneClickClosesAsDuplicate) {
  const std::string original = NewRequest("the original pothole report");
  const std::string again = NewRequest("the same pothole, reported again");
  Browser crew = SignIn(city_, "crew@desk.example");
  const std::string page = crew.Get("/staff/requests/" + again).body;
  const std::string dup = Section(page, "dup");
  ASSERT_FALSE(dup.empty()) << page;
  // Same service, same place: suggested with its state and age; never the request itself.
  EXPECT_NE(dup.find("data-candidate=\"" + original + "\""), std::string::npos) << dup;
  EXPECT_EQ(dup.find("data-candidate=\"" + again + "\""), std::string::npos) << dup;
  EXPECT_NE(dup.find("the original pothole report"), std::string::npos);
  EXPECT_NE(dup.find("name=\"parent_id\" value=\"" + original + "\""), std::string::npos);
  EXPECT_NE(dup.find("<option value=\"250\" selected>"), std::string::npos) << dup;
  // Another radius is a choice of the page (and an unknown one falls back to the default).
  EXPECT_NE(crew.Get("/staff/requests/" + again + "?dup_radius=1000")
                .body.find("<option value=\"1000\" selected>"),
            std::string::npos);
  EXPECT_NE(crew.Get("/staff/requests/" + again + "?dup_radius=99999")
                .body.find("<option value=\"250\" selected>"),
            std::string::npos);

  // The candidate's button: close this one as a duplicate of it.
  HttpResponse r = crew.Post("/staff/requests/" + again + "/act",
                             {{"action", "close_duplicate"},
                              {"version", std::to_string(Version(crew, again))},
                              {"parent_id", original}});
  ASSERT_EQ(r.status, 303) << r.Describe();
  const std::string closed = crew.Get("/staff/requests/" + again).body;
  EXPECT_NE(closed.find("state-duplicate"), std::string::npos);
  EXPECT_NE(closed.find("<a href=\"/staff/requests/" + original + "\">#" + original + "</a>"),
            std::string::npos);
  // A closed request is no longer offered as a duplicate; the original lists no duplicate
  // (cancelled and duplicate requests are never candidates).
  EXPECT_EQ(Section(closed, "dup"), "");
  const std::string orig_page = crew.Get("/staff/requests/" + original).body;
  EXPECT_EQ(Section(orig_page, "dup").find("data-candidate=\"" + again + "\""), std::string::npos);
}

TEST_F(Desk, AWorkOrderWithCrewTasksHoursAndCostIsCreatedAndUpdated) {
  const std::string id = NewRequest("a pothole that needs a crew");
  Browser crew = SignIn(city_, "crew@desk.example");
  HttpResponse r = crew.Post("/staff/requests/" + id + "/work_orders",
                             {{"crew", "Crew 7"},
                              {"assignee", "me"},
                              {"new_tasks", "Cut the edges\r\n\r\nFill and roll\r\n"},
                              {"hours", "2.5"},
                              {"cost", "120.50"},
                              {"materials", "Cold patch, 2 bags"}});
  ASSERT_EQ(r.status, 303) << r.Describe();
  std::smatch m;
  const std::string location = r.Header("location");
  ASSERT_TRUE(std::regex_search(location, m, std::regex(R"(#wo-(\d+)$)"))) << location;
  const std::string wid = m[1].str();
  std::string work = Section(crew.Get("/staff/requests/" + id).body, "work");
  EXPECT_NE(work.find("id=\"wo-" + wid + "\""), std::string::npos) << work;
  EXPECT_NE(work.find("Crew 7"), std::string::npos);
  EXPECT_NE(work.find("crew@desk.example"), std::string::npos);  // the person (no display name)
  EXPECT_NE(work.find("<dd data-hours>2.5</dd>"), std::string::npos) << work;
  EXPECT_NE(work.find("<dd data-cost>120.50</dd>"), std::string::npos);
  EXPECT_NE(work.find("<dd>0 / 2</dd>"), std::string::npos);  // tasks done / all
  EXPECT_NE(work.find("value=\"Fill and roll\""), std::string::npos);

  // An unfinished work order keeps the request from being resolved as fixed.
  r = crew.Post("/staff/requests/" + id + "/act",
                {{"action", "resolve_fixed"}, {"version", std::to_string(Version(crew, id))}});
  EXPECT_EQ(r.status, 409) << r.Describe();
  EXPECT_NE(r.body.find("work order " + wid + " is not done"), std::string::npos);

  // The update form: one task ticked, hours and cost changed, the work done.
  r = crew.Post("/staff/requests/" + id + "/work_orders/" + wid,
                {{"crew", "Crew 7"},
                 {"assignee", ""},
                 {"task", "Cut the edges"},
                 {"task_done", "0"},
                 {"task", "Fill and roll"},
                 {"new_tasks", "Sweep"},
                 {"hours", "3.75"},
                 {"cost", "1,234.5"},
                 {"materials", "Cold patch, 3 bags"},
                 {"completion_note", "Filled."},
                 {"done", "1"}});
  ASSERT_EQ(r.status, 303) << r.Describe();
  work = Section(crew.Get("/staff/requests/" + id).body, "work");
  EXPECT_NE(work.find("<dd data-hours>3.75</dd>"), std::string::npos) << work;
  EXPECT_NE(work.find("<dd data-cost>1234.50</dd>"), std::string::npos) << work;
  EXPECT_NE(work.find("<dd>1 / 3</dd>"), std::string::npos) << work;
  EXPECT_NE(work.find("Cold patch, 3 bags"), std::string::npos);
  EXPECT_NE(work.find("work-order is-done"), std::string::npos);

  // Bad numbers are refused with the field named, and nothing changes.
  for (const auto& [field, value] :
       std::vector<std::pair<std::string, std::string>>{{"cost", "12.345"}, {"hours", "two"}}) {
    Params form = {{"crew", "Crew 7"}, {"hours", "1"}, {"cost", "1"}};
    for (auto& p : form)
      if (p.first == field) p.second = value;
    r = crew.Post("/staff/requests/" + id + "/work_orders/" + wid, form);
    EXPECT_EQ(r.status, 400) << field << " " << r.Describe();
    // The problem beside its field, the form open with what was typed.
    EXPECT_NE(r.body.find("id=\"wo-" + wid + "-" + field + "-error\""), std::string::npos)
        << field << r.body;
    EXPECT_NE(r.body.find("value=\"" + value + "\""), std::string::npos) << field;
  }
  r = crew.Post("/staff/requests/" + id + "/work_orders", {{"hours", "-2"}});
  EXPECT_EQ(r.status, 400) << r.Describe();
  EXPECT_NE(r.body.find("id=\"wo-new-hours-error\""), std::string::npos) << r.body;
  work = Section(crew.Get("/staff/requests/" + id).body, "work");
  EXPECT_NE(work.find("<dd data-hours>3.75</dd>"), std::string::npos);
  // Now the request can be resolved.
  r = crew.Post("/staff/requests/" + id + "/act",
                {{"action", "resolve_fixed"}, {"version", std::to_string(Version(crew, id))}});
  EXPECT_EQ(r.status, 303) << r.Describe();
}

TEST_F(Desk, AnInternalRequestIsRaisedForAnotherDepartmentListedAndNeverPublic) {
  const std::string id = NewRequest("streetlight hidden by a tree");
  Browser crew = SignIn(city_, "crew@desk.example");
  // A problem keeps the typed text and opens the form again.
  HttpResponse r = crew.Post("/staff/requests/" + id + "/internal",
                             {{"department", "NOPE"}, {"description", "keep this text"}});
  EXPECT_EQ(r.status, 400) << r.Describe();
  EXPECT_NE(r.body.find("department_code"), std::string::npos);
  EXPECT_NE(r.body.find(">keep this text</textarea>"), std::string::npos);

  r = crew.Post("/staff/requests/" + id + "/internal",
                {{"department", "PRK"}, {"description", "Please trim the tree over the light"}});
  ASSERT_EQ(r.status, 303) << r.Describe();
  const std::string internal = Section(crew.Get("/staff/requests/" + id).body, "internal");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(internal, m, std::regex(R"re(href="/staff/requests/(\d+)")re")))
      << internal;
  const std::string raised = m[1].str();
  EXPECT_NE(internal.find("state-submitted"), std::string::npos) << internal;
  EXPECT_NE(internal.find("Please trim the tree"), std::string::npos);
  // It is an internal request of that department, at the same place.
  const std::string page = crew.Get("/staff/requests/" + raised).body;
  EXPECT_NE(page.find("Please trim the tree over the light"), std::string::npos);
  EXPECT_NE(page.find("1 Main St"), std::string::npos);
  // Never public: Open311 and the portal do not know it.
  HttpClient anon = city_.Client();
  HttpResponse pub = anon.Get("/open311/v2/requests/" + raised + ".json");
  EXPECT_EQ(pub.body.find("trim the tree"), std::string::npos) << pub.Describe();
  EXPECT_EQ(anon.Get("/requests/" + raised).status, 404);
  EXPECT_EQ(anon.Get("/requests/" + id).status, 200);  // the public one it came from
  // Its state moves, and the desk it came from shows the new state.
  r = crew.Post("/staff/requests/" + raised + "/act",
                {{"action", "acknowledge"}, {"version", std::to_string(Version(crew, raised))}});
  ASSERT_EQ(r.status, 303) << r.Describe();
  EXPECT_NE(Section(crew.Get("/staff/requests/" + id).body, "internal").find("state-acknowledged"),
            std::string::npos);
}

TEST_F(Desk, CountsThePausedClockAndTemplatesInTheReportersLanguage) {
  const std::string id = NewRequest("una farola apagada", {{"locale", "es-MX"}});
  Browser crew = SignIn(city_, "crew@desk.example");
  std::string page = crew.Get("/staff/requests/" + id).body;
  EXPECT_NE(page.find("data-followers>Following: 0<"), std::string::npos) << page;
  EXPECT_NE(page.find("data-me-too>People who reported this: 1<"), std::string::npos);
  // Regression: "es-MX" got the English template text.
  EXPECT_NE(page.find("Gracias por su reporte"), std::string::npos);
  // Waiting for the resident stops the clock: the badge says so, with the time stopped.
  HttpResponse r =
      crew.Post("/staff/requests/" + id + "/act", {{"action", "wait_resident"},
                                                   {"version", std::to_string(Version(crew, id))},
                                                   {"text", "Which pole number is it?"}});
  ASSERT_EQ(r.status, 303) << r.Describe();
  page = crew.Get("/staff/requests/" + id).body;
  EXPECT_NE(page.find("clock clock-paused"), std::string::npos);
  EXPECT_NE(page.find("data-paused>Clock stopped in all: "), std::string::npos);
}

}  // namespace
}  // namespace civic311::it
