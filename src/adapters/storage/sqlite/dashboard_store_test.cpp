// The dashboard's figures against the same figures computed here, independently, from the raw
// rows of a seeded database (service_requests, request_workflow, request_events, audit_log,
// survey_answers, work_orders — never the dash_* tables): medians, 90th percentiles, on-time %,
// reopen counts, backlog, overdue, desk answers, survey answers and work orders, for one
// department and city-wide, this period and the previous one. The seed also moves requests
// after the fact (transfers, reopen and close again, pauses), so the triggers' updates are
// checked, not only their inserts.
#include "adapters/storage/sqlite/dashboard_store.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "adapters/storage/sqlite/migrations.hpp"
#include "adapters/storage/sqlite/sqlite_db.hpp"
#include "adapters/storage/sqlite/test_support.hpp"
#include "domain/request_state.hpp"

namespace civic311::testing {
namespace {

constexpr std::int64_t kDay = 86400;
const std::int64_t kNow = Day(0, 15 * 3600).time_since_epoch().count();
const std::int64_t kToday = kNow / kDay;

struct Raw {  // one request as the raw tables have it
  std::int64_t id = 0, requested = 0;
  std::string dept, service, channel, state;
  std::optional<std::int64_t> expected, closed, paused, reporter;
  std::vector<std::tuple<std::int64_t, std::int64_t, std::string>> events;  // at, actor, kind
};

std::optional<std::int64_t> Opt(const sqlite::Statement& st, int c) {
  return st.IsNull(c) ? std::nullopt : std::optional<std::int64_t>(st.Int64(c));
}

class DashboardStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteStore::Open({.path = dir_.File("d.db")});
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    store_ = std::move(*opened);
    auto db = sqlite::Db::Open(dir_.File("d.db"), SQLITE_OPEN_READWRITE);
    ASSERT_TRUE(db.ok());
    db_ = std::move(*db);
  }

  void Exec(const std::string& sql) { ASSERT_TRUE(db_->Exec(sql).ok()) << sql; }

  // Requests, workflow rows and events over the last 70 days, written as any writer would.
  void Seed(int n) {
    std::mt19937 rng(20261206);
    auto pick = [&](int k) { return static_cast<int>(rng() % static_cast<unsigned>(k)); };
    const char* services[] = {"POTHOLE", "LIGHT", "GRAFFITI", "TRASH", "NOISE"};
    const char* channels[] = {"web", "phone", "api", "email"};
    const char* open_states[] = {"submitted", "acknowledged", "in_progress", "waiting_resident"};
    const char* closed_states[] = {"fixed", "no_further_action", "duplicate"};
    Exec("BEGIN");
    for (int i = 0; i < n; ++i) {
      const std::int64_t at = kNow - pick(70 * 86400);
      const int svc = pick(5);
      const bool closed = pick(10) < 6 && at < kNow - 3600;
      std::string state = closed ? closed_states[pick(3)] : open_states[pick(4)];
      auto ins = db_->Prepare(
          "INSERT INTO service_requests (service_code, service_name, state, description, lat, "
          "lon, address, address_id, zipcode, media_url, department_code, status_notes, channel, "
          "emergency, internal, requested_at, updated_at, expected_at) VALUES (?1, ?1, ?2, 'x', "
          "?3, ?4, '', '', '', '', ?5, '', ?6, 0, 0, ?7, ?7, ?8)");
      ASSERT_TRUE(ins.ok());
      ins->Bind(1, services[svc])
          .Bind(2, state)
          .Bind(3, 52.30 + pick(1000) / 10000.0)
          .Bind(4, 4.80 + pick(1000) / 10000.0)
          .Bind(5, "D" + std::to_string(svc % 3))
          .Bind(6, channels[pick(4)])
          .Bind(7, at);
      // NOISE has no SLA target.
      if (svc == 4) {
        ins->BindNull(8);
      } else {
        ins->Bind(8, at + (1 + pick(5)) * kDay);
      }
      ASSERT_TRUE(ins->Run().ok());
      const std::int64_t id = db_->LastInsertRowId();
      const std::int64_t reporter = 900 + pick(3);
      const std::int64_t closed_at =
          at + pick(static_cast<int>(std::min<std::int64_t>(kNow - at, 12 * kDay)));
      const bool paused = !closed && state == "waiting_resident";
      auto wf = db_->Prepare(
          "INSERT INTO request_workflow (request_id, reporter_user_id, closed_at, "
          "clock_paused_at) VALUES (?1, ?2, ?3, ?4)");
      wf->Bind(1, id).Bind(2, reporter);
      if (closed) {
        wf->Bind(3, closed_at);
      } else {
        wf->BindNull(3);
      }
      if (paused) {
        wf->Bind(4, at + 60);
      } else {
        wf->BindNull(4);
      }
      ASSERT_TRUE(wf->Run().ok());
      auto event = [&](std::int64_t when, std::int64_t actor, const char* kind) {
        auto ev = db_->Prepare(
            "INSERT INTO request_events (request_id, at, actor_user_id, kind, state, text, "
            "internal, media_url) VALUES (?1, ?2, ?3, ?4, 'acknowledged', '', 0, '')");
        ASSERT_TRUE(ev->Bind(1, id).Bind(2, when).Bind(3, actor).Bind(4, kind).Run().ok());
      };
      event(at, pick(4) == 0 ? 5 : 0, "created");  // staff-made creations are not an action
      if (pick(6) == 0) event(at + 7200, 0, "escalated");
      if (pick(6) == 0) event(at + 60, reporter, "add_info");
      if (pick(8) == 0) event(at + 90, reporter, "cancel");  // the reporter's: not an action
      if (pick(10) < 8) {
        const std::int64_t first =
            at + pick(static_cast<int>(std::min<std::int64_t>(kNow - at, 5 * kDay)));
        event(first, 5 + pick(3), pick(2) == 0 ? "acknowledge" : "note");
        event(first + 30, 6, "assign");
      }
      if (closed && pick(8) == 0) event(closed_at, 7, "reopen");
    }
    // Afterwards: transfers, a reopen and a second close, pauses lifted.
    Exec("UPDATE service_requests SET department_code = 'D2' WHERE id % 17 = 0");
    Exec("UPDATE request_workflow SET closed_at = NULL WHERE request_id % 23 = 0");
    Exec("UPDATE service_requests SET state = 'reopened' WHERE id % 23 = 0");
    Exec(
        "INSERT INTO request_events (request_id, at, actor_user_id, kind, state, text, internal, "
        "media_url) SELECT id, requested_at + 100, 8, 'reopen', 'reopened', '', 0, '' "
        "FROM service_requests WHERE id % 23 = 0");
    Exec("UPDATE request_workflow SET closed_at = " + std::to_string(kNow - 3 * kDay) +
         " WHERE request_id % 46 = 0");
    Exec("UPDATE service_requests SET state = 'fixed' WHERE id % 46 = 0");
    Exec("UPDATE request_workflow SET clock_paused_at = NULL WHERE request_id % 5 = 0");
    Exec("UPDATE service_requests SET expected_at = expected_at + 86400 WHERE id % 13 = 0");
    // Desk answers, survey answers, work orders.
    for (int i = 0; i < 200; ++i) {
      const std::int64_t at = kNow - pick(70 * 86400);
      Exec("INSERT INTO audit_log (at, actor_user_id, action, department_code, detail) VALUES (" +
           std::to_string(at) + ", 3, 'info_contact', 'D" + std::to_string(pick(3)) +
           "', '{\"channel\":\"" + (pick(2) ? "phone" : "email") + "\"}')");
      Exec("INSERT INTO audit_log (at, actor_user_id, action, department_code, detail) VALUES (" +
           std::to_string(at) + ", 3, 'view_contact', 'D1', '{}')");
      Exec("INSERT INTO survey_answers (request_id, fixed, source, answered_at) VALUES (" +
           std::to_string(1 + pick(n)) + ", " + std::to_string(pick(3) > 0) + ", 'email', " +
           std::to_string(at) + ")");
      Exec(
          "INSERT INTO work_orders (request_id, department_code, crew, labour_hours, materials, "
          "cost_cents, completion_note, done, created_at, updated_at) VALUES (NULL, 'D" +
          std::to_string(pick(3)) + "', 'A', " + std::to_string(pick(16) / 2.0) + ", '', " +
          std::to_string(pick(50000)) + ", '', 1, " + std::to_string(at) + ", " +
          std::to_string(at) + ")");
    }
    Exec("COMMIT");
  }

  std::vector<Raw> ReadRaw() {
    std::map<std::int64_t, Raw> by_id;
    auto st = db_->Prepare(
        "SELECT r.id, r.requested_at, r.department_code, r.service_code, r.channel, r.state, "
        "r.expected_at, w.closed_at, w.clock_paused_at, w.reporter_user_id "
        "FROM service_requests r LEFT JOIN request_workflow w ON w.request_id = r.id");
    while (*st->Step()) {
      Raw r{st->Int64(0),
            st->Int64(1),
            st->String(2),
            st->String(3),
            st->String(4),
            st->String(5),
            Opt(*st, 6),
            Opt(*st, 7),
            Opt(*st, 8),
            Opt(*st, 9),
            {}};
      by_id[r.id] = r;
    }
    auto ev = db_->Prepare("SELECT request_id, at, actor_user_id, kind FROM request_events");
    while (*ev->Step())
      by_id[ev->Int64(0)].events.emplace_back(ev->Int64(1), ev->Int64(2), ev->String(3));
    std::vector<Raw> out;
    for (auto& [id, r] : by_id) out.push_back(std::move(r));
    return out;
  }

  TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<sqlite::Db> db_;
};

// Nearest rank: the ceil(p * n / 100)-th smallest.
std::optional<std::int64_t> Percentile(std::vector<std::int64_t> v, int p) {
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  const size_t rank = (static_cast<size_t>(p) * v.size() + 99) / 100;
  return v[rank - 1];
}

struct Expected {
  PeriodCounts counts;
  std::vector<std::int64_t> first_action, close;
};

Expected Compute(const std::vector<Raw>& raw, const std::string& dept, const DayRange& range) {
  const std::int64_t from = range.first_day * kDay, to = (range.last_day + 1) * kDay;
  Expected e;
  for (const Raw& r : raw) {
    if (!dept.empty() && r.dept != dept) continue;
    if (r.requested >= from && r.requested < to) ++e.counts.received;
    std::optional<std::int64_t> first;
    int reopens = 0;
    for (const auto& [at, actor, kind] : r.events) {
      if (kind == "reopen") ++reopens;
      if (kind == "created" || kind == "escalated" || kind == "add_info") continue;
      if (r.reporter && actor == *r.reporter) continue;
      if (!first || at < *first) first = at;
    }
    if (first && *first >= from && *first < to)
      e.first_action.push_back(std::max<std::int64_t>(*first - r.requested, 0));
    if (r.closed && *r.closed >= from && *r.closed < to) {
      ++e.counts.closed;
      e.close.push_back(std::max<std::int64_t>(*r.closed - r.requested, 0));
      if (r.expected) {
        ++e.counts.closed_targeted;
        if (*r.closed <= *r.expected) ++e.counts.closed_on_time;
      }
      if (reopens > 0) ++e.counts.closed_reopened;
    }
  }
  return e;
}

void ExpectPeriod(const Expected& e, const PeriodFigures& got, const std::string& what) {
  SCOPED_TRACE(what);
  EXPECT_EQ(got.counts.received, e.counts.received);
  EXPECT_EQ(got.counts.closed, e.counts.closed);
  EXPECT_EQ(got.counts.closed_targeted, e.counts.closed_targeted);
  EXPECT_EQ(got.counts.closed_on_time, e.counts.closed_on_time);
  EXPECT_EQ(got.counts.closed_reopened, e.counts.closed_reopened);
  EXPECT_EQ(got.first_action.count, static_cast<std::int64_t>(e.first_action.size()));
  EXPECT_EQ(got.first_action.p50_s, Percentile(e.first_action, 50));
  EXPECT_EQ(got.first_action.p90_s, Percentile(e.first_action, 90));
  EXPECT_EQ(got.close.count, static_cast<std::int64_t>(e.close.size()));
  EXPECT_EQ(got.close.p50_s, Percentile(e.close, 50));
  EXPECT_EQ(got.close.p90_s, Percentile(e.close, 90));
  std::int64_t by_day = 0;
  for (std::int64_t n : got.received_by_day) by_day += n;
  EXPECT_EQ(by_day, e.counts.received);
}

TEST_F(DashboardStoreTest, FiguresMatchTheRawRowsComputedIndependently) {
  Seed(3000);
  const std::vector<Raw> raw = ReadRaw();
  SqliteDashboardStore dash(*store_);
  // 30 days, and 65 days: the longer periods hold whole months, read from the monthly rollups
  // (migration 0022) with only their edge days from the daily rows.
  for (const auto& [dept, days] : std::vector<std::pair<std::string, std::int64_t>>{
           {"D1", 30}, {"D2", 30}, {"", 30}, {"D1", 65}, {"", 65}}) {
    DashboardQuery q;
    q.department_code = dept;
    q.current = DayRange{kToday - days + 1, kToday};
    q.previous = DayRange{kToday - 2 * days + 1, kToday - days};
    q.now = Timestamp(std::chrono::seconds(kNow));
    auto got = dash.Figures(q);
    ASSERT_TRUE(got.ok()) << got.error().detail;
    const std::string name = (dept.empty() ? "city-wide" : dept) + " " + std::to_string(days);
    ExpectPeriod(Compute(raw, dept, q.current), got->current, name + " current");
    ExpectPeriod(Compute(raw, dept, q.previous), got->previous, name + " previous");
    // Sanity of the seed: the figures are not trivially empty.
    EXPECT_GT(got->current.close.count, 50);
    if (days == 30) {
      EXPECT_GT(got->previous.counts.received, 50);
    }
    EXPECT_GT(got->current.counts.closed_reopened, 0);
    EXPECT_GT(got->current.counts.closed_targeted, got->current.counts.closed_on_time);

    // Backlog and overdue, now.
    Backlog b;
    std::optional<std::int64_t> oldest;
    for (const Raw& r : raw) {
      if (!dept.empty() && r.dept != dept) continue;
      auto state = ParseState(r.state);
      if (!state || !IsOpen(*state)) continue;
      ++b.open;
      const std::int64_t age = kNow - r.requested;
      if (age < 2 * kDay) {
        ++b.under_2_days;
      } else if (age < 7 * kDay) {
        ++b.from_2_to_7_days;
      } else if (age < 30 * kDay) {
        ++b.from_7_to_30_days;
      } else {
        ++b.over_30_days;
      }
      if (!oldest || r.requested < *oldest) oldest = r.requested;
      if (!r.paused && r.expected && *r.expected < kNow) ++b.overdue;
    }
    EXPECT_EQ(got->backlog.open, b.open) << name;
    EXPECT_EQ(got->backlog.under_2_days, b.under_2_days) << name;
    EXPECT_EQ(got->backlog.from_2_to_7_days, b.from_2_to_7_days) << name;
    EXPECT_EQ(got->backlog.from_7_to_30_days, b.from_7_to_30_days) << name;
    EXPECT_EQ(got->backlog.over_30_days, b.over_30_days) << name;
    EXPECT_EQ(got->backlog.overdue, b.overdue) << name;
    EXPECT_GT(b.overdue, 0);
    ASSERT_TRUE(got->backlog.oldest_requested_at.has_value());
    EXPECT_EQ(got->backlog.oldest_requested_at->time_since_epoch().count(), *oldest);

    // By service: received and on-time per service add up to the totals and match the rows.
    std::int64_t sum = 0;
    for (const DashboardSlice& s : got->by_service) {
      std::int64_t n = 0;
      for (const Raw& r : raw) {
        if ((dept.empty() || r.dept == dept) && r.service == s.key &&
            r.requested >= q.current.first_day * kDay &&
            r.requested < (q.current.last_day + 1) * kDay)
          ++n;
      }
      EXPECT_EQ(s.current.received, n) << s.key;
      sum += s.current.received;
      if (s.key == "NOISE") {
        EXPECT_EQ(s.current.closed_targeted, 0);
      }
    }
    EXPECT_EQ(sum, got->current.counts.received);

    // Desk answers, survey answers and work orders, from their own tables.
    auto count = [&](const std::string& sql) {
      auto v = db_->QueryInt(sql);
      return v.ok() ? *v : -1;
    };
    const std::string from = std::to_string(q.current.first_day * kDay),
                      to = std::to_string((q.current.last_day + 1) * kDay);
    const std::string dcond = dept.empty() ? "1" : "department_code = '" + dept + "'";
    EXPECT_EQ(got->current.info_contacts,
              count("SELECT count(*) FROM audit_log WHERE action = 'info_contact' AND " + dcond +
                    " AND at >= " + from + " AND at < " + to));
    EXPECT_EQ(got->current.work_orders,
              count("SELECT count(*) FROM work_orders WHERE " + dcond +
                    " AND created_at >= " + from + " AND created_at < " + to));
    EXPECT_EQ(got->current.work_cost_cents,
              count("SELECT total(cost_cents) FROM work_orders WHERE " + dcond +
                    " AND created_at >= " + from + " AND created_at < " + to));
    const std::string rcond =
        dept.empty()
            ? "1"
            : "(SELECT department_code FROM service_requests WHERE id = a.request_id) = '" + dept +
                  "'";
    EXPECT_EQ(got->current.survey_fixed,
              count("SELECT count(*) FROM survey_answers a WHERE " + rcond +
                    " AND answered_at >= " + from + " AND answered_at < " + to +
                    " AND fixed = 1 AND id = (SELECT b.id FROM survey_answers b WHERE "
                    "b.request_id = a.request_id AND b.answered_at < " +
                    to + " ORDER BY b.answered_at DESC, b.id DESC LIMIT 1)"));
  }
}

// A database that had requests before migration 0015 gets, from its backfill, exactly the rows
// the triggers would have written: seed (triggers), snapshot, drop the dashboard's tables and
// triggers, run 0015 again, compare.
TEST_F(DashboardStoreTest, TheMigrationsBackfillEqualsWhatTheTriggersKeep) {
  Seed(600);
  const char* tables[] = {"dash_facts", "dash_daily WHERE received + closed > 0",
                          "dash_cells WHERE n > 0", "dash_info"};
  auto dump = [&](const std::string& t) {
    auto st = db_->Prepare("SELECT * FROM " + t + " ORDER BY 1, 2, 3, 4");
    std::string out;
    while (*st->Step()) {
      for (int c = 0; c < sqlite3_column_count(st->raw()); ++c) out += st->String(c) + "|";
      out += "\n";
    }
    return out;
  };
  std::vector<std::string> before;
  for (const char* t : tables) before.push_back(dump(t));
  std::string drop;
  for (const char* t : {"dash_facts", "dash_daily", "dash_cells", "dash_info"})
    drop += std::string("DROP TABLE ") + t + ";";
  for (const char* t : {"dash_request_insert", "dash_request_update", "dash_request_delete",
                        "dash_workflow_insert", "dash_workflow_update", "dash_event_first_action",
                        "dash_event_reopen", "dash_info_contact"})
    drop += std::string("DROP TRIGGER ") + t + ";";
  Exec(drop + "DROP INDEX work_orders_dept_created; DROP INDEX work_orders_created;");
  const auto migrations = sqlite::Migrations();
  auto m = std::find_if(migrations.begin(), migrations.end(),
                        [](const sqlite::Migration& x) { return x.name == "dashboard"; });
  ASSERT_NE(m, migrations.end());
  Exec(std::string(m->sql));
  for (size_t i = 0; i < std::size(tables); ++i) {
    EXPECT_EQ(dump(tables[i]), before[i]) << tables[i];
    EXPECT_FALSE(before[i].empty()) << tables[i];
  }
}

// The monthly rollups (migration 0022) hold the sums of their days after every kind of change the
// seed makes (inserts, transfers, closes moved, reopens), after deletes, and after a daily row's
// key is changed by hand; and the heat map of a period with whole months equals its days' sum.
TEST_F(DashboardStoreTest, MonthRollupsEqualTheSumOfTheirDays) {
  Seed(800);
  auto check = [&](const std::string& what) {
    SCOPED_TRACE(what);
    auto same = [&](const std::string& sql) {
      auto v = db_->QueryInt(sql);
      ASSERT_TRUE(v.ok()) << sql;
      EXPECT_EQ(*v, 0) << sql;
    };
    const std::string month = "day - CAST(strftime('%d', day * 86400, 'unixepoch') AS INTEGER) + 1";
    // Every (key, month) of either side, compared both ways (EXCEPT in each direction).
    const std::string daily =
        "SELECT department_code, " + month +
        ", service_code, channel, sum(received), sum(closed), sum(closed_targeted), "
        "sum(closed_on_time), sum(closed_reopened) FROM dash_daily GROUP BY 1, 2, 3, 4 "
        "HAVING sum(received) + sum(closed) > 0";
    const std::string monthly =
        "SELECT department_code, month, service_code, channel, received, closed, "
        "closed_targeted, closed_on_time, closed_reopened FROM dash_monthly "
        "WHERE received + closed > 0";
    same("SELECT count(*) FROM (" + daily + " EXCEPT " + monthly + ")");
    same("SELECT count(*) FROM (" + monthly + " EXCEPT " + daily + ")");
    const std::string cells = "SELECT department_code, " + month +
                              ", cell, sum(n) FROM dash_cells GROUP BY 1, 2, 3 HAVING sum(n) > 0";
    const std::string cells_monthly =
        "SELECT department_code, month, cell, n FROM dash_cells_monthly WHERE n > 0";
    same("SELECT count(*) FROM (" + cells + " EXCEPT " + cells_monthly + ")");
    same("SELECT count(*) FROM (" + cells_monthly + " EXCEPT " + cells + ")");
    auto rows = db_->QueryInt("SELECT count(*) FROM dash_monthly WHERE received + closed > 0");
    EXPECT_GT(*rows, 10);
  };
  check("seeded");
  Exec("DELETE FROM request_events WHERE request_id % 7 = 0");
  Exec("DELETE FROM request_workflow WHERE request_id % 7 = 0");
  Exec("DELETE FROM survey_answers WHERE request_id % 7 = 0");
  Exec("DELETE FROM service_requests WHERE id % 7 = 0");
  Exec("UPDATE service_requests SET requested_at = requested_at - 40 * 86400 WHERE id % 11 = 0");
  check("after deletes and moved requests");
  Exec(
      "UPDATE dash_daily SET day = day - 1000 WHERE (department_code, day, service_code, channel) "
      "= (SELECT department_code, day, service_code, channel FROM dash_daily ORDER BY day DESC "
      "LIMIT 1)");
  Exec(
      "UPDATE dash_cells SET department_code = 'D9' WHERE (department_code, day, cell) = (SELECT "
      "department_code, day, cell FROM dash_cells ORDER BY day DESC LIMIT 1)");
  check("after a key changed by hand");
  Exec("DELETE FROM dash_cells WHERE day % 3 = 0");
  Exec("DELETE FROM dash_daily WHERE day % 3 = 0");
  check("after daily rows deleted");
}

// A database that had daily counts before migration 0022 gets monthly rollups equal to them, and
// the triggers keep them from then on.
TEST_F(DashboardStoreTest, MigrationBackfillsTheMonths) {
  Seed(500);
  const std::string path = dir_.File("d.db");
  db_.reset();
  store_.reset();
  {
    auto db = sqlite::Db::Open(path, SQLITE_OPEN_READWRITE);
    ASSERT_TRUE(db.ok());
    // Back to the schema before 0022: its tables, triggers and index gone, the version unrecorded.
    ASSERT_TRUE((*db)
                    ->Exec("DROP TABLE dash_monthly; DROP TABLE dash_cells_monthly;"
                           "DROP INDEX survey_answers_answered_fixed;"
                           "CREATE INDEX survey_answers_answered ON survey_answers (answered_at);"
                           "DELETE FROM schema_migrations WHERE version = 22;")
                    .ok());
    for (const char* t :
         {"dash_daily_month_insert", "dash_daily_month_update", "dash_daily_month_rekey",
          "dash_daily_month_delete", "dash_cells_month_insert", "dash_cells_month_update",
          "dash_cells_month_rekey", "dash_cells_month_delete"})
      ASSERT_TRUE((*db)->Exec(std::string("DROP TRIGGER ") + t).ok()) << t;
  }
  auto opened = SqliteStore::Open({.path = path});
  ASSERT_TRUE(opened.ok()) << opened.error().detail;
  store_ = std::move(*opened);
  EXPECT_EQ(store_->SchemaVersion(), sqlite::LatestSchemaVersion());
  auto db = sqlite::Db::Open(path, SQLITE_OPEN_READWRITE);
  ASSERT_TRUE(db.ok());
  db_ = std::move(*db);
  auto same = [&](const std::string& what) {
    SCOPED_TRACE(what);
    auto d = db_->QueryInt("SELECT total(received) * 1000 + total(closed) FROM dash_daily");
    auto m = db_->QueryInt("SELECT total(received) * 1000 + total(closed) FROM dash_monthly");
    auto dc = db_->QueryInt("SELECT total(n) FROM dash_cells");
    auto mc = db_->QueryInt("SELECT total(n) FROM dash_cells_monthly");
    EXPECT_EQ(*d, *m);
    EXPECT_EQ(*dc, *mc);
    EXPECT_GT(*mc, 100);
    // And per month: no month differs.
    auto differ = db_->QueryInt(
        "SELECT count(*) FROM (SELECT department_code, day - CAST(strftime('%d', day * 86400, "
        "'unixepoch') AS INTEGER) + 1 AS m, cell, sum(n) FROM dash_cells GROUP BY 1, 2, 3 "
        "EXCEPT SELECT department_code, month, cell, n FROM dash_cells_monthly)");
    EXPECT_EQ(*differ, 0);
  };
  same("migrated");
  Exec("UPDATE service_requests SET department_code = 'D0' WHERE id % 3 = 0");
  same("written after the migration");
}

TEST_F(DashboardStoreTest, EmptyDatabaseAndBadRange) {
  SqliteDashboardStore dash(*store_);
  DashboardQuery q;
  q.current = DayRange{kToday - 6, kToday};
  q.previous = DayRange{kToday - 13, kToday - 7};
  q.now = Timestamp(std::chrono::seconds(kNow));
  auto got = dash.Figures(q);
  ASSERT_TRUE(got.ok()) << got.error().detail;
  EXPECT_EQ(got->current.counts.received, 0);
  EXPECT_FALSE(got->current.close.p50_s.has_value());
  EXPECT_EQ(got->current.received_by_day.size(), 7u);
  EXPECT_TRUE(got->by_service.empty());
  q.current = DayRange{kToday, kToday - 1};
  EXPECT_EQ(dash.Figures(q).error().code, ErrorCode::kInvalidArgument);
}

// A percentile that falls in a crowded bucket still comes out exact: many equal and nearly
// equal durations (one bucket: 3600..3699 s) around the median.
TEST_F(DashboardStoreTest, PercentilesAreExactInsideABucket) {
  Exec("BEGIN");
  for (int i = 0; i < 101; ++i) {
    const std::int64_t at = kNow - 5 * kDay + i;
    Exec(
        "INSERT INTO service_requests (service_code, service_name, state, description, address, "
        "address_id, zipcode, media_url, department_code, status_notes, channel, emergency, "
        "internal, requested_at, updated_at) VALUES ('P', 'P', 'fixed', '', '', '', '', '', 'D', "
        "'', 'web', 0, 0, " +
        std::to_string(at) + ", " + std::to_string(at) + ")");
    Exec("INSERT INTO request_workflow (request_id, closed_at) VALUES (last_insert_rowid(), " +
         std::to_string(at + 3600 + i) + ")");
  }
  Exec("COMMIT");
  SqliteDashboardStore dash(*store_);
  DashboardQuery q;
  q.department_code = "D";
  q.current = DayRange{kToday - 9, kToday};
  q.previous = DayRange{kToday - 19, kToday - 10};
  q.now = Timestamp(std::chrono::seconds(kNow));
  auto got = dash.Figures(q);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->current.close.count, 101);
  EXPECT_EQ(got->current.close.p50_s, 3600 + 50);  // the 51st of 101
  EXPECT_EQ(got->current.close.p90_s, 3600 + 90);  // the 91st (ceil(90.9))
}

}  // namespace
}  // namespace civic311::testing
