// SqliteConsoleStore: the desk's caller look-up (normalised e-mail, phone and name; the actor's
// scope; newest first; the indexes of migration 0017 in the query plans) and saved filters
// (per person, replace by name, the limit, delete only one's own). Also migration 0017 arriving
// after 0018 on an existing database.
#include "adapters/storage/sqlite/console_store.hpp"

#include <gtest/gtest.h>

#include "adapters/storage/sqlite/migrations.hpp"
#include "adapters/storage/sqlite/sqlite_db.hpp"
#include "adapters/storage/sqlite/test_support.hpp"
#include "adapters/storage/sqlite/workflow_store.hpp"
#include "app/caller_lookup.hpp"

namespace civic311::testing {
namespace {

class ConsoleStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteStore::Open({.path = dir_.File("desk.db")});
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    store_ = std::move(*opened);
    wf_ = std::make_unique<SqliteWorkflowStore>(*store_);
    console_ = std::make_unique<SqliteConsoleStore>(*store_);
  }

  RequestId Add(const std::string& dept, int day, Contact c, bool internal = false) {
    ServiceRequest r = NewRequest("POTHOLE", Day(day));
    r.department_code = dept;
    r.contact = std::move(c);
    r.internal = internal;
    auto created = store_->Create(std::move(r));
    EXPECT_TRUE(created.ok());
    return created.ok() ? created->id : 0;
  }

  std::vector<RequestId> Find(std::string_view text, std::vector<std::string> depts = {}) {
    auto q = ParseContactQuery(text);
    EXPECT_TRUE(q.has_value()) << text;
    if (!q) return {};
    q->anywhere = depts.empty();
    q->departments = std::move(depts);
    auto ids = console_->FindRequestsByContact(*q);
    EXPECT_TRUE(ids.ok()) << ids.error().detail;
    return ids.ok() ? *ids : std::vector<RequestId>{};
  }

  UserId User(const std::string& email) {
    civic311::User u;
    u.email = email;
    u.display_name = email;
    u.role = Role::kStaff;
    u.password_hash = "x";
    return wf_->CreateUser(u).value().id;
  }

  TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<SqliteWorkflowStore> wf_;
  std::unique_ptr<SqliteConsoleStore> console_;
};

using Ids = std::vector<RequestId>;

TEST(ParseContactQueryTest, TellsEmailPhoneAndNameApart) {
  auto email = ParseContactQuery("  Maria.Lopez@Example.ORG ");
  ASSERT_TRUE(email);
  EXPECT_EQ(email->kind, ContactQuery::Kind::kEmail);
  EXPECT_EQ(email->values, std::vector<std::string>{"maria.lopez@example.org"});
  auto phone = ParseContactQuery("(617) 555-0199");
  ASSERT_TRUE(phone);
  EXPECT_EQ(phone->kind, ContactQuery::Kind::kPhone);
  EXPECT_EQ(phone->values, (std::vector<std::string>{"6175550199", "16175550199"}));
  auto intl = ParseContactQuery("+1 617.555.0199");
  ASSERT_TRUE(intl);
  EXPECT_EQ(intl->values, (std::vector<std::string>{"16175550199", "6175550199"}));
  auto name = ParseContactQuery("María  LÓPEZ Ruiz");
  ASSERT_TRUE(name);
  EXPECT_EQ(name->kind, ContactQuery::Kind::kName);
  // First and last word; lower() folds ASCII only, as SQLite's does.
  EXPECT_EQ(name->values, (std::vector<std::string>{"maría", "ruiz"}));
  // A tracking number or house number is not a phone; punctuation alone is nothing.
  EXPECT_FALSE(ParseContactQuery("12345"));
  EXPECT_FALSE(ParseContactQuery("12 Main St"));
  EXPECT_FALSE(ParseContactQuery("  "));
  EXPECT_FALSE(ParseContactQuery("a b@c"));
}

TEST_F(ConsoleStoreTest, FindsACallerByNormalisedEmailPhoneAndNameNewestFirst) {
  const RequestId old = Add("ROADS", 1, {"Maria@Example.org", "617-555-0199", "Maria", "Lopez"});
  const RequestId newer = Add("PARKS", 5, {"", "+1 (617) 555 0199", "María", "Lopez"});
  const RequestId other = Add("ROADS", 3, {"someone@example.org", "617-555-0100", "Ana", "Ruiz"});
  Add("ROADS", 4, {}, false);  // no contact at all
  EXPECT_EQ(Find("maria@EXAMPLE.org"), Ids{old});
  EXPECT_EQ(Find("6175550199"), (Ids{newer, old}));
  EXPECT_EQ(Find("(617) 555.0199"), (Ids{newer, old}));
  EXPECT_EQ(Find("lopez"), (Ids{newer, old}));
  EXPECT_EQ(Find("Maria Lopez"), (Ids{newer, old}));  // accents folded (migration 0024)
  EXPECT_EQ(Find("ana"), Ids{other});
  EXPECT_EQ(Find("nobody"), Ids{});
  // The scope: only the departments the actor may see contacts in; internal ones only if asked.
  EXPECT_EQ(Find("lopez", {"ROADS"}), Ids{old});
  const RequestId internal = Add("ROADS", 6, {"", "", "Maria", "Lopez"}, true);
  EXPECT_EQ(Find("lopez"), (Ids{newer, old}));
  auto q = ParseContactQuery("lopez");
  q->anywhere = true;
  q->include_internal = true;
  EXPECT_EQ(console_->FindRequestsByContact(*q).value(), (Ids{internal, newer, old}));
  q->limit = 1;
  EXPECT_EQ(console_->FindRequestsByContact(*q).value(), Ids{internal});
}

// Names are compared with Unicode case and accent folding (migration 0024's FTS5 index, the
// tokenizer of the staff search): the caller's name as typed by the agent, in any case, with or
// without accents, either word of a two-word name.
TEST_F(ConsoleStoreTest, NamesAreFoundWithUnicodeCaseAndAccentFolding) {
  const RequestId jose = Add("ROADS", 1, {"", "", "José", "Núñez"});
  const RequestId maria = Add("ROADS", 2, {"", "", "María José", "Ångström-Sáez"});
  const RequestId plain = Add("ROADS", 3, {"", "", "Jose", "Nunez"});
  const RequestId greek = Add("ROADS", 4, {"", "", "ΣΟΦΊΑ", "Παπαδοπούλου"});
  EXPECT_EQ(Find("jose nunez"), (Ids{plain, jose}));
  EXPECT_EQ(Find("JOSÉ NÚÑEZ"), (Ids{plain, jose}));
  EXPECT_EQ(Find("Nuñez"), (Ids{plain, jose}));
  EXPECT_EQ(Find("JOSÉ"), (Ids{plain, maria, jose}));  // María José too: a word of her name
  EXPECT_EQ(Find("maria angstrom-saez"), Ids{maria});
  EXPECT_EQ(Find("SAEZ"), Ids{maria});
  EXPECT_EQ(Find("σοφία"), Ids{greek});  // case folding beyond Latin letters
  EXPECT_EQ(Find("nunez jose"), Ids{});  // first then last, as before
  // Words that are only punctuation, or look like query syntax, find nothing and break nothing.
  EXPECT_EQ(Find("'"), Ids{});
  EXPECT_EQ(Find("\"jose"), (Ids{plain, maria, jose}));
  EXPECT_EQ(Find("NEAR(jose"), Ids{});
  EXPECT_EQ(Find("jose OR"), Ids{});
}

// Rows written after the migration, changed and deleted: the triggers keep the index in step.
TEST_F(ConsoleStoreTest, TheFoldedNameIndexFollowsChangesAndDeletes) {
  const RequestId id = Add("ROADS", 1, {"", "", "Zoë", "Brontë"});
  EXPECT_EQ(Find("zoe bronte"), Ids{id});
  auto db = sqlite::Db::Open(dir_.File("desk.db"), SQLITE_OPEN_READWRITE);
  ASSERT_TRUE(db.ok());
  sqlite3_busy_timeout((*db)->raw(), 5000);
  ASSERT_TRUE((*db)
                  ->Exec("UPDATE request_contacts SET first_name = 'Chloé' WHERE request_id = " +
                         std::to_string(id))
                  .ok());
  EXPECT_EQ(Find("zoe bronte"), Ids{});
  EXPECT_EQ(Find("chloe bronte"), Ids{id});
  ASSERT_TRUE(
      (*db)->Exec("DELETE FROM request_contacts WHERE request_id = " + std::to_string(id)).ok());
  EXPECT_EQ(Find("bronte"), Ids{});
  auto check =
      (*db)->QueryInt("SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'");
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(*check, 0);
  EXPECT_TRUE((*db)
                  ->Exec("INSERT INTO request_contact_names (request_contact_names) "
                         "VALUES ('integrity-check')")
                  .ok());
}

TEST_F(ConsoleStoreTest, EveryLookUpUsesAnIndexOfMigration0017Or0024) {
  auto db = sqlite::Db::Open(dir_.File("desk.db"), SQLITE_OPEN_READONLY);
  ASSERT_TRUE(db.ok());
  for (const char* text : {"a@b.org", "617 555 0199", "lopez", "maria lopez"}) {
    auto q = ParseContactQuery(text);
    ASSERT_TRUE(q);
    const std::string sql =
        "EXPLAIN QUERY PLAN SELECT r.id FROM request_contacts c JOIN service_requests r ON r.id = "
        "c.request_id WHERE " +
        SqliteConsoleStore::ContactCondition(*q);
    auto st = (*db)->Prepare(sql);
    ASSERT_TRUE(st.ok()) << sql;
    const std::vector<std::string> params = SqliteConsoleStore::ContactParams(*q);
    for (std::size_t i = 0; i < params.size(); ++i) st->Bind(static_cast<int>(i) + 1, params[i]);
    std::string plan;
    while (*st->Step()) plan += st->String(3) + "\n";
    const bool name = q->kind == ContactQuery::Kind::kName;
    EXPECT_NE(plan.find(name ? "VIRTUAL TABLE INDEX" : "USING INDEX request_contacts_"),
              std::string::npos)
        << text << "\n"
        << plan;
    if (name) {
      EXPECT_NE(plan.find("USING INTEGER PRIMARY KEY"), std::string::npos) << text << "\n" << plan;
    }
    EXPECT_EQ(plan.find("SCAN c\n"), std::string::npos) << text << "\n" << plan;
    EXPECT_EQ(plan.find("SCAN r\n"), std::string::npos) << text << "\n" << plan;
  }
}

TEST_F(ConsoleStoreTest, SavedFiltersArePerPersonReplacedByNameLimitedAndDeletedByTheirOwner) {
  const UserId lee = User("lee@example.org"), kim = User("kim@example.org");
  SavedFilter f{0, lee, "Overdue potholes", "state=open&overdue=1", Day(1)};
  auto first = console_->SaveFilter(f);
  ASSERT_TRUE(first.ok()) << first.error().detail;
  f.query = "state=open&overdue=1&service=POTHOLE";
  auto again = console_->SaveFilter(f);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->id, first->id);
  auto mine = console_->ListSavedFilters(lee).value();
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].query, "state=open&overdue=1&service=POTHOLE");
  EXPECT_TRUE(console_->ListSavedFilters(kim).value().empty());
  // Kim cannot delete Lee's filter: it does not exist for her.
  EXPECT_EQ(console_->DeleteSavedFilter(kim, first->id).error().code, ErrorCode::kNotFound);
  for (int i = 1; i < kMaxSavedFilters; ++i) {
    ASSERT_TRUE(console_->SaveFilter({0, lee, "f" + std::to_string(i), "q=x", Day(1)}).ok());
  }
  auto full = console_->SaveFilter({0, lee, "one too many", "q=y", Day(1)});
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(console_->SaveFilter({0, lee, "f1", "q=z", Day(2)}).ok()) << "replacing is allowed";
  EXPECT_TRUE(console_->DeleteSavedFilter(lee, first->id).ok());
  EXPECT_EQ(console_->ListSavedFilters(lee).value().size(),
            static_cast<std::size_t>(kMaxSavedFilters - 1));
}

// Numbers are handed out to parallel changes: a database that already has 0018 still gets 0017.
TEST(Migration0017Test, IsAppliedToADatabaseThatAlreadyHas0018) {
  TempDir dir;
  const std::string path = dir.File("gap.db");
  {
    auto opened = SqliteStore::Open({.path = path});
    ASSERT_TRUE(opened.ok());
  }
  {
    auto db = sqlite::Db::Open(path, SQLITE_OPEN_READWRITE);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)
                    ->Exec("DROP TABLE saved_filters; DROP INDEX request_contacts_email; DROP "
                           "INDEX request_contacts_phone; DELETE FROM schema_migrations "
                           "WHERE version = 17")
                    .ok());
  }
  auto reopened = SqliteStore::Open({.path = path});
  ASSERT_TRUE(reopened.ok()) << reopened.error().detail;
  auto db = sqlite::Db::Open(path, SQLITE_OPEN_READONLY);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ((*db)->QueryInt("SELECT count(*) FROM schema_migrations WHERE version = 17").value(),
            1);
  EXPECT_EQ(
      (*db)->QueryInt("SELECT count(*) FROM sqlite_schema WHERE name = 'saved_filters'").value(),
      1);
}

}  // namespace
}  // namespace civic311::testing
