--R"sql( -- First and last lines: see migrations.cpp. This file is plain SQL for the sqlite3 shell.
-- 0002: staff workflow: users, sessions, password resets, login attempts, request workflow
-- fields, timeline events, audit log, outbox, work orders, followers, escalations.

CREATE TABLE users (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  email          TEXT NOT NULL UNIQUE,          -- lower-case
  display_name   TEXT NOT NULL,
  role           TEXT NOT NULL,                 -- RoleName()
  departments    TEXT NOT NULL,                 -- codes separated by ','
  password_hash  TEXT NOT NULL,                 -- Argon2id string
  disabled       INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  hide_name      INTEGER NOT NULL DEFAULT 0 CHECK (hide_name IN (0, 1)),
  totp_secret    TEXT NOT NULL DEFAULT '',
  totp_last_step INTEGER,
  created_at     INTEGER NOT NULL
) STRICT;

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,                  -- SHA-256 hex; the token is never stored
  user_id    INTEGER NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;

CREATE TABLE password_resets (
  token_hash TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id),
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
) STRICT;

CREATE TABLE login_attempts (
  id      INTEGER PRIMARY KEY,
  email   TEXT NOT NULL,
  at      INTEGER NOT NULL,
  success INTEGER NOT NULL CHECK (success IN (0, 1))
) STRICT;
CREATE INDEX login_attempts_email_at ON login_attempts (email, at);

-- Workflow fields kept beside the public request row (one row per request that has any).
CREATE TABLE request_workflow (
  request_id       INTEGER PRIMARY KEY REFERENCES service_requests (id) ON DELETE CASCADE,
  assignee_user_id INTEGER,
  reporter_user_id INTEGER,
  closed_at        INTEGER
) STRICT;
CREATE INDEX request_workflow_assignee ON request_workflow (assignee_user_id);

CREATE TABLE request_events (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,  -- the Open311 update_id
  request_id    INTEGER NOT NULL REFERENCES service_requests (id),
  at            INTEGER NOT NULL,
  actor_user_id INTEGER NOT NULL,
  kind          TEXT NOT NULL,
  state         TEXT NOT NULL,
  text          TEXT NOT NULL,
  internal      INTEGER NOT NULL CHECK (internal IN (0, 1)),
  media_url     TEXT NOT NULL,
  data          TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX request_events_request ON request_events (request_id, id);
CREATE INDEX request_events_at ON request_events (at);

CREATE TABLE audit_log (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  at            INTEGER NOT NULL,
  actor_user_id INTEGER NOT NULL,
  action        TEXT NOT NULL,
  department_code TEXT NOT NULL,
  request_id    INTEGER,
  detail        TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_department ON audit_log (department_code, id);
-- Append-only: the database refuses changes to written entries.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Messages a state change causes, written in its transaction; a worker delivers them.
CREATE TABLE outbox (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  kind         TEXT NOT NULL,
  payload      TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  attempts     INTEGER NOT NULL DEFAULT 0,
  last_error   TEXT NOT NULL DEFAULT '',
  next_at      INTEGER NOT NULL,
  delivered_at INTEGER
) STRICT;
CREATE INDEX outbox_pending ON outbox (next_at) WHERE delivered_at IS NULL;

CREATE TABLE work_orders (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id       INTEGER REFERENCES service_requests (id),  -- NULL: proactive work
  department_code  TEXT NOT NULL,
  crew             TEXT NOT NULL,
  assignee_user_id INTEGER,
  scheduled_for    INTEGER,
  labour_hours     REAL NOT NULL,
  materials        TEXT NOT NULL,
  cost_cents       INTEGER NOT NULL,
  completion_note  TEXT NOT NULL,
  done             INTEGER NOT NULL CHECK (done IN (0, 1)),
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX work_orders_request ON work_orders (request_id);

CREATE TABLE work_order_tasks (
  work_order_id INTEGER NOT NULL REFERENCES work_orders (id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,
  text          TEXT NOT NULL,
  done          INTEGER NOT NULL CHECK (done IN (0, 1)),
  PRIMARY KEY (work_order_id, position)
) STRICT;

CREATE TABLE request_followers (
  request_id INTEGER NOT NULL REFERENCES service_requests (id),
  user_id    INTEGER NOT NULL,
  PRIMARY KEY (request_id, user_id)
) STRICT;

CREATE TABLE escalations (
  request_id  INTEGER NOT NULL REFERENCES service_requests (id),
  level       INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL,
  PRIMARY KEY (request_id, level)               -- each escalation is recorded exactly once
) STRICT;
--)sql"_migration
