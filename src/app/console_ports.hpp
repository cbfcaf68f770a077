// Ports of the call-centre desk and the queue's saved filters (docs/console.md): looking a caller
// up by their contact details, and each person's named queue filters. Storage adapters implement
// them (SQLite: adapters/storage/sqlite/console_store.hpp, migration 0017).
//
// Thread-safety: implementations must be safe to call from many threads at once; calls block
// (disk), so run them on worker threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.hpp"
#include "base/result.hpp"
#include "domain/request.hpp"

namespace civic311 {

// What a caller gave the agent to be found by. Values arrive normalised (NormaliseContactQuery,
// app/caller_lookup.hpp): e-mail lower-case, phone digits only, names lower-case.
struct ContactQuery {
  enum class Kind { kEmail, kPhone, kName };
  Kind kind = Kind::kPhone;
  std::vector<std::string> values;  // kEmail: {address}; kPhone: digit strings to match (any);
                                    // kName: {word} (first or last) or {first, last}
  // Which requests the actor may see the contact of (ScopeOf(actor, kViewContact)): every
  // department, or these; internal requests only when include_internal.
  bool anywhere = false;
  std::vector<std::string> departments;
  bool include_internal = false;
  int limit = 20;
};

class CallerStore {
 public:
  virtual ~CallerStore() = default;
  // Ids of the requests whose reporter's contact matches q, newest first, at most q.limit.
  virtual Result<std::vector<RequestId>> FindRequestsByContact(const ContactQuery& q) = 0;
};

// One saved set of queue filters: the queue's filter parameters as a query string ("state=open&
// service=POTHOLE"), under a name its owner chose.
struct SavedFilter {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string name;
  std::string query;
  Timestamp created_at{};
};

class SavedFilterStore {
 public:
  virtual ~SavedFilterStore() = default;
  // The person's filters, by name.
  virtual Result<std::vector<SavedFilter>> ListSavedFilters(std::int64_t user_id) = 0;
  // Saves f (user_id, name, query, created_at); the same name again replaces that filter's query.
  // kInvalidArgument when the person already has kMaxSavedFilters others.
  virtual Result<SavedFilter> SaveFilter(const SavedFilter& f) = 0;
  // Deletes the person's filter `id`; kNotFound if they have no such filter.
  virtual Status DeleteSavedFilter(std::int64_t user_id, std::int64_t id) = 0;
};

inline constexpr int kMaxSavedFilters = 50;

}  // namespace civic311
