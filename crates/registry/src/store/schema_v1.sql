-- Schema version 1 of the Luban registry.
-- Closed vocabularies are checked with OR chains, not IN lists: SQLite builds a temporary b-tree
-- for an IN list on every row written, which made bulk imports a third slower.
-- The database enforces what it can (keys, references, closed vocabularies, ranges that do not depend
-- on today's date); the core checks the rest (year ceilings, name lookups) before writing.

CREATE TABLE country (
    iso2    TEXT PRIMARY KEY CHECK (iso2 GLOB '[A-Z][A-Z]'),
    iso3    TEXT NOT NULL UNIQUE CHECK (iso3 GLOB '[A-Z][A-Z][A-Z]'),
    name_en TEXT NOT NULL CHECK (name_en <> ''),
    name_zh TEXT NOT NULL CHECK (name_zh <> ''),
    region  TEXT CHECK (region = 'Africa' OR region = 'Americas' OR region = 'Asia' OR region = 'Europe' OR region = 'Oceania')
) WITHOUT ROWID;

CREATE TABLE country_group (
    country TEXT NOT NULL REFERENCES country(iso2) ON DELETE CASCADE ON UPDATE CASCADE,
    tag     TEXT NOT NULL CHECK (tag <> '' AND tag NOT GLOB '*[^A-Za-z0-9-]*'),
    PRIMARY KEY (country, tag)
) WITHOUT ROWID;
CREATE INDEX country_group_by_tag ON country_group(tag COLLATE NOCASE);

CREATE TABLE major_category (
    code    INTEGER PRIMARY KEY CHECK (code BETWEEN 41 AND 59),
    name_en TEXT NOT NULL CHECK (name_en <> ''),
    name_zh TEXT NOT NULL CHECK (name_zh <> '')
);

CREATE TABLE major (
    id       INTEGER PRIMARY KEY,
    code     TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 2 AND 32 AND code NOT GLOB '*[^A-Z0-9-]*'),
    name_en  TEXT CHECK (name_en <> ''),
    name_zh  TEXT CHECK (name_zh <> ''),
    category INTEGER NOT NULL REFERENCES major_category(code) ON UPDATE CASCADE,
    CHECK (name_en IS NOT NULL OR name_zh IS NOT NULL)
);
CREATE INDEX major_by_category ON major(category);

CREATE TABLE workshop (
    id                  INTEGER PRIMARY KEY,
    code                TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 2 AND 32 AND code NOT GLOB '*[^A-Z0-9-]*'),
    name_en             TEXT NOT NULL CHECK (name_en <> ''),
    name_zh             TEXT CHECK (name_zh <> ''),
    country             TEXT NOT NULL REFERENCES country(iso2) ON UPDATE CASCADE,
    city                TEXT CHECK (city <> ''),
    host_institution    TEXT NOT NULL CHECK (host_institution <> ''),
    -- One or more names joined by ';' (names never contain ';').
    chinese_institution TEXT NOT NULL CHECK (chinese_institution <> ''),
    opened_year         INTEGER NOT NULL CHECK (opened_year >= 2000),
    opened_on           TEXT CHECK (opened_on IS NULL OR (date(opened_on) = opened_on AND CAST(substr(opened_on, 1, 4) AS INTEGER) = opened_year)),
    status              TEXT NOT NULL CHECK (status = 'planned' OR status = 'active' OR status = 'suspended' OR status = 'closed'),
    notes               TEXT CHECK (notes <> '')
);
CREATE INDEX workshop_by_country ON workshop(country);

CREATE TABLE workshop_major (
    workshop_id INTEGER NOT NULL REFERENCES workshop(id) ON DELETE CASCADE,
    major_id    INTEGER NOT NULL REFERENCES major(id),
    PRIMARY KEY (workshop_id, major_id)
) WITHOUT ROWID;
CREATE INDEX workshop_major_by_major ON workshop_major(major_id);

CREATE TABLE enrolment (
    id          INTEGER PRIMARY KEY,
    workshop_id INTEGER NOT NULL REFERENCES workshop(id) ON DELETE CASCADE,
    year        INTEGER NOT NULL CHECK (year >= 2000),
    -- NULL: the figure is not split by major. A major, when given, must be one of the workshop's.
    major_id    INTEGER,
    level       TEXT NOT NULL CHECK (level = 'secondary' OR level = 'associate' OR level = 'bachelor' OR level = 'other'),
    students    INTEGER NOT NULL CHECK (typeof(students) = 'integer' AND students >= 0),
    FOREIGN KEY (workshop_id, major_id) REFERENCES workshop_major(workshop_id, major_id)
);
-- UNIQUE would treat NULL majors as distinct; the expression makes "no major" one key value.
CREATE UNIQUE INDEX enrolment_key ON enrolment(workshop_id, year, ifnull(major_id, 0), level);

CREATE TABLE training (
    id          INTEGER PRIMARY KEY,
    workshop_id INTEGER NOT NULL REFERENCES workshop(id) ON DELETE CASCADE,
    year        INTEGER NOT NULL CHECK (year >= 2000),
    kind        TEXT NOT NULL CHECK (kind = 'skills' OR kind = 'teacher' OR kind = 'other'),
    trainees    INTEGER NOT NULL CHECK (typeof(trainees) = 'integer' AND trainees >= 0),
    UNIQUE (workshop_id, year, kind)
);
