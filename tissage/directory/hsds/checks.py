"""Checking incoming HSDS rows before anything is written (see load.py): every cell, every
identifier, every reference between tables, what the database holds once.

Both readers (`tabular` for the data package, `jsonio` for HSDS JSON) hand over the same
`Incoming` rows: raw cells by HSDS column.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_noop

from tissage.directory.hsds.report import Report
from tissage.directory.hsds.tables import UNKEPT, TableSpec, parse_cell, tables
from tissage.directory.models import LinkEntity, Taxonomy
from tissage.lib.tabular import ValueProblem

MISSING_TARGET = gettext_noop(
    "This record (%(table)s %(id)s) is neither in the package nor in the directory."
)

UNUSED_LINK = gettext_noop(
    "Tissage links categories to organizations, programs, services, locations and services "
    "at a location; this link is kept but used nowhere."
)
SAME_AS = gettext_noop("Another row of this table says the same (%(where)s).")


@dataclass
class IncomingRow:
    where: int | str  # CSV: row number as a spreadsheet shows it; JSON: a path
    values: dict[str, Any]  # raw cells of the columns present


@dataclass
class Incoming:
    rows: dict[str, list[IncomingRow]] = field(default_factory=lambda: defaultdict(list))
    files: dict[str, str] = field(default_factory=dict)  # table → file name, for reports

    def file(self, table: str) -> str:
        return self.files.get(table) or tables()[table].path


@dataclass
class Row:
    where: int | str
    values: dict[str, Any]  # parsed, only the columns present
    id: uuid.UUID


# 1. Cells


def parse(
    incoming: Incoming, spec: TableSpec, report: Report, broken: dict[str, set[uuid.UUID]]
) -> list[Row]:
    rows = incoming.rows.get(spec.name, [])
    file = incoming.file(spec.name)
    if rows and spec.model is None:
        if all(str(row.values.get("name", "")).startswith("Tissage ") for row in rows):
            return []  # the descriptions Tissage writes into its own exports
        report.warning(
            file,
            None,
            "",
            gettext_noop("Tissage does not keep this table; its %(count)s rows are left out."),
            {"count": len(rows)},
        )
        return []
    present = set().union(*(row.values for row in rows)) if rows else set()
    missing = [c.name for c in spec.columns if c.required and c.name not in present]
    for name in missing if rows else []:
        report.error(file, None, name, gettext_noop("This required column is missing."))
    parsed: list[Row] = []
    first_seen: dict[uuid.UUID, int | str] = {}
    for row in rows:
        values, good = {}, True
        for name, raw in row.values.items():
            column = spec.column(name)
            if column is None:
                continue
            try:
                values[name] = parse_cell(spec, column, raw)
            except ValueProblem as problem:
                report.error(file, row.where, name, problem.message_id, problem.params, raw)
                good = False
                continue
        for column in spec.columns:
            if column.required and column.name not in missing and values.get(column.name) is None:
                if column.name in row.values and row.values[column.name] not in (None, ""):
                    continue  # already reported as unreadable
                report.error(file, row.where, column.name, gettext_noop("This value is required."))
                good = False
        _unkept(spec, row, values, file, report)
        record_id = values.get("id")
        if not good or record_id is None:
            if record_id is not None:
                broken[spec.name].add(record_id)
            continue
        if record_id in first_seen:
            report.error(
                file,
                row.where,
                "id",
                gettext_noop(
                    "This identifier is already used by another row of this table (%(where)s)."
                ),
                {"where": first_seen[record_id]},
                record_id,
            )
            continue
        first_seen[record_id] = row.where
        parsed.append(Row(row.where, values, record_id))
    return parsed


def _unkept(
    spec: TableSpec, row: IncomingRow, values: dict[str, Any], file: str, report: Report
) -> None:
    """Columns Tissage has no field for. HSDS 3.0 deprecates `fees` for `fees_description`:
    a `fees` alone moves there."""
    if spec.name == "service" and values.get("fees") and not values.get("fees_description"):
        values["fees_description"] = values.pop("fees")
    for table, name in UNKEPT:
        if table == spec.name and values.get(name) is not None:
            report.warning(
                file,
                row.where,
                name,
                gettext_noop("Tissage has no field for this column; the value is left out."),
                value=values[name],
            )


def match_taxonomies(parsed: dict[str, list[Row]]) -> None:
    """Open Eligibility and the organization's own terms get a new id in each installation
    (their terms keep stable ids): a taxonomy unknown by its id but known by its URI or its
    name is that one, so that another installation's export does not duplicate it."""
    rows = parsed["taxonomy"]
    ids = {row.id for row in rows}
    existing = list(Taxonomy.objects.all())
    known = {taxonomy.id for taxonomy in existing}
    alias: dict[uuid.UUID, uuid.UUID] = {}
    for row in rows:
        if row.id in known:
            continue
        uri, name = row.values.get("uri") or "", (row.values.get("name") or "").casefold()
        match = next((t for t in existing if uri and t.uri == uri), None) or next(
            (t for t in existing if name and name in {t.name.casefold(), t.name_en.casefold()}),
            None,
        )
        if match is not None and match.id not in ids and match.id not in alias.values():
            alias[row.id] = match.id
            row.id = row.values["id"] = match.id
    for term in parsed["taxonomy_term"]:
        if term.values.get("taxonomy_id") in alias:
            term.values["taxonomy_id"] = alias[term.values["taxonomy_id"]]


# 2. References


def _known_ids(
    parsed: dict[str, list[Row]],
    wanted: dict[str, set[uuid.UUID]],
    broken: dict[str, set[uuid.UUID]],
) -> dict[str, set[uuid.UUID]]:
    """For each table, the wanted ids that exist in the package or in the directory. A row
    with errors still counts: what refers to it needs no second message."""
    known: dict[str, set[uuid.UUID]] = {}
    for table, ids in wanted.items():
        in_package = {row.id for row in parsed.get(table, [])} | broken[table]
        model = tables()[table].model
        others = ids - in_package
        in_db = (
            set(model.objects.filter(id__in=others).values_list("id", flat=True))
            if model and others
            else set()
        )
        known[table] = (ids & in_package) | in_db
    return known


def check_references(
    incoming: Incoming,
    parsed: dict[str, list[Row]],
    report: Report,
    broken: dict[str, set[uuid.UUID]],
) -> None:
    wanted: dict[str, set[uuid.UUID]] = defaultdict(set)
    for name, rows in parsed.items():
        for ref in tables()[name].references:
            wanted[ref.table].update(
                row.values[ref.column] for row in rows if row.values.get(ref.column)
            )
        if name == "attribute":
            for row in rows:
                entity = row.values.get("link_entity")
                if entity in LinkEntity.values:
                    wanted[entity].add(row.values["link_id"])
    known = _known_ids(parsed, wanted, broken)
    for name, rows in parsed.items():
        spec, file = tables()[name], incoming.file(name)
        kept = []
        for row in rows:
            good = True
            for ref in spec.references:
                target = row.values.get(ref.column)
                if target is None or target in known.get(ref.table, set()):
                    continue
                params = {"table": ref.table, "id": target}
                if name == "taxonomy_term" and ref.column == "taxonomy_id":
                    report.warning(
                        file,
                        row.where,
                        ref.column,
                        gettext_noop(
                            "This taxonomy is not in the package: Tissage creates it, named after "
                            "the term's “taxonomy” column."
                        ),
                        value=target,
                    )
                elif ref.required:
                    report.error(file, row.where, ref.column, MISSING_TARGET, params, target)
                    good = False
                else:
                    report.warning(
                        file,
                        row.where,
                        ref.column,
                        gettext_noop(
                            "This record (%(table)s %(id)s) is neither in the package nor in the "
                            "directory: the link is left out."
                        ),
                        params,
                        target,
                    )
                    row.values[ref.column] = None
            if name == "attribute":
                _check_link(row, known, file, report)
            if good:
                kept.append(row)
        parsed[name] = kept


def _check_link(row: Row, known: dict[str, set[uuid.UUID]], file: str, report: Report) -> None:
    entity, target = row.values.get("link_entity"), row.values.get("link_id")
    if entity not in LinkEntity.values:
        report.warning(file, row.where, "link_entity", UNUSED_LINK, value=entity)
    elif target not in known.get(entity, set()):
        report.warning(
            file, row.where, "link_id", MISSING_TARGET, {"table": entity, "id": target}, target
        )


def check_unique_pairs(incoming: Incoming, parsed: dict[str, list[Row]], report: Report) -> None:
    """What the database holds once: a service at a location, a term on a record, a term's
    code in its taxonomy."""
    rules = {
        "service_at_location": ("service_id", "location_id"),
        "attribute": ("link_entity", "link_id", "taxonomy_term_id"),
        "taxonomy_term": ("taxonomy_id", "code"),
    }
    for name, columns in rules.items():
        model, file = tables()[name].model, incoming.file(name)
        seen: dict[tuple[Any, ...], int | str] = {}
        ids = {row.id for row in parsed[name]}
        for row in parsed[name]:
            key = tuple(row.values.get(column) for column in columns)
            if None in key:
                continue
            if key in seen:
                report.error(file, row.where, columns[-1], SAME_AS, {"where": seen[key]})
                continue
            seen[key] = row.where
            lookup = dict(zip(columns, key, strict=True))
            clash = (
                model.objects.filter(**lookup)
                .exclude(id__in=ids)
                .values_list("id", flat=True)
                .first()
            )  # type: ignore[union-attr]
            if clash is not None:
                report.error(
                    file,
                    row.where,
                    columns[-1],
                    gettext_noop(
                        "The directory already holds this under another identifier (%(id)s)."
                    ),
                    {"id": clash},
                )
