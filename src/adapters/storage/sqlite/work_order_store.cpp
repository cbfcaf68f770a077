// SqliteWorkflowStore: work orders and their task checklists.
#include "adapters/storage/sqlite/reader_pool.hpp"
#include "adapters/storage/sqlite/workflow_rows.hpp"
#include "adapters/storage/sqlite/workflow_store.hpp"
#include "adapters/storage/sqlite/writer.hpp"

namespace civic311 {

using sqlite::Db;
using sqlite::FromUnixSeconds;
using sqlite::ToUnix;

namespace {

constexpr char kSelectWorkOrder[] =
    "SELECT w.id, w.request_id, w.department_code, coalesce(c.name, w.crew), "
    "w.assignee_user_id, w.scheduled_for, w.labour_hours, w.materials, w.cost_cents, "
    "w.completion_note, w.done, w.created_at, w.updated_at, w.crew_id, w.version, w.updated_by "
    "FROM work_orders w LEFT JOIN crews c ON c.id = w.crew_id ";

WorkOrder ReadWorkOrder(const sqlite::Statement& st) {
  WorkOrder w;
  w.id = st.Int64(0);
  w.request_id = sqlite::OptInt(st, 1);
  w.department_code = st.String(2);
  w.crew = st.String(3);
  w.assignee_user_id = sqlite::OptInt(st, 4);
  w.scheduled_for = sqlite::OptTime(st, 5);
  w.labour_hours = st.Double(6);
  w.materials = st.String(7);
  w.cost_cents = st.Int64(8);
  w.completion_note = st.String(9);
  w.done = st.Int64(10) != 0;
  w.created_at = FromUnixSeconds(st.Int64(11));
  w.updated_at = FromUnixSeconds(st.Int64(12));
  w.crew_id = sqlite::OptInt(st, 13);
  w.version = st.Int64(14);
  w.updated_by = sqlite::OptInt(st, 15);
  return w;
}

Status WriteTasks(Db& db, const WorkOrder& w) {
  auto del = db.Prepare("DELETE FROM work_order_tasks WHERE work_order_id = ?1");
  if (!del.ok()) return std::move(del).error();
  C311_TRY(del->Bind(1, w.id).Run());
  for (std::size_t i = 0; i < w.tasks.size(); ++i) {
    auto st = db.Prepare(
        "INSERT INTO work_order_tasks (work_order_id, position, text, done) "
        "VALUES (?1, ?2, ?3, ?4)");
    if (!st.ok()) return std::move(st).error();
    C311_TRY(st->Bind(1, w.id)
                 .Bind(2, static_cast<std::int64_t>(i))
                 .Bind(3, w.tasks[i].text)
                 .Bind(4, w.tasks[i].done)
                 .Run());
  }
  return OkStatus();
}

Status ReadTasks(Db& db, WorkOrder& w) {
  auto st = db.Prepare(
      "SELECT text, done FROM work_order_tasks WHERE work_order_id = ?1 ORDER BY position");
  if (!st.ok()) return std::move(st).error();
  st->Bind(1, w.id);
  while (true) {
    auto row = st->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    w.tasks.push_back(WorkTask{st->String(0), st->Int64(1) != 0});
  }
  return OkStatus();
}

// Binds every column but id (?1) and version of a work order, ?2 … ?15.
void BindWorkOrder(sqlite::Statement& st, const WorkOrder& w) {
  st.Bind(2, w.request_id)
      .Bind(3, w.department_code)
      .Bind(4, w.crew)
      .Bind(5, w.assignee_user_id)
      .Bind(6, ToUnix(w.scheduled_for))
      .Bind(7, w.labour_hours)
      .Bind(8, w.materials)
      .Bind(9, w.cost_cents)
      .Bind(10, w.completion_note)
      .Bind(11, w.done)
      .Bind(12, ToUnix(w.created_at))
      .Bind(13, ToUnix(w.updated_at))
      .Bind(14, w.crew_id)
      .Bind(15, w.updated_by);
}

// The records of a work-order change (WorkOrderRecords), in the caller's transaction: events on
// the order's request in the state that request is in now.
Status WriteRecords(Db& db, const WorkOrder& w, const MakeWorkOrderRecords& records) {
  if (!records) return OkStatus();
  WorkOrderRecords rec = records(w);
  if (w.request_id && !rec.events.empty()) {
    auto st = db.Prepare("SELECT state FROM service_requests WHERE id = ?1");
    if (!st.ok()) return std::move(st).error();
    auto row = st->Bind(1, *w.request_id).Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) return Error::NotFound("no such service request");
    const auto state = ParseState(st->String(0));
    for (TimelineEvent& e : rec.events) {
      e.request_id = *w.request_id;
      if (state) e.state = *state;
      C311_TRY(sqlite::InsertEvent(db, e));
    }
  }
  for (const AuditEntry& a : rec.audit) C311_TRY(sqlite::InsertAudit(db, a));
  return OkStatus();
}

}  // namespace

Result<WorkOrder> SqliteWorkflowStore::CreateWorkOrder(WorkOrder w,
                                                       const MakeWorkOrderRecords& records) {
  Status s = store_.writer().Run([&](Db& db) -> Status {
    auto st = db.Prepare(
        "INSERT INTO work_orders (request_id, department_code, crew, assignee_user_id, "
        "scheduled_for, labour_hours, materials, cost_cents, completion_note, done, created_at, "
        "updated_at, crew_id, updated_by, version) "
        "VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 1)");
    if (!st.ok()) return std::move(st).error();
    BindWorkOrder(*st, w);
    C311_TRY(st->Run());
    w.id = db.LastInsertRowId();
    w.version = 1;
    C311_TRY(WriteTasks(db, w));
    return WriteRecords(db, w, records);
  });
  if (!s.ok()) return std::move(s).error();
  return w;
}

Status SqliteWorkflowStore::UpdateWorkOrder(const WorkOrder& w,
                                            const MakeWorkOrderRecords& records) {
  return store_.writer().Run([&](Db& db) -> Status {
    // Optimistic: only over the version the caller read; the check and the write are one
    // statement inside the writer's transaction, so two saves can never both pass it.
    auto st = db.Prepare(
        "UPDATE work_orders SET request_id = ?2, department_code = ?3, crew = ?4, "
        "assignee_user_id = ?5, scheduled_for = ?6, labour_hours = ?7, materials = ?8, "
        "cost_cents = ?9, completion_note = ?10, done = ?11, created_at = ?12, updated_at = ?13, "
        "crew_id = ?14, updated_by = ?15, version = version + 1 WHERE id = ?1 AND version = ?16");
    if (!st.ok()) return std::move(st).error();
    st->Bind(1, w.id);
    BindWorkOrder(*st, w);
    st->Bind(16, w.version);
    C311_TRY(st->Run());
    if (db.Changes() == 0) {
      auto there = db.Prepare("SELECT 1 FROM work_orders WHERE id = ?1");
      if (!there.ok()) return std::move(there).error();
      auto row = there->Bind(1, w.id).Step();
      if (!row.ok()) return std::move(row).error();
      if (!*row) return Error::NotFound("no such work order");
      return Error::Conflict("the work order has changed since it was read");
    }
    C311_TRY(WriteTasks(db, w));
    WorkOrder stored = w;
    stored.version = w.version + 1;
    return WriteRecords(db, stored, records);
  });
}

Result<std::optional<WorkOrder>> SqliteWorkflowStore::GetWorkOrder(std::int64_t id) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  std::optional<WorkOrder> out;
  {
    auto st = (*db)->Prepare(std::string(kSelectWorkOrder) + "WHERE w.id = ?1");
    if (!st.ok()) return std::move(st).error();
    auto row = st->Bind(1, id).Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) return out;
    out = ReadWorkOrder(*st);
  }
  C311_TRY(ReadTasks(**db, *out));
  return out;
}

Result<std::vector<WorkOrder>> SqliteWorkflowStore::ListWorkOrders(RequestId request_id) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  std::vector<WorkOrder> out;
  {
    auto st =
        (*db)->Prepare(std::string(kSelectWorkOrder) + "WHERE w.request_id = ?1 ORDER BY w.id");
    if (!st.ok()) return std::move(st).error();
    st->Bind(1, request_id);
    while (true) {
      auto row = st->Step();
      if (!row.ok()) return std::move(row).error();
      if (!*row) break;
      out.push_back(ReadWorkOrder(*st));
    }
  }
  for (WorkOrder& w : out) C311_TRY(ReadTasks(**db, w));
  return out;
}

}  // namespace civic311
