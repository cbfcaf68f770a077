// SqliteConsoleStore: the CallerStore and SavedFilterStore (app/console_ports.hpp) of the
// database file a SqliteStore has open (schema: migrations/0017_console_saved.sql).
//
// It opens no connection of its own: writes go through the SqliteStore's one writer thread,
// reads through its reader pool. Every value is bound to a prepared statement.
//
// Ownership: borrows the SqliteStore, which must outlive it.
// Thread-safety: every method is safe from many threads at once; all calls block (disk).
#pragma once

#include "adapters/storage/sqlite/sqlite_store.hpp"
#include "app/console_ports.hpp"

namespace civic311 {

class SqliteConsoleStore final : public CallerStore, public SavedFilterStore {
 public:
  explicit SqliteConsoleStore(SqliteStore& store) : store_(store) {}

  // The look-up compares the normalised expressions migrations 0017 and 0024 index, so at 1,000,000
  // requests it reads only the matching contacts' rows (console_store_test checks the plans).
  Result<std::vector<RequestId>> FindRequestsByContact(const ContactQuery& q) override;

  Result<std::vector<SavedFilter>> ListSavedFilters(std::int64_t user_id) override;
  Result<SavedFilter> SaveFilter(const SavedFilter& f) override;
  Status DeleteSavedFilter(std::int64_t user_id, std::int64_t id) override;

  // The WHERE clause FindRequestsByContact uses for q's kind (placeholders from ?1, bound to
  // ContactParams(q) in order), for the tests that check its query plan. Names are looked up in
  // the folded name index of migration 0024; e-mail and phone in the expression indexes of 0017.
  static std::string ContactCondition(const ContactQuery& q);
  static std::vector<std::string> ContactParams(const ContactQuery& q);

 private:
  SqliteStore& store_;
};

}  // namespace civic311
