-- Translation memory: units, their segments (one per language), concordance indexes.
-- Owned by termbase/memory.py, which also keeps tm_short in step with tm_segment.
CREATE TABLE tm_unit (
    n           INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    origin      TEXT,
    note        TEXT,
    created     TEXT NOT NULL,        -- ISO 8601 UTC
    changed     TEXT NOT NULL,
    usage_count INTEGER NOT NULL DEFAULT 0,
    props       TEXT NOT NULL DEFAULT '{}'  -- JSON object of strings
);

CREATE TABLE tm_segment (
    id    INTEGER PRIMARY KEY,
    unit  INTEGER NOT NULL REFERENCES tm_unit(n) ON DELETE CASCADE,
    lang  TEXT NOT NULL,
    text  TEXT NOT NULL,
    key   TEXT NOT NULL,              -- the match key (memory.py: folded, numbers as 0, no punctuation)
    nums  TEXT NOT NULL,              -- the segment's numbers as written, space-separated (index grams)
    UNIQUE (unit, lang)
);
CREATE INDEX tm_segment_lang ON tm_segment(lang, id);

-- Concordance of 3 characters or more: substring search through trigrams.
CREATE VIRTUAL TABLE tm_fts USING fts5(text, content='tm_segment', content_rowid='id', tokenize='trigram');

CREATE TRIGGER tm_segment_ai AFTER INSERT ON tm_segment BEGIN
    INSERT INTO tm_fts(rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER tm_segment_ad AFTER DELETE ON tm_segment BEGIN
    INSERT INTO tm_fts(tm_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

-- Concordance of 1 or 2 characters (trigrams cannot find them): every character bigram of a
-- segment (with start/end marks) as one ASCII token; a 1-character query is a prefix query.
-- Contentless: memory.py writes and deletes its rows (the 'delete' command) with tm_segment's.
CREATE VIRTUAL TABLE tm_short USING fts5(grams, content='', prefix='5', detail='none');

-- A counter bumped by every write, so a Memory knows when its in-memory fuzzy index is stale.
CREATE TABLE tm_state (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO tm_state (key, value) VALUES ('generation', 0);
