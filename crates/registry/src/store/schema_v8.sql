-- Schema version 8 of the Luban registry: fields of the office's own (合作企业, 经费, 签约日期…),
-- defined by the user beside the registry's columns. A definition belongs to a kind of record
-- (only workshops so far); its values hang off the record and go with it (ON DELETE CASCADE).
-- What a value must look like (a number, a date, yes or no) is checked by the core before writing
-- (`model::fields`); values are stored in their stored form (`12.5`, `2024-11-21`, `yes`).

CREATE TABLE custom_field (
    id       INTEGER PRIMARY KEY,
    kind     TEXT NOT NULL CHECK (kind = 'workshops'),
    -- The column header the user writes, tidied; unique within the kind by `model::fields::key`
    -- (stored in `name_key`), as is the Chinese label.
    name     TEXT NOT NULL CHECK (name <> ''),
    name_key TEXT NOT NULL,
    type     TEXT NOT NULL CHECK (type = 'text' OR type = 'number' OR type = 'date' OR type = 'yes-no'),
    label_zh TEXT CHECK (label_zh <> ''),
    in_list  INTEGER NOT NULL DEFAULT 0 CHECK (in_list = 0 OR in_list = 1),
    position INTEGER NOT NULL,
    UNIQUE (kind, name_key)
);

CREATE TABLE custom_value (
    workshop_id INTEGER NOT NULL REFERENCES workshop(id) ON DELETE CASCADE,
    field_id    INTEGER NOT NULL REFERENCES custom_field(id) ON DELETE CASCADE,
    value       TEXT NOT NULL CHECK (value <> ''),
    PRIMARY KEY (workshop_id, field_id)
) WITHOUT ROWID;
CREATE INDEX custom_value_by_field ON custom_value(field_id);
