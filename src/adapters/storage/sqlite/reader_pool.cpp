#include "adapters/storage/sqlite/reader_pool.hpp"

namespace civic311::sqlite {

ReaderPool::ReaderPool(std::vector<std::unique_ptr<Db>> connections, std::chrono::milliseconds wait)
    : all_(std::move(connections)), wait_(wait) {
  for (auto& db : all_) free_.push_back(db.get());
}

Result<ReaderPool::Lease> ReaderPool::Acquire() {
  std::unique_lock lock(mu_);
  if (!cv_.wait_for(lock, wait_, [this] { return !free_.empty(); })) {
    return Error::Unavailable("the database is busy", "no reader connection became free within " +
                                                          std::to_string(wait_.count()) + " ms");
  }
  Db* db = free_.back();
  free_.pop_back();
  return Lease(this, db);
}

void ReaderPool::Return(Db* db) {
  {
    std::lock_guard lock(mu_);
    free_.push_back(db);
  }
  cv_.notify_one();
}

}  // namespace civic311::sqlite
