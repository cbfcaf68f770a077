--R"sql( -- First and last lines: see migrations.cpp. This file is plain SQL for the sqlite3 shell.
-- 0018: the vocabulary of the staff search (staff_query.hpp, ExpandedFts5Query). A search as typed
-- ends in a prefix ("pothole" while the user may still type "potholes"); FTS5 answers "pothole"*
-- by merging every matching term's whole doclist before any LIMIT or rowid bound applies
-- (12 ms at 1,000,000 requests). With the words a prefix stands for at hand, the store asks for
-- them as whole words ("pothole" OR "potholes"), which FTS5 reads lazily, newest first.
--
-- search_terms holds every term request_search has ever indexed (a superset: nothing is removed
-- when a request's text changes or goes, and a word without matches only costs an empty OR
-- branch). fts5vocab cannot serve instead: it counts each term's documents as it lists it, so
-- listing "pothole…" costs as much as the prefix query itself (measured, docs/performance.md).
--
-- The terms must be the tokenizer's, not ours (case folding, diacritics): each new text passes
-- through search_scratch, an empty contentless FTS5 table with request_search's tokenizer, whose
-- vocabulary is read and then cleared again, inside the writer's own transaction.
CREATE TABLE search_terms (term TEXT PRIMARY KEY) WITHOUT ROWID;

CREATE VIRTUAL TABLE search_scratch USING fts5 (
  description, address, service_name,
  content = '',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE search_scratch_vocab USING fts5vocab (search_scratch, 'row');

CREATE TRIGGER service_requests_terms_insert AFTER INSERT ON service_requests
BEGIN
  INSERT INTO search_scratch (rowid, description, address, service_name)
    VALUES (NEW.id, NEW.description, NEW.address, NEW.service_name);
  INSERT OR IGNORE INTO search_terms (term) SELECT term FROM search_scratch_vocab;
  INSERT INTO search_scratch (search_scratch) VALUES ('delete-all');
END;

CREATE TRIGGER service_requests_terms_update
  AFTER UPDATE OF description, address, service_name ON service_requests
BEGIN
  INSERT INTO search_scratch (rowid, description, address, service_name)
    VALUES (NEW.id, NEW.description, NEW.address, NEW.service_name);
  INSERT OR IGNORE INTO search_terms (term) SELECT term FROM search_scratch_vocab;
  INSERT INTO search_scratch (search_scratch) VALUES ('delete-all');
END;

-- Backfill: every term of the requests stored before this migration (one pass over the index).
CREATE VIRTUAL TABLE temp.request_search_vocab USING fts5vocab (main, request_search, 'row');
INSERT OR IGNORE INTO search_terms (term) SELECT term FROM temp.request_search_vocab;
DROP TABLE temp.request_search_vocab;
--)sql"_migration
