--R"sql( -- First and last lines: see migrations.cpp. This file is plain SQL for the sqlite3 shell.
-- 0027: the dashboard counts the city's days, not UTC days (docs/console.md, "The city's days").
-- A day key (dash_daily.day, dash_cells.day, dash_info.day; the months of 0022 follow from it)
-- is now the city's calendar day of the moment: (t + the zone's UTC offset at t) / 86400.
--
-- dash_zone holds the city zone's UTC offsets, one row per change of offset (from the OS tz
-- database through CityCalendar::UtcOffsets, 1970-2100: ~260 rows for America/New_York): from
-- `since` (unix seconds) until the next row's, local time = UTC + utc_offset seconds. The first
-- row's since is the lowest integer, so every instant has its row. The triggers below find the
-- offset of a moment with two seeks on the primary key, in plain SQL, so the sqlite3 shell and
-- imports keep working (a C++ function registered on the server's connections would break every
-- other writer). dash_zone_name is the zone's name; the server (SqliteDashboardStore::UseZone)
-- rewrites both and rebuilds the day and month counts in one transaction when the city's zone
-- differs from them. This migration puts UTC in, so it changes no number and costs nothing on
-- a large database: it only redefines the four triggers that compute day keys.

CREATE TABLE dash_zone (
  since      INTEGER PRIMARY KEY,  -- unix seconds; the first row: the lowest integer
  utc_offset INTEGER NOT NULL      -- seconds east of UTC
) STRICT;
INSERT INTO dash_zone (since, utc_offset) VALUES (-9223372036854775808, 0);

CREATE TABLE dash_zone_name (
  only INTEGER PRIMARY KEY CHECK (only = 1),
  name TEXT NOT NULL               -- IANA name, e.g. 'America/New_York'
) STRICT;
INSERT INTO dash_zone_name (only, name) VALUES (1, 'UTC');

-- The triggers of 0015 that compute day keys, with `X / 86400` become
--   (X + coalesce((SELECT utc_offset FROM dash_zone WHERE since =
--                    (SELECT max(since) FROM dash_zone WHERE since <= X)), 0)) / 86400
-- two seeks on the primary key (max() with a range is SQLite's min/max optimisation). Not the
-- shorter `WHERE since <= X ORDER BY since DESC LIMIT 1`: once ANALYZE has seen dash_zone with
-- its one UTC row, SQLite 3.40 plans that as a scan and a sort, which at 137 rows cost 13% more
-- instructions per inserted request (bench/dashboard_zone.sh). The coalesce: a dash_zone
-- emptied by hand counts UTC days rather than failing every write.
DROP TRIGGER dash_facts_insert;
CREATE TRIGGER dash_facts_insert AFTER INSERT ON dash_facts
BEGIN
  INSERT INTO dash_daily (department_code, day, service_code, channel, received)
    VALUES (NEW.department_code,
      (NEW.requested_at + coalesce((SELECT utc_offset FROM dash_zone WHERE since =
        (SELECT max(since) FROM dash_zone WHERE since <= NEW.requested_at)), 0)) / 86400,
      NEW.service_code, NEW.channel, 1)
    ON CONFLICT DO UPDATE SET received = received + 1;
  INSERT INTO dash_cells (department_code, day, cell, n)
    SELECT NEW.department_code,
      (NEW.requested_at + coalesce((SELECT utc_offset FROM dash_zone WHERE since =
        (SELECT max(since) FROM dash_zone WHERE since <= NEW.requested_at)), 0)) / 86400,
      NEW.cell, 1 WHERE NEW.cell IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
  INSERT INTO dash_daily (department_code, day, service_code, channel, closed, closed_targeted,
                          closed_on_time, closed_reopened)
    SELECT NEW.department_code,
      (NEW.closed_at + coalesce((SELECT utc_offset FROM dash_zone WHERE since =
        (SELECT max(since) FROM dash_zone WHERE since <= NEW.closed_at)), 0)) / 86400,
      NEW.service_code, NEW.channel, 1,
           NEW.expected_at IS NOT NULL, coalesce(NEW.closed_at <= NEW.expected_at, 0),
           NEW.reopens > 0
    WHERE NEW.closed_at IS NOT NULL
    ON CONFLICT DO UPDATE SET closed = closed + 1,
      closed_targeted = closed_targeted + excluded.closed_targeted,
      closed_on_time = closed_on_time + excluded.closed_on_time,
      closed_reopened = closed_reopened + excluded.closed_reopened;
END;

DROP TRIGGER dash_facts_delete;
CREATE TRIGGER dash_facts_delete AFTER DELETE ON dash_facts
BEGIN
  UPDATE dash_daily SET received = received - 1
    WHERE department_code = OLD.department_code AND day =
      (OLD.requested_at + coalesce((SELECT utc_offset FROM dash_zone WHERE since =
        (SELECT max(since) FROM dash_zone WHERE since <= OLD.requested_at)), 0)) / 86400
      AND service_code = OLD.service_code AND channel = OLD.channel;
  UPDATE dash_cells SET n = n - 1
    WHERE department_code = OLD.department_code AND day =
      (OLD.requested_at + coalesce((SELECT utc_offset FROM dash_zone WHERE since =
        (SELECT max(since) FROM dash_zone WHERE since <= OLD.requested_at)), 0)) / 86400
      AND cell = OLD.cell;
  UPDATE dash_daily SET closed = closed - 1,
      closed_targeted = closed_targeted - (OLD.expected_at IS NOT NULL),
      closed_on_time = closed_on_time - coalesce(OLD.closed_at <= OLD.expected_at, 0),
      closed_reopened = closed_reopened - (OLD.reopens > 0)
    WHERE OLD.closed_at IS NOT NULL AND department_code = OLD.department_code
      AND day =
      (OLD.closed_at + coalesce((SELECT utc_offset FROM dash_zone WHERE since =
        (SELECT max(since) FROM dash_zone WHERE since <= OLD.closed_at)), 0)) / 86400
      AND service_code = OLD.service_code
      AND channel = OLD.channel;
END;

DROP TRIGGER dash_facts_update;
CREATE TRIGGER dash_facts_update
  AFTER UPDATE OF department_code, service_code, channel, requested_at, cell, expected_at,
                  closed_at, reopens ON dash_facts
BEGIN
  UPDATE dash_daily SET received = received - 1
    WHERE department_code = OLD.department_code AND day =
      (OLD.requested_at + coalesce((SELECT utc_offset FROM dash_zone WHERE since =
        (SELECT max(since) FROM dash_zone WHERE since <= OLD.requested_at)), 0)) / 86400
      AND service_code = OLD.service_code AND channel = OLD.channel;
  UPDATE dash_cells SET n = n - 1
    WHERE department_code = OLD.department_code AND day =
      (OLD.requested_at + coalesce((SELECT utc_offset FROM dash_zone WHERE since =
        (SELECT max(since) FROM dash_zone WHERE since <= OLD.requested_at)), 0)) / 86400
      AND cell = OLD.cell;
  UPDATE dash_daily SET closed = closed - 1,
      closed_targeted = closed_targeted - (OLD.expected_at IS NOT NULL),
      closed_on_time = closed_on_time - coalesce(OLD.closed_at <= OLD.expected_at, 0),
      closed_reopened = closed_reopened - (OLD.reopens > 0)
    WHERE OLD.closed_at IS NOT NULL AND department_code = OLD.department_code
      AND day =
      (OLD.closed_at + coalesce((SELECT utc_offset FROM dash_zone WHERE since =
        (SELECT max(since) FROM dash_zone WHERE since <= OLD.closed_at)), 0)) / 86400
      AND service_code = OLD.service_code
      AND channel = OLD.channel;
  INSERT INTO dash_daily (department_code, day, service_code, channel, received)
    VALUES (NEW.department_code,
      (NEW.requested_at + coalesce((SELECT utc_offset FROM dash_zone WHERE since =
        (SELECT max(since) FROM dash_zone WHERE since <= NEW.requested_at)), 0)) / 86400,
      NEW.service_code, NEW.channel, 1)
    ON CONFLICT DO UPDATE SET received = received + 1;
  INSERT INTO dash_cells (department_code, day, cell, n)
    SELECT NEW.department_code,
      (NEW.requested_at + coalesce((SELECT utc_offset FROM dash_zone WHERE since =
        (SELECT max(since) FROM dash_zone WHERE since <= NEW.requested_at)), 0)) / 86400,
      NEW.cell, 1 WHERE NEW.cell IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
  INSERT INTO dash_daily (department_code, day, service_code, channel, closed, closed_targeted,
                          closed_on_time, closed_reopened)
    SELECT NEW.department_code,
      (NEW.closed_at + coalesce((SELECT utc_offset FROM dash_zone WHERE since =
        (SELECT max(since) FROM dash_zone WHERE since <= NEW.closed_at)), 0)) / 86400,
      NEW.service_code, NEW.channel, 1,
           NEW.expected_at IS NOT NULL, coalesce(NEW.closed_at <= NEW.expected_at, 0),
           NEW.reopens > 0
    WHERE NEW.closed_at IS NOT NULL
    ON CONFLICT DO UPDATE SET closed = closed + 1,
      closed_targeted = closed_targeted + excluded.closed_targeted,
      closed_on_time = closed_on_time + excluded.closed_on_time,
      closed_reopened = closed_reopened + excluded.closed_reopened;
END;

DROP TRIGGER dash_info_contact;
CREATE TRIGGER dash_info_contact AFTER INSERT ON audit_log WHEN NEW.action = 'info_contact'
BEGIN
  INSERT INTO dash_info (department_code, day, channel, n)
    VALUES (NEW.department_code,
      (NEW.at + coalesce((SELECT utc_offset FROM dash_zone WHERE since =
        (SELECT max(since) FROM dash_zone WHERE since <= NEW.at)), 0)) / 86400,
            CASE WHEN json_valid(NEW.detail)
                 THEN coalesce(json_extract(NEW.detail, '$.channel'), '') ELSE '' END, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

--)sql"_migration
