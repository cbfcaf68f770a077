// SqliteMediaIndex: the MediaIndex (app/media_ports.hpp) of the database a SqliteStore has open
// (table request_media, migrations/0006_portal_data.sql). InsertMedia is shared with
// SqliteWorkflowStore::CreateRequest, which links a new request's media in its own transaction.
//
// Ownership: borrows the SqliteStore, which must outlive it.
// Thread-safety: every method is safe from many threads at once; all calls block (disk).
#pragma once

#include "adapters/storage/sqlite/sqlite_db.hpp"
#include "adapters/storage/sqlite/sqlite_store.hpp"
#include "app/media_ports.hpp"

namespace civic311 {

namespace sqlite {
// Appends `items` to request `id`'s media after its existing positions (a file already attached
// to that request is skipped). Runs inside the caller's transaction.
Status InsertMedia(Db& db, RequestId id, const std::vector<MediaItem>& items,
                   std::int64_t now_unix);
}  // namespace sqlite

class SqliteMediaIndex final : public MediaIndex {
 public:
  explicit SqliteMediaIndex(SqliteStore& store, const Clock* clock = nullptr)
      : store_(store), clock_(clock) {}

  Status Attach(RequestId id, const std::vector<MediaItem>& items) override;
  Result<std::vector<MediaItem>> ForRequest(RequestId id, bool include_hidden) override;
  Result<std::optional<MediaItem>> FindPublic(std::string_view sha256) override;
  Status SetHidden(RequestId id, std::string_view sha256, bool hidden) override;

 private:
  SqliteStore& store_;
  const Clock* clock_;
};

}  // namespace civic311
