--R"sql( -- First and last lines: see migrations.cpp. This file is plain SQL for the sqlite3 shell.
-- 0025: the queue's channel and service filters are decided in the department index
-- (docs/performance.md, "Session 7"). A department's queue walks
-- service_requests_department_requested newest first; a filter on the channel or the service
-- read the table for every request the walk passed (until the page and the capped count were
-- full: thousands of reads for a common department). With both columns in the index the walk
-- decides them itself. Same name and leading columns: every INDEXED BY and plan stays valid.
-- At 1,000,000 requests the rebuild takes a few seconds, once.
DROP INDEX service_requests_department_requested;
CREATE INDEX service_requests_department_requested
  ON service_requests (department_code, requested_at, id, state, expected_at, internal, channel,
                       service_code);
--)sql"_migration
