"""Schema versions. Each migration moves a project file up by one version.

``PRAGMA user_version`` holds the version; a file is backed up before it is
migrated. Add a new step to ``MIGRATIONS``; never edit a released one.
"""

from __future__ import annotations

MIGRATION_1 = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
CREATE TABLE sources (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL UNIQUE,
    format TEXT NOT NULL CHECK (format IN ('txt', 'md', 'pdf', 'docx')),
    text TEXT NOT NULL,
    characters INTEGER NOT NULL CHECK (characters >= 0),
    sha256 TEXT NOT NULL,
    page_starts TEXT NOT NULL DEFAULT '[]',
    original_name TEXT NOT NULL,
    original BLOB,
    imported_at DATETIME NOT NULL
);
CREATE INDEX ix_sources_sha256 ON sources (sha256);
CREATE TRIGGER sources_text_is_immutable BEFORE UPDATE OF text, characters, sha256 ON sources
BEGIN
    SELECT RAISE(ABORT, 'the text of a source never changes after import');
END;
CREATE TABLE codes (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    parent_id TEXT REFERENCES codes (id),
    colour TEXT NOT NULL,
    definition TEXT NOT NULL DEFAULT '',
    when_to_use TEXT NOT NULL DEFAULT '',
    when_not_to_use TEXT NOT NULL DEFAULT '',
    example TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX ux_codes_sibling_name ON codes (ifnull(parent_id, ''), name);
CREATE TABLE coders (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0)
);
CREATE TABLE codings (
    id TEXT PRIMARY KEY NOT NULL,
    source_id TEXT NOT NULL REFERENCES sources (id),
    code_id TEXT NOT NULL REFERENCES codes (id),
    coder_id TEXT NOT NULL REFERENCES coders (id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    memo TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL,
    changed_at DATETIME NOT NULL,
    CHECK (start >= 0 AND start < "end")
);
CREATE INDEX ix_codings_source ON codings (source_id, start);
CREATE INDEX ix_codings_code ON codings (code_id);
CREATE INDEX ix_codings_coder ON codings (coder_id);
CREATE TRIGGER codings_within_text_insert BEFORE INSERT ON codings
WHEN NEW."end" > (SELECT characters FROM sources WHERE id = NEW.source_id)
BEGIN
    SELECT RAISE(ABORT, 'a coding ends past the end of its source text');
END;
CREATE TRIGGER codings_within_text_update BEFORE UPDATE OF start, "end", source_id ON codings
WHEN NEW."end" > (SELECT characters FROM sources WHERE id = NEW.source_id)
BEGIN
    SELECT RAISE(ABORT, 'a coding ends past the end of its source text');
END;
"""

MIGRATIONS: list[str] = [MIGRATION_1]

SCHEMA_VERSION = len(MIGRATIONS)
