--R"sql( -- First and last lines: see migrations.cpp. This file is plain SQL for the sqlite3 shell.
-- 0011: residents registering from the portal, and "me too" on an open request (docs/portal.md).

-- A registration waits here until its e-mail link is used: the account itself (users) is only
-- created then, in the same transaction that uses the token up, so an unconfirmed address can
-- never sign in. token_hash: SHA-256 hex of the link's token (the token is never stored).
-- password_hash is blanked once the account is created or the link expired and was purged.
CREATE TABLE account_registrations (
  token_hash    TEXT PRIMARY KEY,
  email         TEXT NOT NULL,                 -- lower-case
  display_name  TEXT NOT NULL,
  password_hash TEXT NOT NULL,                 -- Argon2id string
  lang          TEXT NOT NULL,                 -- the language the resident registered in
  created_at    INTEGER NOT NULL,
  expires_at    INTEGER NOT NULL,
  used_at       INTEGER
) STRICT;
CREATE INDEX account_registrations_email ON account_registrations (email, created_at);

-- "Me too": residents who found their problem already reported and added their support instead
-- of filing a duplicate. One row per person per request: supporter is 'u<user id>' for a
-- signed-in resident, 'v<SHA-256 hex of the visitor cookie>' for an anonymous visitor.
CREATE TABLE request_supporters (
  request_id INTEGER NOT NULL REFERENCES service_requests (id),
  supporter  TEXT NOT NULL,
  user_id    INTEGER,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (request_id, supporter)
) STRICT, WITHOUT ROWID;
--)sql"_migration
