// Follows by e-mail and area alerts on a real SQLite file, through the app's AlertService and
// AlertFanout: nothing but the confirmation reaches an unconfirmed address; followers hear of
// public changes only; new requests reach matching alerts (R*Tree box, then the exact shape)
// at once or in a digest; the fan-out's cursor writes a batch exactly once; choices are kept.
#include "adapters/storage/sqlite/alert_store.hpp"

#include <gtest/gtest.h>

#include "adapters/storage/sqlite/config_version_store.hpp"
#include "adapters/storage/sqlite/notify_outbox_store.hpp"
#include "adapters/storage/sqlite/test_support.hpp"
#include "adapters/storage/sqlite/workflow_store.hpp"
#include "app/alert_fanout.hpp"
#include "app/alert_service.hpp"
#include "app/config_admin.hpp"
#include "app/request_events.hpp"

namespace civic311::testing {
namespace {

Ring Rect(double west, double south, double east, double north) {
  return {{west, south}, {east, south}, {east, north}, {west, north}, {west, south}};
}

// Testville, its "Centre" ward drawn from longitude `west` to `west` + 0.10.
std::shared_ptr<const City> AlertCity(double west = 4.85) {
  auto city = std::make_shared<City>();
  city->name = "Testville";
  city->bounds = {52.0, 4.0, 53.0, 5.5};
  Service pothole;
  pothole.code = "POTHOLE";
  pothole.name = "Pothole";
  Service graffiti;
  graffiti.code = "GRAFFITI";
  graffiti.name = "Graffiti";
  city->services = {pothole, graffiti};
  AreaIndex::Spec spec;
  spec.areas.push_back(
      {"Centre", "ward", MultiPolygon{{Polygon{{Rect(west, 52.35, west + 0.10, 52.40)}}}}});
  city->areas = std::make_shared<AreaIndex>(AreaIndex::Create(spec).value());
  return city;
}

class AlertStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(SqliteStore::Open({.path = dir_.File("a.db")}).value());
    wf_ = std::make_unique<SqliteWorkflowStore>(*store_, &clock_);
    alerts_ = std::make_unique<SqliteAlertStore>(*store_);
    outbox_ = std::make_unique<SqliteNotifyOutbox>(*store_);
    // The live city, as serve gives it: an admin's new version reaches both at once.
    service_ = std::make_unique<AlertService>(*alerts_, *store_, CitySource(live_), clock_);
    fanout_ =
        std::make_unique<AlertFanout>(*alerts_, CitySource(live_), clock_, AlertFanoutOptions{});
  }

  // A request created as the app creates one: with its "created" event.
  ServiceRequest Create(double lat, double lon, const std::string& service = "POTHOLE",
                        bool internal = false) {
    ServiceRequest r = NewRequest(service, clock_.Now());
    r.lat = lat;
    r.lon = lon;
    r.internal = internal;
    r.contact.email = "reporter@example.org";
    r.contact.first_name = "Reginald";
    RequestChange c;
    c.events.push_back(CreatedEvent(r, 0));
    auto created = wf_->CreateRequest(r, c);
    EXPECT_TRUE(created.ok()) << created.error().detail;
    return *created;
  }

  // A staff change of state with a public note (and, if given, an internal note after it).
  void Change(ServiceRequest& r, RequestState to, const std::string& note,
              const std::string& internal_note = "") {
    RequestChange c;
    c.request = r;
    c.request.state = to;
    c.request.updated_at = clock_.Now();
    c.events.push_back(
        {.at = clock_.Now(), .actor_user_id = 1, .kind = "start", .state = to, .text = note});
    if (!internal_note.empty()) {
      c.events.push_back({.at = clock_.Now(),
                          .actor_user_id = 1,
                          .kind = "internal_note",
                          .state = to,
                          .text = internal_note,
                          .internal = true});
    }
    auto applied = wf_->ApplyChange(c);
    ASSERT_TRUE(applied.ok()) << applied.error().detail;
    r = *applied;
  }

  // Every outbox message (not webhooks): event, recipient and payload.
  std::vector<OutboxItem> Mail() {
    auto all = outbox_->List(false, 1000).value();
    std::vector<OutboxItem> out;
    for (OutboxItem& m : all)
      if (m.kind == "email") out.push_back(std::move(m));
    return out;
  }
  std::vector<OutboxItem> MailOf(const std::string& event) {
    std::vector<OutboxItem> out;
    for (OutboxItem& m : Mail())
      if (m.event == event) out.push_back(std::move(m));
    return out;
  }
  void FanOut() {
    while (*fanout_->RunOnce() > 0) {
    }
  }

  TempDir dir_;
  FakeClock clock_{Day(1)};
  std::shared_ptr<LiveCity> live_ = std::make_shared<LiveCity>(AlertCity());
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<SqliteWorkflowStore> wf_;
  std::unique_ptr<SqliteAlertStore> alerts_;
  std::unique_ptr<SqliteNotifyOutbox> outbox_;
  std::unique_ptr<AlertService> service_;
  std::unique_ptr<AlertFanout> fanout_;
};

TEST_F(AlertStoreTest, AFollowerGetsOnlyTheConfirmationUntilConfirmedThenPublicChangesOnly) {
  ServiceRequest r = Create(52.37, 4.89);
  auto sent = service_->FollowByEmail(r.id, " Fan@Example.org ", "es");
  ASSERT_TRUE(sent.ok()) << sent.error().detail;
  EXPECT_TRUE(*sent);
  // Asking again the same day writes no second confirmation.
  EXPECT_TRUE(*service_->FollowByEmail(r.id, "fan@example.org", "es"));
  auto confirms = MailOf("follow_confirm");
  ASSERT_EQ(confirms.size(), 1u);
  EXPECT_EQ(confirms[0].recipient, "fan@example.org");
  EXPECT_EQ(confirms[0].lang, "es");
  EXPECT_EQ(*service_->CountFollowers(r.id), 0);  // not confirmed: not counted, not told

  Change(r, RequestState::kInProgress, "crew on the way");
  FanOut();
  EXPECT_TRUE(MailOf("follow_update").empty());

  ASSERT_TRUE(*service_->ConfirmFollow(r.id, "FAN@example.org"));
  EXPECT_EQ(*service_->CountFollowers(r.id), 1);
  EXPECT_FALSE(*service_->FollowByEmail(r.id, "fan@example.org", "es"));  // already active
  Change(r, RequestState::kFixed, "filled and rolled", "INTERNAL-7f3a crew sheet");
  FanOut();
  auto updates = MailOf("follow_update");
  ASSERT_EQ(updates.size(), 1u);  // the public change; the internal note tells no one
  EXPECT_EQ(updates[0].recipient, "fan@example.org");
  EXPECT_EQ(updates[0].lang, "es");
  EXPECT_NE(updates[0].payload.find("filled and rolled"), std::string::npos);
  EXPECT_NE(updates[0].payload.find("\"state\":\"fixed\""), std::string::npos);
  for (const OutboxItem& m : Mail()) {
    if (m.recipient == "reporter@example.org") continue;
    EXPECT_EQ(m.payload.find("INTERNAL-7f3a"), std::string::npos) << m.event;
    EXPECT_EQ(m.payload.find("reporter@example.org"), std::string::npos) << m.event;
    EXPECT_EQ(m.payload.find("Reginald"), std::string::npos) << m.event;
  }
  // Unfollowing stops it.
  ASSERT_TRUE(service_->Unfollow(r.id, "fan@example.org").ok());
  EXPECT_EQ(*service_->CountFollowers(r.id), 0);
}

TEST_F(AlertStoreTest, ConfirmationLinksExpireAfterAWeekAndTheRowsGo) {
  ServiceRequest r = Create(52.37, 4.89);
  ASSERT_TRUE(*service_->FollowByEmail(r.id, "late@example.org", "en"));
  NewAlert in;
  in.label = "Home";
  in.lat = 52.37;
  in.lon = 4.89;
  in.radius_m = 500;
  auto alert = service_->CreateAlert(in, "late@example.org", std::nullopt, "en");
  ASSERT_TRUE(alert.ok()) << alert.error().detail;
  auto kept = service_->CreateAlert(in, "kept@example.org", std::nullopt, "en");
  ASSERT_TRUE(kept.ok() && *service_->ConfirmAlert(kept->id, "kept@example.org"));
  ASSERT_TRUE(*service_->FollowByEmail(r.id, "kept@example.org", "en"));
  ASSERT_TRUE(*service_->ConfirmFollow(r.id, "kept@example.org"));

  clock_.Advance(kConfirmWithin + std::chrono::minutes(1));
  // The links are a week old: they confirm nothing.
  EXPECT_FALSE(*service_->ConfirmFollow(r.id, "late@example.org"));
  EXPECT_FALSE(*service_->ConfirmAlert(alert->id, "late@example.org"));
  EXPECT_EQ(*service_->CountFollowers(r.id), 1);
  // The retention job deletes the unconfirmed rows, never a confirmed one.
  RetentionJob job = AlertRetention(*alerts_);
  EXPECT_EQ(*job.run(clock_.Now(), 100), 2);
  EXPECT_EQ(*job.run(clock_.Now(), 100), 0);
  EXPECT_FALSE(alerts_->GetAlert(alert->id)->has_value());
  EXPECT_TRUE(alerts_->GetAlert(kept->id)->has_value());
  EXPECT_EQ(*service_->CountFollowers(r.id), 1);
  // Asking again sends a new link, which works.
  ASSERT_TRUE(*service_->FollowByEmail(r.id, "late@example.org", "en"));
  EXPECT_TRUE(*service_->ConfirmFollow(r.id, "late@example.org"));
  EXPECT_EQ(*service_->CountFollowers(r.id), 2);
}

TEST_F(AlertStoreTest, AFollowAskedForAgainGetsAFreshWeek) {
  ServiceRequest r = Create(52.37, 4.89);
  ASSERT_TRUE(*service_->FollowByEmail(r.id, "again@example.org", "en"));
  clock_.Advance(std::chrono::hours(24 * 6));
  ASSERT_TRUE(*service_->FollowByEmail(r.id, "again@example.org", "en"));  // a new link
  EXPECT_EQ(MailOf("follow_confirm").size(), 2u);
  clock_.Advance(std::chrono::hours(24 * 2));  // 8 days after the first, 2 after the second
  EXPECT_EQ(*AlertRetention(*alerts_).run(clock_.Now(), 100), 0);
  EXPECT_TRUE(*service_->ConfirmFollow(r.id, "again@example.org"));
}

TEST_F(AlertStoreTest, BadFollowsAreRefused) {
  ServiceRequest r = Create(52.37, 4.89);
  auto bad = service_->FollowByEmail(r.id, "not an address", "en");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(service_->FollowByEmail(r.id + 100, "a@example.org", "en").error().code,
            ErrorCode::kNotFound);
  ServiceRequest hidden = Create(52.37, 4.89, "POTHOLE", /*internal=*/true);
  EXPECT_EQ(service_->FollowByEmail(hidden.id, "a@example.org", "en").error().code,
            ErrorCode::kNotFound);
}

TEST_F(AlertStoreTest, SignedInFollowersAreToldAtTheirAccountUnlessTheySayNo) {
  User u;
  u.email = "resident@example.org";
  u.display_name = "Rosa";
  u.password_hash = "x";
  const UserId uid = wf_->CreateUser(u).value().id;
  ServiceRequest r = Create(52.37, 4.89);
  ASSERT_TRUE(wf_->AddFollower(r.id, uid).ok());
  EXPECT_EQ(*service_->CountFollowers(r.id), 1);
  Change(r, RequestState::kInProgress, "on it");
  FanOut();
  ASSERT_EQ(MailOf("follow_update").size(), 1u);
  EXPECT_EQ(MailOf("follow_update")[0].recipient, "resident@example.org");
  auto followed = service_->Followed("resident@example.org", uid).value();
  ASSERT_EQ(followed.size(), 1u);
  EXPECT_EQ(followed[0].id, r.id);
  EXPECT_TRUE(followed[0].contact.empty());

  ASSERT_TRUE(
      service_->SetPrefs(uid, {.own_email = false, .follow_email = false, .lang = "es"}).ok());
  auto prefs = service_->Prefs(uid).value();
  EXPECT_FALSE(prefs.own_email);
  EXPECT_EQ(prefs.lang, "es");
  Change(r, RequestState::kFixed, "done");
  FanOut();
  EXPECT_EQ(MailOf("follow_update").size(), 1u);  // no second one
  // "No e-mail about my own requests": the outbox's stop check says so for their report.
  ServiceRequest mine = Create(52.37, 4.89);
  RequestWorkflow w;
  w.reporter_user_id = uid;
  ASSERT_TRUE(wf_->SetWorkflow(mine.id, w).ok());
  EXPECT_TRUE(*outbox_->IsStopped("resident@example.org", mine.id));
  EXPECT_FALSE(*outbox_->IsStopped("resident@example.org", r.id));
  EXPECT_FALSE(*outbox_->IsStopped("someone@example.org", mine.id));
}

TEST_F(AlertStoreTest, ImmediateAlertsGetMatchingNewRequestsOnlyAfterConfirmation) {
  NewAlert in;
  in.label = "Home";
  in.lat = 52.37;
  in.lon = 4.89;
  in.radius_m = 500;
  in.services = {"POTHOLE"};
  auto a = service_->CreateAlert(in, "Home@Example.org", std::nullopt, "en");
  ASSERT_TRUE(a.ok()) << a.error().detail;
  EXPECT_FALSE(a->confirmed_at.has_value());
  EXPECT_EQ(a->feed_token.size(), 32u);
  ASSERT_EQ(MailOf("alert_confirm").size(), 1u);
  Create(52.3701, 4.8901);  // before confirmation: nothing
  FanOut();
  EXPECT_TRUE(MailOf("alert_new").empty());

  ASSERT_TRUE(*service_->ConfirmAlert(a->id, "home@example.org"));
  EXPECT_FALSE(*service_->ConfirmAlert(a->id, "someone@example.org"));
  const ServiceRequest near = Create(52.372, 4.89);  // ~220 m
  Create(52.372, 4.89, "GRAFFITI");                  // another service
  Create(52.3740, 4.8955);                           // in the box, ~580 m: not the circle
  Create(52.40, 4.89);                               // 3 km away
  Create(52.3702, 4.8902, "POTHOLE", /*internal=*/true);
  FanOut();
  auto alerts = MailOf("alert_new");
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].recipient, "home@example.org");
  EXPECT_NE(alerts[0].payload.find("\"service_request_id\":\"" + std::to_string(near.id) + "\""),
            std::string::npos);
  EXPECT_EQ(alerts[0].payload.find("reporter@example.org"), std::string::npos);
  EXPECT_EQ(alerts[0].payload.find("something about"), std::string::npos);  // no description

  // Its feed lists what matches (public requests only).
  auto feed = service_->AlertRequests(*service_->FindByFeedToken(a->feed_token).value(), 50);
  ASSERT_TRUE(feed.ok());
  ASSERT_EQ(feed->size(), 2u);  // the unconfirmed-time one counts for the feed too
  for (const ServiceRequest& r : *feed) EXPECT_FALSE(r.internal);

  // Delete: no more.
  ASSERT_TRUE(service_->DeleteAlert(a->id, "other@example.org", std::nullopt).error().code ==
              ErrorCode::kNotFound);
  ASSERT_TRUE(service_->StopAlert(a->id, "home@example.org").ok());
  Create(52.3701, 4.8901);
  FanOut();
  EXPECT_EQ(MailOf("alert_new").size(), 1u);
  EXPECT_FALSE(service_->FindByFeedToken(a->feed_token).value().has_value());
}

TEST_F(AlertStoreTest, AreaDigestCollectsTheDayAndSendsOnce) {
  NewAlert in;
  in.area = "centre";
  in.mode = AlertMode::kDigest;
  auto a = service_->CreateAlert(in, "digest@example.org", std::nullopt, "es");
  ASSERT_TRUE(a.ok()) << a.error().detail;
  EXPECT_EQ(a->area, "Centre");
  ASSERT_TRUE(*service_->ConfirmAlert(a->id, "digest@example.org"));
  Create(52.36, 4.86);
  Create(52.39, 4.94, "GRAFFITI");
  Create(52.30, 4.89);  // outside the area
  FanOut();
  EXPECT_TRUE(MailOf("alert_new").empty());
  EXPECT_EQ(*fanout_->SendDueDigests(clock_.Now()), 0);  // not due yet (07:00)
  clock_.Advance(std::chrono::hours(13));
  EXPECT_EQ(*fanout_->SendDueDigests(clock_.Now()), 1);
  auto digests = MailOf("alert_digest");
  ASSERT_EQ(digests.size(), 1u);
  EXPECT_EQ(digests[0].lang, "es");
  EXPECT_NE(digests[0].payload.find("\"count\":2"), std::string::npos) << digests[0].payload;
  // Sent once: the items are gone and the next one is due tomorrow.
  EXPECT_EQ(*fanout_->SendDueDigests(clock_.Now() + std::chrono::hours(30)), 0);
  EXPECT_EQ(MailOf("alert_digest").size(), 1u);
}

// Regression (issue 9, session 6): the alerts held the start-up city, so an area an admin
// redrew was matched by its old shape until a restart. Now a new configuration version, saved
// through ConfigAdmin as the admin screens save it, is used by the very next match: the fan-out
// (and the R*Tree box it looks candidates up by) and the alert's feed.
TEST_F(AlertStoreTest, AnAreaRedrawnByANewConfigVersionIsMatchedAtOnce) {
  NewAlert in;
  in.area = "Centre";
  auto a = service_->CreateAlert(in, "ward@example.org", std::nullopt, "en");
  ASSERT_TRUE(a.ok()) << a.error().detail;
  ASSERT_TRUE(*service_->ConfirmAlert(a->id, "ward@example.org"));
  Create(52.37, 4.90);  // in the Centre as first drawn
  FanOut();
  ASSERT_EQ(MailOf("alert_new").size(), 1u);

  // The admin moves the Centre 0.15° east (the loader stands in for the TOML one: the document
  // names the ward's west edge).
  SqliteConfigVersions versions(*store_, &clock_);
  ConfigAdmin::Deps deps;
  deps.live = live_;
  deps.store = &versions;
  deps.clock = &clock_;
  deps.load = [](std::string_view toml, std::string_view) -> Result<std::shared_ptr<const City>> {
    return AlertCity(std::stod(std::string(toml)));
  };
  deps.catalogue = [](const City& c) { return c.name; };
  ConfigAdmin admin(std::move(deps));
  auto saved = admin.Save({Actor{1, Role::kAdmin, {}, false}, "admin@example.org"}, "5.00",
                          "Centre redrawn", std::nullopt);
  ASSERT_TRUE(saved.ok()) << saved.error().message;

  const ServiceRequest moved = Create(52.37, 5.05);  // only in the new Centre (and its box)
  Create(52.37, 4.90);                               // only in the old one
  FanOut();
  auto alerts = MailOf("alert_new");
  ASSERT_EQ(alerts.size(), 2u);
  const std::string id = "\"service_request_id\":\"" + std::to_string(moved.id) + "\"";
  EXPECT_TRUE(alerts[0].payload.find(id) != std::string::npos ||
              alerts[1].payload.find(id) != std::string::npos);
  auto feed = service_->AlertRequests(*a, 50);
  ASSERT_TRUE(feed.ok());
  ASSERT_EQ(feed->size(), 1u);
  EXPECT_EQ((*feed)[0].id, moved.id);
}

TEST_F(AlertStoreTest, FeedOnlyAlertsNeedNoConfirmationAndSendNothing) {
  NewAlert in;
  in.area = "Centre";
  in.mode = AlertMode::kFeed;
  auto a = service_->CreateAlert(in, "feed@example.org", std::nullopt, "en");
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->confirmed_at.has_value());
  Create(52.36, 4.86);
  FanOut();
  EXPECT_TRUE(Mail().empty());
  EXPECT_EQ(service_->AlertRequests(*a, 50)->size(), 1u);
}

TEST_F(AlertStoreTest, BadAlertsAreRefusedWithTheirField) {
  NewAlert in;
  in.lat = 52.37;
  in.lon = 4.89;
  in.radius_m = 10;
  EXPECT_EQ(service_->CreateAlert(in, "a@example.org", std::nullopt, "en").error().fields[0].field,
            "radius");
  in.radius_m = 500;
  in.services = {"NOPE"};
  EXPECT_EQ(service_->CreateAlert(in, "a@example.org", std::nullopt, "en").error().fields[0].field,
            "services");
  in.services = {};
  in.lat = 10;
  EXPECT_EQ(service_->CreateAlert(in, "a@example.org", std::nullopt, "en").error().fields[0].field,
            "place");
  NewAlert area;
  area.area = "Atlantis";
  EXPECT_EQ(
      service_->CreateAlert(area, "a@example.org", std::nullopt, "en").error().fields[0].field,
      "area");
  EXPECT_TRUE(service_->ListAlerts("a@example.org", std::nullopt)->empty());
}

TEST_F(AlertStoreTest, TheCursorWritesABatchOnceWhoeverRunsIt) {
  ServiceRequest r = Create(52.37, 4.89);
  ASSERT_TRUE(service_->FollowByEmail(r.id, "fan@example.org", "en", /*confirmed=*/true).ok());
  Change(r, RequestState::kInProgress, "on it");
  auto batch = alerts_->ReadFanout(100).value();
  ASSERT_GE(batch.items.size(), 2u);
  // Another worker commits first; this one's commit writes nothing.
  AlertFanout other(*alerts_, CitySource(live_), clock_, AlertFanoutOptions{});
  ASSERT_GT(*other.RunOnce(), 0);
  EXPECT_FALSE(*alerts_->CommitFanout(batch.from, batch.to, {}, {}));
  EXPECT_EQ(*fanout_->RunOnce(), 0);
  EXPECT_EQ(MailOf("follow_update").size(), 1u);
}

}  // namespace
}  // namespace civic311::testing
