--R"sql( -- First and last lines: see migrations.cpp. This file is plain SQL for the sqlite3 shell.
-- 0015: the managers' dashboard (docs/console.md, "Dashboard"; dashboard_store.cpp). Its figures
-- are answered by the store in SQL from two kinds of pre-aggregated data, both kept in step by
-- triggers, so every writer (submissions, staff actions, bulk loads, imports) maintains them in
-- the transaction of its own change without thinking about it:
--  - dash_facts: one narrow row per request with the moments the dashboard measures (first staff
--    action, close, due, reopens) and a "bucket" of each duration (derived by triggers), indexed
--    so that a percentile over a year reads one small bucket instead of sorting every request;
--  - daily counts (dash_daily, dash_cells, dash_info), the charts' bars, a few hundred rows a day.
-- Days are UTC days (unix seconds / 86400).

CREATE TABLE dash_facts (
  request_id      INTEGER PRIMARY KEY,              -- service_requests.id
  department_code TEXT NOT NULL,                    -- the request's current department
  service_code    TEXT NOT NULL,
  channel         TEXT NOT NULL,
  requested_at    INTEGER NOT NULL,
  cell            INTEGER,                          -- dash_cell(lat, lon), below; NULL: no point
  expected_at     INTEGER,                          -- the SLA due time; NULL: no target
  is_open         INTEGER NOT NULL DEFAULT 1,       -- IsOpen(state)
  clock_paused    INTEGER NOT NULL DEFAULT 0,       -- request_workflow.clock_paused_at IS NOT NULL
  first_action_at INTEGER,                          -- first timeline event by staff (below)
  closed_at       INTEGER,                          -- request_workflow.closed_at
  reopens         INTEGER NOT NULL DEFAULT 0,       -- 'reopen' events
  -- Derived by the dash_facts_derive_* triggers below (plain columns, not generated ones: SQLite
  -- 3.40 stops treating an index as covering once a table has several generated columns).
  -- A duration's bucket: its number of decimal digits, then its first two digits (7 s -> 107,
  -- 3600 s -> 436). Monotonic in the duration and about 90 buckets a decade, so the bucket that
  -- holds a percentile holds ~1% of the rows at most (dashboard_store.cpp, "Percentiles").
  first_action_bucket INTEGER,
  close_bucket        INTEGER,
  -- Overdue now = open, clock running and overdue_key < now.
  overdue_key         INTEGER
) STRICT;
CREATE INDEX dash_facts_dept_first_action
  ON dash_facts (department_code, first_action_bucket, first_action_at, requested_at)
  WHERE first_action_at IS NOT NULL;
CREATE INDEX dash_facts_first_action
  ON dash_facts (first_action_bucket, first_action_at, requested_at)
  WHERE first_action_at IS NOT NULL;
CREATE INDEX dash_facts_dept_close
  ON dash_facts (department_code, close_bucket, closed_at, requested_at)
  WHERE closed_at IS NOT NULL;
CREATE INDEX dash_facts_close ON dash_facts (close_bucket, closed_at, requested_at)
  WHERE closed_at IS NOT NULL;
CREATE INDEX dash_facts_dept_overdue ON dash_facts (department_code, overdue_key)
  WHERE overdue_key IS NOT NULL;
CREATE INDEX dash_facts_overdue ON dash_facts (overdue_key) WHERE overdue_key IS NOT NULL;

-- Per department, UTC day, service and channel: requests received that day, and requests closed
-- that day (with an SLA target / on time / reopened at least once before).
CREATE TABLE dash_daily (
  department_code  TEXT NOT NULL,
  day              INTEGER NOT NULL,
  service_code     TEXT NOT NULL,
  channel          TEXT NOT NULL,
  received         INTEGER NOT NULL DEFAULT 0,
  closed           INTEGER NOT NULL DEFAULT 0,
  closed_targeted  INTEGER NOT NULL DEFAULT 0,
  closed_on_time   INTEGER NOT NULL DEFAULT 0,
  closed_reopened  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (department_code, day, service_code, channel)
) STRICT, WITHOUT ROWID;
CREATE INDEX dash_daily_day ON dash_daily (day, department_code, service_code, channel,
  received, closed, closed_targeted, closed_on_time, closed_reopened);

-- Requests received per department, UTC day and map cell (the heat map). A cell is 0.01 degree
-- of latitude by 0.01 of longitude: (lat cell) * 100000 + (lon cell), both counted from -90/-180.
CREATE TABLE dash_cells (
  department_code TEXT NOT NULL,
  day             INTEGER NOT NULL,
  cell            INTEGER NOT NULL,
  n               INTEGER NOT NULL,
  PRIMARY KEY (department_code, day, cell)
) STRICT, WITHOUT ROWID;
CREATE INDEX dash_cells_day ON dash_cells (day, cell, n);

-- Questions answered at the call-centre desk (audit entries 'info_contact', console.md) per
-- department (the agent's), UTC day and channel.
CREATE TABLE dash_info (
  department_code TEXT NOT NULL,
  day             INTEGER NOT NULL,
  channel         TEXT NOT NULL,
  n               INTEGER NOT NULL,
  PRIMARY KEY (department_code, day, channel)
) STRICT, WITHOUT ROWID;
CREATE INDEX dash_info_day ON dash_info (day, channel, n);

-- Work-order hours and cost per department over a period (by created_at).
CREATE INDEX work_orders_dept_created
  ON work_orders (department_code, created_at, labour_hours, cost_cents);
CREATE INDEX work_orders_created ON work_orders (created_at, labour_hours, cost_cents);

-- The facts follow the request row. The open-state list is IsOpen() in kAllStates order.
CREATE TRIGGER dash_request_insert AFTER INSERT ON service_requests
BEGIN
  INSERT INTO dash_facts (request_id, department_code, service_code, channel, requested_at, cell,
                          expected_at, is_open)
  VALUES (NEW.id, NEW.department_code, NEW.service_code, NEW.channel, NEW.requested_at,
          CASE WHEN NEW.lat IS NOT NULL AND NEW.lon IS NOT NULL
               THEN CAST((NEW.lat + 90) * 100 AS INTEGER) * 100000 +
                    CAST((NEW.lon + 180) * 100 AS INTEGER) END,
          NEW.expected_at,
          NEW.state IN ('submitted', 'acknowledged', 'in_progress', 'action_scheduled',
                        'waiting_third_party', 'waiting_resident', 'reopened'));
END;

CREATE TRIGGER dash_request_update
  AFTER UPDATE OF department_code, service_code, channel, requested_at, lat, lon, expected_at,
                  state ON service_requests
  WHEN OLD.department_code IS NOT NEW.department_code OR OLD.service_code IS NOT NEW.service_code
    OR OLD.channel IS NOT NEW.channel OR OLD.requested_at IS NOT NEW.requested_at
    OR OLD.lat IS NOT NEW.lat OR OLD.lon IS NOT NEW.lon OR OLD.expected_at IS NOT NEW.expected_at
    OR OLD.state IS NOT NEW.state
BEGIN
  UPDATE dash_facts SET
    department_code = NEW.department_code, service_code = NEW.service_code,
    channel = NEW.channel, requested_at = NEW.requested_at,
    cell = CASE WHEN NEW.lat IS NOT NULL AND NEW.lon IS NOT NULL
                THEN CAST((NEW.lat + 90) * 100 AS INTEGER) * 100000 +
                     CAST((NEW.lon + 180) * 100 AS INTEGER) END,
    expected_at = NEW.expected_at,
    is_open = NEW.state IN ('submitted', 'acknowledged', 'in_progress', 'action_scheduled',
                            'waiting_third_party', 'waiting_resident', 'reopened')
  WHERE request_id = NEW.id;
END;

CREATE TRIGGER dash_request_delete AFTER DELETE ON service_requests
BEGIN
  DELETE FROM dash_facts WHERE request_id = OLD.id;
END;

-- Close time and the SLA clock's pause follow the workflow row.
CREATE TRIGGER dash_workflow_insert AFTER INSERT ON request_workflow
BEGIN
  UPDATE dash_facts SET closed_at = NEW.closed_at,
                        clock_paused = NEW.clock_paused_at IS NOT NULL
  WHERE request_id = NEW.request_id;
END;

CREATE TRIGGER dash_workflow_update AFTER UPDATE OF closed_at, clock_paused_at ON request_workflow
  WHEN OLD.closed_at IS NOT NEW.closed_at
    OR (OLD.clock_paused_at IS NULL) != (NEW.clock_paused_at IS NULL)
BEGIN
  UPDATE dash_facts SET closed_at = NEW.closed_at,
                        clock_paused = NEW.clock_paused_at IS NOT NULL
  WHERE request_id = NEW.request_id;
END;

-- The first action: the earliest timeline event that is not the request's creation, an
-- escalation (the sweep's), the reporter's reply (add_info) or anything else the reporter did
-- (a withdrawal). Staff, external systems (negative ids) and replayed history (actor 0) count.
-- Earliest by time, not by insertion: imported events may arrive out of order.
CREATE TRIGGER dash_event_first_action AFTER INSERT ON request_events
  WHEN NEW.kind NOT IN ('created', 'escalated', 'add_info')
BEGIN
  UPDATE dash_facts SET first_action_at = NEW.at
  WHERE request_id = NEW.request_id AND (first_action_at IS NULL OR NEW.at < first_action_at)
    AND NOT EXISTS (SELECT 1 FROM request_workflow w WHERE w.request_id = NEW.request_id
                    AND w.reporter_user_id = NEW.actor_user_id);
END;

CREATE TRIGGER dash_event_reopen AFTER INSERT ON request_events WHEN NEW.kind = 'reopen'
BEGIN
  UPDATE dash_facts SET reopens = reopens + 1 WHERE request_id = NEW.request_id;
END;

-- The derived columns follow the columns they are computed from (an UPDATE of derived columns
-- only fires no trigger).
CREATE TRIGGER dash_facts_derive_insert AFTER INSERT ON dash_facts
BEGIN
  UPDATE dash_facts SET
    first_action_bucket = length(max(first_action_at - requested_at, 0)) * 100 +
                          CAST(substr(max(first_action_at - requested_at, 0), 1, 2) AS INTEGER),
    close_bucket = length(max(closed_at - requested_at, 0)) * 100 +
                   CAST(substr(max(closed_at - requested_at, 0), 1, 2) AS INTEGER),
    overdue_key = CASE WHEN is_open = 1 AND clock_paused = 0 THEN expected_at END
  WHERE request_id = NEW.request_id;
END;

CREATE TRIGGER dash_facts_derive_update
  AFTER UPDATE OF requested_at, first_action_at, closed_at, is_open, clock_paused, expected_at
  ON dash_facts
BEGIN
  UPDATE dash_facts SET
    first_action_bucket = length(max(first_action_at - requested_at, 0)) * 100 +
                          CAST(substr(max(first_action_at - requested_at, 0), 1, 2) AS INTEGER),
    close_bucket = length(max(closed_at - requested_at, 0)) * 100 +
                   CAST(substr(max(closed_at - requested_at, 0), 1, 2) AS INTEGER),
    overdue_key = CASE WHEN is_open = 1 AND clock_paused = 0 THEN expected_at END
  WHERE request_id = NEW.request_id;
END;

-- The daily counts follow the facts: a fact row counts once where its values say (received on
-- its request day; closed on its close day), so an update takes the old row out and puts the new
-- one in.
CREATE TRIGGER dash_facts_insert AFTER INSERT ON dash_facts
BEGIN
  INSERT INTO dash_daily (department_code, day, service_code, channel, received)
    VALUES (NEW.department_code, NEW.requested_at / 86400, NEW.service_code, NEW.channel, 1)
    ON CONFLICT DO UPDATE SET received = received + 1;
  INSERT INTO dash_cells (department_code, day, cell, n)
    SELECT NEW.department_code, NEW.requested_at / 86400, NEW.cell, 1 WHERE NEW.cell IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
  INSERT INTO dash_daily (department_code, day, service_code, channel, closed, closed_targeted,
                          closed_on_time, closed_reopened)
    SELECT NEW.department_code, NEW.closed_at / 86400, NEW.service_code, NEW.channel, 1,
           NEW.expected_at IS NOT NULL, coalesce(NEW.closed_at <= NEW.expected_at, 0),
           NEW.reopens > 0
    WHERE NEW.closed_at IS NOT NULL
    ON CONFLICT DO UPDATE SET closed = closed + 1,
      closed_targeted = closed_targeted + excluded.closed_targeted,
      closed_on_time = closed_on_time + excluded.closed_on_time,
      closed_reopened = closed_reopened + excluded.closed_reopened;
END;

CREATE TRIGGER dash_facts_delete AFTER DELETE ON dash_facts
BEGIN
  UPDATE dash_daily SET received = received - 1
    WHERE department_code = OLD.department_code AND day = OLD.requested_at / 86400
      AND service_code = OLD.service_code AND channel = OLD.channel;
  UPDATE dash_cells SET n = n - 1
    WHERE department_code = OLD.department_code AND day = OLD.requested_at / 86400
      AND cell = OLD.cell;
  UPDATE dash_daily SET closed = closed - 1,
      closed_targeted = closed_targeted - (OLD.expected_at IS NOT NULL),
      closed_on_time = closed_on_time - coalesce(OLD.closed_at <= OLD.expected_at, 0),
      closed_reopened = closed_reopened - (OLD.reopens > 0)
    WHERE OLD.closed_at IS NOT NULL AND department_code = OLD.department_code
      AND day = OLD.closed_at / 86400 AND service_code = OLD.service_code
      AND channel = OLD.channel;
END;

-- An update is a delete and an insert of the row, for the columns the counts depend on.
CREATE TRIGGER dash_facts_update
  AFTER UPDATE OF department_code, service_code, channel, requested_at, cell, expected_at,
                  closed_at, reopens ON dash_facts
BEGIN
  UPDATE dash_daily SET received = received - 1
    WHERE department_code = OLD.department_code AND day = OLD.requested_at / 86400
      AND service_code = OLD.service_code AND channel = OLD.channel;
  UPDATE dash_cells SET n = n - 1
    WHERE department_code = OLD.department_code AND day = OLD.requested_at / 86400
      AND cell = OLD.cell;
  UPDATE dash_daily SET closed = closed - 1,
      closed_targeted = closed_targeted - (OLD.expected_at IS NOT NULL),
      closed_on_time = closed_on_time - coalesce(OLD.closed_at <= OLD.expected_at, 0),
      closed_reopened = closed_reopened - (OLD.reopens > 0)
    WHERE OLD.closed_at IS NOT NULL AND department_code = OLD.department_code
      AND day = OLD.closed_at / 86400 AND service_code = OLD.service_code
      AND channel = OLD.channel;
  INSERT INTO dash_daily (department_code, day, service_code, channel, received)
    VALUES (NEW.department_code, NEW.requested_at / 86400, NEW.service_code, NEW.channel, 1)
    ON CONFLICT DO UPDATE SET received = received + 1;
  INSERT INTO dash_cells (department_code, day, cell, n)
    SELECT NEW.department_code, NEW.requested_at / 86400, NEW.cell, 1 WHERE NEW.cell IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
  INSERT INTO dash_daily (department_code, day, service_code, channel, closed, closed_targeted,
                          closed_on_time, closed_reopened)
    SELECT NEW.department_code, NEW.closed_at / 86400, NEW.service_code, NEW.channel, 1,
           NEW.expected_at IS NOT NULL, coalesce(NEW.closed_at <= NEW.expected_at, 0),
           NEW.reopens > 0
    WHERE NEW.closed_at IS NOT NULL
    ON CONFLICT DO UPDATE SET closed = closed + 1,
      closed_targeted = closed_targeted + excluded.closed_targeted,
      closed_on_time = closed_on_time + excluded.closed_on_time,
      closed_reopened = closed_reopened + excluded.closed_reopened;
END;

CREATE TRIGGER dash_info_contact AFTER INSERT ON audit_log WHEN NEW.action = 'info_contact'
BEGIN
  INSERT INTO dash_info (department_code, day, channel, n)
    VALUES (NEW.department_code, NEW.at / 86400,
            CASE WHEN json_valid(NEW.detail)
                 THEN coalesce(json_extract(NEW.detail, '$.channel'), '') ELSE '' END, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- Backfill: what was stored before this migration (the triggers above fill the daily counts).
INSERT INTO dash_facts (request_id, department_code, service_code, channel, requested_at, cell,
                        expected_at, is_open, clock_paused, first_action_at, closed_at, reopens)
  SELECT r.id, r.department_code, r.service_code, r.channel, r.requested_at,
         CASE WHEN r.lat IS NOT NULL AND r.lon IS NOT NULL
              THEN CAST((r.lat + 90) * 100 AS INTEGER) * 100000 +
                   CAST((r.lon + 180) * 100 AS INTEGER) END,
         r.expected_at,
         r.state IN ('submitted', 'acknowledged', 'in_progress', 'action_scheduled',
                     'waiting_third_party', 'waiting_resident', 'reopened'),
         coalesce(w.clock_paused_at IS NOT NULL, 0),
         (SELECT min(e.at) FROM request_events e WHERE e.request_id = r.id
            AND e.kind NOT IN ('created', 'escalated', 'add_info')
            AND e.actor_user_id IS NOT w.reporter_user_id),
         w.closed_at,
         (SELECT count(*) FROM request_events e WHERE e.request_id = r.id AND e.kind = 'reopen')
  FROM service_requests r LEFT JOIN request_workflow w ON w.request_id = r.id;
INSERT INTO dash_info (department_code, day, channel, n)
  SELECT department_code, at / 86400,
         CASE WHEN json_valid(detail) THEN coalesce(json_extract(detail, '$.channel'), '')
              ELSE '' END AS ch, count(*)
  FROM audit_log WHERE action = 'info_contact' GROUP BY 1, 2, 3;
--)sql"_migration
