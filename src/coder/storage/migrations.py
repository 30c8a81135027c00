"""Schema versions of a project file (SQLite). Each migration moves a file up by one version.

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

# Version 2: what a team needs. Sources can be renamed, codes get keys, and the rows that two people may
# edit at once carry a version (optimistic concurrency) and who changed them last. Memos belong to a
# coder (a source's, a code's, or a dated journal entry); sources get typed attributes; a consensus is a
# coder whose codings record where they came from, and whose decisions are kept.
MIGRATION_2 = """
ALTER TABLE sources ADD COLUMN extraction TEXT NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE sources ADD COLUMN changed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE codes ADD COLUMN shortcut INTEGER CHECK (shortcut BETWEEN 1 AND 9);
ALTER TABLE codes ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE codes ADD COLUMN changed_by TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX ux_codes_shortcut ON codes (shortcut) WHERE shortcut IS NOT NULL;
CREATE INDEX ix_codes_parent ON codes (parent_id);
ALTER TABLE codings ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE codings ADD COLUMN provenance TEXT NOT NULL DEFAULT '';
CREATE TABLE memos (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('source', 'code', 'journal')),
    target_id TEXT,
    coder_id TEXT NOT NULL REFERENCES coders (id),
    title TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    changed_by TEXT NOT NULL DEFAULT '',
    CHECK ((kind = 'journal') = (target_id IS NULL))
);
CREATE UNIQUE INDEX ux_memos_target ON memos (kind, target_id, coder_id) WHERE target_id IS NOT NULL;
CREATE TABLE attributes (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    type TEXT NOT NULL CHECK (type IN ('text', 'number', 'date', 'boolean', 'choice')),
    choices TEXT NOT NULL DEFAULT '[]',
    position INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE source_values (
    source_id TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    attribute_id TEXT NOT NULL REFERENCES attributes (id) ON DELETE CASCADE,
    value TEXT NOT NULL,
    PRIMARY KEY (source_id, attribute_id)
);
CREATE TABLE consensus (
    coder_id TEXT PRIMARY KEY NOT NULL REFERENCES coders (id),
    compared TEXT NOT NULL,
    built_by TEXT NOT NULL,
    built_at TEXT NOT NULL
);
CREATE TABLE decisions (
    id TEXT PRIMARY KEY NOT NULL,
    consensus_id TEXT NOT NULL REFERENCES consensus (coder_id),
    source_id TEXT NOT NULL REFERENCES sources (id),
    code_id TEXT NOT NULL REFERENCES codes (id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    choice TEXT NOT NULL CHECK (choice IN ('coders', 'none', 'manual')),
    coders TEXT NOT NULL DEFAULT '[]',
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    CHECK (start >= 0 AND start < "end")
);
CREATE INDEX ix_decisions_place ON decisions (consensus_id, source_id, code_id);
"""

MIGRATIONS: list[str] = [MIGRATION_1, MIGRATION_2]

SCHEMA_VERSION = len(MIGRATIONS)
