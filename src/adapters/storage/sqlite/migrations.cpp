#include "adapters/storage/sqlite/migrations.hpp"

#include <string>

namespace civic311::sqlite {
namespace {

// How the .sql files get into the binary without a build step: each file's first line is
//     --R"sql( -- …
// and its last line is
//     --)sql"_migration
// To SQLite both are "--" line comments, so the file stays plain SQL. To the C++ compiler the
// file, #included below, reads as the prefix decrement of a user-defined raw-string literal:
// --R"sql(<the SQL>)sql"_migration. The literal makes a MigrationText whose operator-- simply
// returns the text. The #include path is relative to this file, so it works from any build
// directory, and the compiler's dependency tracking rebuilds this file when a .sql changes.
struct MigrationText {
  std::string_view sql;
  constexpr std::string_view operator--() const { return sql; }
};
constexpr MigrationText operator""_migration(const char* text, std::size_t size) {
  return MigrationText{{text, size}};
}

// clang-format off
constexpr Migration kMigrations[] = {
    {1, "initial",
#include "migrations/0001_initial.sql"
    },
    {2, "workflow",
#include "migrations/0002_workflow.sql"
    },
    {3, "staff_search",
#include "migrations/0003_staff_search.sql"
    },
    {4, "webhooks",
#include "migrations/0004_webhooks.sql"
    },
    {5, "sla_clock",
#include "migrations/0005_sla_clock.sql"
    },
    {6, "portal_data",
#include "migrations/0006_portal_data.sql"
    },
    {7, "request_locale",
#include "migrations/0007_request_locale.sql"
    },
    {8, "notifications",
#include "migrations/0008_notifications.sql"
    },
    {9, "location_approximate",
#include "migrations/0009_location_approximate.sql"
    },
    {10, "survey_answers",
#include "migrations/0010_survey_answers.sql"
    },
    {11, "portal_accounts",
#include "migrations/0011_portal_accounts.sql"
    },
    {12, "follows_alerts",
#include "migrations/0012_follows_alerts.sql"
    },
    {13, "staff_alerts",
#include "migrations/0013_staff_alerts.sql"
    },
    {14, "one_outbox",
#include "migrations/0014_one_outbox.sql"
    },
    {15, "dashboard",
#include "migrations/0015_dashboard.sql"
    },
    {16, "config_versions",
#include "migrations/0016_config_versions.sql"
    },
    {17, "console_saved",
#include "migrations/0017_console_saved.sql"
    },
    {18, "search_vocab",
#include "migrations/0018_search_vocab.sql"
    },
    {19, "internal_request_links",
#include "migrations/0019_internal_request_links.sql"
    },
    {21, "list_speed",
#include "migrations/0021_list_speed.sql"
    },
    {22, "dashboard_months",
#include "migrations/0022_dashboard_months.sql"
    },
    {23, "crews",
#include "migrations/0023_crews.sql"
    },
    {24, "contact_names_folded",
#include "migrations/0024_contact_names_folded.sql"
    },
    {25, "queue_filters",
#include "migrations/0025_queue_filters.sql"
    },
    {26, "queue_due_order",
#include "migrations/0026_queue_due_order.sql"
    },
    {27, "dashboard_city_days",
#include "migrations/0027_dashboard_city_days.sql"
    },
    {28, "work_order_versions",
#include "migrations/0028_work_order_versions.sql"
    },
};
// clang-format on

// PRAGMA application_id marks the file as ours: "c311" in ASCII.
constexpr std::int64_t kApplicationId = 0x63333131;

// Whether schema_migrations records `version`. Numbers are handed out to parallel changes, so a
// lower number can arrive after a higher one was applied (0017 after 0018): each migration is
// applied unless recorded, not only those above the highest recorded.
Result<bool> IsApplied(Db& db, int version) {
  auto n = db.QueryInt("SELECT count(*) FROM schema_migrations WHERE version = " +
                       std::to_string(version));
  if (!n.ok()) return std::move(n).error();
  return *n > 0;
}

Result<int> CountApplied(Db& db) {
  std::string known;
  for (const Migration& m : kMigrations) {
    if (!known.empty()) known += ',';
    known += std::to_string(m.version);
  }
  auto n = db.QueryInt("SELECT count(*) FROM schema_migrations WHERE version IN (" + known + ")");
  if (!n.ok()) return std::move(n).error();
  return static_cast<int>(*n);
}

Status ApplyOne(Db& db, const Migration& m, std::int64_t now_unix) {
  C311_TRY(db.Exec("BEGIN IMMEDIATE"));
  // Re-read inside the write transaction: another process may have migrated meanwhile.
  auto applied = IsApplied(db, m.version);
  Status s = applied.ok() ? OkStatus() : Status(applied.error());
  if (s.ok() && !*applied) {
    s = db.Exec(std::string(m.sql));
    if (s.ok()) {
      auto ins = db.Prepare(
          "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)");
      s = ins.ok() ? ins->Bind(1, m.version).Bind(2, m.name).Bind(3, now_unix).Run()
                   : Status(ins.error());
    }
  }
  if (s.ok()) s = db.Exec("COMMIT");
  if (!s.ok()) {
    if (!db.InAutocommit()) (void)db.Exec("ROLLBACK");
    Error e = std::move(s).error();
    e.detail =
        "migration " + std::to_string(m.version) + " (" + std::string(m.name) + "): " + e.detail;
    return e;
  }
  return OkStatus();
}

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }
// The last migration's version, not the count: numbers are handed out to parallel changes, so a
// branch may carry 13 before 11 and 12 are merged.
int LatestSchemaVersion() { return std::rbegin(kMigrations)->version; }

Result<int> CurrentSchemaVersion(Db& db) {
  auto exists = db.QueryInt(
      "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'");
  if (!exists.ok()) return std::move(exists).error();
  if (*exists == 0) return 0;
  auto v = db.QueryInt("SELECT coalesce(max(version), 0) FROM schema_migrations");
  if (!v.ok()) return std::move(v).error();
  return static_cast<int>(*v);
}

Status Migrate(Db& db, std::int64_t now_unix) {
  auto app_id = db.QueryInt("PRAGMA application_id");
  if (!app_id.ok()) return std::move(app_id).error();
  auto tables = db.QueryInt("SELECT count(*) FROM sqlite_schema WHERE type = 'table'");
  if (!tables.ok()) return std::move(tables).error();
  if (*app_id != kApplicationId && (*app_id != 0 || *tables != 0)) {
    // Someone else's database (or one with tables we did not create): leave it alone.
    return Error::Unavailable(
        "the file is a SQLite database of another application",
        "application_id=" + std::to_string(*app_id) + " tables=" + std::to_string(*tables));
  }
  auto current = CurrentSchemaVersion(db);
  if (!current.ok()) return std::move(current).error();
  if (*current > LatestSchemaVersion()) {
    return Error::Unavailable("the database was written by a newer civic311 (schema version " +
                              std::to_string(*current) + ", this program knows up to " +
                              std::to_string(LatestSchemaVersion()) + ")");
  }
  if (*current == LatestSchemaVersion()) {
    auto done = CountApplied(db);
    if (!done.ok()) return std::move(done).error();
    if (*done == static_cast<int>(std::size(kMigrations))) return OkStatus();
  }
  Status boot = db.Exec(
      "BEGIN IMMEDIATE;"
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      "  version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT;"
      "PRAGMA application_id = " +
      std::to_string(kApplicationId) + ";COMMIT");
  if (!boot.ok()) {
    if (!db.InAutocommit()) (void)db.Exec("ROLLBACK");
    return boot;
  }
  for (const Migration& m : kMigrations) {
    auto applied = IsApplied(db, m.version);
    if (!applied.ok()) return std::move(applied).error();
    if (!*applied) C311_TRY(ApplyOne(db, m, now_unix));
  }
  return OkStatus();
}

}  // namespace civic311::sqlite
