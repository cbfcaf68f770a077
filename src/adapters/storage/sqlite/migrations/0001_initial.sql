--R"sql( -- First and last lines: see migrations.cpp. This file is plain SQL for the sqlite3 shell.
-- 0001: service requests (+ private contact details and a spatial index), API keys, city config.
-- Timestamps are integer unix seconds (UTC). Tables are STRICT so a wrong type is an error.

CREATE TABLE service_requests (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: ids are public
  token           TEXT,                               -- NULL when none was issued
  service_code    TEXT NOT NULL,
  service_name    TEXT NOT NULL,
  state           TEXT NOT NULL,                      -- StateName(): 'submitted', 'fixed', …
  description     TEXT NOT NULL,
  lat             REAL,
  lon             REAL,
  address         TEXT NOT NULL,
  address_id      TEXT NOT NULL,
  zipcode         TEXT NOT NULL,
  media_url       TEXT NOT NULL,
  attributes      TEXT NOT NULL DEFAULT '{}',         -- {"CODE": ["value", …], …}
  department_code TEXT NOT NULL,
  status_notes    TEXT NOT NULL,
  channel         TEXT NOT NULL,                      -- ChannelName()
  emergency       INTEGER NOT NULL CHECK (emergency IN (0, 1)),
  internal        INTEGER NOT NULL CHECK (internal IN (0, 1)),
  parent_id       INTEGER REFERENCES service_requests (id),
  requested_at    INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  expected_at     INTEGER,
  version         INTEGER NOT NULL DEFAULT 1          -- optimistic concurrency for staff edits
) STRICT;

-- Every secondary index implicitly ends with id, so (requested_at) serves
-- "ORDER BY requested_at DESC, id DESC" without a sort.
CREATE UNIQUE INDEX service_requests_token ON service_requests (token);
CREATE INDEX service_requests_requested ON service_requests (requested_at);
CREATE INDEX service_requests_service_requested ON service_requests (service_code, requested_at);
CREATE INDEX service_requests_state_requested ON service_requests (state, requested_at);
CREATE INDEX service_requests_updated ON service_requests (updated_at);
CREATE INDEX service_requests_department_state
  ON service_requests (department_code, state, requested_at);

-- Private contact details, kept apart so that no public query can select them by accident and a
-- retention policy can erase them without touching the request. One row per request that has any.
CREATE TABLE request_contacts (
  request_id INTEGER PRIMARY KEY REFERENCES service_requests (id) ON DELETE CASCADE,
  email      TEXT NOT NULL,
  phone      TEXT NOT NULL,
  first_name TEXT NOT NULL,
  last_name  TEXT NOT NULL,
  device_id  TEXT NOT NULL,
  account_id TEXT NOT NULL
) STRICT;

-- Bounding-box search: an R*Tree of the located requests, kept in step by triggers so that every
-- writer (and later the staff workflow's updates) maintains it without thinking about it.
CREATE VIRTUAL TABLE request_locations USING rtree (id, min_lat, max_lat, min_lon, max_lon);

CREATE TRIGGER service_requests_located AFTER INSERT ON service_requests
  WHEN NEW.lat IS NOT NULL AND NEW.lon IS NOT NULL
BEGIN
  INSERT INTO request_locations VALUES (NEW.id, NEW.lat, NEW.lat, NEW.lon, NEW.lon);
END;

CREATE TRIGGER service_requests_relocated AFTER UPDATE OF lat, lon ON service_requests
BEGIN
  DELETE FROM request_locations WHERE id = OLD.id;
  INSERT INTO request_locations SELECT NEW.id, NEW.lat, NEW.lat, NEW.lon, NEW.lon
    WHERE NEW.lat IS NOT NULL AND NEW.lon IS NOT NULL;
END;

CREATE TRIGGER service_requests_deleted AFTER DELETE ON service_requests
BEGIN
  DELETE FROM request_locations WHERE id = OLD.id;
END;

CREATE TABLE api_keys (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  name       TEXT NOT NULL,
  prefix     TEXT NOT NULL,
  key_hash   TEXT NOT NULL UNIQUE,  -- SHA-256 hex of the key; the key itself is never stored
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
) STRICT;

-- Names are unique among active keys; a revoked key's name may be reused.
CREATE UNIQUE INDEX api_keys_active_name ON api_keys (name) WHERE revoked_at IS NULL;

-- The operator's city configuration (TOML text): a single row.
CREATE TABLE city_config (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  toml       TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
--)sql"_migration
