--R"sql( -- First and last lines: see migrations.cpp. This file is plain SQL for the sqlite3 shell.
-- 0023: the crew register (docs/console.md, "Crews"): the crews of each department, named on
-- work orders by id. A crew is never deleted, only made inactive; orders written before the
-- register keep their free-text crew (work_orders.crew, crew_id NULL).
CREATE TABLE crews (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  department_code TEXT NOT NULL,
  name            TEXT NOT NULL,
  active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at      INTEGER NOT NULL,
  UNIQUE (department_code, name)
) STRICT;
ALTER TABLE work_orders ADD COLUMN crew_id INTEGER REFERENCES crews (id);
-- The queue's crew filter: requests with an unfinished work order for a crew.
CREATE INDEX work_orders_crew_open ON work_orders (crew_id, request_id) WHERE done = 0;
--)sql"_migration
