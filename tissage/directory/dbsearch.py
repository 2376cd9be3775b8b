# ruff: noqa: S608 — the statements are built from the module's constant names only.
"""The database side of directory search: SQLite FTS5 or PostgreSQL full-text.

Django's ORM knows neither, so migration 0003 calls `install` and `uninstall`, which read
`schema_editor.connection.vendor` (`install` builds the current state; later migrations
that change it, 0008 and 0009, call their own idempotent steps). Both back ends index the
same normalized words (stems and filter tokens computed in Python), so both give the same
result sets.

SQLite recreates a table when a migration alters it, which drops its triggers: a future
migration that alters `SearchEntry` must call `install` again (it is idempotent).
"""

from typing import Any

from django.core.exceptions import ImproperlyConfigured

TABLE = "directory_searchentry"
FTS = "directory_searchentry_fts"
PG_CONFIG = "fr_unaccent"
NEAREST = "directory_nearest_km"
WORDS = "tsv_words"  # PostgreSQL: the keywords' tsvector, title (A) and body (B)
TAGS = "tsv_tags"  # PostgreSQL: the filter tokens' tsvector
INDEX = f"{TABLE}_words_tags_idx"

SQLITE_INSTALL = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(
        title, body, tags, content='{TABLE}', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    f"DROP TRIGGER IF EXISTS {TABLE}_ai",
    f"DROP TRIGGER IF EXISTS {TABLE}_ad",
    f"DROP TRIGGER IF EXISTS {TABLE}_au",
    f"""CREATE TRIGGER {TABLE}_ai AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS}(rowid, title, body, tags)
        VALUES (new.id, new.title, new.body, new.tags);
    END""",
    f"""CREATE TRIGGER {TABLE}_ad AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title, body, tags)
        VALUES ('delete', old.id, old.title, old.body, old.tags);
    END""",
    f"""CREATE TRIGGER {TABLE}_au AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title, body, tags)
        VALUES ('delete', old.id, old.title, old.body, old.tags);
        INSERT INTO {FTS}(rowid, title, body, tags)
        VALUES (new.id, new.title, new.body, new.tags);
    END""",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]

SQLITE_UNINSTALL = [
    f"DROP TRIGGER IF EXISTS {TABLE}_ai",
    f"DROP TRIGGER IF EXISTS {TABLE}_ad",
    f"DROP TRIGGER IF EXISTS {TABLE}_au",
    f"DROP TABLE IF EXISTS {FTS}",
]

# French configuration with unaccent. Its dictionary is `simple` rather than the snowball
# stemmer: Tissage stems in Python (textsearch.py) so that SQLite, which cannot stem, and
# PostgreSQL match exactly the same words; prefix queries would otherwise differ
# ("logement:*" becomes "log:*" under snowball and finds "logiciel").
POSTGRESQL_CONFIGURATION = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    f"""DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{PG_CONFIG}') THEN
            CREATE TEXT SEARCH CONFIGURATION {PG_CONFIG} (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION {PG_CONFIG}
                ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword,
                    hword_part, numword, numhword, hword_numpart
                WITH unaccent, simple;
        END IF;
    END $$""",
]

_TRIGGER = [
    f"DROP TRIGGER IF EXISTS {TABLE}_tsv ON {TABLE}",
    f"""CREATE TRIGGER {TABLE}_tsv BEFORE INSERT OR UPDATE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION {TABLE}_tsv()""",
]
_FILL = f"UPDATE {TABLE} SET title = title"

# Two tsvectors since migration 0009, as SQLite has two columns: the keywords (title A,
# body B, with positions: ts_rank reads them) and the filter tokens (stripped of positions:
# nothing ranks them), under one GIN index on both. Before, one `tsv` held both and ranking
# read all of it (681 bytes on average at 100,000 synthetic services, stored inline,
# uncompressed: the rows stay under the 2 kB TOAST threshold); the keywords alone take 418
# bytes, the row is no wider (the filter tokens lose their positions), the GIN scan matches
# the keywords and the filter tokens as two keys (about half the time of one tsquery holding
# both), and a keyword can no longer meet a filter token.
_PARSE = f"""
        NEW.{WORDS} :=
            setweight(to_tsvector('{PG_CONFIG}', coalesce(NEW.title, '')), 'A')
            || setweight(to_tsvector('{PG_CONFIG}', coalesce(NEW.body, '')), 'B');
        NEW.{TAGS} := strip(to_tsvector('{PG_CONFIG}', coalesce(NEW.tags, '')));"""
_SPLIT_FUNCTION = f"""CREATE OR REPLACE FUNCTION {TABLE}_tsv() RETURNS trigger AS $$
    BEGIN{_PARSE}
        RETURN NEW;
    END $$ LANGUAGE plpgsql"""
POSTGRESQL_SPLIT = [
    f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS {WORDS} tsvector",
    f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS {TAGS} tsvector",
    _SPLIT_FUNCTION,
    *_TRIGGER,
    f"DROP INDEX IF EXISTS {TABLE}_tsv_idx",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS tsv",
    _FILL,
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} USING GIN ({WORDS}, {TAGS})",
    f"ANALYZE {TABLE}",
]

# Since migration 0011, PostgreSQL keeps the words in the two tsvectors only: the trigger
# empties `title`, `body` and `tags` once it has parsed them (the indexer inserts entries,
# never updates their words). A search visits one row per candidate (14,000 for a common
# word near Montréal at 100,000 services), and the plain text made each row 60 % wider for
# nothing a search reads: keyword + distance p95 28 → 21 ms, the table 124 → 75 MB.
# SQLite needs the text: its FTS5 table reads it from the entry (external content).
# An UPDATE that leaves the (empty) text as it was keeps the tsvectors: `_FILL` of the
# migrations before 0011 would otherwise erase them; re-indexing is indexing.reindex_all().
_WORDS_ONLY_FUNCTION = f"""CREATE OR REPLACE FUNCTION {TABLE}_tsv() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND NEW.title = OLD.title AND NEW.body = OLD.body
                AND NEW.tags = OLD.tags THEN
            RETURN NEW;
        END IF;{_PARSE}
        NEW.title := '';
        NEW.body := '';
        NEW.tags := '';
        RETURN NEW;
    END $$ LANGUAGE plpgsql"""

POSTGRESQL_WORDS_ONLY = [
    _WORDS_ONLY_FUNCTION,
    *_TRIGGER,
    f"ALTER TABLE {TABLE} DISABLE TRIGGER {TABLE}_tsv",
    f"UPDATE {TABLE} SET title = '', body = '', tags = '' "
    "WHERE title <> '' OR body <> '' OR tags <> ''",
    f"ALTER TABLE {TABLE} ENABLE TRIGGER {TABLE}_tsv",
]

# Before migration 0009 (its reverse): one tsvector, keywords and filter tokens together.
POSTGRESQL_JOINED = [
    f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS tsv tsvector",
    f"""CREATE OR REPLACE FUNCTION {TABLE}_tsv() RETURNS trigger AS $$
    BEGIN
        NEW.tsv :=
            setweight(to_tsvector('{PG_CONFIG}', coalesce(NEW.title, '')), 'A')
            || setweight(to_tsvector('{PG_CONFIG}', coalesce(NEW.body, '')), 'B')
            || setweight(to_tsvector('{PG_CONFIG}', coalesce(NEW.tags, '')), 'D');
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    *_TRIGGER,
    f"DROP INDEX IF EXISTS {INDEX}",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS {WORDS}",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS {TAGS}",
    _FILL,
    f"CREATE INDEX IF NOT EXISTS {TABLE}_tsv_idx ON {TABLE} USING GIN (tsv)",
]

# Kilometres from a spot to the nearest point of an entry that has several (searchsql.py's
# formula, with the spot's latitude, the cosine of it and its longitude). Written inline,
# this correlated subquery made the planner cost each candidate row as an index scan: a
# common word near Montréal came to 100,000+ cost units, where PostgreSQL compiles the
# query (JIT, 50–180 ms). A function is costed as one call, and runs only for the entries
# with several points.
POSTGRESQL_NEAREST = [
    f"""CREATE OR REPLACE FUNCTION {NEAREST}(entry bigint, lat float8, k float8, lon float8)
    RETURNS float8 LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT MIN(111.195 * sqrt((p.latitude - lat) * (p.latitude - lat)
            + (k * (p.longitude - lon)) * (k * (p.longitude - lon))))
        FROM directory_searchpoint p WHERE p.entry_id = entry
    $$""",
]
POSTGRESQL_UNNEAREST = [f"DROP FUNCTION IF EXISTS {NEAREST}(bigint, float8, float8, float8)"]

# What the migrations have built so far (0005 runs it again: it is idempotent).
POSTGRESQL_INSTALL = [
    *POSTGRESQL_CONFIGURATION,
    *POSTGRESQL_SPLIT,
    *POSTGRESQL_NEAREST,
    *POSTGRESQL_WORDS_ONLY,
]

POSTGRESQL_UNINSTALL = [
    *POSTGRESQL_UNNEAREST,
    f"DROP TRIGGER IF EXISTS {TABLE}_tsv ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {TABLE}_tsv()",
    f"DROP INDEX IF EXISTS {TABLE}_tsv_idx",
    f"DROP INDEX IF EXISTS {INDEX}",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS tsv",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS {WORDS}",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS {TAGS}",
    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {PG_CONFIG}",
]


def _run(schema_editor: Any, statements: dict[str, list[str]]) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in statements:
        raise ImproperlyConfigured(f"directory search supports SQLite and PostgreSQL, not {vendor}")
    for statement in statements[vendor]:
        schema_editor.execute(statement, params=None)


def install(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"sqlite": SQLITE_INSTALL, "postgresql": POSTGRESQL_INSTALL})


def uninstall(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"sqlite": SQLITE_UNINSTALL, "postgresql": POSTGRESQL_UNINSTALL})


def install_nearest(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"sqlite": [], "postgresql": POSTGRESQL_NEAREST})


def uninstall_nearest(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"sqlite": [], "postgresql": POSTGRESQL_UNNEAREST})


def install_words_only(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"sqlite": [], "postgresql": POSTGRESQL_WORDS_ONLY})


def uninstall_words_only(apps: Any, schema_editor: Any) -> None:
    """Back to the text kept in the row: the trigger of 0009, then every entry rebuilt by
    the indexer (the text is gone from the rows; `_FILL` would parse empty strings)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in [_SPLIT_FUNCTION, *_TRIGGER]:
        schema_editor.execute(statement, params=None)
    from tissage.directory import indexing

    indexing.reindex_all()


def install_split(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"sqlite": [], "postgresql": POSTGRESQL_SPLIT})


def uninstall_split(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"sqlite": [], "postgresql": POSTGRESQL_JOINED})


def optimize() -> None:
    """Tidy up after a large import: FTS5 merges its index segments; PostgreSQL cleans the
    GIN pending list; both refresh the planner's statistics."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('optimize')")
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            cursor.execute(f"VACUUM {TABLE}")
            cursor.execute("ANALYZE")
