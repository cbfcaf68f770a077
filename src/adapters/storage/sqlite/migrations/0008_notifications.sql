--R"sql( -- First and last lines: see migrations.cpp. This file is plain SQL for the sqlite3 shell.
-- 0006: notifications (docs/notifications.md). The outbox holds every message a change causes:
-- "webhook" rows (fanned out into webhook_deliveries, one per endpoint) and messages to one
-- recipient over one channel ("email", "sms", "dispatch"), claimed with a lease by the delivery
-- worker, retried with backoff and parked after the channel's retry budget.

ALTER TABLE outbox ADD COLUMN event      TEXT NOT NULL DEFAULT '';  -- created, state_changed, …
ALTER TABLE outbox ADD COLUMN recipient  TEXT NOT NULL DEFAULT '';  -- address, number, on-duty
ALTER TABLE outbox ADD COLUMN lang       TEXT NOT NULL DEFAULT 'en';
ALTER TABLE outbox ADD COLUMN lane       INTEGER NOT NULL DEFAULT 0; -- 1: urgent (dispatch)
ALTER TABLE outbox ADD COLUMN request_id INTEGER;
ALTER TABLE outbox ADD COLUMN idem_key   TEXT;                      -- Message-ID, SMS reference
ALTER TABLE outbox ADD COLUMN secret     INTEGER NOT NULL DEFAULT 0; -- payload holds a token
ALTER TABLE outbox ADD COLUMN parked_at  INTEGER;                   -- gave up: an admin retries
CREATE UNIQUE INDEX outbox_idem_key ON outbox (idem_key) WHERE idem_key IS NOT NULL;
-- The claim: due messages of one lane, oldest due first.
CREATE INDEX outbox_due ON outbox (lane, next_at)
  WHERE delivered_at IS NULL AND parked_at IS NULL AND kind != 'webhook';
CREATE INDEX outbox_parked ON outbox (parked_at) WHERE parked_at IS NOT NULL;

-- Password-reset e-mails written before this migration carry their token in clear: blank those
-- already delivered (none were: nothing sent e-mail before), and mark the rest secret.
UPDATE outbox SET secret = 1 WHERE kind = 'email' AND payload LIKE '%"password_reset"%';
UPDATE outbox SET event = 'escalation' WHERE kind = 'email' AND payload LIKE '%"escalation"%';
UPDATE outbox SET event = 'password_reset' WHERE secret = 1;
UPDATE outbox SET recipient = coalesce(json_extract(payload, '$.to'), '') WHERE kind = 'email';

-- The reporter's language (BCP 47 primary tag, "en", "es"): every message goes out in it.
ALTER TABLE request_contacts ADD COLUMN lang TEXT NOT NULL DEFAULT '';

-- An update pushed by an external system (Open311 POST servicerequestupdates) is applied once:
-- "<via>\x1f<external update_id>", unique per request.
ALTER TABLE request_events ADD COLUMN external_ref TEXT;
CREATE UNIQUE INDEX request_events_external ON request_events (request_id, external_ref)
  WHERE external_ref IS NOT NULL;
UPDATE request_events SET external_ref = json_extract(data, '$.via') || char(31) ||
  json_extract(data, '$.external_id')
  WHERE json_extract(data, '$.external_id') IS NOT NULL AND json_extract(data, '$.external_id') != ''
  AND id = (SELECT min(e2.id) FROM request_events e2 WHERE e2.request_id = request_events.request_id
            AND json_extract(e2.data, '$.via') = json_extract(request_events.data, '$.via')
            AND json_extract(e2.data, '$.external_id') = json_extract(request_events.data, '$.external_id'));

-- Stop links: a resident stops one request's messages, or every message to the address.
CREATE TABLE notify_stops (
  address    TEXT NOT NULL,                 -- lower-case e-mail or the phone number as given
  request_id INTEGER NOT NULL DEFAULT 0,    -- 0: every message to the address
  at         INTEGER NOT NULL,
  PRIMARY KEY (address, request_id)
) STRICT;

-- The key that signs stop and survey links (HMAC-SHA256), made once per database.
CREATE TABLE notify_keys (
  name TEXT PRIMARY KEY,
  key  TEXT NOT NULL
) STRICT;
INSERT INTO notify_keys (name, key) VALUES ('links', lower(hex(randomblob(32))));
--)sql"_migration
