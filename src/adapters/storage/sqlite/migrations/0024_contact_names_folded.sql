--R"sql( -- First and last lines: see migrations.cpp. This file is plain SQL for the sqlite3 shell.
-- 0024: the call desk finds a caller by name with Unicode case and accent folding (docs/console.md,
-- "Call-centre desk"): "José Núñez" is found by "jose nunez", "JOSÉ" and "Nuñez".
--
-- Migration 0017 indexed lower(first_name) and lower(last_name), and SQLite's lower() folds ASCII
-- only. The names are indexed instead by the tokenizer the staff and portal searches already use
-- (FTS5 unicode61 with remove_diacritics 2: Unicode case folding, diacritics removed, in SQLite
-- itself, so the sqlite3 shell and every other tool keep working on the file). An external-content
-- index: the names are stored once, in request_contacts; triggers keep the index in step in the
-- transaction of every change. A name is words, each found on its own ("María José" is found by
-- "jose"), as callers give one of them as often as both.
CREATE VIRTUAL TABLE request_contact_names USING fts5 (
  first_name, last_name,
  content = 'request_contacts', content_rowid = 'request_id',
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER request_contact_names_insert AFTER INSERT ON request_contacts
  WHEN NEW.first_name <> '' OR NEW.last_name <> ''
BEGIN
  INSERT INTO request_contact_names (rowid, first_name, last_name)
    VALUES (NEW.request_id, NEW.first_name, NEW.last_name);
END;

CREATE TRIGGER request_contact_names_delete AFTER DELETE ON request_contacts
  WHEN OLD.first_name <> '' OR OLD.last_name <> ''
BEGIN
  INSERT INTO request_contact_names (request_contact_names, rowid, first_name, last_name)
    VALUES ('delete', OLD.request_id, OLD.first_name, OLD.last_name);
END;

CREATE TRIGGER request_contact_names_update AFTER UPDATE OF first_name, last_name ON request_contacts
BEGIN
  INSERT INTO request_contact_names (request_contact_names, rowid, first_name, last_name)
    SELECT 'delete', OLD.request_id, OLD.first_name, OLD.last_name
    WHERE OLD.first_name <> '' OR OLD.last_name <> '';
  INSERT INTO request_contact_names (rowid, first_name, last_name)
    SELECT NEW.request_id, NEW.first_name, NEW.last_name
    WHERE NEW.first_name <> '' OR NEW.last_name <> '';
END;

-- The names already stored (only the rows with one: most contacts have no name).
INSERT INTO request_contact_names (rowid, first_name, last_name)
  SELECT request_id, first_name, last_name FROM request_contacts
  WHERE first_name <> '' OR last_name <> '';

-- The ASCII-only name indexes of 0017 are no longer read.
DROP INDEX request_contacts_last_first;
DROP INDEX request_contacts_first;
--)sql"_migration
