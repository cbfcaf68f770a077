--R"sql( -- First and last lines: see migrations.cpp. This file is plain SQL for the sqlite3 shell.
-- 0009: a request's point found from its address in the gazetteer, not given by the reporter
-- (Open311 extended_attributes.location_approximate; docs/open311.md, "Real clients").
ALTER TABLE service_requests ADD COLUMN location_approximate INTEGER NOT NULL DEFAULT 0;
--)sql"_migration
