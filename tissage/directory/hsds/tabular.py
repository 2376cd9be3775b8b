"""The HSDS tabular data package: `datapackage.json` and one CSV file per table.

Export: one dataset per language (HSDS holds one language per record), every table of HSDS
with exactly its columns, rows in identifier order; `datapackage.json` is HSDS's own
description of the package (schema/datapackage.json) with the dataset's name and language,
and `meta_table_descriptions.csv` says the language too. Cells are written as they are: this
is an exchange format for programs, so nothing is altered to protect spreadsheets
(a phone number may start with "+", a rule day with "-").

Import: a folder, a zip file (the package at its root or in one folder), or the path of a
`datapackage.json`. Every row is checked before anything is written (see load.py).
"""

import csv
import datetime
import io
import json
import uuid
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_noop

from tissage.directory.hsds.checks import Incoming, IncomingRow
from tissage.directory.hsds.load import load
from tissage.directory.hsds.report import Report
from tissage.directory.hsds.serialize import (
    LANGUAGES,
    View,
    row,
    visible_links,
    visible_location_q,
)
from tissage.directory.hsds.tables import package_template, tables
from tissage.directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Funding,
    Language,
    Location,
    Metadata,
    Organization,
    OrganizationIdentifier,
    Phone,
    Program,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    Taxonomy,
    TaxonomyTerm,
)
from tissage.lib.tabular import MAX_BYTES, MAX_UNZIPPED_BYTES, TabularError, check_size, decode

PACKAGE_FILE = "datapackage.json"
META_NAMESPACE = uuid.UUID("0d4c6f3e-5a0b-4c8e-9f57-2b7d1e6a9c31")
LANGUAGE_CODES = {"fr": "fr", "fra": "fr", "fre": "fr", "en": "en", "eng": "en"}


# Export


def export_files(language: str = "fr", *, staff: bool = False) -> dict[str, bytes]:
    """The files of the package (name → content) for one language. `staff`: hidden records,
    the assurer's e-mail and the change history included (a confidential address never is)."""
    view = View(language, staff)
    records = _records(view)
    rows = {
        name: sorted((row(name, record, view) for record in found), key=lambda r: r["id"])
        for name, found in records.items()
    }
    rows["meta_table_description"] = [_description(language)]
    _drop_dangling(rows)
    files = {tables()[name].path: _csv(name, rows[name]) for name in tables()}
    files[PACKAGE_FILE] = json.dumps(_descriptor(language), ensure_ascii=False, indent=2).encode()
    return files


def write_package(target: Path, language: str = "fr", *, staff: bool = False) -> list[Path]:
    """Write the package into the folder `target`, or into a zip file when it ends in .zip."""
    files = export_files(language, staff=staff)
    if target.suffix.lower() == ".zip":
        target.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in files.items():
                archive.writestr(name, content)
        return [target]
    target.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (target / name).write_bytes(content)
    return [target / name for name in files]


def _records(view: View) -> dict[str, QuerySet[Any]]:
    """What the view may export, table by table (meta table descriptions come apart)."""
    term_query = TaxonomyTerm.objects.select_related("taxonomy")
    if view.staff:
        found = {
            name: spec.model._default_manager.all()
            for name, spec in tables().items()
            if spec.model is not None
        }
        found["taxonomy_term"] = term_query
        found["address"] = Address.objects.select_related("location")
        found["metadata"] = Metadata.objects.exclude(resource_id__in=_confidential_ids())
        return found
    services = Service.objects.public()
    organizations = Organization.objects.filter(public=True)
    locations = Location.objects.filter(visible_location_q(view))
    links = visible_links(view)
    contacts = Contact.objects.filter(
        Q(organization__in=organizations)
        | Q(service__in=services)
        | Q(service_at_location__in=links)
        | Q(location__in=locations)
    )
    phones = Phone.objects.filter(
        Q(location__in=locations)
        | Q(service__in=services)
        | Q(organization__in=organizations)
        | Q(contact__in=contacts)
        | Q(service_at_location__in=links)
    )
    programs = Program.objects.filter(organization__in=organizations)
    linked = [services, organizations, locations, links, programs]
    return {
        "taxonomy": Taxonomy.objects.all(),
        "taxonomy_term": term_query,
        "organization": organizations,
        "program": programs,
        "location": locations,
        "service": services,
        "service_at_location": links,
        "contact": contacts,
        "phone": phones,
        "address": Address.objects.filter(location__in=locations).select_related("location"),
        "accessibility": Accessibility.objects.filter(location__in=locations),
        "schedule": Schedule.objects.filter(
            Q(service__in=services) | Q(location__in=locations) | Q(service_at_location__in=links)
        ),
        "funding": Funding.objects.filter(
            Q(organization__in=organizations) | Q(service__in=services)
        ),
        "service_area": ServiceArea.objects.filter(service__in=services),
        "required_document": RequiredDocument.objects.filter(service__in=services),
        "language": Language.objects.filter(
            Q(service__in=services) | Q(location__in=locations) | Q(phone__in=phones)
        ),
        "cost_option": CostOption.objects.filter(service__in=services),
        "organization_identifier": OrganizationIdentifier.objects.filter(
            organization__in=organizations
        ),
        "attribute": Attribute.objects.filter(
            link_id__in=[i for query in linked for i in query.values_list("id", flat=True)]
        ),
        "metadata": Metadata.objects.none(),  # user names of the staff stay inside
    }


def _confidential_ids() -> list[uuid.UUID]:
    """History of confidential locations and their addresses would give the address away."""
    locations = list(
        Location.objects.filter(confidential_address=True).values_list("id", flat=True)
    )
    addresses = Address.objects.filter(location_id__in=locations).values_list("id", flat=True)
    return [*locations, *addresses]


def _description(language: str) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid5(META_NAMESPACE, f"tissage-{language}")),
        "name": f"Tissage directory ({language})",
        "language": language,
        "character_set": "UTF-8",
    }


def _drop_dangling(rows: dict[str, list[dict[str, Any]]]) -> None:
    """A reference to a record left out of the export is left out too."""
    ids = {name: {r["id"] for r in found} for name, found in rows.items()}
    for name, found in rows.items():
        for ref in tables()[name].references:
            for item in found:
                if item.get(ref.column) is not None and item[ref.column] not in ids[ref.table]:
                    item[ref.column] = None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _csv(name: str, found: Iterable[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    columns = tables()[name].column_names
    writer.writerow(columns)
    for item in found:
        writer.writerow([_cell(item.get(column)) for column in columns])
    return out.getvalue().encode("utf-8")


def _descriptor(language: str) -> dict[str, Any]:
    descriptor = {key: value for key, value in package_template().items() if key != "license"}
    descriptor["name"] = f"tissage-directory-{language}"
    descriptor["title"] = (
        "Répertoire des ressources (Tissage)"
        if language == "fr"
        else "Resource directory (Tissage)"
    )
    descriptor["language"] = language
    descriptor["created"] = timezone.now().astimezone(datetime.UTC).isoformat(timespec="seconds")
    return descriptor


# Import


def import_package(
    source: Path | str | bytes,
    *,
    language: str = "fr",
    updated_by: str = "HSDS import",
    dry_run: bool = False,
    user: Any = None,
) -> Report:
    """Read and load a package (see load.py). The report says what was written, or why
    nothing was."""
    if language not in LANGUAGES:
        raise ValueError(language)
    name = "package.zip" if isinstance(source, bytes) else Path(source).name
    report = Report(source=name)
    incoming = read_package(source, report)
    _check_language(incoming, language, report)
    # Even when a file cannot be read, the others are checked (nothing is written).
    return load(
        incoming,
        language=language,
        updated_by=updated_by,
        report=report,
        dry_run=dry_run,
        user=user,
    )


def read_package(source: Path | str | bytes, report: Report) -> Incoming:
    incoming = Incoming()
    try:
        files = _Files.open(source)
    except TabularError as error:
        report.error(
            str(source)[:80] if not isinstance(source, bytes) else "",
            None,
            "",
            error.problem.message_id,
            error.problem.params,
        )
        return incoming
    paths = _resource_paths(files, report)
    for name, path in paths.items():
        data = files.read(path)
        if data is None:
            continue
        incoming.files[name] = path
        try:
            _read_csv(name, path, data, incoming, report)
        except TabularError as error:
            report.error(
                path, error.problem.row, "", error.problem.message_id, error.problem.params
            )
    if not incoming.files:
        report.error("", None, "", gettext_noop("No HSDS table was found in this package."))
    return incoming


def _resource_paths(files: "_Files", report: Report) -> dict[str, str]:
    """Table → file, from datapackage.json when there is one, else HSDS's file names."""
    paths = {name: spec.path for name, spec in tables().items()}
    raw = files.read(PACKAGE_FILE)
    if raw is None:
        return paths
    try:
        descriptor = json.loads(decode(raw)[0])
        resources = descriptor["resources"]
        listed = {str(r["name"]): str(r["path"]) for r in resources}
    except (ValueError, KeyError, TypeError):
        report.error(PACKAGE_FILE, None, "", gettext_noop("This datapackage.json cannot be read."))
        return {}
    for name, path in listed.items():
        if name in paths:
            paths[name] = path
        else:
            report.warning(
                PACKAGE_FILE,
                None,
                "",
                gettext_noop("The resource “%(name)s” is not an HSDS table; it is left out."),
                {"name": name},
            )
    return paths


def _read_csv(name: str, path: str, data: bytes, incoming: Incoming, report: Report) -> None:
    check_size(len(data), MAX_BYTES)
    text = decode(data)[0]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        records = list(reader)
    except csv.Error:
        raise TabularError(
            gettext_noop(
                "The CSV file cannot be read at row %(row)s (a quote is probably not closed)."
            ),
            {"row": reader.line_num},
            row=reader.line_num,
        ) from None
    if not records:
        return
    header = [cell.strip() for cell in records[0]]
    known = set(tables()[name].column_names)
    for column in header:
        if column not in known:
            report.warning(
                path,
                1,
                column,
                gettext_noop("This column is not an HSDS column of this table; it is left out."),
            )
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > len(header) and any(cell for cell in record[len(header) :]):
            report.error(
                path,
                number,
                "",
                gettext_noop("This row has more values than the header has columns."),
            )
            continue
        values = {column: record[i] if i < len(record) else "" for i, column in enumerate(header)}
        values = {column: value for column, value in values.items() if column in known}
        incoming.rows[name].append(IncomingRow(number, values))


def _check_language(incoming: Incoming, language: str, report: Report) -> None:
    """An English dataset imported as French would overwrite the French texts."""
    for item in incoming.rows.get("meta_table_description", []):
        said = LANGUAGE_CODES.get(str(item.values.get("language", "")).strip().lower())
        if said and said != language:
            report.error(
                incoming.file("meta_table_description"),
                item.where,
                "language",
                gettext_noop("This dataset is in “%(said)s”: import it in that language."),
                {"said": said},
                said,
            )


class _Files:
    """The files of a package in a folder or a zip archive, by their path in the package."""

    def __init__(self, folder: Path | None, archive: zipfile.ZipFile | None, prefix: str) -> None:
        self.folder, self.archive, self.prefix = folder, archive, prefix

    @classmethod
    def open(cls, source: Path | str | bytes) -> "_Files":
        if isinstance(source, bytes):
            return cls._zip(io.BytesIO(source))
        path = Path(source)
        if path.is_dir():
            return cls(path.resolve(), None, "")
        if path.name == PACKAGE_FILE:
            return cls(path.parent.resolve(), None, "")
        if path.is_file():
            check_size(path.stat().st_size, MAX_UNZIPPED_BYTES)
            return cls._zip(io.BytesIO(path.read_bytes()))
        raise TabularError(gettext_noop("This file or folder does not exist."))

    @classmethod
    def _zip(cls, data: io.BytesIO) -> "_Files":
        try:
            archive = zipfile.ZipFile(data)
            names = archive.namelist()
            inflated = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, ValueError, OSError, EOFError):
            raise TabularError(gettext_noop("This is not a zip file that can be read.")) from None
        if inflated > MAX_UNZIPPED_BYTES:
            raise TabularError(gettext_noop("This zip file is too large once uncompressed."))
        prefix = ""
        if PACKAGE_FILE not in names:  # the package may sit in one folder of the archive
            inner = [n for n in names if PurePosixPath(n).name == PACKAGE_FILE]
            prefix = str(PurePosixPath(inner[0]).parent) + "/" if len(inner) == 1 else ""
        return cls(None, archive, prefix)

    def read(self, path: str) -> bytes | None:
        clean = PurePosixPath(path)
        if clean.is_absolute() or ".." in clean.parts:
            return None
        if self.archive is not None:
            try:
                return self.archive.read(self.prefix + str(clean))
            except KeyError:
                return None
        assert self.folder is not None
        target = self.folder / clean
        return target.read_bytes() if target.is_file() else None
