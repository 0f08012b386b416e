-- Schema version 7: the change history's records. One row per record a batch added, updated or
-- deleted, written by the core's write path in the batch's own transaction (not by triggers).
-- A record is named and stored as its kind's CSV cells (what `export` yields), so every kind,
-- present and future, has history through the same code, and undo puts the cells back through
-- the same validated path as an import.

CREATE TABLE history_record (
    id      INTEGER PRIMARY KEY,
    batch   INTEGER NOT NULL REFERENCES history_batch(id) ON DELETE CASCADE,
    -- The kind's file stem (`workshops`).
    kind    TEXT NOT NULL CHECK (kind <> ''),
    -- The key cells as a JSON array (`["TH-AYU"]`). NULL: every record of the kind, for an
    -- import into a table that was empty (then `records` says how many; recording each would
    -- cost an import of a million rows half its time again).
    key     TEXT,
    op      TEXT NOT NULL CHECK (op = 'add' OR op = 'update' OR op = 'delete'),
    -- Every cell before (update, delete) and after (add, update), as JSON arrays in column order.
    old     TEXT,
    new     TEXT,
    records INTEGER NOT NULL DEFAULT 1 CHECK (records >= 1)
);
CREATE INDEX history_record_by_batch ON history_record(batch);
CREATE INDEX history_record_by_key ON history_record(kind, key);

-- 1 when the batch's records are in `history_record` (it can be undone record by record); 0 for
-- batches written before version 6 and for restores, which replace everything.
ALTER TABLE history_batch ADD COLUMN recorded INTEGER NOT NULL DEFAULT 0 CHECK (recorded = 0 OR recorded = 1);
