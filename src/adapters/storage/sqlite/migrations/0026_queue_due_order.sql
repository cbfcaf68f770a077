--R"sql( -- First and last lines: see migrations.cpp. This file is plain SQL for the sqlite3 shell.
-- 0026: a department's open requests in due order (docs/performance.md, "Session 8"). The queue
-- sorted by due date ("sort=due") sorted every open request of the department (87,000 for a
-- busy one at 1,000,000 requests: 43 ms p99) to show the first 50. This index lists exactly a
-- department's open requests in the queue's due order — soonest target first, ties by id,
-- requests without a target (expected_at NULL) last, as one expression so that an index walk
-- gives the order without a sort — and carries the columns the queue's filters read (state,
-- internal, channel, service), so a page reads ~50 entries.
-- The expression and the state list must be written exactly as staff_query.cpp writes them
-- (kDueKey, OpenStatesList) for SQLite to use the index; sqlite_plan_test checks it. Only open
-- requests are indexed: the write cost falls on open rows, and a closed request leaves it.
CREATE INDEX service_requests_department_due
  ON service_requests (department_code, coalesce(expected_at, 9223372036854775807), id, state,
                       internal, channel, service_code)
  WHERE state IN ('submitted', 'acknowledged', 'in_progress', 'action_scheduled',
                  'waiting_third_party', 'waiting_resident', 'reopened');
--)sql"_migration
