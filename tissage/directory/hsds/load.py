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
from typing import Any

from django.db import DatabaseError, models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_noop

from tissage.directory import gazetteer, indexing
from tissage.directory.changes import record_changes, snapshot
from tissage.directory.hsds import checks
from tissage.directory.hsds.checks import Incoming, Row
from tissage.directory.hsds.report import Report
from tissage.directory.hsds.serialize import ADDRESS_SECRETS, LOCATION_SECRETS, area_name
from tissage.directory.hsds.tables import TableSpec, tables
from tissage.directory.models import (
    LOCAL,
    AreaScope,
    Bilingual,
    Location,
    Metadata,
    MetadataAction,
    Service,
    Taxonomy,
)
from tissage.directory.textsearch import token
from tissage.privacy import audit


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
    broken: dict[str, set[uuid.UUID]] = defaultdict(set)  # rows already reported
    parsed = {name: checks.parse(incoming, tables()[name], report, broken) for name in tables()}
    checks.match_taxonomies(parsed)
    checks.check_references(incoming, parsed, report, broken)
    checks.check_unique_pairs(incoming, parsed, report)
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


# Writing


class _Failed(Exception):
    def __init__(self, file: str, where: int | str, cause: Exception) -> None:
        super().__init__(str(cause))
        self.file, self.where, self.cause = file, where, cause


class _Writer:
    def __init__(
        self,
        incoming: Incoming,
        parsed: dict[str, list[Row]],
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
        self.before: dict[str, str] = {}
        self.confidential = set(
            Location.objects.filter(confidential_address=True).values_list("id", flat=True)
        )

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

    def _write(self, spec: TableSpec, row: Row, record: models.Model | None) -> None:
        created = record is None
        if record is None:
            record = spec.model(id=row.id)  # type: ignore[misc]
        before = None if created else snapshot(record)
        self.before = before or {}
        withheld = () if created else self._withheld(spec.name, record)
        for name, value in row.values.items():
            if value is None and name in withheld:
                continue
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

    def _withheld(self, table: str, record: Any) -> tuple[str, ...]:
        """What exports leave out of a confidential location: empty in a package, it was
        withheld, not erased (re-importing an export must not wipe a shelter's address)."""
        if table == "location" and record.id in self.confidential:
            return LOCATION_SECRETS
        if table == "address" and record.location_id in self.confidential:
            return ADDRESS_SECRETS
        return ()

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

    def _before_taxonomy(self, record: Any, row: Row, created: bool) -> None:
        if created:
            record.code = self._taxonomy_code(record.name)

    def _before_taxonomy_term(self, record: Any, row: Row, created: bool) -> None:
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

    def _before_schedule(self, record: Any, row: Row, created: bool) -> None:
        """HSDS has no closures: Tissage exports its own as dates without hours or rule, and
        reads such a row (which would otherwise say nothing) as a closure."""
        record.closed = bool(
            record.valid_from
            and not record.freq
            and record.opens_at is None
            and record.closes_at is None
        )

    def _before_metadata(self, record: Any, row: Row, created: bool) -> None:
        """HSDS dates a change by its day: the same day as stored keeps the stored time."""
        if created or not self.before.get("last_action_date"):
            return
        stored = datetime.datetime.fromisoformat(self.before["last_action_date"])
        if timezone.localtime(stored).date() == timezone.localtime(record.last_action_date).date():
            record.last_action_date = stored

    def _before_service_area(self, record: Any, row: Row, created: bool) -> None:
        if not created and not self.before.get("name") and record.name == area_name(record):
            record.name = ""  # the name exports give an area entered as a place only
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
