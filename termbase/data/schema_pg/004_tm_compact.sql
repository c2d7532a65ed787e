-- schema version 3
-- termbase/data/schema/004_tm_compact.sql on PostgreSQL: a segment's key and numbers are computed
-- from its text (termbase/memory/scoring.py), not stored. SQLite's FTS5 candidate index and
-- concordance bigrams have no counterpart yet: on PostgreSQL the memory builds its candidate index
-- in memory from the segments of a language (kept while no write changes the generation) and finds
-- concordance by reading the segments. The (lang, id) index stays: it serves both reads.
ALTER TABLE tm_segment DROP COLUMN key;
ALTER TABLE tm_segment DROP COLUMN nums;
