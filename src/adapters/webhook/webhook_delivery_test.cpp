// Webhook delivery end to end through the one delivery worker (NotificationWorker, lane 2) with
// real components: the one SQLite outbox on a real file, the webhook channel over the Beast HTTP
// client, and a real HTTP receiver on 127.0.0.1:0 inside the test that records every POST and can
// fail the first N. Only time (FakeClock) and failures (the receiver's answers, a closed port)
// are arranged. The contract is docs/webhooks.md.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "adapters/storage/sqlite/notify_outbox_store.hpp"
#include "adapters/storage/sqlite/sqlite_db.hpp"
#include "adapters/storage/sqlite/test_support.hpp"
#include "adapters/storage/sqlite/workflow_rows.hpp"
#include "adapters/webhook/http_transport.hpp"
#include "adapters/webhook/webhook_channel.hpp"
#include "app/notification_worker.hpp"
#include "app/request_events.hpp"
#include "base/crypto.hpp"

namespace civic311::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using std::chrono::seconds;

// A tiny HTTP/1.1 server: one request per connection, recorded; answers `fail_status` to the
// first `fail_first` requests and 200 after; with `hang`, never answers.
class Receiver {
 public:
  struct Got {
    std::map<std::string, std::string> headers;
    std::string target;
    std::string body;
  };

  explicit Receiver(int fail_first = 0, int fail_status = 503, bool hang = false)
      : fail_first_(fail_first), fail_status_(fail_status), hang_(hang) {
    acceptor_.open(asio::ip::tcp::v4());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind({asio::ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] { Serve(); });
  }
  ~Receiver() {
    stop_ = true;
    beast::error_code ec;
    asio::ip::tcp::socket poke(ioc_);
    poke.connect({asio::ip::make_address("127.0.0.1"), port_}, ec);  // wakes accept()
    thread_.join();
  }

  std::string Url(const std::string& path = "/hook") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::vector<Got> Requests() {
    std::lock_guard lock(mu_);
    return got_;
  }
  size_t Count() {
    std::lock_guard lock(mu_);
    return got_.size();
  }

 private:
  void Serve() {
    while (!stop_) {
      beast::error_code ec;
      asio::ip::tcp::socket s(ioc_);
      acceptor_.accept(s, ec);
      if (ec || stop_) return;
      beast::flat_buffer buf;
      http::request<http::string_body> req;
      http::read(s, buf, req, ec);
      if (ec) continue;
      Got g;
      for (const auto& f : req) g.headers[std::string(f.name_string())] = std::string(f.value());
      g.target = std::string(req.target());
      g.body = req.body();
      int n;
      {
        std::lock_guard lock(mu_);
        got_.push_back(std::move(g));
        n = static_cast<int>(got_.size());
      }
      if (hang_) {
        for (int i = 0; i < 200 && !stop_; ++i)
          std::this_thread::sleep_for(std::chrono::milliseconds(10));
        continue;
      }
      http::response<http::string_body> res{
          n <= fail_first_ ? static_cast<http::status>(fail_status_) : http::status::ok, 11};
      res.body() = n <= fail_first_ ? "try later" : "ok";
      res.prepare_payload();
      http::write(s, res, ec);
      s.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    }
  }

  const int fail_first_;
  const int fail_status_;
  const bool hang_;
  asio::io_context ioc_;
  asio::ip::tcp::acceptor acceptor_{ioc_};
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::vector<Got> got_;
  std::thread thread_;
};

class WebhookDeliveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(CryptoInit());
    auto opened = SqliteStore::Open({.path = dir_.File("hooks.db")});
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    store_ = std::move(*opened);
    outbox_ = std::make_unique<SqliteNotifyOutbox>(*store_);
  }

  // The endpoints configured: events written from now on are addressed to them.
  void Use(std::vector<WebhookTarget> targets) { targets_ = std::move(targets); }

  // A request with a reporter's contact details, as stored; its event's webhook messages are
  // built by the real builder (one per endpoint that wants it) and written as ApplyChange
  // writes them.
  void AddEvent(const std::string& kind, RequestId id = 42) {
    ServiceRequest r = NewRequest("POTHOLE", Day(1));
    r.id = id;
    r.contact.email = "reporter@example.org";
    r.contact.phone = "+1 555 0100";
    r.contact.first_name = "Jane";
    r.contact.last_name = "Resident";
    TimelineEvent e;
    e.id = ++event_id_;
    e.at = Day(1);
    e.kind = kind;
    e.state = r.state;
    e.text = "crew on the way";
    std::vector<WebhookEndpoint> endpoints;
    for (const WebhookTarget& t : targets_) endpoints.push_back(t.endpoint);
    auto db = sqlite::Db::Open(dir_.File("hooks.db"), SQLITE_OPEN_READWRITE);
    ASSERT_TRUE(db.ok());
    sqlite3_busy_timeout((*db)->raw(), 5000);
    for (const OutboxMessage& m : WebhookMessages(e, r, endpoints))
      ASSERT_TRUE(sqlite::InsertOutbox(**db, m, Day(1).time_since_epoch().count()).ok());
  }

  std::string LastError() {
    auto db = sqlite::Db::Open(dir_.File("hooks.db"), SQLITE_OPEN_READONLY);
    auto v =
        (*db)->QueryText("SELECT group_concat(last_error, '|') FROM outbox WHERE kind = 'webhook'");
    return v.ok() ? *v : "";
  }
  std::int64_t Count(const std::string& where) {
    auto db = sqlite::Db::Open(dir_.File("hooks.db"), SQLITE_OPEN_READONLY);
    return *(*db)->QueryInt("SELECT count(*) FROM outbox WHERE " + where);
  }

  static WebhookTarget Target(const std::string& name, const std::string& url,
                              std::vector<std::string> events = {}) {
    WebhookTarget t;
    t.endpoint.name = name;
    t.endpoint.url = url;
    t.endpoint.secret_env = "UNUSED";
    t.endpoint.events = std::move(events);
    t.secret = "s3cret-" + name;
    return t;
  }

  // The one worker with the webhook channel for the endpoints in use.
  struct Running {
    std::unique_ptr<WebhookChannel> channel;
    std::unique_ptr<NotificationWorker> worker;
    Result<int> RunOnce() { return worker->RunOnce(kWebhookLane); }
  };
  std::unique_ptr<Running> Worker(NotifyOutbox* outbox = nullptr) {
    auto out = std::make_unique<Running>();
    out->channel = std::make_unique<WebhookChannel>(targets_, transport_, clock_);
    NotificationWorkerOptions o;
    o.lease = seconds(120);
    o.jitter = [] { return 0.0; };  // backoff at the low end: 5, 10, 20 … seconds
    o.metrics = &metrics_;
    for (const WebhookTarget& t : targets_) o.webhooks.push_back(t.endpoint);
    std::vector<NotifyChannel*> channels;
    if (!targets_.empty()) channels.push_back(out->channel.get());
    out->worker = std::make_unique<NotificationWorker>(
        std::move(channels), outbox ? *outbox : *outbox_, clock_, std::move(o));
    return out;
  }

  TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<SqliteNotifyOutbox> outbox_;
  FakeClock clock_{Day(1)};
  MetricsRegistry metrics_;
  HttpWebhookTransport transport_{
      HttpTransportOptions{std::chrono::milliseconds(1000), std::chrono::milliseconds(1500), ""}};
  std::vector<WebhookTarget> targets_;
  std::int64_t event_id_ = 0;
};

TEST_F(WebhookDeliveryTest, PostsSignedJsonWithHeadersAndNoPersonalData) {
  Receiver rx;
  Use({Target("assets", rx.Url("/in?city=demo"))});
  AddEvent("assign");
  auto worker = Worker();
  EXPECT_EQ(worker->RunOnce().value(), 1);
  auto got = rx.Requests();
  ASSERT_EQ(got.size(), 1u);
  Receiver::Got g = got[0];
  EXPECT_EQ(g.target, "/in?city=demo");
  EXPECT_EQ(g.headers["Content-Type"], "application/json");
  EXPECT_EQ(g.headers["X-Civic311-Event"], "assigned");
  EXPECT_FALSE(g.headers["X-Civic311-Delivery"].empty());
  const std::string ts = g.headers["X-Civic311-Timestamp"];
  EXPECT_EQ(ts, std::to_string(Day(1).time_since_epoch().count()));
  // What a receiver does: HMAC-SHA256 of "<timestamp>.<body>" under the shared secret.
  EXPECT_EQ(g.headers["X-Civic311-Signature"],
            "sha256=" + HmacSha256Hex("s3cret-assets", ts + "." + g.body));
  EXPECT_NE(g.headers["X-Civic311-Signature"],
            "sha256=" + HmacSha256Hex("wrong secret", ts + "." + g.body));
  EXPECT_NE(g.body.find("\"delivery_id\":\"" + g.headers["X-Civic311-Delivery"] + "\""),
            std::string::npos)
      << g.body;
  EXPECT_TRUE(g.body.starts_with("{\"delivery_id\":\"")) << g.body;
  EXPECT_NE(g.body.find("\"webhook\":\"assets\""), std::string::npos) << g.body;
  EXPECT_NE(g.body.find("\"service_request_id\":\"42\""), std::string::npos) << g.body;
  EXPECT_NE(g.body.find("\"event\":\"assigned\""), std::string::npos) << g.body;
  for (const char* personal : {"reporter@example.org", "555", "Jane", "Resident"})
    EXPECT_EQ(g.body.find(personal), std::string::npos) << personal << " in " << g.body;
  // Acknowledged: never sent again.
  clock_.Advance(seconds(86400));
  EXPECT_EQ(worker->RunOnce().value(), 0);
  EXPECT_EQ(rx.Count(), 1u);
  EXPECT_NE(metrics_.Render().find("civic311_webhook_deliveries_pending 0"), std::string::npos);
  EXPECT_NE(metrics_.Render().find("civic311_webhook_attempts_total{result=\"acknowledged\"} 1"),
            std::string::npos)
      << metrics_.Render();
}

TEST_F(WebhookDeliveryTest, RetriesWithBackoffUntilAcknowledgedSameDeliveryId) {
  Receiver rx(/*fail_first=*/2);
  Use({Target("wo", rx.Url())});
  AddEvent("resolve_fixed");
  auto worker = Worker();
  EXPECT_EQ(worker->RunOnce().value(), 1);  // 503
  EXPECT_NE(LastError().find("HTTP 503"), std::string::npos) << LastError();
  std::string metrics = metrics_.Render();
  EXPECT_NE(metrics.find("civic311_webhook_deliveries_failing 1"), std::string::npos) << metrics;
  clock_.Advance(seconds(4));
  EXPECT_EQ(worker->RunOnce().value(), 0);  // first retry after 5 s (10 s, jitter 0 → half)
  clock_.Advance(seconds(1));
  EXPECT_EQ(worker->RunOnce().value(), 1);  // 503 again; next after 10 s
  clock_.Advance(seconds(9));
  EXPECT_EQ(worker->RunOnce().value(), 0);
  clock_.Advance(seconds(1));
  EXPECT_EQ(worker->RunOnce().value(), 1);  // 200
  clock_.Advance(seconds(3600));
  EXPECT_EQ(worker->RunOnce().value(), 0);
  auto got = rx.Requests();
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].headers["X-Civic311-Delivery"], got[2].headers["X-Civic311-Delivery"]);
  EXPECT_EQ(got[0].body, got[2].body);  // the same bytes every time
  EXPECT_EQ(got[2].headers["X-Civic311-Attempt"], "3");
  EXPECT_NE(metrics_.Render().find("civic311_webhook_deliveries_failing 0"), std::string::npos);
}

// Webhooks keep their contract through the one worker: retried until acknowledged, never parked
// (e-mail parks after 48 h, SMS 24 h; a webhook endpoint down for a month still gets it).
TEST_F(WebhookDeliveryTest, AWebhookIsNeverParkedOnlyAcknowledged) {
  std::string closed_url;
  {
    Receiver gone;
    closed_url = gone.Url();
  }
  Use({Target("down", closed_url)});
  AddEvent("note");
  auto worker = Worker();
  for (int day = 0; day < 30; ++day) {
    clock_.Advance(std::chrono::hours(24));
    EXPECT_EQ(worker->RunOnce().value(), 1);
  }
  EXPECT_EQ(Count("parked_at IS NOT NULL"), 0);
  EXPECT_EQ(Count("kind = 'webhook' AND delivered_at IS NULL AND attempts = 30"), 1);
  EXPECT_NE(LastError().find("Connection refused"), std::string::npos) << LastError();
}

TEST_F(WebhookDeliveryTest, BackoffDoublesWithJitterAndIsCappedAtAnHour) {
  using W = NotificationWorker;
  EXPECT_EQ(W::Backoff(1, 0.0, seconds(10), seconds(3600)), seconds(5));
  EXPECT_EQ(W::Backoff(1, 0.999, seconds(10), seconds(3600)), seconds(9));
  EXPECT_EQ(W::Backoff(3, 0.0, seconds(10), seconds(3600)), seconds(20));
  EXPECT_EQ(W::Backoff(30, 0.999, seconds(10), seconds(3600)), seconds(3598));
  EXPECT_EQ(W::Backoff(1000, 0.0, seconds(10), seconds(3600)), seconds(1800));
}

TEST_F(WebhookDeliveryTest, TwoEndpointsAcknowledgeIndependently) {
  Receiver good;
  Receiver flaky(/*fail_first=*/3, 500);
  Use({Target("good", good.Url()), Target("flaky", flaky.Url())});
  AddEvent("note");
  AddEvent("acknowledge");
  auto worker = Worker();
  for (int i = 0; i < 12; ++i) {
    (void)worker->RunOnce();
    clock_.Advance(seconds(600));
  }
  EXPECT_EQ(good.Count(), 2u);  // once per message, however often flaky failed
  // flaky: the first failure of a round puts its other delivery back untried, so 3 failures
  // and then both messages.
  EXPECT_EQ(flaky.Count(), 5u);
  std::set<std::string> ids;
  for (const auto& g : flaky.Requests()) ids.insert(g.headers.at("X-Civic311-Delivery"));
  EXPECT_EQ(ids.size(), 2u);
}

// An admin's new configuration version (main/notify.cpp calls SetTargets): the running worker
// claims for the endpoints as they are at each round — none at first (its rows wait, nothing is
// claimed for a channel without endpoints), then the new one, then its new URL.
TEST_F(WebhookDeliveryTest, EndpointsSetWhileRunningAreClaimedAndSentToAtTheirNewUrl) {
  Receiver first;
  Receiver second;
  Use({Target("gis", first.Url())});
  AddEvent("note");
  auto running = std::make_unique<Running>();
  running->channel =
      std::make_unique<WebhookChannel>(std::vector<WebhookTarget>{}, transport_, clock_);
  NotificationWorkerOptions o;
  o.jitter = [] { return 0.0; };
  running->worker = std::make_unique<NotificationWorker>(
      std::vector<NotifyChannel*>{running->channel.get()}, *outbox_, clock_, std::move(o));
  EXPECT_EQ(running->RunOnce().value(), 0);  // no endpoint: nothing claimed, nothing failed
  EXPECT_EQ(Count("kind = 'webhook' AND attempts = 0"), 1);

  running->channel->SetTargets({Target("gis", first.Url())});
  EXPECT_EQ(running->RunOnce().value(), 1);
  EXPECT_EQ(first.Count(), 1u);

  running->channel->SetTargets({Target("gis", second.Url())});
  AddEvent("acknowledge");
  EXPECT_EQ(running->RunOnce().value(), 1);
  EXPECT_EQ(first.Count(), 1u);
  EXPECT_EQ(second.Count(), 1u);
}

TEST_F(WebhookDeliveryTest, EventFilterSendsOnlyWantedEvents) {
  Receiver rx;
  Use({Target("only", rx.Url(), {"assigned", "transferred"})});
  AddEvent("assign");
  AddEvent("note");
  AddEvent("transfer");
  auto worker = Worker();
  EXPECT_EQ(worker->RunOnce().value(), 2);
  auto got = rx.Requests();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].headers["X-Civic311-Event"], "assigned");
  EXPECT_EQ(got[1].headers["X-Civic311-Event"], "transferred");
}

TEST_F(WebhookDeliveryTest, ConnectionErrorsAndTimeoutsAreFailuresWithReadableReasons) {
  std::string closed_url;
  {
    Receiver gone;
    closed_url = gone.Url();
  }
  Receiver hangs(0, 200, /*hang=*/true);
  Use({Target("closed", closed_url), Target("slow", hangs.Url()),
       Target("tls", "https://127.0.0.1:1/")});
  AddEvent("cancel");
  auto worker = Worker();
  EXPECT_EQ(worker->RunOnce().value(), 3);
  const std::string errors = LastError();
  EXPECT_NE(errors.find("connect: Connection refused"), std::string::npos) << errors;
  EXPECT_NE(errors.find("timed out after 1500 ms (waiting for the response)"), std::string::npos)
      << errors;
  EXPECT_EQ(hangs.Count(), 1u);
}

TEST_F(WebhookDeliveryTest, HttpsAgainstAPlainServerFailsInTheHandshake) {
  Receiver plain(0, 200, /*hang=*/false);
  std::string url = plain.Url();
  url.replace(0, 4, "https");
  Use({Target("tls", url)});
  AddEvent("cancel");
  auto worker = Worker();
  EXPECT_EQ(worker->RunOnce().value(), 1);
  EXPECT_NE(LastError().find("TLS handshake"), std::string::npos) << LastError();
}

TEST_F(WebhookDeliveryTest, TwoInstancesOnOneDatabaseNeverBothDeliverAMessage) {
  Receiver rx;
  Use({Target("one", rx.Url())});
  constexpr int kMessages = 40;
  for (int i = 0; i < kMessages; ++i) AddEvent("note", 100 + i);
  auto other_store = SqliteStore::Open({.path = dir_.File("hooks.db")});
  ASSERT_TRUE(other_store.ok());
  SqliteNotifyOutbox other_outbox(**other_store);
  auto a = Worker();
  auto b = Worker(&other_outbox);
  auto run = [&](Running& w) {
    for (int i = 0; i < 30 && rx.Count() < kMessages; ++i) (void)w.RunOnce();
  };
  std::thread ta(run, std::ref(*a));
  std::thread tb(run, std::ref(*b));
  ta.join();
  tb.join();
  std::multiset<std::string> ids;
  for (const auto& g : rx.Requests()) ids.insert(g.headers.at("X-Civic311-Delivery"));
  EXPECT_EQ(ids.size(), static_cast<size_t>(kMessages));
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
}

TEST_F(WebhookDeliveryTest, OldAcknowledgedDeliveriesArePurgedAndWithoutEndpointsNothingIsWritten) {
  // No endpoint configured: an event writes no webhook row at all.
  AddEvent("note");
  AddEvent("assign");
  EXPECT_EQ(Count("1"), 0);
  auto idle = Worker();
  EXPECT_EQ(idle->RunOnce().value(), 0);

  // With an endpoint: an acknowledged delivery goes a week later, an unacknowledged one stays.
  Receiver ok;
  std::string closed_url;
  {
    Receiver gone;
    closed_url = gone.Url();
  }
  Use({Target("assets", ok.Url("/in")), Target("down", closed_url)});
  AddEvent("note");
  auto worker = Worker();
  EXPECT_EQ(worker->RunOnce().value(), 2);
  EXPECT_EQ(Count("kind = 'webhook'"), 2);
  clock_.Advance(std::chrono::hours(24 * 8));
  (void)worker->worker->RunOnce(kOrdinaryLane);  // the purge runs in lane 0
  EXPECT_EQ(Count("kind = 'webhook'"), 1);
  EXPECT_EQ(Count("kind = 'webhook' AND recipient = 'down' AND delivered_at IS NULL"), 1);
}

}  // namespace
}  // namespace civic311::testing
