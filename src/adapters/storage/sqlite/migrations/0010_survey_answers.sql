--R"sql( -- First and last lines: see migrations.cpp. This file is plain SQL for the sqlite3 shell.
-- 0010: "was this fixed?" answers (from the e-mail survey link, the SMS link or the portal's status
-- page). One row per answer; the newest answer of a request is the one that counts. Read by the
-- managers' dashboard; a "no" also reopens the request through the workflow (its own event).
CREATE TABLE survey_answers (
  id          INTEGER PRIMARY KEY,
  request_id  INTEGER NOT NULL REFERENCES service_requests (id),
  fixed       INTEGER NOT NULL CHECK (fixed IN (0, 1)),
  comment     TEXT NOT NULL DEFAULT '',       -- the resident's words with a "no" (staff only)
  source      TEXT NOT NULL,                   -- 'email', 'sms', 'portal'
  answered_at INTEGER NOT NULL                 -- unix seconds
) STRICT;
CREATE INDEX survey_answers_request ON survey_answers (request_id, answered_at);
CREATE INDEX survey_answers_answered ON survey_answers (answered_at);
--)sql"_migration
