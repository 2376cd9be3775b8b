"""Writing HSDS rows into the directory: every row checked first, then all written in one
transaction, or nothing at all.

Both readers (`tabular` for the data package, `jsonio` for HSDS JSON) hand over the same
`Incoming` rows: raw cells by HSDS column. `load` then
1. reads every cell (types, required values, allowed values, lengths) and every identifier;
2. checks the references between tables: a reference must name a record of the package or of
   the directory. A missing one is an error when the record cannot exist without it
   (a service without its organization), otherwise a warning, and the link is left out;
3. writes, parents first, matching records by their HSDS `id`: a known id updates the
   record, a new one creates it. Nothing is ever deleted.

Languages: the plain fields hold French, `<field>_en` English. Importing a French dataset
fills the plain fields; an English one fills the `_en` fields (and, for a new record, the
plain fields too, which a French dataset may then replace). An English text equal to the
French one, where no English text was stored, is the export's fallback and stays out.

History: a created record gets one HSDS metadata row ("create", field `id`); a changed one a
row per changed field (tissage/directory/changes.py).
"""

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_noop

from tissage.directory import gazetteer, indexing
from tissage.directory.changes import record_changes, snapshot
from tissage.directory.hsds.report import Report
from tissage.directory.hsds.tables import UNKEPT, TableSpec, parse_cell, tables
from tissage.directory.models import (
    LOCAL,
    AreaScope,
    Bilingual,
    LinkEntity,
    Metadata,
    MetadataAction,
    Service,
    Taxonomy,
)
from tissage.directory.textsearch import token
from tissage.lib.tabular import ValueProblem
from tissage.privacy import audit

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
class _Row:
    where: int | str
    values: dict[str, Any]  # parsed, only the columns present
    id: uuid.UUID


class _Abort(Exception):
    pass


def load(
    incoming: Incoming,
    *,
    language: str = "fr",
    updated_by: str = "HSDS import",
    report: Report | None = None,
    dry_run: bool = False,
    user: Any = None,
) -> Report:
    """Check and (unless `dry_run` or anything is wrong) write the rows. See the module."""
    report = report or Report()
    parsed = {name: _parse(incoming, tables()[name], report) for name in tables()}
    _check_references(incoming, parsed, report)
    _check_unique_pairs(incoming, parsed, report)
    if not report.ok or dry_run:
        return report
    failure: list[Any] = []
    try:
        with transaction.atomic():
            with indexing.deferred():
                try:
                    with transaction.atomic():
                        _Writer(incoming, parsed, language, updated_by, report).write_all()
                except _Failed as error:
                    failure.append(error)
            if failure:
                raise _Abort
    except _Abort:
        error = failure[0]
        report.error(
            error.file,
            error.where,
            "",
            gettext_noop("The database refused this row (%(error)s); nothing was imported."),
            {"error": str(error.cause)[:200]},
        )
        _forget_counts(report)
        return report
    written = sorted(set(report.created) | set(report.updated))
    if written:
        audit.record(
            None,
            audit.Action.CREATE,
            user=user,
            object_type="directory.hsds_import",
            object_id=(report.source or "")[:100],
            fields=written,
        )
    return report


def _forget_counts(report: Report) -> None:
    report.created.clear()
    report.updated.clear()
    report.unchanged.clear()


# 1. Cells


def _parse(incoming: Incoming, spec: TableSpec, report: Report) -> list[_Row]:
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
    parsed: list[_Row] = []
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
        parsed.append(_Row(row.where, values, record_id))
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


# 2. References


def _known_ids(
    parsed: dict[str, list[_Row]], wanted: dict[str, set[uuid.UUID]]
) -> dict[str, set[uuid.UUID]]:
    """For each table, the wanted ids that exist in the package or in the directory."""
    known: dict[str, set[uuid.UUID]] = {}
    for table, ids in wanted.items():
        in_package = {row.id for row in parsed.get(table, [])}
        model = tables()[table].model
        others = ids - in_package
        in_db = (
            set(model.objects.filter(id__in=others).values_list("id", flat=True))
            if model and others
            else set()
        )
        known[table] = (ids & in_package) | in_db
    return known


def _check_references(incoming: Incoming, parsed: dict[str, list[_Row]], report: Report) -> None:
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
    known = _known_ids(parsed, wanted)
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


def _check_link(row: _Row, known: dict[str, set[uuid.UUID]], file: str, report: Report) -> None:
    entity, target = row.values.get("link_entity"), row.values.get("link_id")
    if entity not in LinkEntity.values:
        report.warning(file, row.where, "link_entity", UNUSED_LINK, value=entity)
    elif target not in known.get(entity, set()):
        report.warning(
            file, row.where, "link_id", MISSING_TARGET, {"table": entity, "id": target}, target
        )


def _check_unique_pairs(incoming: Incoming, parsed: dict[str, list[_Row]], report: Report) -> None:
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


# 3. Writing


class _Failed(Exception):
    def __init__(self, file: str, where: int | str, cause: Exception) -> None:
        super().__init__(str(cause))
        self.file, self.where, self.cause = file, where, cause


class _Writer:
    def __init__(
        self,
        incoming: Incoming,
        parsed: dict[str, list[_Row]],
        language: str,
        updated_by: str,
        report: Report,
    ) -> None:
        self.incoming, self.parsed, self.report = incoming, parsed, report
        self.english = language == "en"
        self.updated_by = updated_by[:150]
        self.created: list[Metadata] = []
        self.taxonomy_codes: set[str] = set(Taxonomy.objects.values_list("code", flat=True))
        self.new_taxonomies: dict[uuid.UUID, str] = {}
        self.modified: dict[uuid.UUID, datetime.datetime] = {}

    def write_all(self) -> None:
        self._taxonomies_named_by_terms()
        for name in tables():
            spec = tables()[name]
            if spec.model is None or not self.parsed[name]:
                continue
            existing = spec.model.objects.in_bulk([row.id for row in self.parsed[name]])
            for row in self.parsed[name]:
                try:
                    self._write(spec, row, existing.get(row.id))
                except DatabaseError as error:
                    raise _Failed(self.incoming.file(name), row.where, error) from error
        for service_id, moment in self.modified.items():
            Service.objects.filter(id=service_id).update(last_modified=moment)
        Metadata.objects.bulk_create(self.created, batch_size=500)

    def _write(self, spec: TableSpec, row: _Row, record: models.Model | None) -> None:
        created = record is None
        if record is None:
            record = spec.model(id=row.id)  # type: ignore[misc]
        before = None if created else snapshot(record)
        for name, value in row.values.items():
            self._assign(spec, record, name, value, created)
        getattr(self, f"_before_{spec.name}", lambda *args: None)(record, row, created)
        if spec.name == "service" and row.values.get("last_modified"):
            self.modified[row.id] = row.values["last_modified"]
        if not created and snapshot(record) == before:
            self.report.unchanged[spec.name] += 1
            return  # not even saved: no reindex, no history
        record.save()
        if created:
            self.report.created[spec.name] += 1
            if spec.name != "metadata":
                self.created.append(self._creation(spec.name, row.id))
            return
        self.report.updated[spec.name] += 1
        if spec.name != "metadata":  # history has no history
            record_changes(record, before, updated_by=self.updated_by)

    def _assign(
        self, spec: TableSpec, record: models.Model, name: str, value: Any, created: bool
    ) -> None:
        model_field = spec.field(name)
        if model_field is None or name == "id":
            return
        if self.english and isinstance(record, Bilingual) and hasattr(record, f"{name}_en"):
            text = value or ""
            if created:
                setattr(record, name, text)
                setattr(record, f"{name}_en", text)
            elif not (text == (getattr(record, name) or "") and not getattr(record, f"{name}_en")):
                setattr(record, f"{name}_en", text)
            return
        if value is None and isinstance(model_field, models.CharField | models.TextField):
            value = "" if not model_field.null else None
        setattr(record, model_field.attname, value)

    def _creation(self, table: str, record_id: uuid.UUID) -> Metadata:
        return Metadata(
            resource_id=record_id,
            resource_type=table,
            last_action_date=timezone.now(),
            last_action_type=MetadataAction.CREATE,
            field_name="id",
            previous_value="",
            replacement_value=str(record_id),
            updated_by=self.updated_by,
        )

    # What some tables need beyond their columns.

    def _taxonomies_named_by_terms(self) -> None:
        """A term may name a taxonomy the package does not hold (by id) or by name alone."""
        in_package = {row.id for row in self.parsed["taxonomy"]}
        existing = set(Taxonomy.objects.values_list("id", flat=True))
        for row in self.parsed["taxonomy_term"]:
            target = row.values.get("taxonomy_id")
            if target is not None and target not in in_package and target not in existing:
                self.new_taxonomies.setdefault(target, row.values.get("taxonomy") or str(target))
        for taxonomy_id, name in self.new_taxonomies.items():
            Taxonomy.objects.create(id=taxonomy_id, code=self._taxonomy_code(name), name=name[:250])
            self.report.created["taxonomy"] += 1
            self.created.append(self._creation("taxonomy", taxonomy_id))

    def _taxonomy_code(self, name: str) -> str:
        base = slugify(name)[:40] or "taxonomie"
        code, number = base, 1
        while code in self.taxonomy_codes:
            number += 1
            code = f"{base}-{number}"
        self.taxonomy_codes.add(code)
        return code

    def _before_taxonomy(self, record: Any, row: _Row, created: bool) -> None:
        if created:
            record.code = self._taxonomy_code(record.name)

    def _before_taxonomy_term(self, record: Any, row: _Row, created: bool) -> None:
        if record.taxonomy_id is None:
            named = row.values.get("taxonomy") or ""
            found = (
                Taxonomy.objects.filter(models.Q(code=named) | models.Q(name=named)).first()
                if named
                else None
            )
            record.taxonomy = (
                found
                or Taxonomy.objects.get_or_create(
                    code=LOCAL, defaults={"name": "Termes de l'organisme"}
                )[0]
            )
        if not record.code:
            record.code = str(record.id)

    def _before_service_area(self, record: Any, row: _Row, created: bool) -> None:
        if not created or record.place_code or not record.name:
            return
        place = gazetteer.find(record.name)
        mrc = gazetteer.find_mrc(record.name)
        if place is not None:
            record.scope, record.place_code = AreaScope.MUNICIPALITY, place.key
        elif mrc is not None:
            record.scope, record.place_code = AreaScope.MRC, token(mrc[0])
        else:
            record.scope = AreaScope.OTHER
