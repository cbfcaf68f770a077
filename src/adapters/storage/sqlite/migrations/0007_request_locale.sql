--R"sql( -- First and last lines: see migrations.cpp. This file is plain SQL for the sqlite3 shell.
-- 0006: the reporter's language ("en", "es"; empty: not known, e.g. an Open311 client that did
-- not say), recorded at submission so notifications speak it (docs/portal.md).
ALTER TABLE service_requests ADD COLUMN locale TEXT NOT NULL DEFAULT '';
--)sql"_migration
