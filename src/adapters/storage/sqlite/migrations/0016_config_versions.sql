--R"sql( -- First and last lines: see migrations.cpp. This file is plain SQL for the sqlite3 shell.
-- 0016: every version of the city configuration (docs/config.md, "Versions"). The single row of
-- city_config stays the current document (what serve and every command read); each save also
-- appends the whole document here, with who and when, so an admin can see a diff against the
-- previous version and revert to any of them. Versions are never changed or deleted.
CREATE TABLE config_versions (
  version        INTEGER PRIMARY KEY,            -- 1, 2, …: the order of saving
  toml           TEXT NOT NULL,                  -- the whole document as stored
  created_at     INTEGER NOT NULL,               -- unix seconds
  author_user_id INTEGER NOT NULL DEFAULT 0,     -- the admin's user id; 0: the command line
  author         TEXT NOT NULL,                  -- the admin's e-mail, or the command
  note           TEXT NOT NULL DEFAULT ''        -- what changed, in words ("reverted to 3")
) STRICT;
-- A database configured before versions existed: its document becomes version 1.
INSERT INTO config_versions (version, toml, created_at, author, note)
  SELECT 1, toml, updated_at, 'civic311 init', 'the configuration stored before versions'
  FROM city_config WHERE id = 1;
--)sql"_migration
