"""Importing contacts from CSV or XLSX, with the guarantees of the people import: a dry run,
all or nothing, every problem named by row and column, and an error report to download.

Columns (French headers, any order, accents and case ignored): see COLUMNS and docs/contacts.md.
Vocabulary cells take a code, a French or English label or a former label; needs take an
Open Eligibility code or name; referrals take a service name; several values are separated
by "|"; an unmet need is "need: reason". A row with a `cle` already imported is skipped, so
the same file can be imported twice.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop as noop

from tissage.accounts.models import User
from tissage.contacts.models import Contact, UnmetNeed
from tissage.directory.models import Service, TaxonomyTerm
from tissage.lib import tabular
from tissage.lib.tabular import Problem, TabularError, ValueProblem
from tissage.lib.text import match_key
from tissage.vocabularies.models import Term

# column key -> (accepted headers as match keys, vocabulary for term columns)
TERMS = {
    "mode": ("contact_channel", "channel"),
    "type_demandeur": ("caller_type", "caller_type"),
    "genre": ("gender", "gender"),
    "groupe_age": ("age_group", "age_group"),
    "langue": ("language", "language"),
    "municipalite": ("municipality", "municipality"),
    "service_urgence": ("emergency_service", "emergency_service"),
    "source": ("referral_source", "heard_from"),
}
BOOLS = {"interprete": "interpreter", "nouvel_arrivant": "newcomer", "bascule": "transferred"}
TEXTS = {"territoire": "territory", "note": "notes", "cle": "import_key"}
MULTI = ("besoins", "references", "besoins_non_combles", "programmes")
COLUMNS = ("date", "heure", "duree", "navigateur", *TERMS, *BOOLS, *TEXTS, *MULTI)
HEADERS = {match_key(name).replace(" ", "_"): name for name in COLUMNS}


@dataclass
class Result:
    created: int = 0
    skipped: int = 0
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


class _Lookups:
    """Every vocabulary, need, service and user, keyed by match_key, read once per import."""

    def __init__(self) -> None:
        self.terms: dict[str, dict[str, Term]] = {}
        for vocabulary, _field in TERMS.values():
            self.terms[vocabulary] = self._terms(vocabulary)
        for vocabulary in ("special_program", "unmet_need_reason"):
            self.terms[vocabulary] = self._terms(vocabulary)
        self.needs: dict[str, TaxonomyTerm] = {}
        for term in TaxonomyTerm.objects.filter(active=True):
            for key in (term.code, term.name, term.name_en):
                if key:
                    self.needs.setdefault(match_key(key), term)
        self.services: dict[str, Service] = {}
        for service in Service.objects.all():
            self.services.setdefault(service.name_key, service)
        self.users = {match_key(u.username): u for u in User.objects.filter(is_active=True)}

    @staticmethod
    def _terms(vocabulary: str) -> dict[str, Term]:
        found: dict[str, Term] = {}
        for term in Term.objects.of(vocabulary).select_related("merged_into"):
            for key in (term.code, term.label_fr, term.label_en, *term.aliases):
                if key:
                    found.setdefault(match_key(key), term.canonical())
        return found


def _header_map(headers: list[str]) -> tuple[dict[str, int], list[Problem]]:
    columns: dict[str, int] = {}
    problems = []
    for index, header in enumerate(headers):
        key = match_key(header).replace(" ", "_").replace("-", "_")
        if key in HEADERS:
            columns[HEADERS[key]] = index
        elif header.strip():
            problems.append(
                Problem(
                    noop("Unknown column “%(column)s”."),
                    {"column": header},
                    row=1,
                    column=tabular.column_letter(index),
                )
            )
    if "date" not in columns:
        problems.append(Problem(noop("The column “date” is missing."), row=1))
    return columns, problems


def import_contacts(data: bytes, filename: str = "", *, dry_run: bool = False) -> Result:
    """Read, check and (unless a dry run or a problem) save every row, all or nothing."""
    result = Result(dry_run=dry_run)
    try:
        table = tabular.read_table(data, filename)
    except TabularError as error:
        result.problems.append(error.problem)
        return result
    result.problems.extend(table.problems)
    columns, problems = _header_map(table.headers)
    result.problems.extend(problems)
    if problems:
        return result
    lookups = _Lookups()
    done = set(Contact.objects.exclude(import_key="").values_list("import_key", flat=True))
    with transaction.atomic():
        for number, cells in table.rows:
            result.rows += 1
            row = _Row(number, cells, columns, lookups)
            key = row.text("cle")
            if key and key in done:
                result.skipped += 1
                continue
            values, m2m, unmet = row.read()
            result.problems.extend(row.problems)
            if row.problems:
                continue
            contact = Contact.objects.create(**values)
            for name, items in m2m.items():
                getattr(contact, name).set(items)
            UnmetNeed.objects.bulk_create(
                [UnmetNeed(contact=contact, need=n, reason=r) for n, r in unmet]
            )
            if key:
                done.add(key)
            result.created += 1
        if dry_run or result.problems:
            transaction.set_rollback(True)
    if result.problems:
        result.created = 0
    return result


class _Row:
    def __init__(
        self, number: int, cells: list[Any], columns: dict[str, int], lookups: _Lookups
    ) -> None:
        self.number = number
        self.cells = cells
        self.columns = columns
        self.lookups = lookups
        self.problems: list[Problem] = []

    def cell(self, name: str) -> Any:
        index = self.columns.get(name)
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index]

    def text(self, name: str) -> str:
        value = self.cell(name)
        return value.strip() if isinstance(value, str) else str(value or "")

    def problem(self, name: str, message_id: str, params: dict[str, Any]) -> None:
        column = tabular.column_letter(self.columns[name]) if name in self.columns else ""
        value = tabular.excerpt(self.cell(name))
        self.problems.append(
            Problem(message_id, params, row=self.number, column=column, value=value)
        )

    def parse(self, name: str, parser: Any) -> Any:
        if not self.text(name):
            return None
        try:
            return parser(self.cell(name))
        except ValueProblem as error:
            self.problem(name, error.message_id, error.params)
            return None

    def term(self, name: str, vocabulary: str, text: str | None = None) -> Term | None:
        text = self.text(name) if text is None else text
        if not text:
            return None
        found = self.lookups.terms[vocabulary].get(match_key(text))
        if found is None:
            self.problem(name, noop("“%(value)s” is not in the vocabulary."), {"value": text})
        return found

    def read(self) -> tuple[dict[str, Any], dict[str, list[Any]], list[tuple[Any, Any]]]:
        values: dict[str, Any] = {
            "date": self.parse("date", tabular.parse_date),
            "time": self.parse("heure", tabular.parse_time),
            "duration_minutes": self.parse(
                "duree", lambda c: tabular.parse_int(c, minimum=0, suffixes=("min",))
            ),
        }
        if values["date"] is None and not self.text("date"):
            self.problem("date", noop("The date is missing."), {})
        for column, (vocabulary, attr) in TERMS.items():
            values[attr] = self.term(column, vocabulary)
        for column, attr in BOOLS.items():
            values[attr] = bool(self.parse(column, tabular.parse_bool))
        for column, attr in TEXTS.items():
            values[attr] = self.text(column)[:120] if attr != "notes" else self.text(column)
        navigator = self.text("navigateur")
        if navigator:
            values["navigator"] = self.lookups.users.get(match_key(navigator))
            if values["navigator"] is None:
                self.problem("navigateur", noop("No user named “%(value)s”."), {"value": navigator})
        if values["transferred"] and values["emergency_service"] is None:
            self.problem("bascule", noop("A transfer needs its emergency service."), {})
        m2m = {
            "needs": self.many("besoins", self.lookups.needs, noop("Unknown need “%(value)s”.")),
            "referrals": self.many(
                "references", self.lookups.services, noop("No service named “%(value)s”.")
            ),
            "programs": [
                t
                for part in tabular.split_multi(self.cell("programmes"))
                if (t := self.term("programmes", "special_program", part))
            ],
        }
        unmet = []
        for part in tabular.split_multi(self.cell("besoins_non_combles")):
            need_text, _sep, reason_text = part.partition(":")
            need = self.lookups.needs.get(match_key(need_text))
            reason = self.term("besoins_non_combles", "unmet_need_reason", reason_text.strip())
            if need is None:
                self.problem(
                    "besoins_non_combles", noop("Unknown need “%(value)s”."), {"value": need_text}
                )
            elif not reason_text.strip():
                self.problem(
                    "besoins_non_combles",
                    noop("Give the reason after “:” for “%(value)s”."),
                    {"value": need_text},
                )
            elif reason is not None:
                unmet.append((need, reason))
        return values, m2m, unmet

    def many(self, name: str, index: dict[str, Any], message_id: str) -> list[Any]:
        found = []
        for part in tabular.split_multi(self.cell(name)):
            item = index.get(match_key(part))
            if item is None:
                self.problem(name, message_id, {"value": part})
            else:
                found.append(item)
        return found


def error_report(problems: list[Problem]) -> bytes:
    """The problems as a CSV the person fixes their file with (row, column, value, message)."""
    rows = [[p.row or "", p.column, p.value, p.message] for p in problems]
    return tabular.write_csv(["ligne", "colonne", "valeur", "message"], rows)
