-- schema version 2
-- The persistent candidate index of the translation memory (termbase/memory/stored_index.py):
-- nothing is rebuilt per process. One contentless FTS5 table of grams (character bigrams for
-- Chinese, words otherwise, numbers as written) whose rowid packs (language, key length,
-- segment id), so the key lengths that can reach a score are one rowid range of each gram's
-- compressed posting list. Kept in step with tm_segment by termbase/memory/memory.py.
CREATE TABLE tm_lang (
    id  INTEGER PRIMARY KEY,
    tag TEXT NOT NULL UNIQUE
);

CREATE VIRTUAL TABLE tm_index USING fts5(grams, content='', detail='none', tokenize='ascii');

-- A file migrated from schema 1 has segments but no postings yet: the memory fills the
-- index on its first write transaction or search (and searches without it until then).
INSERT INTO tm_state (key, value) SELECT 'index_stale', EXISTS (SELECT 1 FROM tm_segment);
