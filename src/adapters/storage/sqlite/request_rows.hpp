// Mapping between ServiceRequest and the rows of service_requests + request_contacts.
#pragma once

#include <string_view>
#include <vector>

#include "adapters/storage/sqlite/sqlite_db.hpp"
#include "base/result.hpp"
#include "domain/request.hpp"

namespace civic311::sqlite {

// "SELECT <every request column> FROM service_requests r <hint> LEFT JOIN request_contacts c …":
// append a WHERE clause that refers to the request as `r`, then read rows with ReadRequest.
// `hint` is empty or a constant "INDEXED BY …" / "NOT INDEXED" clause.
std::string SelectRequests(std::string_view hint = {});

// The request in the current row of a statement that starts with SelectRequests(). kInternal
// for values no writer of ours produces (unknown state or channel, bad attributes JSON).
Result<ServiceRequest> ReadRequest(const Statement& row);

// Whether the rows read keep the reporter's contact details.
enum class Contacts { kKeep, kDrop };
// Steps `st` (a SelectRequests() statement, bound) to its end, appending each request to *out.
Status AppendRequests(Statement& st, std::vector<ServiceRequest>* out,
                      Contacts contacts = Contacts::kKeep);

// Inserts r (and its contact, if any) with a fresh id, inside the caller's transaction; returns
// the id. r.id is ignored. A duplicate token gives kConflict.
Result<RequestId> InsertRequest(Db& db, const ServiceRequest& r);

}  // namespace civic311::sqlite
