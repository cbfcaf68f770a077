--R"sql( -- First and last lines: see migrations.cpp. This file is plain SQL for the sqlite3 shell.
-- 0022: monthly rollups of the dashboard's daily counts (docs/performance.md, "Managers'
-- dashboard"; dashboard_store.cpp, "Periods"). A year city-wide read ~72,000 dash_daily rows and
-- ~680,000 dash_cells rows at 1,000,000 requests; a period is now read as its whole months from
-- these tables (~2,800 and ~48,000 rows a year) and only the days at its edges from the daily
-- ones. A month row is the sum of the daily rows of that month: triggers on the daily tables add
-- each change of a daily row (insert, upsert, decrement, delete) to its month in the same
-- transaction, so every writer keeps both without knowing of the months.
--
-- A month's key is the day number (as in dash_daily.day) of its first day, so the store reads a
-- range of months with the same arithmetic as a range of days.

CREATE TABLE dash_monthly (
  department_code  TEXT NOT NULL,
  month            INTEGER NOT NULL,   -- the day number of the month's first day
  service_code     TEXT NOT NULL,
  channel          TEXT NOT NULL,
  received         INTEGER NOT NULL DEFAULT 0,
  closed           INTEGER NOT NULL DEFAULT 0,
  closed_targeted  INTEGER NOT NULL DEFAULT 0,
  closed_on_time   INTEGER NOT NULL DEFAULT 0,
  closed_reopened  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (department_code, month, service_code, channel)
) STRICT, WITHOUT ROWID;
CREATE INDEX dash_monthly_month ON dash_monthly (month, department_code, service_code, channel,
  received, closed, closed_targeted, closed_on_time, closed_reopened);

CREATE TABLE dash_cells_monthly (
  department_code TEXT NOT NULL,
  month           INTEGER NOT NULL,
  cell            INTEGER NOT NULL,
  n               INTEGER NOT NULL,
  PRIMARY KEY (department_code, month, cell)
) STRICT, WITHOUT ROWID;
CREATE INDEX dash_cells_monthly_month ON dash_cells_monthly (month, cell, n);

-- The month of day D: D minus (its day of the month - 1).
--   D - CAST(strftime('%d', D * 86400, 'unixepoch') AS INTEGER) + 1

CREATE TRIGGER dash_daily_month_insert AFTER INSERT ON dash_daily
BEGIN
  INSERT INTO dash_monthly (department_code, month, service_code, channel, received, closed,
                            closed_targeted, closed_on_time, closed_reopened)
    VALUES (NEW.department_code,
            NEW.day - CAST(strftime('%d', NEW.day * 86400, 'unixepoch') AS INTEGER) + 1,
            NEW.service_code, NEW.channel, NEW.received, NEW.closed, NEW.closed_targeted,
            NEW.closed_on_time, NEW.closed_reopened)
    ON CONFLICT DO UPDATE SET received = received + excluded.received,
      closed = closed + excluded.closed,
      closed_targeted = closed_targeted + excluded.closed_targeted,
      closed_on_time = closed_on_time + excluded.closed_on_time,
      closed_reopened = closed_reopened + excluded.closed_reopened;
END;

-- The daily triggers only ever change counts (an upsert's DO UPDATE is an UPDATE): one upsert
-- of the difference. A key changed by hand moves the row's counts from one month to the other.
CREATE TRIGGER dash_daily_month_update AFTER UPDATE ON dash_daily
  WHEN OLD.department_code IS NEW.department_code AND OLD.day IS NEW.day
    AND OLD.service_code IS NEW.service_code AND OLD.channel IS NEW.channel
BEGIN
  INSERT INTO dash_monthly (department_code, month, service_code, channel, received, closed,
                            closed_targeted, closed_on_time, closed_reopened)
    VALUES (NEW.department_code,
            NEW.day - CAST(strftime('%d', NEW.day * 86400, 'unixepoch') AS INTEGER) + 1,
            NEW.service_code, NEW.channel, NEW.received - OLD.received, NEW.closed - OLD.closed,
            NEW.closed_targeted - OLD.closed_targeted, NEW.closed_on_time - OLD.closed_on_time,
            NEW.closed_reopened - OLD.closed_reopened)
    ON CONFLICT DO UPDATE SET received = received + excluded.received,
      closed = closed + excluded.closed,
      closed_targeted = closed_targeted + excluded.closed_targeted,
      closed_on_time = closed_on_time + excluded.closed_on_time,
      closed_reopened = closed_reopened + excluded.closed_reopened;
END;

CREATE TRIGGER dash_daily_month_rekey AFTER UPDATE ON dash_daily
  WHEN OLD.department_code IS NOT NEW.department_code OR OLD.day IS NOT NEW.day
    OR OLD.service_code IS NOT NEW.service_code OR OLD.channel IS NOT NEW.channel
BEGIN
  UPDATE dash_monthly SET received = received - OLD.received, closed = closed - OLD.closed,
      closed_targeted = closed_targeted - OLD.closed_targeted,
      closed_on_time = closed_on_time - OLD.closed_on_time,
      closed_reopened = closed_reopened - OLD.closed_reopened
    WHERE department_code = OLD.department_code
      AND month = OLD.day - CAST(strftime('%d', OLD.day * 86400, 'unixepoch') AS INTEGER) + 1
      AND service_code = OLD.service_code AND channel = OLD.channel;
  INSERT INTO dash_monthly (department_code, month, service_code, channel, received, closed,
                            closed_targeted, closed_on_time, closed_reopened)
    VALUES (NEW.department_code,
            NEW.day - CAST(strftime('%d', NEW.day * 86400, 'unixepoch') AS INTEGER) + 1,
            NEW.service_code, NEW.channel, NEW.received, NEW.closed, NEW.closed_targeted,
            NEW.closed_on_time, NEW.closed_reopened)
    ON CONFLICT DO UPDATE SET received = received + excluded.received,
      closed = closed + excluded.closed,
      closed_targeted = closed_targeted + excluded.closed_targeted,
      closed_on_time = closed_on_time + excluded.closed_on_time,
      closed_reopened = closed_reopened + excluded.closed_reopened;
END;

CREATE TRIGGER dash_daily_month_delete AFTER DELETE ON dash_daily
BEGIN
  UPDATE dash_monthly SET received = received - OLD.received, closed = closed - OLD.closed,
      closed_targeted = closed_targeted - OLD.closed_targeted,
      closed_on_time = closed_on_time - OLD.closed_on_time,
      closed_reopened = closed_reopened - OLD.closed_reopened
    WHERE department_code = OLD.department_code
      AND month = OLD.day - CAST(strftime('%d', OLD.day * 86400, 'unixepoch') AS INTEGER) + 1
      AND service_code = OLD.service_code AND channel = OLD.channel;
END;

CREATE TRIGGER dash_cells_month_insert AFTER INSERT ON dash_cells
BEGIN
  INSERT INTO dash_cells_monthly (department_code, month, cell, n)
    VALUES (NEW.department_code,
            NEW.day - CAST(strftime('%d', NEW.day * 86400, 'unixepoch') AS INTEGER) + 1,
            NEW.cell, NEW.n)
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER dash_cells_month_update AFTER UPDATE ON dash_cells
  WHEN OLD.department_code IS NEW.department_code AND OLD.day IS NEW.day
    AND OLD.cell IS NEW.cell
BEGIN
  INSERT INTO dash_cells_monthly (department_code, month, cell, n)
    VALUES (NEW.department_code,
            NEW.day - CAST(strftime('%d', NEW.day * 86400, 'unixepoch') AS INTEGER) + 1,
            NEW.cell, NEW.n - OLD.n)
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER dash_cells_month_rekey AFTER UPDATE ON dash_cells
  WHEN OLD.department_code IS NOT NEW.department_code OR OLD.day IS NOT NEW.day
    OR OLD.cell IS NOT NEW.cell
BEGIN
  UPDATE dash_cells_monthly SET n = n - OLD.n
    WHERE department_code = OLD.department_code
      AND month = OLD.day - CAST(strftime('%d', OLD.day * 86400, 'unixepoch') AS INTEGER) + 1
      AND cell = OLD.cell;
  INSERT INTO dash_cells_monthly (department_code, month, cell, n)
    VALUES (NEW.department_code,
            NEW.day - CAST(strftime('%d', NEW.day * 86400, 'unixepoch') AS INTEGER) + 1,
            NEW.cell, NEW.n)
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER dash_cells_month_delete AFTER DELETE ON dash_cells
BEGIN
  UPDATE dash_cells_monthly SET n = n - OLD.n
    WHERE department_code = OLD.department_code
      AND month = OLD.day - CAST(strftime('%d', OLD.day * 86400, 'unixepoch') AS INTEGER) + 1
      AND cell = OLD.cell;
END;

-- "Was it fixed?" answers of a period: answered_at, the request and the answer in the index, so
-- a year's answers are counted without visiting the table (0.12 s CPU city-wide at 1M before).
CREATE INDEX survey_answers_answered_fixed ON survey_answers (answered_at, request_id, fixed);
DROP INDEX survey_answers_answered;

-- Backfill: the months of what the daily tables hold.
INSERT INTO dash_monthly (department_code, month, service_code, channel, received, closed,
                          closed_targeted, closed_on_time, closed_reopened)
  SELECT department_code,
         day - CAST(strftime('%d', day * 86400, 'unixepoch') AS INTEGER) + 1 AS m,
         service_code, channel, sum(received), sum(closed), sum(closed_targeted),
         sum(closed_on_time), sum(closed_reopened)
  FROM dash_daily GROUP BY department_code, m, service_code, channel;
INSERT INTO dash_cells_monthly (department_code, month, cell, n)
  SELECT department_code,
         day - CAST(strftime('%d', day * 86400, 'unixepoch') AS INTEGER) + 1 AS m, cell, sum(n)
  FROM dash_cells GROUP BY department_code, m, cell;
--)sql"_migration
