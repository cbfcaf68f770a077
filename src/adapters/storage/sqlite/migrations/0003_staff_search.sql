--R"sql( -- First and last lines: see migrations.cpp. This file is plain SQL for the sqlite3 shell.
-- 0003: the staff request list as one query (staff_query.hpp): full-text search over requests,
-- and the indexes its drivers walk.

-- Full-text index of the words staff search for. External content: the text stays only in
-- service_requests; rowid = service_requests.id. unicode61 folds case and (2) removes diacritics,
-- so "cafe" finds "Café". Kept in step by the triggers below, so every writer (submissions, bulk
-- loads, staff edits) maintains it inside its own transaction without thinking about it.
CREATE VIRTUAL TABLE request_search USING fts5 (
  description, address, service_name,
  content = 'service_requests', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER service_requests_search_insert AFTER INSERT ON service_requests
BEGIN
  INSERT INTO request_search (rowid, description, address, service_name)
    VALUES (NEW.id, NEW.description, NEW.address, NEW.service_name);
END;

CREATE TRIGGER service_requests_search_update
  AFTER UPDATE OF description, address, service_name ON service_requests
BEGIN
  INSERT INTO request_search (request_search, rowid, description, address, service_name)
    VALUES ('delete', OLD.id, OLD.description, OLD.address, OLD.service_name);
  INSERT INTO request_search (rowid, description, address, service_name)
    VALUES (NEW.id, NEW.description, NEW.address, NEW.service_name);
END;

CREATE TRIGGER service_requests_search_delete AFTER DELETE ON service_requests
BEGIN
  INSERT INTO request_search (request_search, rowid, description, address, service_name)
    VALUES ('delete', OLD.id, OLD.description, OLD.address, OLD.service_name);
END;

-- Backfill: index every request stored before this migration.
INSERT INTO request_search (request_search) VALUES ('rebuild');

-- A department's queue, newest first, without a sort (id spelled out: it orders ties, as the
-- list does); state, expected_at and internal ride along so that the filters of a queue (open
-- states, overdue, internal) are checked in the index without reading the table row.
CREATE INDEX service_requests_department_requested
  ON service_requests (department_code, requested_at, id, state, expected_at, internal);

-- Overdue = open and expected_at < now. Only open requests are in this index, so "overdue" reads
-- only overdue rows. The state list must be written exactly as staff_query.cpp writes its open
-- filter (IsOpen, in kAllStates order) for SQLite to use the index; sqlite_plan_test checks it.
CREATE INDEX service_requests_open_expected ON service_requests (expected_at)
  WHERE state IN ('submitted', 'acknowledged', 'in_progress', 'action_scheduled',
                  'waiting_third_party', 'waiting_resident', 'reopened');

-- "Requests I reported" (a visibility scope of the staff list).
CREATE INDEX request_workflow_reporter ON request_workflow (reporter_user_id);
--)sql"_migration
