// The console's live updates, queue tools and forgot-password against the real binary
// (docs/console.md): the Server-Sent Events stream tells an open queue of a new request and a
// request page of someone else's change; tab counts are exact SQL counts; sort, channel, date,
// unassigned and map view; bulk transfer and bulk close-as-duplicate, one audited event per
// request; forgot password through the notifications outbox. Every new route is refused to
// anonymous callers and residents, and every new form needs the CSRF token.
#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>

#include "accounts.hpp"
#include "console_support.hpp"
#include "harness.hpp"

namespace civic311::it {
namespace {

// A live stream (GET /staff/live…) read as it arrives.
class LiveStream {
 public:
  LiveStream(const Instance& city, const Browser& b, const std::string& target) {
    const std::string err = socket_.Connect(city.port(), std::chrono::seconds(10));
    if (!err.empty()) throw std::runtime_error("connect: " + err);
    std::string req =
        "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n";
    if (!b.session.empty()) req += "Cookie: c311_session=" + b.session + "\r\n";
    req += "\r\n";
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    if (!socket_.SendAll(req, deadline)) throw std::runtime_error("send failed");
    while (buffer_.find("\r\n\r\n") == std::string::npos) {
      if (socket_.Receive(buffer_, deadline) <= 0) throw std::runtime_error("no head: " + buffer_);
    }
    head_ = buffer_.substr(0, buffer_.find("\r\n\r\n"));
    buffer_.erase(0, head_.size() + 4);
  }
  const std::string& head() const { return head_; }
  // Reads until the stream holds `needle` (true) or 20 s pass (false).
  bool WaitFor(const std::string& needle) {
    const auto deadline = Clock::now() + std::chrono::seconds(20);
    while (buffer_.find(needle) == std::string::npos) {
      if (socket_.Receive(buffer_, deadline) <= 0) return false;
    }
    return true;
  }
  const std::string& received() const { return buffer_; }

 private:
  Socket socket_;
  std::string head_;
  std::string buffer_;
};

class Console2 : public ::testing::Test {
 protected:
  void SetUp() override {
    MakeUser(city_, "crew@console.example", "staff", kDemoDepartments);
    MakeUser(city_, "lead@console.example", "manager", kDemoDepartments);
    MakeUser(city_, "resident@console.example", "resident");
    city_.Start();
    city_.PlainServiceCode();
  }
  std::string NewRequest(const std::string& text) {
    HttpClient c = city_.Client();
    HttpResponse r = c.PostForm("/open311/v2/requests.json", city_.NewRequestForm(text));
    if (r.status != 200) throw std::runtime_error("post: " + r.Describe());
    return ParseSubmittedId(r.body);
  }
  // The count shown on the queue tab whose link has state=`state`, for the query `q`.
  std::string TabCount(Browser& b, const std::string& query, const std::string& state) {
    const std::string page = b.Get("/staff/queue?" + query).body;
    std::smatch m;
    const std::regex tab("state=" + state +
                         R"re([^"]*"[^>]*>[^<]*<span class="count">(\d+)</span>)re");
    return std::regex_search(page, m, tab) ? m[1].str() : "none";
  }
  Instance city_;
};

TEST_F(Console2, NewRoutesAreRefusedToAnonymousCallersAndResidents) {
  HttpClient anon = city_.Client();
  for (const std::string path : {"/staff/live", "/staff/live?request=1", "/staff/queue?view=map",
                                 "/staff/queue?sort=due&channel=phone&assignee=none"}) {
    HttpResponse r = anon.Get(path);
    EXPECT_EQ(r.status, 303) << path << " " << r.Describe();
    EXPECT_EQ(r.Header("location").rfind("/staff/signin?next=", 0), 0u) << path;
  }
  HttpClient c = city_.Client();
  Browser resident{city_.Client(), SignIn(c, "resident@console.example"), ""};
  resident.csrf = CsrfField(resident.Get("/account").body);
  ASSERT_FALSE(resident.csrf.empty());
  EXPECT_EQ(resident.Get("/staff/live").status, 403);
  EXPECT_EQ(resident.Get("/staff/queue?view=map").status, 403);
  for (const std::string action : {"transfer", "close_duplicate"}) {
    EXPECT_EQ(resident.Post("/staff/queue/bulk", {{"bulk_action", action}}).status, 403) << action;
    EXPECT_EQ(anon.PostForm("/staff/queue/bulk", {{"bulk_action", action}}).status, 403) << action;
  }
  // Forgot password needs no session, but its forms need the CSRF token.
  EXPECT_EQ(anon.Get("/staff/forgot").status, 200);
  EXPECT_EQ(anon.PostForm("/staff/forgot", {{"email", "crew@console.example"}}).status, 403);
  EXPECT_EQ(anon.PostForm("/staff/reset", {{"code", "x"}, {"password", "y"}}).status, 403);
}

TEST_F(Console2, AnOpenQueueHearsOfANewRequestAndADeskOfSomeoneElsesChange) {
  Browser crew = SignIn(city_, "crew@console.example");
  Browser lead = SignIn(city_, "lead@console.example");
  LiveStream queue(city_, crew, "/staff/live?department=*");
  EXPECT_NE(queue.head().find("200"), std::string::npos) << queue.head();
  EXPECT_NE(queue.head().find("text/event-stream"), std::string::npos) << queue.head();
  EXPECT_EQ(queue.head().find("Content-Length"), std::string::npos) << queue.head();
  ASSERT_TRUE(queue.WaitFor("retry: ")) << queue.received();

  const auto posted = Clock::now();
  const std::string id = NewRequest("live queue test");
  ASSERT_TRUE(queue.WaitFor("\"request\":" + id + ",")) << queue.received();
  std::printf("new request heard by an open queue after %.1f ms\n",
              std::chrono::duration<double, std::milli>(Clock::now() - posted).count());

  // The crew member has the request open; the lead acknowledges it.
  LiveStream desk(city_, crew, "/staff/live?request=" + id);
  const int v = Version(crew, id);
  ASSERT_EQ(lead.Post("/staff/requests/" + id + "/act",
                      {{"action", "acknowledge"}, {"version", std::to_string(v)}})
                .status,
            303);
  ASSERT_TRUE(desk.WaitFor("\"by\":\"lead@console.example\"")) << desk.received();
  EXPECT_NE(desk.received().find("\"mine\":false"), std::string::npos) << desk.received();
  EXPECT_NE(desk.received().find("\"state\":\"acknowledged\""), std::string::npos);
  EXPECT_NE(desk.received().find("event: change"), std::string::npos);
  // The request page carries what the script needs to say so.
  const std::string page = crew.Get("/staff/requests/" + id).body;
  EXPECT_NE(page.find("data-live=\"/staff/live?request=" + id + "\""), std::string::npos);
  // A stream for another request hears nothing of this one.
  LiveStream other(city_, crew, "/staff/live?request=999999");
  const std::string id2 = NewRequest("another live request");
  ASSERT_TRUE(queue.WaitFor("\"request\":" + id2 + ","));
  EXPECT_EQ(other.received().find("\"request\":" + id2), std::string::npos);
}

TEST_F(Console2, TabCountsAreExactCountsUnderTheFilters) {
  Browser crew = SignIn(city_, "crew@console.example");
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(NewRequest("zebracrossing faded " + std::to_string(i)));
  const std::string q = "department=*&q=zebracrossing";
  EXPECT_EQ(TabCount(crew, q, "open"), "3");
  EXPECT_EQ(TabCount(crew, q, "submitted"), "3");
  ASSERT_EQ(
      crew.Post("/staff/requests/" + ids[0] + "/act",
                {{"action", "acknowledge"}, {"version", std::to_string(Version(crew, ids[0]))}})
          .status,
      303);
  EXPECT_EQ(TabCount(crew, q, "submitted"), "2");
  EXPECT_EQ(TabCount(crew, q, "acknowledged"), "1");
  EXPECT_EQ(TabCount(crew, q, "open"), "3");
}

TEST_F(Console2, SortChannelDatesUnassignedAndMapView) {
  Browser crew = SignIn(city_, "crew@console.example");
  const std::string a = NewRequest("quagga sort first");
  const std::string b = NewRequest("quagga sort second");
  auto order = [&](const std::string& query) {
    const std::string page = crew.Get("/staff/queue?department=*&q=quagga&" + query).body;
    return page.find("data-id=\"" + a + "\"") < page.find("data-id=\"" + b + "\"") ? "a,b" : "b,a";
  };
  EXPECT_STREQ(order(""), "b,a");  // newest first
  EXPECT_STREQ(order("sort=oldest"), "a,b");
  const std::string sorted = crew.Get("/staff/queue?department=*&q=quagga&sort=oldest").body;
  EXPECT_NE(sorted.find("aria-sort=\"ascending\""), std::string::npos);
  // Open311 requests came by API: a phone filter hides them, the api one shows them.
  EXPECT_EQ(
      crew.Get("/staff/queue?department=*&q=quagga&channel=phone").body.find("data-id=\"" + a),
      std::string::npos);
  EXPECT_NE(crew.Get("/staff/queue?department=*&q=quagga&channel=api").body.find("data-id=\"" + a),
            std::string::npos);
  // Dates: requests received long ago only — none of these.
  EXPECT_EQ(
      crew.Get("/staff/queue?department=*&q=quagga&to=2001-01-01").body.find("data-id=\"" + a),
      std::string::npos);
  EXPECT_NE(
      crew.Get("/staff/queue?department=*&q=quagga&from=2001-01-01").body.find("data-id=\"" + a),
      std::string::npos);
  // Unassigned: both, until one is assigned.
  ASSERT_EQ(crew.Post("/staff/queue/bulk", {{"bulk_action", "assign_me"},
                                            {"sel", a + ":" + std::to_string(Version(crew, a))}})
                .status,
            303);
  const std::string unassigned = crew.Get("/staff/queue?department=*&q=quagga&assignee=none").body;
  EXPECT_EQ(unassigned.find("data-id=\"" + a + "\""), std::string::npos);
  EXPECT_NE(unassigned.find("data-id=\"" + b + "\""), std::string::npos);
  // Bad values are a readable 400, not an empty queue.
  EXPECT_EQ(crew.Get("/staff/queue?sort=sideways").status, 400);
  EXPECT_EQ(crew.Get("/staff/queue?channel=pigeon").status, 400);
  EXPECT_EQ(crew.Get("/staff/queue?from=yesterday").status, 400);
  // The map view: the same rows, with their points, and the map's element.
  const std::string map = crew.Get("/staff/queue?department=*&q=quagga&view=map").body;
  EXPECT_NE(map.find("id=\"queue-map\""), std::string::npos);
  EXPECT_NE(map.find("data-id=\"" + b + "\""), std::string::npos);
  EXPECT_NE(map.find("data-lat="), std::string::npos);
}

TEST_F(Console2, BulkTransferAndCloseAsDuplicateWriteOneAuditedEventPerRequest) {
  Browser lead = SignIn(city_, "lead@console.example");
  const std::string parent = NewRequest("okapi parent");
  const std::string d1 = NewRequest("okapi copy one");
  const std::string d2 = NewRequest("okapi copy two");
  auto sel = [&](const std::string& id) { return id + ":" + std::to_string(Version(lead, id)); };
  HttpResponse dup = lead.Post("/staff/queue/bulk", {{"bulk_action", "close_duplicate"},
                                                     {"bulk_parent", parent},
                                                     {"sel", sel(d1)},
                                                     {"sel", sel(d2)},
                                                     {"sel", sel(parent)}});
  ASSERT_EQ(dup.status, 303) << dup.Describe();
  // The parent itself is never closed as its own duplicate.
  EXPECT_NE(dup.Header("location").find("done=2&failed=1"), std::string::npos)
      << dup.Header("location");
  for (const std::string& id : {d1, d2}) {
    EXPECT_NE(
        lead.Get("/staff/requests/" + id).body.find("href=\"/staff/requests/" + parent + "\""),
        std::string::npos)
        << id;
  }
  EXPECT_EQ(
      lead.Post("/staff/queue/bulk", {{"bulk_action", "close_duplicate"}, {"sel", sel(parent)}})
          .status,
      400);  // no parent given

  const std::string t1 = NewRequest("okapi transfer one");
  const std::string t2 = NewRequest("okapi transfer two");
  HttpResponse moved = lead.Post("/staff/queue/bulk", {{"bulk_action", "transfer"},
                                                       {"bulk_department", "PRK"},
                                                       {"bulk_reason", "Parks land"},
                                                       {"sel", sel(t1)},
                                                       {"sel", sel(t2)}});
  ASSERT_EQ(moved.status, 303) << moved.Describe();
  EXPECT_NE(moved.Header("location").find("done=2&failed=0"), std::string::npos)
      << moved.Header("location");
  // One audit entry per request moved (filed under the department it left).
  HttpClient c = city_.Client();
  const std::string token = SignIn(c, "lead@console.example");
  int transfers = 0;
  for (const std::string& dep : kDemoDepartments) {
    HttpResponse audit = Json(c, "GET", "/api/v1/audit?department=" + dep + "&limit=100", token);
    ASSERT_EQ(audit.status, 200) << audit.Describe();
    const boost::json::object body = Object(audit);
    for (const auto& e : body.at("entries").as_array()) {
      const auto& o = e.as_object();
      if (o.at("action").as_string() != "transfer" || !o.contains("service_request_id")) continue;
      const std::string rid = std::to_string(o.at("service_request_id").as_int64());
      if (rid == t1 || rid == t2) ++transfers;
    }
  }
  EXPECT_EQ(transfers, 2);
}

TEST_F(Console2, ForgotPasswordSendsACodeThroughTheOutboxAndTheCodeSetsANewPassword) {
  HttpClient c = city_.Client();
  HttpResponse page = c.Get("/staff/forgot");
  ASSERT_EQ(page.status, 200) << page.Describe();
  const std::string anon = CookieValue(page, "c311_csrf");
  const Params cookie = {{"Cookie", "c311_csrf=" + anon}};
  // The same answer for an unknown address.
  HttpResponse unknown = c.PostForm(
      "/staff/forgot", {{"email", "nobody@console.example"}, {"csrf_token", anon}}, cookie);
  HttpResponse known = c.PostForm(
      "/staff/forgot", {{"email", "crew@console.example"}, {"csrf_token", anon}}, cookie);
  ASSERT_EQ(known.status, 200) << known.Describe();
  EXPECT_EQ(unknown.status, 200);
  EXPECT_NE(known.body.find("name=\"code\""), std::string::npos);
  EXPECT_NE(unknown.body.find("name=\"code\""), std::string::npos);
  const auto tokens = ResetTokens(city_, 1);
  ASSERT_EQ(tokens.size(), 1u);
  // A wrong code is said so, and changes nothing.
  HttpResponse wrong = c.PostForm(
      "/staff/reset",
      {{"code", "not-the-code"}, {"password", "a brand new passphrase"}, {"csrf_token", anon}},
      cookie);
  EXPECT_EQ(wrong.status, 400) << wrong.Describe();
  HttpResponse done = c.PostForm(
      "/staff/reset",
      {{"code", tokens[0]}, {"password", "a brand new passphrase"}, {"csrf_token", anon}}, cookie);
  EXPECT_EQ(done.status, 303) << done.Describe();
  EXPECT_EQ(done.Header("location"), "/staff/signin?reset=1");
  EXPECT_NO_THROW(SignIn(c, "crew@console.example", "a brand new passphrase"));
}

TEST_F(Console2, APhotoHiddenAtTheDeskLeavesThePublicAndIsAudited) {
  const std::filesystem::path jpg = city_.dir() / "desk-photo.jpg";
  if (std::system(("ffmpeg -nostdin -v error -f lavfi -i testsrc=size=160x120 -frames:v 1 -y '" +
                   jpg.string() + "' >/dev/null 2>&1")
                      .c_str()) != 0) {
    GTEST_SKIP() << "ffmpeg is needed to make a test photo (scripts/setup)";
  }
  std::stringstream photo;
  photo << std::ifstream(jpg, std::ios::binary).rdbuf();
  // One Open311 request with the photo (multipart: the form fields, then the file).
  const std::string boundary = "desk-photo-boundary";
  std::string body;
  for (const auto& [k, v] : city_.NewRequestForm("a photo to moderate"))
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v +
            "\r\n";
  body += "--" + boundary +
          "\r\nContent-Disposition: form-data; name=\"media\"; filename=\"p.jpg\"\r\n"
          "Content-Type: image/jpeg\r\n\r\n" +
          photo.str() + "\r\n--" + boundary + "--\r\n";
  HttpResponse posted =
      city_.Client().Send("POST", "/open311/v2/requests.json",
                          {{"Content-Type", "multipart/form-data; boundary=" + boundary}}, body);
  ASSERT_EQ(posted.status, 200) << posted.Describe();
  const std::string id = ParseSubmittedId(posted.body);

  Browser crew = SignIn(city_, "crew@console.example");
  std::string page = crew.Get("/staff/requests/" + id).body;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(page, m, std::regex(R"re(name="sha" value="([0-9a-f]{64})")re")))
      << page;
  const std::string sha = m[1].str();
  ASSERT_TRUE(
      std::regex_search(page, m, std::regex("src=\"(/media/" + sha + R"re(\.[a-z0-9]+)")re")));
  const std::string url = m[1].str();
  EXPECT_EQ(city_.Client().Get(url).status, 200);
  // Without the CSRF token: refused, still public.
  EXPECT_EQ(
      crew.Post("/staff/requests/" + id + "/photos", {{"sha", sha}, {"hide", "1"}}, false).status,
      403);
  EXPECT_EQ(city_.Client().Get(url).status, 200);
  // A resident may not.
  HttpClient c = city_.Client();
  Browser resident{city_.Client(), SignIn(c, "resident@console.example"), ""};
  resident.csrf = CsrfField(resident.Get("/account").body);
  EXPECT_EQ(
      resident.Post("/staff/requests/" + id + "/photos", {{"sha", sha}, {"hide", "1"}}).status,
      403);
  // Hidden: no longer served, still listed on the desk as hidden; then shown again.
  EXPECT_EQ(crew.Post("/staff/requests/" + id + "/photos", {{"sha", sha}, {"hide", "1"}}).status,
            303);
  EXPECT_EQ(city_.Client().Get(url).status, 404);
  EXPECT_NE(crew.Get("/staff/requests/" + id).body.find("hidden from the public"),
            std::string::npos);
  EXPECT_EQ(
      crew.Post("/staff/requests/" + id + "/photos", {{"sha", std::string(64, 'z')}, {"hide", "1"}})
          .status,
      400);
  EXPECT_EQ(crew.Post("/staff/requests/" + id + "/photos", {{"sha", sha}, {"hide", "0"}}).status,
            303);
  EXPECT_EQ(city_.Client().Get(url).status, 200);
  // Both changes are in the audit log.
  const std::string token = SignIn(c, "lead@console.example");
  int hidden = 0, shown = 0;
  for (const std::string& dep : kDemoDepartments) {
    HttpResponse audit = Json(c, "GET", "/api/v1/audit?department=" + dep + "&limit=100", token);
    ASSERT_EQ(audit.status, 200) << audit.Describe();
    const boost::json::object entries = Object(audit);
    for (const auto& e : entries.at("entries").as_array()) {
      const auto& action = e.as_object().at("action").as_string();
      hidden += action == "media_hidden";
      shown += action == "media_shown";
    }
  }
  EXPECT_EQ(hidden, 1);
  EXPECT_EQ(shown, 1);
}

}  // namespace
}  // namespace civic311::it
