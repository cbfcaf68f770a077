#include "adapters/storage/sqlite/media_store.hpp"

#include "adapters/storage/sqlite/reader_pool.hpp"
#include "adapters/storage/sqlite/writer.hpp"

namespace civic311 {
namespace {

using sqlite::Db;
using sqlite::Statement;

constexpr const char* kColumns =
    "request_id, position, sha256, mime, ext, kind, width, height, has_thumbnail, hidden, "
    "created_at";

MediaItem ReadItem(const Statement& st) {
  MediaItem m;
  m.request_id = st.Int64(0);
  m.position = static_cast<int>(st.Int64(1));
  m.sha256 = st.String(2);
  m.mime = st.String(3);
  m.ext = st.String(4);
  m.kind = ParseMediaKind(st.Text(5)).value_or(MediaKind::kPhoto);
  m.width = static_cast<int>(st.Int64(6));
  m.height = static_cast<int>(st.Int64(7));
  m.has_thumbnail = st.Int64(8) != 0;
  m.hidden = st.Int64(9) != 0;
  m.created_at = Timestamp(std::chrono::seconds(st.Int64(10)));
  return m;
}

}  // namespace

namespace sqlite {

Status InsertMedia(Db& db, RequestId id, const std::vector<MediaItem>& items,
                   std::int64_t now_unix) {
  if (items.empty()) return OkStatus();
  auto next =
      db.Prepare("SELECT coalesce(max(position) + 1, 0) FROM request_media WHERE request_id = ?1");
  if (!next.ok()) return std::move(next).error();
  next->Bind(1, id);
  auto row = next->Step();
  if (!row.ok()) return std::move(row).error();
  std::int64_t position = next->Int64(0);
  for (const MediaItem& m : items) {
    auto st = db.Prepare(
        "INSERT OR IGNORE INTO request_media (request_id, position, sha256, mime, ext, kind, "
        "width, height, has_thumbnail, hidden, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
        "?8, ?9, 0, ?10)");
    if (!st.ok()) return std::move(st).error();
    C311_TRY(st->Bind(1, id)
                 .Bind(2, position)
                 .Bind(3, m.sha256)
                 .Bind(4, m.mime)
                 .Bind(5, m.ext)
                 .Bind(6, MediaKindName(m.kind))
                 .Bind(7, m.width)
                 .Bind(8, m.height)
                 .Bind(9, m.has_thumbnail)
                 .Bind(10, now_unix)
                 .Run());
    if (db.Changes() > 0) ++position;
  }
  return OkStatus();
}

}  // namespace sqlite

Status SqliteMediaIndex::Attach(RequestId id, const std::vector<MediaItem>& items) {
  const std::int64_t now =
      (clock_ != nullptr ? clock_->Now() : SystemClock().Now()).time_since_epoch().count();
  return store_.writer().Run([&](Db& db) -> Status {
    auto exists = db.Prepare("SELECT 1 FROM service_requests WHERE id = ?1");
    if (!exists.ok()) return std::move(exists).error();
    exists->Bind(1, id);
    auto row = exists->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) return Error::NotFound("no such request");
    return sqlite::InsertMedia(db, id, items, now);
  });
}

Result<std::vector<MediaItem>> SqliteMediaIndex::ForRequest(RequestId id, bool include_hidden) {
  auto lease = store_.readers().Acquire();
  if (!lease.ok()) return std::move(lease).error();
  auto st = (*lease)->Prepare(std::string("SELECT ") + kColumns +
                              " FROM request_media WHERE request_id = ?1 AND (hidden = 0 OR ?2) "
                              "ORDER BY position");
  if (!st.ok()) return std::move(st).error();
  st->Bind(1, id).Bind(2, include_hidden);
  std::vector<MediaItem> out;
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    out.push_back(ReadItem(*st));
  }
  return out;
}

Result<std::optional<MediaItem>> SqliteMediaIndex::FindPublic(std::string_view sha256) {
  auto lease = store_.readers().Acquire();
  if (!lease.ok()) return std::move(lease).error();
  auto st = (*lease)->Prepare(std::string("SELECT ") + kColumns +
                              " FROM request_media WHERE sha256 = ?1 AND hidden = 0 LIMIT 1");
  if (!st.ok()) return std::move(st).error();
  st->Bind(1, sha256);
  auto row = st->Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<MediaItem>();
  return std::optional<MediaItem>(ReadItem(*st));
}

Status SqliteMediaIndex::SetHidden(RequestId id, std::string_view sha256, bool hidden) {
  return store_.writer().Run([&](Db& db) -> Status {
    auto st =
        db.Prepare("UPDATE request_media SET hidden = ?3 WHERE request_id = ?1 AND sha256 = ?2");
    if (!st.ok()) return std::move(st).error();
    C311_TRY(st->Bind(1, id).Bind(2, sha256).Bind(3, hidden).Run());
    if (db.Changes() == 0) return Error::NotFound("no such file on this request");
    return OkStatus();
  });
}

}  // namespace civic311
