--R"sql( -- First and last lines: see migrations.cpp. This file is plain SQL for the sqlite3 shell.
-- 0028: work orders carry a version, so two people saving one order at once no longer silently
-- overwrite each other (docs/console.md, "Work orders"): an update names the version it read
-- and is refused (kConflict) once the order has moved on; every update adds one. updated_by is
-- who saved it last (a person's id, or an API key's negative actor id; NULL before this
-- migration), for the desk's "X changed this work order a moment ago".
ALTER TABLE work_orders ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE work_orders ADD COLUMN updated_by INTEGER;
--)sql"_migration
