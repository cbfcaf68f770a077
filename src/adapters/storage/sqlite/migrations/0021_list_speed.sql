--R"sql( -- First and last lines: see migrations.cpp. This file is plain SQL for the sqlite3 shell.
-- 0021: two things that keep the lists of the console and the portal off the table at 1,000,000
-- requests (docs/performance.md, "The queue page and the list").
--
-- 1. The service index covers the list's other filters. A list of one service (the portal's
-- /requests?service=…, often with an area or open only) walks the service's requests newest first
-- (request_query.cpp, kServiceWalk) and decides state, visibility and the area's box from the
-- index, without reading rows it does not show: 0.1 ms instead of 13 ms for "POTHOLE, open, 90
-- days", 0.4 instead of 52 with an area. Same name, same leading columns: every INDEXED BY and plan
-- that used it still holds. Rebuilding it at 1,000,000 requests: ~1.1 s of CPU.
DROP INDEX service_requests_service_requested;
CREATE INDEX service_requests_service_requested
  ON service_requests (service_code, requested_at, id, state, internal, lat, lon);
-- (id in the key: the walk is then in the list's own order, requested_at then id, with no sort
-- of ties.) The same for the time walk (no service, or several): the portal's "an area, the last
-- 7 days" read every request of the week from the table to test its point against the area's box.
DROP INDEX service_requests_requested;
CREATE INDEX service_requests_requested
  ON service_requests (requested_at, id, state, internal, lat, lon);

-- 2. How many requests each department holds in each state (staff_list_store.cpp,
-- CountStaffRequests). The queue page's tabs show the count of every open state; counted from the
-- requests themselves that read every open request of the department (~60 ms for a busy
-- department at 1,000,000 requests, most of the page's time). These few hundred rows answer the
-- unfiltered counts exactly in microseconds instead.
--
-- Triggers keep them in step, so every writer (submissions, staff actions, transfers, bulk loads,
-- imports, the seed) maintains them in the transaction of its own change. internal is a column
-- because staff who may not see internal requests must not count them either.
CREATE TABLE request_state_counts (
  department_code TEXT NOT NULL,
  state           TEXT NOT NULL,
  internal        INTEGER NOT NULL,
  n               INTEGER NOT NULL,
  PRIMARY KEY (department_code, state, internal)
) STRICT, WITHOUT ROWID;

-- The first count reads a covering index (it holds all three columns), not the table: 0.7 s of CPU
-- at 1,000,000 requests against 1.6 s (+ the table's reads) for SQLite's own choice.
INSERT INTO request_state_counts (department_code, state, internal, n)
  SELECT department_code, state, internal, count(*)
  FROM service_requests INDEXED BY service_requests_department_requested
  GROUP BY department_code, state, internal;

CREATE TRIGGER request_state_counts_insert AFTER INSERT ON service_requests
BEGIN
  INSERT INTO request_state_counts (department_code, state, internal, n)
    VALUES (NEW.department_code, NEW.state, NEW.internal, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER request_state_counts_update
  AFTER UPDATE OF department_code, state, internal ON service_requests
  WHEN OLD.department_code <> NEW.department_code OR OLD.state <> NEW.state
       OR OLD.internal <> NEW.internal
BEGIN
  UPDATE request_state_counts SET n = n - 1
    WHERE department_code = OLD.department_code AND state = OLD.state
      AND internal = OLD.internal;
  INSERT INTO request_state_counts (department_code, state, internal, n)
    VALUES (NEW.department_code, NEW.state, NEW.internal, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER request_state_counts_delete AFTER DELETE ON service_requests
BEGIN
  UPDATE request_state_counts SET n = n - 1
    WHERE department_code = OLD.department_code AND state = OLD.state
      AND internal = OLD.internal;
END;
--)sql"_migration
