// SqliteChangeFeed: the committed timeline (request_events) in id order, for the live console's
// one broadcaster (app/live_feed.hpp). Reads through the store's reader pool: in WAL mode a
// reader sees only committed transactions, so every change it reports is durable.
//
// Cost: ChangesAfter is a range read on the events' primary key from the cursor (the newest few
// rows), joined by primary key to the request and its workflow row — microseconds when nothing
// changed, whatever the size of the database.
//
// Ownership: borrows the SqliteStore, which must outlive it. Thread-safety: safe from any thread.
#pragma once

#include "adapters/storage/sqlite/sqlite_store.hpp"
#include "app/live_feed.hpp"

namespace civic311 {

class SqliteChangeFeed final : public ChangeFeed {
 public:
  explicit SqliteChangeFeed(SqliteStore& store) : store_(store) {}
  Result<std::int64_t> LastChangeId() override;
  Result<std::vector<LiveChange>> ChangesAfter(std::int64_t after, int limit) override;

 private:
  SqliteStore& store_;
};

}  // namespace civic311
