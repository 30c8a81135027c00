"""Schema versions of a server project (PostgreSQL), step for step the same as a file's.

Each step mirrors the SQLite step of the same number in :mod:`coder.storage.migrations`: the same
tables and columns (timestamps as text, ``bytea`` for original files), the same constraints, and the
same integrity rules as triggers. Every text column sorts by code point (``COLLATE "C"``), as SQLite
does, so a server project lists things in the same order as a file on any server locale.

Step 2 also makes what only a server has: the team (roles and who is a lead), grants and row-level
security (a coder reads everything and changes only their own codings and memos; the coder on a coding
is the connecting role), ``changed_by`` set by the server, and notifications of every committed change
on the channel :data:`CHANNEL`. The version is the one row of ``coder_schema``; add a new step to
``MIGRATIONS`` together with the SQLite one; never edit a released one.

``{lead}`` and ``{coder}`` in the scripts stand for the project's two group roles (quoted names).
"""

from __future__ import annotations

CHANNEL = "coder_changes"

# Above this many bytes a notification says "reload" instead of listing rows (PostgreSQL allows 8000).
PAYLOAD_LIMIT = 7_800

MIGRATION_1 = """
CREATE TABLE coder_schema (
    application TEXT COLLATE "C" NOT NULL CHECK (application = 'coder'),
    version INTEGER NOT NULL,
    lead_role TEXT COLLATE "C" NOT NULL,
    coder_role TEXT COLLATE "C" NOT NULL
);
CREATE TABLE meta (
    key TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    value TEXT COLLATE "C" NOT NULL
);
CREATE TABLE sources (
    id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    name TEXT COLLATE "C" NOT NULL UNIQUE,
    format TEXT COLLATE "C" NOT NULL CHECK (format IN ('txt', 'md', 'pdf', 'docx')),
    text TEXT COLLATE "C" NOT NULL,
    characters INTEGER NOT NULL CHECK (characters >= 0),
    sha256 TEXT COLLATE "C" NOT NULL,
    page_starts TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    original_name TEXT COLLATE "C" NOT NULL,
    original BYTEA,
    imported_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX ix_sources_sha256 ON sources (sha256);
CREATE FUNCTION coder_text_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the text of a source never changes after import' USING ERRCODE = 'check_violation';
END $$;
CREATE TRIGGER sources_text_is_immutable BEFORE UPDATE OF text, characters, sha256 ON sources
    FOR EACH ROW EXECUTE FUNCTION coder_text_is_immutable();
CREATE TABLE codes (
    id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    name TEXT COLLATE "C" NOT NULL CHECK (length(trim(name)) > 0),
    parent_id TEXT COLLATE "C" REFERENCES codes (id),
    colour TEXT COLLATE "C" NOT NULL,
    definition TEXT COLLATE "C" NOT NULL DEFAULT '',
    when_to_use TEXT COLLATE "C" NOT NULL DEFAULT '',
    when_not_to_use TEXT COLLATE "C" NOT NULL DEFAULT '',
    example TEXT COLLATE "C" NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX ux_codes_sibling_name ON codes (coalesce(parent_id, ''), name);
CREATE TABLE coders (
    id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    name TEXT COLLATE "C" NOT NULL UNIQUE CHECK (length(trim(name)) > 0)
);
CREATE TABLE codings (
    id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    source_id TEXT COLLATE "C" NOT NULL REFERENCES sources (id),
    code_id TEXT COLLATE "C" NOT NULL REFERENCES codes (id),
    coder_id TEXT COLLATE "C" NOT NULL REFERENCES coders (id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    memo TEXT COLLATE "C" NOT NULL DEFAULT '',
    created_at TEXT COLLATE "C" NOT NULL,
    changed_at TEXT COLLATE "C" NOT NULL,
    CHECK (start >= 0 AND start < "end")
);
CREATE INDEX ix_codings_source ON codings (source_id, start);
CREATE INDEX ix_codings_code ON codings (code_id);
CREATE INDEX ix_codings_coder ON codings (coder_id);
CREATE FUNCTION coder_coding_within_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW."end" > (SELECT characters FROM sources WHERE id = NEW.source_id) THEN
        RAISE EXCEPTION 'a coding ends past the end of its source text' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER codings_within_text_insert BEFORE INSERT ON codings
    FOR EACH ROW EXECUTE FUNCTION coder_coding_within_text();
CREATE TRIGGER codings_within_text_update BEFORE UPDATE OF start, "end", source_id ON codings
    FOR EACH ROW EXECUTE FUNCTION coder_coding_within_text();
"""

MIGRATION_2_TABLES = """
ALTER TABLE sources ADD COLUMN extraction TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE sources ADD COLUMN changed_by TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE codes ADD COLUMN shortcut INTEGER CHECK (shortcut BETWEEN 1 AND 9);
ALTER TABLE codes ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE codes ADD COLUMN changed_by TEXT COLLATE "C" NOT NULL DEFAULT '';
CREATE UNIQUE INDEX ux_codes_shortcut ON codes (shortcut) WHERE shortcut IS NOT NULL;
CREATE INDEX ix_codes_parent ON codes (parent_id);
ALTER TABLE codings ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE codings ADD COLUMN provenance TEXT COLLATE "C" NOT NULL DEFAULT '';
CREATE TABLE memos (
    id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('source', 'code', 'journal')),
    target_id TEXT COLLATE "C",
    coder_id TEXT COLLATE "C" NOT NULL REFERENCES coders (id),
    title TEXT COLLATE "C" NOT NULL DEFAULT '',
    text TEXT COLLATE "C" NOT NULL DEFAULT '',
    created_at TEXT COLLATE "C" NOT NULL,
    changed_at TEXT COLLATE "C" NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    changed_by TEXT COLLATE "C" NOT NULL DEFAULT '',
    CHECK ((kind = 'journal') = (target_id IS NULL))
);
CREATE UNIQUE INDEX ux_memos_target ON memos (kind, target_id, coder_id) WHERE target_id IS NOT NULL;
CREATE TABLE attributes (
    id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    name TEXT COLLATE "C" NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    type TEXT COLLATE "C" NOT NULL CHECK (type IN ('text', 'number', 'date', 'boolean', 'choice')),
    choices TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    position INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE source_values (
    source_id TEXT COLLATE "C" NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    attribute_id TEXT COLLATE "C" NOT NULL REFERENCES attributes (id) ON DELETE CASCADE,
    value TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (source_id, attribute_id)
);
CREATE TABLE consensus (
    coder_id TEXT COLLATE "C" PRIMARY KEY NOT NULL REFERENCES coders (id),
    compared TEXT COLLATE "C" NOT NULL,
    built_by TEXT COLLATE "C" NOT NULL,
    built_at TEXT COLLATE "C" NOT NULL
);
CREATE TABLE decisions (
    id TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    consensus_id TEXT COLLATE "C" NOT NULL REFERENCES consensus (coder_id),
    source_id TEXT COLLATE "C" NOT NULL REFERENCES sources (id),
    code_id TEXT COLLATE "C" NOT NULL REFERENCES codes (id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    choice TEXT COLLATE "C" NOT NULL CHECK (choice IN ('coders', 'none', 'manual')),
    coders TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    decided_by TEXT COLLATE "C" NOT NULL,
    decided_at TEXT COLLATE "C" NOT NULL,
    note TEXT COLLATE "C" NOT NULL DEFAULT '',
    undo TEXT COLLATE "C" NOT NULL DEFAULT '',
    CHECK (start >= 0 AND start < "end")
);
CREATE INDEX ix_decisions_place ON decisions (consensus_id, source_id, code_id);
"""

# The team: who may do what, enforced by the server. A coder is a login role; ``team`` says which coder
# row it is and whether it leads. The functions read the group roles' names from ``coder_schema``.
MIGRATION_2_TEAM = """
CREATE TABLE team (
    role_name TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    coder_id TEXT COLLATE "C" NOT NULL UNIQUE REFERENCES coders (id),
    role TEXT COLLATE "C" NOT NULL CHECK (role IN ('lead', 'coder'))
);
CREATE FUNCTION coder_is_lead() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT pg_has_role(session_user, (SELECT lead_role FROM coder_schema), 'MEMBER')
$$;
CREATE FUNCTION coder_me() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coder_id FROM team WHERE role_name = session_user
$$;
CREATE FUNCTION coder_may_change(owner text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT coder_is_lead() OR owner = coder_me()
$$;
-- A coder's codings and memos are their own: the server writes the connecting role's coder into them.
CREATE FUNCTION coder_own_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    me text;
BEGIN
    IF coder_is_lead() THEN
        RETURN NEW;
    END IF;
    me := coder_me();
    IF me IS NULL THEN
        RAISE EXCEPTION 'you are not on the team of this project; ask a lead to add you with coder team add'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.coder_id IS DISTINCT FROM me THEN
        RAISE EXCEPTION 'only its own coder or a lead may change this'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    NEW.coder_id := me;
    RETURN NEW;
END $$;
CREATE TRIGGER codings_own_rows BEFORE INSERT OR UPDATE ON codings
    FOR EACH ROW EXECUTE FUNCTION coder_own_rows();
CREATE TRIGGER memos_own_rows BEFORE INSERT OR UPDATE ON memos
    FOR EACH ROW EXECUTE FUNCTION coder_own_rows();
-- Who changed a code or a source last is the connecting role, whatever the client says.
CREATE FUNCTION coder_changed_by() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.changed_by := coalesce(
        (SELECT c.name FROM team t JOIN coders c ON c.id = t.coder_id WHERE t.role_name = session_user),
        session_user
    );
    RETURN NEW;
END $$;
CREATE TRIGGER codes_changed_by BEFORE UPDATE ON codes
    FOR EACH ROW EXECUTE FUNCTION coder_changed_by();
CREATE TRIGGER sources_changed_by BEFORE UPDATE ON sources
    FOR EACH ROW EXECUTE FUNCTION coder_changed_by();
CREATE TRIGGER memos_changed_by BEFORE UPDATE ON memos
    FOR EACH ROW EXECUTE FUNCTION coder_changed_by();

ALTER TABLE codings ENABLE ROW LEVEL SECURITY;
ALTER TABLE memos ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON codings FOR SELECT USING (true);
CREATE POLICY own_inserts ON codings FOR INSERT WITH CHECK (coder_may_change(coder_id));
CREATE POLICY own_updates ON codings FOR UPDATE
    USING (coder_may_change(coder_id)) WITH CHECK (coder_may_change(coder_id));
CREATE POLICY own_deletes ON codings FOR DELETE USING (coder_may_change(coder_id));
CREATE POLICY everyone_reads ON memos FOR SELECT USING (true);
CREATE POLICY own_inserts ON memos FOR INSERT WITH CHECK (coder_may_change(coder_id));
CREATE POLICY own_updates ON memos FOR UPDATE
    USING (coder_may_change(coder_id)) WITH CHECK (coder_may_change(coder_id));
CREATE POLICY own_deletes ON memos FOR DELETE USING (coder_may_change(coder_id));

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO {lead}, {coder};
GRANT SELECT ON ALL TABLES IN SCHEMA public TO {coder};
GRANT INSERT, UPDATE, DELETE ON codings, memos TO {coder};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {lead};
REVOKE INSERT, UPDATE, DELETE ON coder_schema FROM {lead};

-- Every committed change is announced on the channel: codings by id (deleted ones whole, since they
-- cannot be read afterwards), other tables by name; "reload" when a statement touched too many rows.
CREATE FUNCTION coder_notify_codings() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    payload text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        SELECT json_build_object('table', 'codings', 'op', 'delete', 'rows', json_agg(json_build_array(
            o.id, o.source_id, o.code_id, o.coder_id, o.start, o."end", o.memo, o.created_at, o.changed_at,
            o.provenance, o.version)))::text
        INTO payload FROM old_rows o HAVING count(*) > 0;
    ELSIF TG_OP = 'INSERT' THEN
        SELECT json_build_object('table', 'codings', 'op', 'insert', 'ids', json_agg(n.id))::text
        INTO payload FROM new_rows n HAVING count(*) > 0;
    ELSE
        SELECT json_build_object('table', 'codings', 'op', 'update', 'ids', json_agg(n.id))::text
        INTO payload FROM new_rows n HAVING count(*) > 0;
    END IF;
    IF payload IS NULL THEN
        RETURN NULL;  -- the statement changed no row
    END IF;
    IF octet_length(payload) > {limit} THEN
        payload := json_build_object('table', 'codings', 'op', 'reload')::text;
    END IF;
    PERFORM pg_notify('{channel}', payload);
    RETURN NULL;
END $$;
CREATE TRIGGER codings_notify_insert AFTER INSERT ON codings REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION coder_notify_codings();
CREATE TRIGGER codings_notify_update AFTER UPDATE ON codings REFERENCING OLD TABLE AS old_rows
    NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coder_notify_codings();
CREATE TRIGGER codings_notify_delete AFTER DELETE ON codings REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION coder_notify_codings();
CREATE FUNCTION coder_notify_table() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{channel}', json_build_object('table', TG_TABLE_NAME)::text);
    RETURN NULL;
END $$;
"""

# Tables whose changes are announced by name (a statement-level trigger each).
ANNOUNCED_TABLES = (
    "sources",
    "codes",
    "coders",
    "memos",
    "attributes",
    "source_values",
    "consensus",
    "decisions",
    "team",
)


def _announce(table: str) -> str:
    return (
        f"CREATE TRIGGER {table}_notify AFTER INSERT OR UPDATE OR DELETE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION coder_notify_table();\n"
    )


MIGRATION_2 = (
    MIGRATION_2_TABLES
    + MIGRATION_2_TEAM.replace("{channel}", CHANNEL).replace("{limit}", str(PAYLOAD_LIMIT))
    + "".join(_announce(table) for table in ANNOUNCED_TABLES)
)

MIGRATIONS: list[str] = [MIGRATION_1, MIGRATION_2]

SCHEMA_VERSION = len(MIGRATIONS)

# Every table a server project has, in an order that respects foreign keys (for dropping in reverse).
TABLES = (
    "coder_schema",
    "meta",
    "sources",
    "codes",
    "coders",
    "codings",
    "memos",
    "attributes",
    "source_values",
    "consensus",
    "decisions",
    "team",
)
FUNCTIONS = (
    "coder_text_is_immutable()",
    "coder_coding_within_text()",
    "coder_own_rows()",
    "coder_changed_by()",
    "coder_notify_codings()",
    "coder_notify_table()",
    "coder_may_change(text)",
    "coder_me()",
    "coder_is_lead()",
)


def script(step: int, lead_role: str, coder_role: str) -> str:
    """Migration ``step`` (0-based) with the project's quoted group role names filled in."""
    return MIGRATIONS[step].replace("{lead}", lead_role).replace("{coder}", coder_role)
