-- schema version 5
-- search_key rows may hold span codes (as in an SQLite file of version 5: schema/006_search_key_spans.sql):
-- a key that a form's neighbouring levels share is written once, its level column holding the levels
-- it stands for (termbase/normalize.py, SPANS). No table changes; the version tells an older termbase,
-- which knows levels 0-2 only, that it cannot read this database.
COMMENT ON COLUMN search_key.level IS
    'levels this key stands for: 0 exact, 1 case-folded, 2 loose, 3 = 0-1, 4 = 1-2, 5 = 0-2 (termbase.normalize.SPANS)';
