--R"sql( -- First and last lines: see migrations.cpp. This file is plain SQL for the sqlite3 shell.
-- 0006: what the resident portal reads besides requests: the city's gazetteer (addresses and
-- streets, docs/gazetteer.md), the knowledge base (docs/knowledge-base.md) and the photos and
-- videos of requests (docs/media.md).

-- The distinct streets. `normalized` is NormalizedAddress(name) (domain/address_text.hpp): two
-- spellings of one street share it. lat/lon: the middle of its known places.
CREATE TABLE gazetteer_streets (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  normalized TEXT NOT NULL UNIQUE,
  postcode   TEXT NOT NULL,
  area       TEXT NOT NULL,
  lat        REAL NOT NULL,
  lon        REAL NOT NULL,
  places     INTEGER NOT NULL    -- addresses on it: ranks equal matches
) STRICT;

-- Addresses (a number or a range of numbers on a street) and intersections (two streets).
CREATE TABLE gazetteer_places (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('address', 'intersection')),
  street_id       INTEGER NOT NULL REFERENCES gazetteer_streets (id),
  cross_street_id INTEGER REFERENCES gazetteer_streets (id),
  number          TEXT NOT NULL,     -- as written: '145-151', '28A'; '' for intersections
  number_from     INTEGER,           -- the range the number covers (NULL: intersection)
  number_to       INTEGER,
  label           TEXT NOT NULL,     -- '145-151 Ipswich St', 'Francis St & Vining St'
  postcode        TEXT NOT NULL,
  area            TEXT NOT NULL,
  lat             REAL NOT NULL,
  lon             REAL NOT NULL
) STRICT;
CREATE INDEX gazetteer_places_street ON gazetteer_places (street_id, number_from);
CREATE INDEX gazetteer_places_cross ON gazetteer_places (cross_street_id)
  WHERE cross_street_id IS NOT NULL;

-- Reverse geocoding: the places by position (rowid = gazetteer_places.id).
CREATE VIRTUAL TABLE gazetteer_locations USING rtree (id, min_lat, max_lat, min_lon, max_lon);

-- One row: which load is current. Every load bumps `generation`, so that a running server
-- notices a reload and rebuilds its in-memory street index.
CREATE TABLE gazetteer_meta (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  generation INTEGER NOT NULL,
  source     TEXT NOT NULL,
  loaded_at  INTEGER NOT NULL
) STRICT;
INSERT INTO gazetteer_meta VALUES (1, 0, '', 0);

-- Knowledge-base articles: one row per (slug, language). service_codes: a JSON array.
CREATE TABLE kb_articles (
  id            INTEGER PRIMARY KEY,
  slug          TEXT NOT NULL,
  lang          TEXT NOT NULL,
  title         TEXT NOT NULL,
  summary       TEXT NOT NULL,
  body          TEXT NOT NULL,     -- Markdown
  service_codes TEXT NOT NULL DEFAULT '[]',
  published     INTEGER NOT NULL CHECK (published IN (0, 1)),
  updated_at    INTEGER NOT NULL,
  UNIQUE (slug, lang)
) STRICT;
CREATE INDEX kb_articles_lang_title ON kb_articles (lang, title);

-- Full-text search over the articles, as request_search (0003): external content, accents and
-- case folded; the porter stemmer on top, so that "collections" finds "collection".
CREATE VIRTUAL TABLE kb_search USING fts5 (
  title, summary, body,
  content = 'kb_articles', content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER kb_articles_search_insert AFTER INSERT ON kb_articles
BEGIN
  INSERT INTO kb_search (rowid, title, summary, body)
    VALUES (NEW.id, NEW.title, NEW.summary, NEW.body);
END;
CREATE TRIGGER kb_articles_search_update AFTER UPDATE OF title, summary, body ON kb_articles
BEGIN
  INSERT INTO kb_search (kb_search, rowid, title, summary, body)
    VALUES ('delete', OLD.id, OLD.title, OLD.summary, OLD.body);
  INSERT INTO kb_search (rowid, title, summary, body)
    VALUES (NEW.id, NEW.title, NEW.summary, NEW.body);
END;
CREATE TRIGGER kb_articles_search_delete AFTER DELETE ON kb_articles
BEGIN
  INSERT INTO kb_search (kb_search, rowid, title, summary, body)
    VALUES ('delete', OLD.id, OLD.title, OLD.summary, OLD.body);
END;

-- Photos and videos of requests (files: MediaBlobStore, named by sha256). One row per file per
-- request, in the order the resident gave them; staff may hide one (then it is not served).
CREATE TABLE request_media (
  request_id    INTEGER NOT NULL REFERENCES service_requests (id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,
  sha256        TEXT NOT NULL,
  mime          TEXT NOT NULL,
  ext           TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('photo', 'video')),
  width         INTEGER NOT NULL,
  height        INTEGER NOT NULL,
  has_thumbnail INTEGER NOT NULL CHECK (has_thumbnail IN (0, 1)),
  hidden        INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
  created_at    INTEGER NOT NULL,
  PRIMARY KEY (request_id, position),
  UNIQUE (request_id, sha256)
) STRICT, WITHOUT ROWID;
-- Serving /media/{sha}: is the file attached anywhere and not hidden there?
CREATE INDEX request_media_sha ON request_media (sha256, hidden);

--)sql"_migration
