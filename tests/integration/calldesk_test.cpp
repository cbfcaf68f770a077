// The call-centre desk and the queue's saved filters against the real binary (docs/console.md):
// a caller looked up by phone, e-mail and name shows their earlier requests and nearby open ones,
// each contact view audited, and only for roles that may see contact details; information added
// to a request by its number; a request filed for a caller with a required list attribute and a
// chosen contact preference, read back; an emergency service says "transfer to 911" and the call
// is still recorded; saved filters saved, listed, applied, refused to others and deleted.
#include <gtest/gtest.h>

#include <regex>

#include "console_support.hpp"
#include "harness.hpp"

namespace civic311::it {
namespace {

class CallDesk : public ::testing::Test {
 protected:
  void SetUp() override {
    MakeUser(city_, "agent@desk.example", "agent", {"CC311"});
    MakeUser(city_, "lead@desk.example", "manager", kDemoDepartments);
    MakeUser(city_, "parks@desk.example", "staff", {"PRK"});
    city_.Start();
  }

  // Files a request at the desk; returns its id.
  std::string FileForCaller(Browser& b, Params form) {
    HttpResponse r = b.Post("/staff/desk/create", std::move(form));
    if (r.status != 303) throw std::runtime_error("create: " + r.Describe());
    const std::string location = r.Header("location");
    return location.substr(location.find('=') + 1);
  }

  Params Pothole(const std::string& phone, const std::string& email) {
    return {{"service_code", "POTHOLE"},
            {"attribute[LOCATION]", "STREET"},
            {"address_string", "1 City Hall Sq"},
            {"lat", "42.3603"},
            {"long", "-71.0580"},
            {"description", "Deep pothole by the bus stop"},
            {"channel", "phone"},
            {"first_name", "Maria"},
            {"last_name", "Lopez"},
            {"phone", phone},
            {"email", email}};
  }

  std::string Audit(const std::string& department) {
    HttpClient c = city_.Client();
    HttpResponse token =
        c.Send("POST", "/api/v1/auth/token", {{"Content-Type", "application/json"}},
               R"({"email":"lead@desk.example","password":")" + std::string(kPassword) + R"("})");
    if (token.status != 200) throw std::runtime_error("token: " + token.Describe());
    const std::string bearer(boost::json::parse(token.body).at("token").as_string());
    return c
        .Get("/api/v1/audit?department=" + department + "&limit=500",
             {{"Authorization", "Bearer " + bearer}})
        .body;
  }

  static int Count(const std::string& text, const std::string& needle) {
    int n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
  }

  Instance city_;
};

TEST_F(CallDesk, LookUpByPhoneShowsTheCallersEarlierRequestsAndAuditsEachContactView) {
  Browser agent = SignIn(city_, "agent@desk.example");
  const std::string first = FileForCaller(agent, Pothole("(617) 555-0199", "Maria@Example.org"));
  const std::string second = FileForCaller(agent, Pothole("617.555.0199", ""));
  const std::string other = FileForCaller(agent, Pothole("617-555-0100", "ana@example.org"));
  const int audited_before = Count(Audit("PWD"), "view_contact");

  HttpResponse page = agent.Get("/staff/desk?find=%2B1+617+555+0199");
  ASSERT_EQ(page.status, 200) << page.Describe();
  const auto caller = page.body.find("data-caller-requests");
  ASSERT_NE(caller, std::string::npos) << page.body;
  const std::string list = page.body.substr(caller, page.body.find("</ul>", caller) - caller);
  EXPECT_NE(list.find("#" + second + " "), std::string::npos) << list;
  EXPECT_NE(list.find("#" + first + " "), std::string::npos) << list;
  EXPECT_LT(list.find("#" + second + " "), list.find("#" + first + " ")) << "newest first";
  EXPECT_EQ(list.find("#" + other + " "), std::string::npos) << list;
  EXPECT_NE(page.body.find("Maria Lopez"), std::string::npos);
  // The other requests at that spot are the "open nearby" ones.
  const auto nearby = page.body.find("data-nearby");
  ASSERT_NE(nearby, std::string::npos) << page.body;
  EXPECT_NE(page.body.find("#" + other + " ", nearby), std::string::npos);
  // One "view_contact" audit entry per request shown, as the request desk writes them.
  EXPECT_EQ(Count(Audit("PWD"), "view_contact"), audited_before + 2);

  // By e-mail in another case, and by name.
  HttpResponse by_email = agent.Get("/staff/desk?find=MARIA%40example.ORG");
  EXPECT_NE(by_email.body.find("data-caller-requests"), std::string::npos);
  EXPECT_NE(by_email.body.find("#" + first + " "), std::string::npos);
  HttpResponse by_name = agent.Get("/staff/desk?find=maria+lopez");
  EXPECT_NE(by_name.body.find("#" + other + " "), std::string::npos) << "same name, other phone";
}

TEST_F(CallDesk, OnlyRolesThatMaySeeContactDetailsLookCallersUp) {
  Browser agent = SignIn(city_, "agent@desk.example");
  FileForCaller(agent, Pothole("617-555-0123", "kept@example.org"));
  const int audited_before = Count(Audit("PWD"), "view_contact");
  // Parks staff may see contacts only in PRK: a Public Works caller is not found by phone.
  Browser parks = SignIn(city_, "parks@desk.example");
  HttpResponse page = parks.Get("/staff/desk?find=617-555-0123");
  ASSERT_EQ(page.status, 200) << page.Describe();
  EXPECT_EQ(page.body.find("data-caller"), std::string::npos) << page.body;
  EXPECT_EQ(page.body.find("kept@example.org"), std::string::npos);
  EXPECT_EQ(Count(Audit("PWD"), "view_contact"), audited_before);
}

TEST_F(CallDesk, InformationIsAddedToARequestByItsNumber) {
  Browser agent = SignIn(city_, "agent@desk.example");
  const std::string id = FileForCaller(agent, Pothole("617-555-0111", ""));
  HttpResponse added = agent.Post("/staff/desk/info",
                                  {{"number", id}, {"info", "Caller adds: it is two feet wide"}});
  ASSERT_EQ(added.status, 303) << added.Describe();
  EXPECT_EQ(added.Header("location"), "/staff/desk?info_added=" + id);
  EXPECT_NE(agent.Get("/staff/requests/" + id).body.find("Caller adds: it is two feet wide"),
            std::string::npos);
  // Mistakes are said next to the form; nothing is written.
  HttpResponse bad = agent.Post("/staff/desk/info", {{"number", "abc"}, {"info", "x"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("id=\"info-error\""), std::string::npos);
  HttpResponse missing = agent.Post("/staff/desk/info", {{"number", "999999"}, {"info", "x"}});
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("There is no request #999999"), std::string::npos);
  EXPECT_EQ(agent.Post("/staff/desk/info", {{"number", id}, {"info", ""}}).status, 400);
  // CSRF as on every form.
  EXPECT_EQ(agent.Post("/staff/desk/info", {{"number", id}, {"info", "x"}}, false).status, 403);
}

TEST_F(CallDesk, ARequiredListAttributeIsAskedAndTheCallerIsReadBackTheNumber) {
  Browser agent = SignIn(city_, "agent@desk.example");
  // The page renders the service's questions with the portal's controls (radios for a list).
  HttpResponse form = agent.Get("/staff/desk?service_code=POTHOLE");
  EXPECT_NE(form.body.find("name=\"attribute[LOCATION]\" value=\"STREET\""), std::string::npos);
  EXPECT_NE(form.body.find("data-service-attrs=\"POTHOLE\">"), std::string::npos) << "shown";
  // Without the required answer: the question's error, everything typed kept.
  Params missing = Pothole("617-555-0177", "caller@example.org");
  missing.erase(missing.begin() + 1);
  HttpResponse bad = agent.Post("/staff/desk/create", missing);
  EXPECT_EQ(bad.status, 400) << bad.Describe();
  EXPECT_NE(bad.body.find("id=\"s-POTHOLE-attr-LOCATION-error\""), std::string::npos) << bad.body;
  EXPECT_NE(bad.body.find("Deep pothole by the bus stop"), std::string::npos);
  // With it, on behalf of a TTY caller who wants e-mail only: the phone is not kept.
  Params good = Pothole("617-555-0177", "caller@example.org");
  good.push_back({"updates", "email"});
  good[6].second = "tty";
  const std::string id = FileForCaller(agent, good);
  HttpResponse readback = agent.Get("/staff/desk?created=" + id);
  EXPECT_NE(readback.body.find("data-tracking>" + id + "<"), std::string::npos);
  EXPECT_NE(readback.body.find("data-expected>"), std::string::npos);
  HttpResponse desk = agent.Get("/staff/requests/" + id);
  EXPECT_NE(desk.body.find("caller@example.org"), std::string::npos);
  EXPECT_EQ(desk.body.find("617-555-0177"), std::string::npos) << "e-mail only: phone dropped";
  EXPECT_NE(desk.body.find("tty"), std::string::npos);
}

TEST_F(CallDesk, AnEmergencyServiceSaysTransferTo911AndTheCallIsStillRecorded) {
  Browser agent = SignIn(city_, "agent@desk.example");
  HttpResponse form = agent.Get("/staff/desk?service_code=POWER-LINE");
  // Shown without a script when the emergency service is chosen.
  const auto note = form.body.find("data-emergency-note");
  ASSERT_NE(note, std::string::npos);
  EXPECT_EQ(form.body.substr(note, 40).find("hidden"), std::string::npos) << form.body.substr(note);
  const std::string id = FileForCaller(agent, {{"service_code", "POWER-LINE"},
                                               {"address_string", "1 City Hall Sq"},
                                               {"description", "Wire down and sparking"},
                                               {"channel", "phone"}});
  HttpResponse readback = agent.Get("/staff/desk?created=" + id);
  EXPECT_NE(readback.body.find("data-readback-911"), std::string::npos) << readback.body;
  EXPECT_NE(readback.body.find("transfer the caller to 911 now"), std::string::npos);
  EXPECT_EQ(city_.Client().Get("/open311/v2/requests/" + id + ".json").status, 200);
}

TEST_F(CallDesk, SavedFiltersAreSavedListedAppliedAndDeletedPerPerson) {
  Browser lead = SignIn(city_, "lead@desk.example");
  HttpResponse saved = lead.Post("/staff/queue/filters", {{"name", "Overdue potholes"},
                                                          {"state", "open"},
                                                          {"service", "POTHOLE"},
                                                          {"overdue", "1"},
                                                          {"page", "3"}});
  ASSERT_EQ(saved.status, 303) << saved.Describe();
  EXPECT_EQ(saved.Header("location"),
            "/staff/queue?state=open&service=POTHOLE&overdue=1&filters=saved");
  HttpResponse queue = lead.Get("/staff/queue");
  const std::string link = "href=\"/staff/queue?state=open&amp;service=POTHOLE&amp;overdue=1\"";
  EXPECT_NE(queue.body.find(link), std::string::npos) << queue.body;
  EXPECT_NE(queue.body.find(">Overdue potholes</a>"), std::string::npos);
  // Applied: the link's filters are the queue's, marked as the current saved filter.
  HttpResponse applied = lead.Get("/staff/queue?state=open&service=POTHOLE&overdue=1");
  EXPECT_NE(applied.body.find(link + " aria-current=\"true\""), std::string::npos);
  // Another person sees none of it and cannot delete it.
  std::smatch m;
  ASSERT_TRUE(std::regex_search(queue.body, m, std::regex(R"(/staff/queue/filters/(\d+)/delete)")));
  const std::string fid = m[1].str();
  Browser agent = SignIn(city_, "agent@desk.example");
  EXPECT_EQ(agent.Get("/staff/queue").body.find("Overdue potholes"), std::string::npos);
  EXPECT_EQ(agent.Post("/staff/queue/filters/" + fid + "/delete", {}).status, 404);
  // A name is required; CSRF as everywhere.
  EXPECT_EQ(lead.Post("/staff/queue/filters", {{"name", " "}}).Header("location"),
            "/staff/queue?filters=bad_name");
  EXPECT_EQ(lead.Post("/staff/queue/filters", {{"name", "x"}}, false).status, 403);
  HttpResponse deleted = lead.Post("/staff/queue/filters/" + fid + "/delete", {});
  EXPECT_EQ(deleted.status, 303) << deleted.Describe();
  EXPECT_EQ(lead.Get("/staff/queue").body.find("Overdue potholes"), std::string::npos);
}

}  // namespace
}  // namespace civic311::it
