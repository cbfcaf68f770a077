--R"sql( -- First and last lines: see migrations.cpp. This file is plain SQL for the sqlite3 shell.
-- 0012: follows by e-mail and area alerts (docs/notifications.md, "Follows and area alerts").
-- Nothing is sent to an address before it is confirmed (confirmed_at). New requests are matched
-- to alerts by the delivery worker, not at intake: it reads request_events after a cursor and
-- finds candidate alerts through an R*Tree of their bounding boxes.

-- Anyone follows a request by e-mail (signed-in residents keep using request_followers).
CREATE TABLE follows (
  id           INTEGER PRIMARY KEY,
  request_id   INTEGER NOT NULL REFERENCES service_requests (id),
  address      TEXT NOT NULL,                 -- lower-case e-mail
  lang         TEXT NOT NULL DEFAULT 'en',
  created_at   INTEGER NOT NULL,
  confirmed_at INTEGER,                       -- NULL: nothing but the confirmation is sent
  UNIQUE (request_id, address)
) STRICT;
CREATE INDEX follows_address ON follows (address);

-- Area alerts: new requests within a circle or a named area, optionally for some services.
CREATE TABLE area_alerts (
  id             INTEGER PRIMARY KEY,
  address        TEXT NOT NULL,               -- lower-case e-mail
  user_id        INTEGER,                     -- made from /account by this resident
  lang           TEXT NOT NULL DEFAULT 'en',
  label          TEXT NOT NULL DEFAULT '',    -- the place as the resident named it
  area           TEXT NOT NULL DEFAULT '',    -- a named area of the city config; '' : a circle
  lat            REAL,
  lon            REAL,
  radius_m       INTEGER,
  services       TEXT NOT NULL DEFAULT '',    -- service codes separated by ','; '' : all
  mode           TEXT NOT NULL CHECK (mode IN ('immediate', 'digest', 'feed')),
  feed_token     TEXT NOT NULL UNIQUE,        -- /alerts/{token}.atom (public facts only)
  created_at     INTEGER NOT NULL,
  confirmed_at   INTEGER,
  next_digest_at INTEGER                      -- digest mode: when the next digest is due
) STRICT;
CREATE INDEX area_alerts_address ON area_alerts (address);
CREATE INDEX area_alerts_user ON area_alerts (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX area_alerts_digest ON area_alerts (next_digest_at)
  WHERE mode = 'digest' AND confirmed_at IS NOT NULL;
-- The bounding box of each confirmed alert (id = area_alerts.id): "which alerts may cover this
-- point?" is one R*Tree lookup, then an exact test in the app.
CREATE VIRTUAL TABLE area_alert_boxes USING rtree (id, min_lat, max_lat, min_lon, max_lon);

-- Requests waiting for an alert's next digest.
CREATE TABLE alert_digest_items (
  alert_id   INTEGER NOT NULL,
  request_id INTEGER NOT NULL,
  PRIMARY KEY (alert_id, request_id)
) STRICT;

-- How far the fan-out has read request_events. Starts at the current end: an existing database
-- does not alert anyone about its past.
CREATE TABLE alert_cursor (
  name     TEXT PRIMARY KEY,
  event_id INTEGER NOT NULL
) STRICT;
INSERT INTO alert_cursor (name, event_id)
  VALUES ('fanout', (SELECT coalesce(max(id), 0) FROM request_events));

-- A signed-in resident's notification choices.
CREATE TABLE resident_prefs (
  user_id      INTEGER PRIMARY KEY,
  own_email    INTEGER NOT NULL DEFAULT 1 CHECK (own_email IN (0, 1)),    -- about my requests
  follow_email INTEGER NOT NULL DEFAULT 1 CHECK (follow_email IN (0, 1)), -- requests I follow
  lang         TEXT NOT NULL DEFAULT ''
) STRICT;
--)sql"_migration
