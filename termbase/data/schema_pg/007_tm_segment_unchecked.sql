-- schema version 6
-- tm_segment's foreign key to tm_unit is gone. PostgreSQL checks one by running a query for every
-- inserted row that locks the unit's row (FOR KEY SHARE): in a 100,000-unit import that took
-- 2.5 of the 4.3 s the server spent on its 200,000 segments, the largest part of the server's
-- work. termbase writes a unit's segments in the transaction that writes or locks the unit, and
-- every write transaction holds the advisory lock that queues writers one after another
-- (termbase/backends/postgresql.py, WRITE_LOCK), and it deletes a unit's segments itself before
-- the unit (termbase/memory/memory.py, Memory.remove): the check found nothing it could not.
DO $$
DECLARE
    name TEXT;
BEGIN
    FOR name IN
        SELECT conname FROM pg_constraint WHERE conrelid = 'tm_segment'::regclass AND contype = 'f'
    LOOP
        EXECUTE format('ALTER TABLE tm_segment DROP CONSTRAINT %I', name);
    END LOOP;
END $$;
