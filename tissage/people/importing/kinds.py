"""One importer per kind of record: `parse` checks a row and keeps what it would create,
`write` creates it all in bulk (rows and many-to-many links alike), yielding its progress."""

import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext_noop

from tissage.accounts.roles import Role
from tissage.directory.models import Organization
from tissage.lib.tabular import Cell
from tissage.people.importing import bulk
from tissage.people.importing.lookups import New
from tissage.people.importing.rows import DURATION_UNITS, RowReader
from tissage.people.models import Intervention, Person, Referral, next_person_code
from tissage.vocabularies.models import Term, Vocabulary

BATCH = 2000
DUPLICATE_CODE = gettext_noop("The code “%(value)s” is also on row %(other)s.")
BAD_CODE = gettext_noop("A code cannot contain “|”.")
EMPTY_ROW = gettext_noop("This row has no value in the columns being imported.")
_CODE = re.compile(r"^P(\d+)$")


class Importer(RowReader, ABC):
    model: Any = None

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._existing_keys: set[str] | None = None
        self.new_counts: dict[str, Any] = {"workers": 0, "organizations": 0, "terms": {}}

    # Each kind of record (persons, interventions, referrals) defines both.
    @abstractmethod
    def parse(self, row: int, cells: dict[str, Cell]) -> None: ...

    @abstractmethod
    def write(self) -> Iterator[int]: ...

    def open_stream(self) -> AbstractContextManager | None:
        """A context in which `stream` may write the records read so far, before the file
        is read to its end (inside the import's transaction); None: written by `write` only."""
        return None

    def stream(self) -> None:
        """Write the records read so far, or some of them (see open_stream)."""

    def _load_keys(self) -> set[str]:
        if self._existing_keys is None:
            prefix = f"{self.context.kind}:"
            self._existing_keys = set(
                self.model.objects.filter(import_key__startswith=prefix).values_list(
                    "import_key", flat=True
                )
            )
        return self._existing_keys

    def key_exists(self, import_key: str) -> bool:
        return import_key in self._load_keys()

    def create_new(self) -> dict[New, Any]:
        """Create the workers, organizations and vocabulary entries the rows need."""
        created: dict[New, Any] = {}
        if self._workers is not None and self._workers.new_names:
            users = []
            for name in self._workers.new_names.values():
                user = get_user_model()(username=name, role=Role.WORKER, is_active=False)
                user.set_unusable_password()
                users.append(user)
            get_user_model().objects.bulk_create(users)
            for user in users:
                created[New("worker", user.username.casefold())] = user.pk
            self.new_counts["workers"] = len(users)
        if self._organizations is not None and self._organizations.new_names:
            # A name typed in a spreadsheet is not a verified directory record: kept off the
            # public directory until someone completes it.
            hidden = {"public": False} if _has_field(Organization, "public") else {}
            organizations = [
                Organization(name=name, name_key=name_key, **hidden)
                for name_key, name in self._organizations.new_names.items()
            ]
            Organization.objects.bulk_create(organizations, batch_size=BATCH)
            for organization in organizations:
                created[New("organization", organization.name_key)] = organization.pk
            self.new_counts["organizations"] = len(organizations)
        for terms in self._terms.values():
            if terms.new_labels:
                made = _create_terms(terms.vocabulary, terms.new_labels, terms.codes)
                created.update(made)
                labels = self.new_counts["terms"].setdefault(terms.vocabulary, [])
                labels.extend(terms.new_labels[k.key] for k in made)
        return created


def _has_field(model: Any, name: str) -> bool:
    return any(field.name == name for field in model._meta.get_fields())


def _create_terms(vocabulary_code: str, labels: dict[str, str], codes: set[str]) -> dict[New, int]:
    vocabulary = Vocabulary.objects.get(code=vocabulary_code)
    order = Term.objects.filter(vocabulary=vocabulary).aggregate(top=Max("order"))["top"] or 0
    made: dict[New, int] = {}
    for label_key, label in labels.items():
        base = slugify(label)[:50] or "entree"
        code, suffix = base, 1
        while code in codes:
            suffix += 1
            code = f"{base}-{suffix}"
        codes.add(code)
        order += 10
        term = Term.objects.create(
            vocabulary=vocabulary,
            code=code,
            label_fr=label[:150],
            label_en=label[:150],
            order=order,
        )
        made[New("term", label_key)] = term.pk
    return made


def _chunks(items: list[Any], size: int = BATCH) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class PersonImporter(Importer):
    model = Person

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._codes: dict[str, int] = {}

    def parse(self, row: int, cells: dict[str, Cell]) -> None:
        before = self.errors.count
        code = self.text(row, "code", cells)
        if "|" in code:
            self.problem(row, "code", code, BAD_CODE)
        elif code:
            other = self._codes.setdefault(code.casefold(), row)
            if other != row:
                self.problem(row, "code", code, DUPLICATE_CODE, value=code, other=other)
        record: dict[str, Any] = {"code": code}
        for name in ("alias", "first_name", "last_name", "country_of_origin"):
            record[name] = self.text(row, name, cells)
        for name in (
            "gender",
            "age_group",
            "language",
            "municipality",
            "immigration_status",
            "income_source",
            "education_level",
        ):
            record[name] = self.single_term(row, name, cells)
        record["birth_year"] = self.integer(row, "birth_year", cells, minimum=1900, maximum=2100)
        record["newcomer"] = self.boolean(row, "newcomer", cells)
        if not any(cells.get(name, "") != "" for name in self.context.columns):
            self.problem(row, next(iter(self.context.columns), ""), "", EMPTY_ROW)
        if self.errors.count > before:
            return
        if code and self.person(row, "code", code, report=False) is not None:
            self.existing += 1
            return
        self.records.append(record)

    def write(self) -> Iterator[int]:
        created = self.create_new()
        highest = int(next_person_code()[1:]) - 1
        for record in self.records:
            match = _CODE.match(record["code"])
            if match:
                highest = max(highest, int(match.group(1)))
        user_id = getattr(self.context.user, "pk", None)
        persons = []
        for record in self.records:
            if not record["code"]:
                highest += 1
                record["code"] = f"P{highest:05d}"
            person = Person(created_by_id=user_id)
            for name, value in record.items():
                if name in _TERMS:
                    setattr(person, f"{name}_id", created.get(value, value))
                else:
                    setattr(person, name, value)
            person.duplicate_key = person.compute_duplicate_key()
            persons.append(person)
        done = 0
        for chunk in _chunks(persons):
            Person.objects.bulk_create(chunk)
            done += len(chunk)
            yield done


_TERMS = {
    "gender",
    "age_group",
    "language",
    "municipality",
    "immigration_status",
    "income_source",
    "education_level",
}


class InterventionImporter(Importer):
    model = Intervention
    LINKS = ("persons", "workers", "types", "problems")

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.sent = 0  # records written by stream() already
        self._stream: bulk.Stream | None = None
        self._batch: bulk.Batch | None = None

    def parse(self, row: int, cells: dict[str, Cell]) -> None:
        before = self.errors.count
        when = self.date(row, "date", cells) if self.present(row, "date", cells) else None
        codes = self.many(row, "persons", cells) if self.present(row, "persons", cells) else []
        persons = [self.person(row, "persons", code) for code in codes]
        workers = [self.worker(row, "workers", value) for value in self.many(row, "workers", cells)]
        self.present(row, "types", cells)
        record = {
            "date": when,
            "time": self.time(row, "time", cells),
            "persons": persons,
            "workers": workers,
            "types": self.terms(row, "types", cells),
            "problems": self.terms(row, "problems", cells),
            "place": self.single_term(row, "place", cells),
            "duration_minutes": self.integer(
                row, "duration_minutes", cells, minimum=0, maximum=24 * 60, suffixes=DURATION_UNITS
            ),
            "notes": self.text(row, "notes", cells),
            "follow_up": bool(self.boolean(row, "follow_up", cells)),
        }
        import_key = self.import_key(row, cells)
        if self.errors.count > before:
            return
        if self.key_exists(import_key):  # type: ignore[arg-type]
            self.existing += 1
            return
        record["import_key"] = import_key
        self.records.append(record)

    def open_stream(self) -> AbstractContextManager | None:
        """PostgreSQL: batches are written as soon as they are read (bulk.Stream), while no
        record needs a worker, an organization or an entry that `write` creates first."""
        if connection.vendor != "postgresql":
            return None
        self.preload()
        self._load_keys()
        self._batch = bulk.Batch(Intervention, _INTERVENTION_COLUMNS, list(self.LINKS))
        tables = [Intervention._meta.db_table]
        tables += [getattr(Intervention, name).through._meta.db_table for name in self.LINKS]
        self._stream = bulk.Stream(tables)
        return self._stream

    def stream(self) -> None:
        if self._stream is None or self._stream.cursor is None:
            return
        while len(self.records) - self.sent >= BATCH:
            chunk = self.records[self.sent : self.sent + BATCH]
            if any(_needs_new(record) for record in chunk):
                self._stream.cursor = None  # the rest waits for write()
                return
            self._send(self._stream.cursor, chunk, {})
            self.sent += len(chunk)

    def write(self) -> Iterator[int]:
        created = self.create_new()
        done = self.sent
        rest = self.records[self.sent :]
        if connection.vendor == "postgresql":
            import psycopg

            if self._batch is None:
                self._batch = bulk.Batch(Intervention, _INTERVENTION_COLUMNS, list(self.LINKS))
            with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
                for chunk in _chunks(rest):
                    self._send(cursor, chunk, created)
                    done += len(chunk)
                    yield done
            return
        links = {name: getattr(Intervention, name) for name in self.LINKS}
        table = bulk.Table(Intervention, _INTERVENTION_COLUMNS)
        for chunk in _chunks(rest):
            table.insert(self._rows(chunk, created))
            ids = bulk.ids_by(Intervention, "import_key", [r["import_key"] for r in chunk])
            for name, descriptor in links.items():
                pairs = [
                    (ids[record["import_key"]], target_id)
                    for record in chunk
                    for target_id in dict.fromkeys(self.resolve_new(created, record[name]))
                ]
                bulk.insert_links(descriptor, pairs)
            done += len(chunk)
            yield done

    def _rows(self, chunk: list[dict[str, Any]], created: dict[New, Any]) -> list[tuple]:
        user_id = getattr(self.context.user, "pk", None)
        return [
            (
                record["date"],
                record["time"],
                created.get(record["place"], record["place"]),
                record["duration_minutes"],
                record["notes"],
                record["follow_up"],
                record["import_key"],
                user_id,
            )
            for record in chunk
        ]

    def _send(self, cursor: Any, chunk: list[dict[str, Any]], created: dict[New, Any]) -> None:
        """PostgreSQL: the chunk's rows and links in one statement (bulk.Batch)."""
        links = {
            name: [
                (position, target_id)
                for position, record in enumerate(chunk, start=1)
                for target_id in dict.fromkeys(self.resolve_new(created, record[name]))
            ]
            for name in self.LINKS
        }
        self._batch.send(cursor, self._rows(chunk, created), links)  # type: ignore[union-attr]


def _needs_new(record: dict[str, Any]) -> bool:
    """Whether the record names a worker, an organization or an entry still to create."""
    if isinstance(record["place"], New):
        return True
    return any(
        isinstance(item, New) for name in InterventionImporter.LINKS for item in record[name]
    )


_INTERVENTION_COLUMNS = [
    "date", "time", "place_id", "duration_minutes", "notes", "follow_up", "import_key",
    "created_by_id",
]  # fmt: skip


class ReferralImporter(Importer):
    model = Referral

    def parse(self, row: int, cells: dict[str, Cell]) -> None:
        before = self.errors.count
        when = self.date(row, "date", cells) if self.present(row, "date", cells) else None
        code = self.one(row, "person", cells) if self.present(row, "person", cells) else ""
        person = self.person(row, "person", code) if code else None
        direction = None
        if self.present(row, "direction", cells):
            direction = self.direction(row, "direction", cells)
        name = ""
        if self.present(row, "organization", cells):
            name = self.text(row, "organization", cells)
        record = {
            "date": when,
            "person": person,
            "direction": direction,
            "organization": self.organization(row, "organization", name) if name else None,
            "reason": self.text(row, "reason", cells),
            "outcome": self.outcome(row, "outcome", cells),
            "notes": self.text(row, "notes", cells),
        }
        import_key = self.import_key(row, cells)
        if self.errors.count > before:
            return
        if self.key_exists(import_key):  # type: ignore[arg-type]
            self.existing += 1
            return
        record["import_key"] = import_key
        self.records.append(record)

    def write(self) -> Iterator[int]:
        created = self.create_new()
        user_id = getattr(self.context.user, "pk", None)
        done = 0
        for chunk in _chunks(self.records):
            Referral.objects.bulk_create(
                [
                    Referral(
                        date=record["date"],
                        person_id=record["person"],
                        direction=record["direction"],
                        organization_id=created.get(record["organization"], record["organization"]),
                        reason=record["reason"],
                        outcome=record["outcome"],
                        notes=record["notes"],
                        import_key=record["import_key"],
                        created_by_id=user_id,
                    )
                    for record in chunk
                ]
            )
            done += len(chunk)
            yield done


IMPORTERS: dict[str, type[Importer]] = {
    "persons": PersonImporter,
    "interventions": InterventionImporter,
    "referrals": ReferralImporter,
}
