// The dashboard counts the city's days (migration 0027, dashboard_zone.hpp; docs/console.md,
// "The city's days"): a request late in a New York evening counts on its New York day in the
// bars, the breakdowns, the heat map, the desk answers and the percentiles; DST days are 23 and
// 25 hours long; a change of zone recounts everything to exactly what the triggers would have
// written; and the migration changes no number of an existing (UTC) database.
#include "adapters/storage/sqlite/dashboard_zone.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <regex>

#include "adapters/storage/sqlite/dashboard_store.hpp"
#include "adapters/storage/sqlite/migrations.hpp"
#include "adapters/storage/sqlite/reader_pool.hpp"
#include "adapters/storage/sqlite/sqlite_db.hpp"
#include "adapters/storage/sqlite/test_support.hpp"
#include "domain/sla.hpp"

namespace civic311::testing {
namespace {

constexpr std::int64_t kDay = 86400;
// Days since 1970-01-01 of a few dates of 2026.
constexpr std::int64_t kJuly14 = 20648;
constexpr std::int64_t kMarch8 = 20520;     // New York springs forward: a 23-hour day
constexpr std::int64_t kNovember1 = 20758;  // and falls back: a 25-hour day

// The instant at which clocks `utc_offset_h` hours from UTC show hh:mm on `day`.
std::int64_t Local(std::int64_t day, int hh, int mm, int utc_offset_h) {
  return day * kDay + hh * 3600 + mm * 60 - utc_offset_h * 3600;
}

std::shared_ptr<const CityCalendar> Calendar(const std::string& zone) {
  CalendarSpec spec;
  spec.timezone = zone;
  auto c = CityCalendar::Create(spec);
  EXPECT_TRUE(c.ok()) << zone;
  return *c;
}

class CityDaysTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  void Open() {
    auto opened = SqliteStore::Open({.path = dir_.File("d.db")});
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    store_ = std::move(*opened);
    dash_ = std::make_unique<SqliteDashboardStore>(*store_);
    auto db = sqlite::Db::Open(dir_.File("d.db"), SQLITE_OPEN_READWRITE);
    ASSERT_TRUE(db.ok());
    db_ = std::move(*db);
  }
  void Close() {
    db_.reset();
    dash_.reset();
    store_.reset();
  }

  void Exec(const std::string& sql) { ASSERT_TRUE(db_->Exec(sql).ok()) << sql; }

  bool UseZone(const std::string& zone) {
    auto got = dash_->UseZone(zone, Calendar(zone)->UtcOffsets());
    EXPECT_TRUE(got.ok()) << got.error().detail;
    return got.ok() && *got;
  }

  // A request received at `at`, written as any writer would (plain SQL: the triggers count it),
  // with its first staff action and its close when given.
  void Add(std::int64_t at, const std::string& service, const std::string& channel,
           std::optional<std::int64_t> first = std::nullopt,
           std::optional<std::int64_t> closed = std::nullopt, double lat = 42.36,
           const std::string& dept = "D") {
    auto ins = db_->Prepare(
        "INSERT INTO service_requests (service_code, service_name, state, description, lat, lon, "
        "address, address_id, zipcode, media_url, department_code, status_notes, channel, "
        "emergency, internal, requested_at, updated_at, expected_at) VALUES (?1, ?1, ?2, 'x', ?3, "
        "-71.06, '', '', '', '', ?4, '', ?5, 0, 0, ?6, ?6, ?7)");
    ASSERT_TRUE(ins.ok());
    ins->Bind(1, service)
        .Bind(2, closed ? "fixed" : "submitted")
        .Bind(3, lat)
        .Bind(4, dept)
        .Bind(5, channel)
        .Bind(6, at)
        .Bind(7, at + 2 * kDay);
    ASSERT_TRUE(ins->Run().ok());
    const std::int64_t id = db_->LastInsertRowId();
    auto wf = db_->Prepare("INSERT INTO request_workflow (request_id, closed_at) VALUES (?1, ?2)");
    wf->Bind(1, id).Bind(2, closed);
    ASSERT_TRUE(wf->Run().ok());
    if (first) {
      auto ev = db_->Prepare(
          "INSERT INTO request_events (request_id, at, actor_user_id, kind, state, text, "
          "internal, media_url) VALUES (?1, ?2, 5, 'acknowledge', 'acknowledged', '', 0, '')");
      ASSERT_TRUE(ev->Bind(1, id).Bind(2, *first).Run().ok());
    }
  }

  void AddDeskAnswer(std::int64_t at, const std::string& channel, const std::string& dept = "D") {
    Exec("INSERT INTO audit_log (at, actor_user_id, action, department_code, detail) VALUES (" +
         std::to_string(at) + ", 3, 'info_contact', '" + dept + "', '{\"channel\":\"" + channel +
         "\"}')");
  }

  DashboardFigures Figures(DayRange current, const std::string& dept = "") {
    DashboardQuery q;
    q.department_code = dept;
    q.current = current;
    q.previous = DayRange{current.first_day - current.Days(), current.first_day - 1};
    q.now = Timestamp(std::chrono::seconds((current.last_day + 2) * kDay));
    auto got = dash_->Figures(q);
    EXPECT_TRUE(got.ok()) << got.error().detail;
    return got.ok() ? *got : DashboardFigures{};
  }

  // Every non-empty row of the day and month tables, in key order.
  std::string Dump() {
    std::string out;
    for (const char* t : {"dash_daily WHERE received + closed > 0", "dash_cells WHERE n > 0",
                          "dash_info WHERE n > 0", "dash_monthly WHERE received + closed > 0",
                          "dash_cells_monthly WHERE n > 0"}) {
      out += std::string("-- ") + t + "\n";
      auto st = db_->Prepare(std::string("SELECT * FROM ") + t + " ORDER BY 1, 2, 3, 4");
      while (*st->Step()) {
        for (int c = 0; c < sqlite3_column_count(st->raw()); ++c) out += st->String(c) + "|";
        out += "\n";
      }
    }
    return out;
  }

  // Requests, closes, first actions and desk answers at random moments over ~14 months (so
  // periods cross DST changes and whole months).
  void Seed(int n, std::uint32_t seed) {
    std::mt19937 rng(seed);
    auto pick = [&](int k) { return static_cast<std::int64_t>(rng() % static_cast<unsigned>(k)); };
    const char* services[] = {"POTHOLE", "LIGHT", "TRASH"};
    const char* channels[] = {"web", "phone", "email"};
    const char* departments[] = {"D0", "D1"};
    Exec("BEGIN");
    for (int i = 0; i < n; ++i) {
      const std::int64_t at = (kJuly14 - 420) * kDay + pick(430 * kDay);
      std::optional<std::int64_t> first, closed;
      if (pick(4) > 0) first = at + pick(3 * kDay);
      if (pick(3) > 0) closed = at + pick(6 * kDay);
      Add(at, services[pick(3)], channels[pick(3)], first, closed, 42.30 + pick(20) / 100.0,
          departments[pick(2)]);
      if (pick(5) == 0) AddDeskAnswer(at + 60, channels[pick(3)], departments[pick(2)]);
    }
    Exec("COMMIT");
  }

  TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<SqliteDashboardStore> dash_;
  std::unique_ptr<sqlite::Db> db_;
};

std::int64_t Received(const std::vector<DashboardSlice>& slices, const std::string& key) {
  for (const DashboardSlice& s : slices)
    if (s.key == key) return s.current.received;
  return 0;
}

TEST_F(CityDaysTest, HalfPastElevenInNewYorkCountsOnItsNewYorkDay) {
  // 23:30 on July 14 in New York (EDT, UTC-4) is 03:30 on July 15 in UTC.
  const std::int64_t late = Local(kJuly14, 23, 30, -4);
  Add(late, "POTHOLE", "phone", late + 600, late + 1200);
  AddDeskAnswer(late + 300, "phone");
  // Counted in UTC (the zone of a new database) it is a July 15 request.
  EXPECT_EQ(Figures({kJuly14 + 1, kJuly14 + 1}).current.counts.received, 1);
  EXPECT_EQ(Figures({kJuly14, kJuly14}).current.counts.received, 0);

  EXPECT_TRUE(UseZone("America/New_York"));   // recounts what is stored
  EXPECT_FALSE(UseZone("America/New_York"));  // and only once
  // One written after the change, by the triggers: 00:30 on July 15 in New York.
  Add(Local(kJuly14 + 1, 0, 30, -4), "LIGHT", "web");

  DashboardFigures f = Figures({kJuly14, kJuly14});
  EXPECT_EQ(f.current.counts.received, 1);
  EXPECT_EQ(f.current.received_by_day, std::vector<std::int64_t>{1});
  EXPECT_EQ(f.current.counts.closed, 1);
  EXPECT_EQ(Received(f.by_service, "POTHOLE"), 1);
  EXPECT_EQ(Received(f.by_service, "LIGHT"), 0);
  EXPECT_EQ(Received(f.by_channel, "phone"), 1);
  EXPECT_EQ(Received(f.by_channel, "web"), 0);
  ASSERT_EQ(f.cells.size(), 1u);
  EXPECT_EQ(f.cells[0].received, 1);
  EXPECT_EQ(f.current.info_contacts, 1);
  // Its percentiles fall in the same period as its bar.
  EXPECT_EQ(f.current.first_action.count, 1);
  EXPECT_EQ(f.current.first_action.p50_s, 600);
  EXPECT_EQ(f.current.close.count, 1);
  EXPECT_EQ(f.current.close.p90_s, 1200);
  // The department's view says the same.
  EXPECT_EQ(Figures({kJuly14, kJuly14}, "D").current.close.count, 1);

  DashboardFigures next = Figures({kJuly14 + 1, kJuly14 + 1});
  EXPECT_EQ(next.current.counts.received, 1);
  EXPECT_EQ(Received(next.by_service, "LIGHT"), 1);
  EXPECT_EQ(next.current.close.count, 0);
  EXPECT_EQ(next.current.first_action.count, 0);
  EXPECT_EQ(next.current.info_contacts, 0);
  // Both days together: each on its own bar.
  EXPECT_EQ(Figures({kJuly14, kJuly14 + 1}).current.received_by_day,
            (std::vector<std::int64_t>{1, 1}));
}

TEST_F(CityDaysTest, DaylightSavingDaysAre23And25HoursLong) {
  EXPECT_TRUE(UseZone("America/New_York"));
  // March 8: midnight is EST (UTC-5), the evening EDT (UTC-4).
  Add(Local(kMarch8 - 1, 23, 30, -5), "POTHOLE", "web", std::nullopt,
      Local(kMarch8 - 1, 23, 50, -5));
  Add(Local(kMarch8, 0, 30, -5), "POTHOLE", "web", std::nullopt, Local(kMarch8, 0, 40, -5));
  Add(Local(kMarch8, 23, 30, -4), "POTHOLE", "web", std::nullopt, Local(kMarch8, 23, 40, -4));
  Add(Local(kMarch8 + 1, 0, 15, -4), "POTHOLE", "web", std::nullopt, Local(kMarch8 + 1, 0, 25, -4));
  DashboardFigures spring = Figures({kMarch8 - 1, kMarch8 + 1});
  EXPECT_EQ(spring.current.received_by_day, (std::vector<std::int64_t>{1, 2, 1}));
  EXPECT_EQ(Figures({kMarch8, kMarch8}).current.close.count, 2);
  EXPECT_EQ(Figures({kMarch8, kMarch8}).current.counts.closed, 2);
  // November 1: midnight is EDT, the evening EST; 01:30 happens twice.
  Add(Local(kNovember1, 0, 30, -4), "LIGHT", "phone", Local(kNovember1, 0, 35, -4));
  Add(Local(kNovember1, 1, 30, -4), "LIGHT", "phone", Local(kNovember1, 1, 35, -4));
  Add(Local(kNovember1, 1, 30, -5), "LIGHT", "phone", Local(kNovember1, 1, 35, -5));
  Add(Local(kNovember1, 23, 30, -5), "LIGHT", "phone", Local(kNovember1, 23, 35, -5));
  Add(Local(kNovember1 + 1, 0, 10, -5), "LIGHT", "phone", Local(kNovember1 + 1, 0, 15, -5));
  DashboardFigures fall = Figures({kNovember1, kNovember1 + 1});
  EXPECT_EQ(fall.current.received_by_day, (std::vector<std::int64_t>{4, 1}));
  EXPECT_EQ(Figures({kNovember1, kNovember1}).current.first_action.count, 4);
  // The periods' instants are the local midnights the day keys are cut at.
  auto db = store_->readers().Acquire();
  ASSERT_TRUE(db.ok());
  auto zone = sqlite::DashZone::Read(**db);
  ASSERT_TRUE(zone.ok());
  EXPECT_EQ(zone->name(), "America/New_York");
  EXPECT_EQ(zone->Midnight(kMarch8), Local(kMarch8, 0, 0, -5));
  EXPECT_EQ(zone->Midnight(kMarch8 + 1), Local(kMarch8 + 1, 0, 0, -4));
  EXPECT_EQ(zone->Midnight(kMarch8 + 1) - zone->Midnight(kMarch8), 23 * 3600);
  EXPECT_EQ(zone->Midnight(kNovember1 + 1) - zone->Midnight(kNovember1), 25 * 3600);
  EXPECT_EQ(zone->DayOf(Local(kMarch8, 23, 59, -4) + 59), kMarch8);
  EXPECT_EQ(zone->DayOf(Local(kMarch8 + 1, 0, 0, -4)), kMarch8 + 1);
}

// A zone change recounts everything from the facts: the totals stay, each request moves to its
// day in the new zone (checked against CityCalendar::LocalDay of the raw rows), and the recount
// equals, row for row, what the triggers write when the zone is set before the requests arrive.
TEST_F(CityDaysTest, AZoneChangeRecountsToWhatTheTriggersWouldHaveWritten) {
  EXPECT_TRUE(UseZone("America/New_York"));
  Seed(1500, 20261206);
  const std::string by_triggers = Dump();
  auto totals = [&] {
    auto v = db_->QueryText(
        "SELECT (SELECT total(received) || '/' || total(closed) || '/' || total(closed_on_time) "
        "FROM dash_daily) || '/' || (SELECT total(n) FROM dash_cells) || '/' || "
        "(SELECT total(n) FROM dash_info) || '/' || (SELECT total(received) FROM dash_monthly)");
    return v.ok() ? *v : "";
  };
  const std::string before = totals();
  EXPECT_TRUE(UseZone("UTC"));
  EXPECT_EQ(totals(), before);
  EXPECT_NE(Dump(), by_triggers);  // the seed has evening requests: some days differ
  EXPECT_TRUE(UseZone("America/New_York"));
  EXPECT_EQ(Dump(), by_triggers);

  // Independently: per New York day, the requests received, from the raw rows.
  auto ny = Calendar("America/New_York");
  std::map<std::int64_t, std::int64_t> expected;
  auto st = db_->Prepare("SELECT requested_at FROM service_requests");
  while (*st->Step()) ++expected[ny->LocalDay(Timestamp(std::chrono::seconds(st->Int64(0))))];
  const DayRange year{kJuly14 - 365, kJuly14};
  DashboardFigures f = Figures(year);
  std::int64_t checked = 0;
  for (std::int64_t d = year.first_day; d <= year.last_day; ++d) {
    EXPECT_EQ(f.current.received_by_day[static_cast<size_t>(d - year.first_day)],
              expected.count(d) ? expected[d] : 0)
        << "day " << d;
    checked += expected.count(d) ? expected[d] : 0;
  }
  EXPECT_EQ(f.current.counts.received, checked);  // the months (0022) agree with the days
  EXPECT_GT(checked, 1000);
}

// Migration 0027 on a database that has counts: nothing changes (it stores UTC), and from then
// on the triggers count exactly what a recount does.
TEST_F(CityDaysTest, TheMigrationKeepsEveryNumber) {
  // Back to the schema before 0027: its tables gone, 0015's four day-key triggers back.
  const auto migrations = sqlite::Migrations();
  auto m0015 = std::find_if(migrations.begin(), migrations.end(),
                            [](const sqlite::Migration& x) { return x.name == "dashboard"; });
  ASSERT_NE(m0015, migrations.end());
  const std::string sql0015(m0015->sql);
  std::string old_triggers;
  for (const char* t :
       {"dash_facts_insert", "dash_facts_delete", "dash_facts_update", "dash_info_contact"}) {
    std::smatch found;
    ASSERT_TRUE(std::regex_search(
        sql0015, found, std::regex(std::string("CREATE TRIGGER ") + t + "\\b[\\s\\S]*?\\nEND;")))
        << t;
    old_triggers += "DROP TRIGGER " + std::string(t) + ";" + found.str() + "\n";
  }
  Exec(old_triggers +
       "DROP TABLE dash_zone; DROP TABLE dash_zone_name;"
       "DELETE FROM schema_migrations WHERE version = 27;");
  Seed(600, 7);
  const std::string before = Dump();
  Close();
  Open();  // migrates
  EXPECT_EQ(store_->SchemaVersion(), sqlite::LatestSchemaVersion());
  EXPECT_EQ(Dump(), before);
  Seed(300, 8);  // the new triggers, counting UTC days
  const std::string after = Dump();
  EXPECT_NE(after, before);
  // A recount (another name, the same offsets) gives the same rows.
  EXPECT_TRUE(dash_->UseZone("Etc/UTC", Calendar("Etc/UTC")->UtcOffsets()).value());
  EXPECT_EQ(Dump(), after);
}

TEST_F(CityDaysTest, OffsetsComeFromTheTzDatabase) {
  const auto ny = Calendar("America/New_York")->UtcOffsets();
  // Two changes a year since 1970 (as far as the OS tz database's files list them: to 2037).
  ASSERT_GT(ny.size(), 130u);
  EXPECT_EQ(ny.front().since, std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(ny.front().utc_offset_s, -5 * 3600);
  for (size_t i = 1; i < ny.size(); ++i) {
    EXPECT_LT(ny[i - 1].since, ny[i].since);
    EXPECT_NE(ny[i - 1].utc_offset_s, ny[i].utc_offset_s);
  }
  const auto utc = Calendar("UTC")->UtcOffsets();
  ASSERT_EQ(utc.size(), 1u);
  EXPECT_EQ(utc[0].utc_offset_s, 0);
  // Out of order: refused, nothing written.
  EXPECT_EQ(dash_->UseZone("X", {{10, 0}, {5, 3600}}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(dash_->UseZone("X", {}).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace civic311::testing
