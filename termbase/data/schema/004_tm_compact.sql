-- schema version 3
-- The memory made compact (issue 10). Each segment's text is stored once: its match key and
-- numbers are recomputed from the text (termbase/memory/scoring.py, parts_of) instead of kept
-- in two columns. Concordance goes through one contentless FTS5 table of folded character
-- bigrams (termbase/memory/concordance.py) instead of a trigram table (which stored every
-- position and, through its triggers, the text again) and a bigram table with a prefix index.
-- The candidate index keeps its layout (termbase/memory/stored_index.py) but writes grams as
-- characters, not as the hex of their UTF-8. Neither keeps a size per row (columnsize=0: no
-- ranking needs it; so neither can be scanned whole, as sqlite3's .dump tries: its shadow tables
-- tm_conc_data and tm_index_data hold all it stores). Both tables are refilled from the texts: a file
-- migrated from an older version is marked index_stale, and its first write or search fills them.
DROP TRIGGER tm_segment_ai;
DROP TRIGGER tm_segment_ad;
DROP TABLE tm_fts;
DROP TABLE tm_short;
ALTER TABLE tm_segment DROP COLUMN key;
ALTER TABLE tm_segment DROP COLUMN nums;
-- Filtering segments by language needs no index of its own: a search goes through tm_index
-- (whose rowids lead with the language), a count by language through the (unit, lang) index.
DROP INDEX tm_segment_lang;
DROP TABLE tm_index;
CREATE VIRTUAL TABLE tm_index USING fts5(grams, content='', detail='none', columnsize=0, tokenize='ascii');
CREATE VIRTUAL TABLE tm_conc USING fts5(grams, content='', detail='none', columnsize=0, tokenize='ascii');
INSERT OR REPLACE INTO tm_state (key, value) SELECT 'index_stale', EXISTS (SELECT 1 FROM tm_segment);
