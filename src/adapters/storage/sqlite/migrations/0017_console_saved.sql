--R"sql( -- First and last lines: see migrations.cpp. This file is plain SQL for the sqlite3 shell.
-- 0017: the call-centre desk and the queue's saved filters (docs/console.md).
--
-- Looking a caller up by e-mail, phone or name (console_store.cpp, FindRequestsByContact). The
-- contact columns hold what the reporter typed (validation keeps the e-mail's case and the
-- phone's punctuation), so each index is on the normalised expression the look-up compares:
-- lower-case e-mail; the phone's digits (spaces, dashes, dots, brackets and '+' removed); the
-- lower-case names. SQLite's lower() folds ASCII only. The queries repeat these expressions and
-- WHERE clauses exactly, or the planner cannot use the partial indexes.
CREATE INDEX request_contacts_email ON request_contacts (lower(email)) WHERE email <> '';
CREATE INDEX request_contacts_phone ON request_contacts (
  replace(replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '(', ''), ')', ''),
          '.', ''), '+', '')) WHERE phone <> '';
CREATE INDEX request_contacts_last_first ON request_contacts (lower(last_name), lower(first_name))
  WHERE last_name <> '';
CREATE INDEX request_contacts_first ON request_contacts (lower(first_name)) WHERE first_name <> '';

-- A member of staff's saved queue filters: a name and the queue's filter parameters as a query
-- string (only the filter keys, checked by the console before saving). One name per person:
-- saving under a name again replaces it.
CREATE TABLE saved_filters (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  query      TEXT NOT NULL CHECK (length(query) <= 1000),
  created_at INTEGER NOT NULL,
  UNIQUE (user_id, name)
) STRICT;
--)sql"_migration
