-- Schema version 5: the change history's batches. One import, form save, deletion, sample load or
-- restore is one batch, written by the core in the same transaction as the change (not by
-- triggers, so a future server backend records the same). Per-record rows (kind, key, old and
-- new values) are to come in a later version, keyed by this batch.

CREATE TABLE history_batch (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    user    TEXT NOT NULL,
    source  TEXT NOT NULL CHECK (source <> ''),
    added   INTEGER NOT NULL DEFAULT 0 CHECK (added >= 0),
    updated INTEGER NOT NULL DEFAULT 0 CHECK (updated >= 0),
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted >= 0),
    -- The file name, in the backups folder, of the backup taken just before this batch: undoing
    -- the newest batch restores it. NULL when the write took none (a form save).
    backup  TEXT
);
