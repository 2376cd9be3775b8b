# ruff: noqa: S608 — SQL assembled from fixed fragments; every value is a query parameter.
"""The SQL of directory search, for SQLite (FTS5) and PostgreSQL (tsvector).

`Query` holds the normalized keywords and the groups of filter tokens (see indexing.py).
SQLite answers one FTS5 query, the keywords and the filter tokens, ranked by bm25 on the
title and body; PostgreSQL keeps the keywords and the filter tokens in two tsvectors under
one GIN index, matches both in one index scan and ranks on the keywords' tsvector alone.
Then, in SQL: public and active flags, "open now", the exact distance and the coverage
test, the score, the total, one page.
"""

import datetime
import math
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from tissage.directory.dbsearch import NEAREST, PG_CONFIG, TAGS, WORDS
from tissage.directory.hours import local_now, month_week

FTS = "directory_searchentry_fts"


@dataclass
class Query:
    words: list[str] = field(default_factory=list)
    tag_groups: list[list[str]] = field(default_factory=list)

    def tags(self, *alternatives: str) -> None:
        """Add a group: every group must match, any one of its tokens may."""
        found = [a for a in alternatives if a]
        if found:
            self.tag_groups.append(found)

    def fts5_words(self) -> str:
        return "{title body} : (" + " AND ".join(f'"{word}"*' for word in self.words) + ")"

    def fts5_tags(self) -> str:
        groups = ("(" + " OR ".join(f'"{tag}"' for tag in group) + ")" for group in self.tag_groups)
        return "tags : (" + " AND ".join(groups) + ")"

    def ts_words(self) -> str:
        return " & ".join(f"{word}:*" for word in self.words)

    def ts_tags(self) -> str:
        return " & ".join("(" + " | ".join(group) + ")" for group in self.tag_groups)


@dataclass
class Spot:
    """Where "near" is: the point, the radius, and the `areas` keys that cover it."""

    latitude: float
    longitude: float
    radius_km: float
    area_keys: list[str]


def _distance(alias: str) -> str:
    """Kilometres from the spot, on the flat map around it (equirectangular): no
    trigonometry per row, and within 0.1 % of the great-circle distance at 200 km. Pages show
    the great-circle distance, computed in Python for their 20 services."""
    return (
        f"111.195 * sqrt(({alias}.latitude - %s) * ({alias}.latitude - %s) "
        f"+ (%s * ({alias}.longitude - %s)) * (%s * ({alias}.longitude - %s)))"
    )


OPEN_NOW = """
    NOT EXISTS (SELECT 1 FROM directory_searchhours h WHERE h.entry_id = e.id
        AND h.kind = 'closed' AND h.valid_from <= %s AND h.valid_to >= %s
        AND (h.weekday IS NULL OR h.weekday = %s))
    AND (
        EXISTS (SELECT 1 FROM directory_searchhours h WHERE h.entry_id = e.id
            AND h.kind = 'special' AND h.valid_from <= %s AND h.valid_to >= %s
            AND (h.weekday IS NULL OR h.weekday = %s) AND h.opens <= %s AND h.closes > %s)
        OR (
            NOT EXISTS (SELECT 1 FROM directory_searchhours h WHERE h.entry_id = e.id
                AND h.kind = 'special' AND h.valid_from <= %s AND h.valid_to >= %s
                AND (h.weekday IS NULL OR h.weekday = %s))
            AND EXISTS (SELECT 1 FROM directory_searchhours h WHERE h.entry_id = e.id
                AND h.kind = 'regular' AND h.weekday = %s
                AND (h.valid_from IS NULL OR h.valid_from <= %s)
                AND (h.valid_to IS NULL OR h.valid_to >= %s)
                AND (h.month_week IS NULL OR h.month_week = %s OR (h.month_week = -1 AND %s))
                AND h.opens <= %s AND h.closes > %s)
        )
    )"""


def open_now_params(now: datetime.datetime | None, vendor: str) -> list[Any]:
    moment = local_now(now)
    day: Any = moment.date().isoformat() if vendor == "sqlite" else moment.date()
    weekday, minute = moment.weekday(), moment.hour * 60 + moment.minute
    week, last = month_week(moment.date())
    return [
        *(day, day, weekday),
        *(day, day, weekday, minute, minute),
        *(day, day, weekday),
        *(weekday, day, day, week, last, minute, minute),
    ]


def _fts5_matched(q: Query) -> tuple[str, list[Any]]:
    """A subquery of (id, relevance): the entries the FTS5 query selects, ranked by bm25."""
    parts = ([q.fts5_words()] if q.words else []) + ([q.fts5_tags()] if q.tag_groups else [])
    relevance = f"-bm25({FTS}, 10.0, 1.0, 0.0)" if q.words else "0.0"
    sql = f"SELECT rowid AS id, {relevance} AS relevance FROM {FTS} WHERE {FTS} MATCH %s"
    return sql, [" AND ".join(parts)]


def _sqlite_sql(q: Query, columns: str, where: str, outer: str) -> tuple[str, list[list[Any]]]:
    """The candidates of the FTS5 table joined to their entries; parameters in the order
    (columns, full-text, conditions)."""
    matched, match_params = _fts5_matched(q)
    # The candidates are written once to a temporary table, counted there and sorted:
    # SQLite's window COUNT(*) OVER () costs twice as much per row (~0.8 µs) as that.
    sql = (
        "WITH c AS MATERIALIZED (SELECT k.* FROM "
        f"(SELECT e.id, e.service_id, e.sort_key, e.areas, m.relevance, {columns} "
        f"FROM ({matched}) m JOIN directory_searchentry e ON e.id = m.id WHERE {where}) k "
        f"WHERE {outer.format(alias='k')}) "
        "SELECT c.id, c.service_id, c.relevance, c.dist, c.areas, (SELECT COUNT(*) FROM c) "
        "FROM c"
    )
    return sql, [match_params, []]


def _postgresql_sql(q: Query, columns: str, where: str, outer: str) -> tuple[str, list[list[Any]]]:
    """One scan of the entries through the GIN index on both tsvectors (keywords, filter
    tokens), nothing joined to it again, and three levels that PostgreSQL must not merge
    (OFFSET 0): the scan with the distance and the coverage; ts_rank only for the entries
    within the radius (it reads each one's keywords); the total over narrow rows (carrying
    a tsvector up to the window spills it to disk). The queries are parsed once, in FROM:
    written in the select list, to_tsquery (stable, not immutable) would run again for
    every row."""
    match, match_params, parsed = [], [], []
    for column, alias, text in ((WORDS, "wq", q.ts_words()), (TAGS, "tq", q.ts_tags())):
        if text:
            match.append(f"e.{column} @@ {alias}")
            parsed.append(f"to_tsquery('{PG_CONFIG}', %s) {alias}")
            match_params.append(text)
    if q.words:
        relevance = f"ts_rank('{{0, 0, 0.1, 1.0}}', d.{WORDS}, rq)"
        rank_from, rank_params = f", to_tsquery('{PG_CONFIG}', %s) rq", [q.ts_words()]
        carried = f", e.{WORDS}"
    else:
        relevance, rank_from, rank_params, carried = "0.0", "", [], ""
    sql = (
        "SELECT c.id, c.service_id, c.relevance, c.dist, c.areas, COUNT(*) OVER () "
        f"FROM (SELECT d.id, d.service_id, d.sort_key, d.areas, d.dist, {relevance} AS relevance "
        f"FROM (SELECT e.id, e.service_id, e.sort_key, e.areas{carried}, {columns} "
        f"FROM directory_searchentry e, {', '.join(parsed)} "
        f"WHERE {' AND '.join(match)} AND {where} OFFSET 0) d{rank_from} "
        f"WHERE {outer.format(alias='d')} OFFSET 0) c"
    )
    return sql, [match_params, rank_params]


def run(
    q: Query,
    spot: Spot | None,
    *,
    public_only: bool,
    open_now: bool,
    now: datetime.datetime | None,
    page: int,
    per_page: int,
) -> tuple[list[tuple[Any, ...]], int]:
    """(entry id, service id, relevance, distance, covers) of one page, and the total."""
    vendor = connection.vendor
    offset = (page - 1) * per_page
    conditions: list[str] = []
    params: list[Any] = []
    if public_only:
        conditions.append("e.public = %s")
        params.append(True)
    if open_now:
        conditions += ["e.active = %s", OPEN_NOW]
        params += [True, *open_now_params(now, vendor)]
    where = Where(" AND ".join(conditions) or "1 = 1", params)
    if not q.words and not q.tag_groups:  # no full-text condition: a plain listing
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM directory_searchentry e WHERE {where.sql}", params
            )
            total = int(cursor.fetchone()[0])
            cursor.execute(
                "SELECT e.id, e.service_id, 0.0, NULL, 0 FROM directory_searchentry e "
                f"WHERE {where.sql} ORDER BY e.sort_key, e.id LIMIT %s OFFSET %s",
                [*params, per_page, offset],
            )
            return list(cursor.fetchall()), total
    rows = ranked(q, spot, where, per_page, offset)
    if rows:
        page_rows = [(*row[:4], int(covers(spot, row[4]))) for row in rows]
        return page_rows, int(rows[0][5])
    return [], 0 if page == 1 else count(q, spot, where)


def covers(spot: Spot | None, areas: str | None) -> bool:
    """Whether a service with these `areas` serves the place searched near: the LIKE
    '%key%' of the search's condition, on the 20 services of a page."""
    return spot is not None and any(key in (areas or "") for key in spot.area_keys)


@dataclass
class Where:
    """The conditions on the entries that the full-text index cannot check."""

    sql: str
    params: list[Any]


def ranked(
    q: Query, spot: Spot | None, where: Where, limit: int, offset: int
) -> list[tuple[Any, ...]]:
    """(entry id, service id, relevance, distance, areas, total) of the matches, best
    first, `limit` of them from `offset`: one pass over the matches counts them all (a
    window on PostgreSQL, a count of the temporary table on SQLite) and keeps the best,
    where a second query to count would match them again."""
    sql, params = _statement(q, spot, where)
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} LIMIT %s OFFSET %s", [*params, limit, offset])
        return list(cursor.fetchall())


def count(q: Query, spot: Spot | None, where: Where) -> int:
    """How many entries match (within the radius or serving the place, when near one)."""
    sql, params = _statement(q, spot, where)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) counted", params)
        return int(cursor.fetchone()[0])


def _statement(q: Query, spot: Spot | None, where: Where) -> tuple[str, list[Any]]:
    """The ranked query, without LIMIT, and its parameters."""
    vendor = connection.vendor
    columns, column_params = "NULL AS dist", []
    outer, outer_params = "1 = 1", []
    order, order_params = "c.relevance DESC, c.sort_key, c.id", []
    if spot is not None:
        cos = math.cos(math.radians(spot.latitude))
        here = [spot.latitude, spot.latitude, cos, spot.longitude, cos, spot.longitude]
        if vendor == "sqlite":
            nearest = (
                f"(SELECT MIN({_distance('p')}) FROM directory_searchpoint p "
                "WHERE p.entry_id = e.id)"
            )
            column_params = [*here, *here]
        else:  # the same formula in a function, which PostgreSQL costs as one call (below)
            nearest = f"{NEAREST}(e.id, %s, %s, %s)"
            column_params = [spot.latitude, cos, spot.longitude, *here]
        columns = f"CASE WHEN e.more_points THEN {nearest} ELSE {_distance('e')} END AS dist"
        # Within the circle, or serving the place's area: the area test (a few LIKEs) runs
        # only for the services outside the circle, and whether a service of the page
        # serves the area is told from its `areas` afterwards (covers()).
        serves = "".join(" OR {alias}.areas LIKE %s" for _key in spot.area_keys)
        outer = "({alias}.dist <= %s" + serves + ")"
        outer_params = [spot.radius_km, *(f"%{key}%" for key in spot.area_keys)]
        # A service serving the area ranks as if it were at the edge of the circle at worst:
        # of the services kept, those beyond the circle (or with no point) serve the area.
        least = "MIN" if vendor == "sqlite" else "LEAST"
        effective = f"{least}(COALESCE(c.dist, %s), %s)"
        weight = "c.relevance" if q.words else "1.0"
        order = f"{weight} / (1 + {effective} / 10.0) DESC, c.sort_key, c.id"
        order_params = [spot.radius_km, spot.radius_km]
    build = _sqlite_sql if vendor == "sqlite" else _postgresql_sql
    candidates, (match_params, rank_params) = build(q, columns, where.sql, outer)
    params = [*column_params, *match_params, *where.params, *rank_params, *outer_params]
    return f"{candidates} ORDER BY {order}", [*params, *order_params]
