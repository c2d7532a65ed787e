-- schema version 4
-- The translation memory's persistent indexes on PostgreSQL (termbase/backends/pg_index.py), the
-- counterparts of SQLite's FTS5 tables tm_index and tm_conc: posting lists kept in blocks.
-- tm_post: for each gram of a segment's key (termbase/memory/stored_index.py's tokens: character
-- bigrams for Chinese, words otherwise, numbers as written) the rowids of the segments holding it,
-- packed as SQLite's tm_index rowids are (language id << 48 | key length << 32 | segment id), so the
-- key lengths that can reach a score are one range. tm_cpost: for each folded character bigram
-- (termbase/memory/concordance.py) the ids of the segments holding it. A row is one block of one
-- gram's list: up to a few thousand ids, sorted, as little-endian 8-byte integers in a bytea
-- (TOAST compresses the larger ones), lo and hi its first and last id. Blocks of one gram may
-- overlap (each id is in exactly one of them); the primary key finds a gram's blocks in order.
CREATE TABLE tm_post (
    gram TEXT COLLATE "C" NOT NULL,
    lo   BIGINT NOT NULL,
    hi   BIGINT NOT NULL,
    ids  BYTEA NOT NULL,
    PRIMARY KEY (gram, lo)
);
CREATE TABLE tm_cpost (
    gram TEXT COLLATE "C" NOT NULL,
    lo   BIGINT NOT NULL,
    hi   BIGINT NOT NULL,
    ids  BYTEA NOT NULL,
    PRIMARY KEY (gram, lo)
);
-- Blocks are compressed with lz4 where the server has it (PostgreSQL 14+ built with lz4, as
-- Debian's is): measured on 27 MB of blocks, COPY took 0.4 s with lz4 and 5.0 s with the default
-- pglz, for 18 against 15 MB on disk. Without lz4 the default stays.
DO $$
BEGIN
    ALTER TABLE tm_post ALTER COLUMN ids SET COMPRESSION lz4;
    ALTER TABLE tm_cpost ALTER COLUMN ids SET COMPRESSION lz4;
EXCEPTION WHEN OTHERS THEN
    NULL;
END $$;
-- A database of version 3 has segments but no postings yet: the memory fills both tables on its
-- first write transaction or search (and searches without them until then).
UPDATE tm_state SET value = (EXISTS (SELECT 1 FROM tm_segment))::int WHERE key = 'index_stale';
