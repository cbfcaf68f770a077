--R"sql( -- First and last lines: see migrations.cpp. This file is plain SQL for the sqlite3 shell.
-- 0013: what each member of staff wants to hear of new requests in their departments' queues
-- (docs/notifications.md, "Staff alerts"): nothing, an e-mail per request, or a daily digest; and
-- the language of every alert to them. No row: off, English.
CREATE TABLE staff_alerts (
  user_id      INTEGER PRIMARY KEY REFERENCES users (id),
  new_requests TEXT NOT NULL DEFAULT 'off' CHECK (new_requests IN ('off', 'immediate', 'digest')),
  lang         TEXT NOT NULL DEFAULT 'en',
  digest_since INTEGER NOT NULL DEFAULT 0      -- the next digest covers requests filed after this
) STRICT;
CREATE INDEX staff_alerts_digest ON staff_alerts (digest_since) WHERE new_requests = 'digest';
-- The digest asks for the requests of some departments filed in a time range.
CREATE INDEX service_requests_department_filed ON service_requests (department_code, requested_at);
-- The duplicates of a request, whose reporters hear of its outcome when it is resolved or closed.
CREATE INDEX service_requests_parent ON service_requests (parent_id) WHERE parent_id IS NOT NULL;
--)sql"_migration
