--R"sql( -- First and last lines: see migrations.cpp. This file is plain SQL for the sqlite3 shell.
-- 0014: one outbox, one delivery worker (docs/notifications.md). A webhook is now an outbox row
-- per (event, endpoint) — kind 'webhook', recipient = the [[webhooks]] name — claimed, retried
-- and purged like every other kind, so webhook_deliveries goes. Its rows move here keeping what
-- receivers see: X-Civic311-Delivery of a moved row stays its old delivery id (kept as the row's
-- idem_key, all digits), and new outbox ids start above every old delivery id, so a delivery id
-- is never given to two deliveries. Webhook messages not yet fanned out (recipient '') are fanned
-- out once by the worker. Also: the dispatch acknowledgement alert (alerted_at).

-- New outbox ids above every old delivery id (the table is AUTOINCREMENT).
UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(id), 0) FROM webhook_deliveries))
  WHERE name = 'outbox';

INSERT INTO outbox (kind, payload, created_at, attempts, last_error, next_at, delivered_at, event,
                    recipient, lang, lane, request_id, idem_key)
  SELECT 'webhook', o.payload, o.created_at, d.attempts, d.last_error, d.next_at, d.delivered_at,
         d.event, d.endpoint, 'en', 2, o.request_id, CAST(d.id AS TEXT)
  FROM webhook_deliveries d JOIN outbox o ON o.id = d.outbox_id ORDER BY d.id;
DROP TABLE webhook_deliveries;
-- The fanned-out messages themselves are now represented by their per-endpoint rows (deleted
-- after the table that referred to them).
DELETE FROM outbox WHERE kind = 'webhook' AND recipient = '' AND delivered_at IS NOT NULL;

-- The claim covers every kind now.
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox (lane, next_at) WHERE delivered_at IS NULL AND parked_at IS NULL;

-- Dispatch: when the on-duty alert for an unacknowledged emergency was written (once).
ALTER TABLE outbox ADD COLUMN alerted_at INTEGER;
CREATE INDEX outbox_dispatch_unacked ON outbox (created_at)
  WHERE kind = 'dispatch' AND delivered_at IS NULL AND alerted_at IS NULL;
--)sql"_migration
