--R"sql( -- First and last lines: see migrations.cpp. This file is plain SQL for the sqlite3 shell.
-- 0004: outbound webhooks (docs/webhooks.md). A "webhook" outbox row is fanned out into one
-- delivery per endpoint that wants its event; each delivery is acknowledged on its own, so a
-- failing endpoint never causes a re-send to one that already answered. For kind = 'webhook',
-- outbox.delivered_at means "fanned out".

CREATE TABLE webhook_deliveries (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,  -- X-Civic311-Delivery, stable across retries
  outbox_id    INTEGER NOT NULL REFERENCES outbox (id),
  endpoint     TEXT NOT NULL,                      -- [[webhooks]] name
  event        TEXT NOT NULL,                      -- created, state_changed, assigned, …
  created_at   INTEGER NOT NULL,                   -- fan-out time
  attempts     INTEGER NOT NULL DEFAULT 0,         -- claims so far
  last_error   TEXT NOT NULL DEFAULT '',           -- '' until an attempt fails
  next_at      INTEGER NOT NULL,                   -- due time, or end of the current lease
  delivered_at INTEGER,                            -- acknowledged (2xx)
  UNIQUE (outbox_id, endpoint)                     -- one delivery per message and endpoint
) STRICT;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_at) WHERE delivered_at IS NULL;
CREATE INDEX outbox_undispatched ON outbox (kind, id) WHERE delivered_at IS NULL;
--)sql"_migration
