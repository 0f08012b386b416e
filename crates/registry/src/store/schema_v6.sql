-- Schema version 2 of the Luban registry: the partnership behind each workshop.
-- Agreements and contacts hang off a workshop and go with it (ON DELETE CASCADE); what the core
-- checks before writing (a renewal chain that would close into a circle, e-mail syntax) the schema
-- cannot express. Whether an agreement is in force or expired is never stored: it follows from the
-- dates and the day asked about.

CREATE TABLE agreement (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 2 AND 32 AND code NOT GLOB '*[^A-Z0-9-]*'),
    workshop_id INTEGER NOT NULL REFERENCES workshop(id) ON DELETE CASCADE,
    type        TEXT NOT NULL CHECK (type = 'mou' OR type = 'framework' OR type = 'implementation' OR type = 'other'),
    title       TEXT NOT NULL CHECK (title <> ''),
    reference   TEXT CHECK (reference <> ''),
    -- One or more names joined by ';' (names never contain ';').
    parties     TEXT CHECK (parties <> ''),
    signed_on   TEXT CHECK (signed_on IS NULL OR date(signed_on) = signed_on),
    starts_on   TEXT CHECK (starts_on IS NULL OR date(starts_on) = starts_on),
    ends_on     TEXT CHECK (ends_on IS NULL OR (date(ends_on) = ends_on AND (starts_on IS NULL OR ends_on >= starts_on))),
    auto_renew  INTEGER NOT NULL CHECK (auto_renew = 0 OR auto_renew = 1),
    notice_days INTEGER NOT NULL CHECK (typeof(notice_days) = 'integer' AND notice_days BETWEEN 0 AND 3650),
    status      TEXT NOT NULL CHECK (status = 'draft' OR status = 'negotiating' OR status = 'signed' OR status = 'terminated'),
    responsible TEXT CHECK (responsible <> ''),
    -- The agreement this one renews. No cascade: an agreement that is renewed cannot be deleted
    -- while its renewal refers to it (the core says so before trying).
    renews_id   INTEGER REFERENCES agreement(id),
    notes       TEXT CHECK (notes <> ''),
    CHECK (renews_id IS NULL OR renews_id <> id)
);
CREATE INDEX agreement_by_workshop ON agreement(workshop_id);
CREATE INDEX agreement_by_renews ON agreement(renews_id);

CREATE TABLE contact (
    id          INTEGER PRIMARY KEY,
    workshop_id INTEGER NOT NULL REFERENCES workshop(id) ON DELETE CASCADE,
    -- A name is one key in any letter case ("Li Wei" and "LI WEI" are one person).
    name        TEXT NOT NULL COLLATE NOCASE CHECK (name <> ''),
    side        TEXT NOT NULL CHECK (side = 'partner' OR side = 'chinese'),
    role        TEXT CHECK (role <> ''),
    email       TEXT CHECK (email <> '' AND email LIKE '%_@_%._%'),
    phone       TEXT CHECK (phone <> ''),
    wechat      TEXT CHECK (wechat <> ''),
    notes       TEXT CHECK (notes <> ''),
    UNIQUE (workshop_id, name)
);

-- The signed documents of an agreement: the file itself is in the document store beside the
-- registry, named by its SHA-256; a row per agreement and original name.
CREATE TABLE document (
    id           INTEGER PRIMARY KEY,
    agreement_id INTEGER NOT NULL REFERENCES agreement(id) ON DELETE CASCADE,
    name         TEXT NOT NULL CHECK (name <> '' AND name NOT GLOB '*[/\]*' AND name NOT GLOB '.*'),
    sha256       TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    size         INTEGER NOT NULL CHECK (typeof(size) = 'integer' AND size >= 0),
    attached_at  TEXT NOT NULL,
    UNIQUE (agreement_id, name)
);
CREATE INDEX document_by_hash ON document(sha256);
