--R"sql( -- First and last lines: see migrations.cpp. This file is plain SQL for the sqlite3 shell.
-- 0019: internal requests raised from another request's desk (docs/console.md, "Internal
-- requests"): which request each was raised from, so the desk lists them with their state. One
-- row per internal request, written in the transaction that creates it.
CREATE TABLE internal_request_links (
  request_id  INTEGER PRIMARY KEY REFERENCES service_requests (id),  -- the internal request
  raised_from INTEGER NOT NULL REFERENCES service_requests (id)      -- the request it serves
) STRICT;
CREATE INDEX internal_request_links_from ON internal_request_links (raised_from, request_id);
--)sql"_migration
