// SqliteWorkflowStore::ListStaffRequests: the staff request list as one query (staff_query.hpp).
#include "adapters/storage/sqlite/reader_pool.hpp"
#include "adapters/storage/sqlite/request_rows.hpp"
#include "adapters/storage/sqlite/staff_query.hpp"
#include "adapters/storage/sqlite/workflow_rows.hpp"
#include "adapters/storage/sqlite/workflow_store.hpp"
#include "domain/search_text.hpp"

namespace civic311 {

Result<std::vector<StaffListItem>> SqliteWorkflowStore::ListStaffRequests(const StaffListQuery& q) {
  std::vector<StaffListItem> out;
  if (q.limit <= 0) return out;
  if (!q.text.empty() && ParseSearchText(q.text).Empty()) return out;
  if (!q.scope_anywhere && q.scope_departments.empty() && !q.scope_reporter_user_id) return out;
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto driver = sqlite::ChooseStaffDriver(**db, q);
  if (!driver.ok()) return std::move(driver).error();
  sqlite::BuiltQuery ids = sqlite::BuildStaffIdsQuery(q, *driver);
  // Sort and cut ids first, then read only the page's rows.
  ids.sql = sqlite::SelectRequests() + "WHERE r.id IN (" + ids.sql +
            ") ORDER BY r.requested_at DESC, r.id DESC";
  auto st = (*db)->Prepare(ids.sql);
  if (!st.ok()) return std::move(st).error();
  ids.BindTo(*st);
  std::string id_list = "[";
  while (true) {
    auto row = st->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    auto r = sqlite::ReadRequest(*st);
    if (!r.ok()) return std::move(r).error();
    r->contact = Contact{};  // lists never carry contact details
    if (id_list.size() > 1) id_list += ',';
    id_list += std::to_string(r->id);
    out.push_back(StaffListItem{std::move(*r), RequestWorkflow{}});
  }
  if (out.empty()) return out;
  auto wf = (*db)->Prepare(
      "SELECT request_id, assignee_user_id, reporter_user_id, closed_at FROM request_workflow "
      "WHERE request_id IN (SELECT value FROM json_each(?1))");
  if (!wf.ok()) return std::move(wf).error();
  wf->Bind(1, id_list + "]");
  while (true) {
    auto row = wf->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    const RequestId id = wf->Int64(0);
    for (StaffListItem& item : out) {
      if (item.request.id != id) continue;
      item.workflow.assignee_user_id = sqlite::OptInt(*wf, 1);
      item.workflow.reporter_user_id = sqlite::OptInt(*wf, 2);
      item.workflow.closed_at = sqlite::OptTime(*wf, 3);
    }
  }
  return out;
}

}  // namespace civic311
