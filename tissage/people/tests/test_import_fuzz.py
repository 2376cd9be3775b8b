"""Thousands of malformed files fed to the importer: random bytes, random encodings, broken
CSV, missing columns, wrong dates, huge cells, formulas, empty files, broken spreadsheets.

Whatever comes in: no exception escapes but the importer's own, nothing is written when there
is any error, every error has a message, and every error of a row names its column.
"""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import translation
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from tissage.directory.models import Organization
from tissage.lib.tabular import TabularError, read_table
from tissage.people.importing import engine
from tissage.people.importing.columns import KINDS, columns_for
from tissage.people.importing.errors import render_all
from tissage.people.models import Intervention, Person, Referral
from tissage.vocabularies.models import Term

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=400,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI stays reproducible
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
# Errors that concern the whole file rather than a row.
FILE_LEVEL = {engine.NO_ROWS, engine.REFUSED}
HEADER_LEVEL = {engine.NO_COLUMN}

HEADERS = {
    "persons": [
        "code",
        "genre",
        "groupe_age",
        "langue",
        "municipalite",
        "Année de naissance",
        "Nouvel arrivant",
        "Prénom",
    ],
    "interventions": [
        "no",
        "date",
        "code_personne",
        "intervenant",
        "types",
        "problematiques",
        "lieu",
        "duree_min",
        "heure",
        "suivi",
        "notes",
    ],
    "referrals": ["no", "date", "code_personne", "sens", "organisme", "motif", "résultat"],
}
PLAUSIBLE = [
    "P1",
    "P2",
    "P3",
    "p1",
    "P1 | P2",
    "INT-01",
    "carol",
    "Femme",
    "Homme",
    "65+",
    "Français",
    "Magog",
    "Relation d'aide",
    "Relation d'aide | Référence",
    "Santé mentale",
    "UMIC",
    "À domicile",
    "sortante",
    "entrante",
    "Accueil psychosocial",
    "30",
    "1 234",
    "oui",
    "non",
    "2023-04-01",
    "01/04/2023",
    "2023-04-01 00:00:00",
    "45017",
    "14:30",
    "1987",
]
HOSTILE = [
    "",
    " ",
    "=1+1",
    "+33 6",
    "-5",
    "@SUM(A1)",
    '=HYPERLINK("http://x")',
    "2023-02-30",
    "31/13/2023",
    "0000-00-00",
    "99999999",
    "-1",
    "1e9",
    "|",
    " | | ",
    '"',
    "'",
    ";",
    ",",
    "\t",
    "x" * 10_001,
    "é" * 400,
    "\u202e\u200b",
    "<script>alert(1)</script>",
    "NULL",
    "Robert'); DROP TABLE people_person;--",
    "P" + "9" * 40,
    "２０２３-０４-０１",
    "\x07",
]
printable = st.characters(blacklist_categories=("Cs", "Cc"))
cells = st.one_of(
    st.sampled_from(PLAUSIBLE),
    st.sampled_from(HOSTILE),
    st.text(printable, max_size=40),
    st.text(max_size=10),  # control characters too, now and then
)


@pytest.fixture
def world(users):
    for code in ("P1", "P2", "P3"):
        Person.objects.create(code=code)


def counts() -> tuple[int, ...]:
    """Rows of every table an import writes to, in one query (examples are many)."""
    models = (Person, Intervention, Referral, Term, Organization, get_user_model(),
              Intervention.types.through, Intervention.persons.through)  # fmt: skip
    quote = connection.ops.quote_name
    selects = ", ".join(f"(SELECT COUNT(*) FROM {quote(m._meta.db_table)})" for m in models)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {selects}")
        return tuple(cursor.fetchone())


def check_errors(errors: list[dict], kind: str) -> None:
    assert errors
    with translation.override("en"):
        shown_errors = render_all(errors, kind)
    for error, shown in zip(errors, shown_errors, strict=True):
        # Every placeholder filled in (the value quoted may itself hold "%(": hostile text).
        filled = shown["message"].replace(str(error.get("value", "")), "")
        assert shown["message"].strip() and "%(" not in filled, error
        if error["row"] is None:
            assert error["message_id"] in FILE_LEVEL, error
            continue
        assert isinstance(error["row"], int) and error["row"] >= 1, error
        if error["message_id"] not in HEADER_LEVEL:
            assert shown["column"], error
    with translation.override("fr-ca"):
        assert all(shown["message"].strip() for shown in render_all(errors, kind))


def feed(kind: str, data: bytes, name: str, **options: bool) -> None:
    """Import inside a savepoint rolled back at the end, since examples share one database."""
    before = counts()
    with transaction.atomic():
        try:
            table = read_table(data, name)
        except TabularError as error:
            event("file refused")
            assert error.problem.message.strip() and "%(" not in error.problem.message
            assert error.problem.row is None or error.problem.row >= 1
            transaction.set_rollback(True)
            return
        columns = columns_for(kind, table.headers, None)
        summary = engine.run(kind, table, engine.Options(columns, **options))
        after = counts()
        header_only = all(error["row"] in (None, table.header_row) for error in summary.errors)
        event("imported" if summary.ok else "header errors" if header_only else "row errors")
        if summary.ok:
            created = {"persons": 0, "interventions": 1, "referrals": 2}[kind]
            written = 0 if options.get("dry_run") else summary.created
            assert after[created] - before[created] == written
        else:
            assert after == before, "an import with errors wrote something"
            assert summary.created == 0
            check_errors(summary.errors, kind)
        transaction.set_rollback(True)
    assert counts() == before


def csv_bytes(rows: list[list[str]], delimiter: str, quoted: bool, encoding: str) -> bytes:
    if quoted:
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter).writerows(rows)
        text = buffer.getvalue()
    else:  # naive joins: stray quotes and delimiters inside cells break the columns
        text = "\n".join(delimiter.join(row) for row in rows) + "\n"
    return text.encode(encoding, errors="replace")


@st.composite
def spreadsheets(draw: st.DrawFn) -> tuple[str, list[list[str]]]:
    kind = draw(st.sampled_from(KINDS))
    known = HEADERS[kind]
    headers = draw(
        st.lists(
            st.one_of(st.sampled_from(known), st.text(printable, max_size=12)),
            max_size=9,
            unique_by=str.casefold,
        )
    )
    if draw(st.booleans()):
        headers = list(dict.fromkeys(known[:5] + headers))  # most columns there, often valid
    width = len(headers)
    rows = draw(
        st.lists(st.lists(cells, min_size=max(0, width - 2), max_size=width + 2), max_size=12)
    )
    return kind, [headers, *rows]


@FUZZ
@given(
    kind=st.sampled_from(KINDS),
    data=st.binary(max_size=3000),
    name=st.sampled_from(["f.csv", "f.xlsx", "f.txt", "f"]),
)
@example(kind="persons", data=b"", name="f.csv")
@example(kind="interventions", data=b"\xef\xbb\xbf", name="f.csv")
@example(kind="referrals", data=b"date;code_personne;sens;organisme\r\n", name="f.csv")
@example(kind="persons", data=b"PK\x03\x04" + b"\x00" * 64, name="f.xlsx")
def test_random_bytes(world, kind, data, name):
    feed(kind, data, name)


@FUZZ
@given(
    kind=st.sampled_from(KINDS),
    text=st.text(max_size=1500),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1", "mac-roman"]),
)
def test_random_text_in_random_encodings(world, kind, text, encoding):
    feed(kind, text.encode(encoding, errors="replace"), "f.csv")


@settings(FUZZ, max_examples=800)
@given(
    sheet=spreadsheets(),
    delimiter=st.sampled_from([";", ",", "\t"]),
    quoted=st.booleans(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    create_missing=st.booleans(),
    dry_run=st.booleans(),
)
def test_broken_csv_files(world, sheet, delimiter, quoted, encoding, create_missing, dry_run):
    kind, rows = sheet
    data = csv_bytes(rows, delimiter, quoted, encoding)
    feed(kind, data, "f.csv", create_missing=create_missing, dry_run=dry_run)


VALID = {
    "code": ["P1", "P4", "P10", "X-7", ""],
    "genre": ["Femme", "homme", "Autre / non précisé"],
    "groupe_age": ["0-11", "65+", ""],
    "langue": ["Français", "anglais"],
    "municipalite": ["Magog", "Orford", ""],
    "Année de naissance": ["1987", "2001", ""],
    "Nouvel arrivant": ["oui", "non", ""],
    "Prénom": ["Anne", "Émile", ""],
    "no": ["1", "2", "3", "17", ""],
    "date": ["2023-04-01", "01/04/2023", "45017"],
    "code_personne": ["P1", "P2 | P3", "p3"],
    "intervenant": ["carol", "INT-01", ""],
    "types": ["Relation d'aide", "Référence | Médiation"],
    "problematiques": ["Santé mentale", "Logement | Deuil", ""],
    "lieu": ["UMIC", "Parcs", ""],
    "duree_min": ["30", "15 min", ""],
    "heure": ["14:30", ""],
    "suivi": ["oui", ""],
    "notes": ["note", ""],
    "sens": ["sortante", "entrante", "out"],
    "organisme": ["CLSC", "Accueil psychosocial", "Nouvel organisme"],
    "motif": ["logement", ""],
    "résultat": ["fait", "", "en attente"],
}


@st.composite
def mostly_valid(draw: st.DrawFn) -> tuple[str, list[list[str]]]:
    """Files close to right, with here and there one bad cell: the errors hide among rows."""
    kind = draw(st.sampled_from(KINDS))
    headers = draw(st.permutations(HEADERS[kind]))
    rows = []
    for _index in range(draw(st.integers(min_value=1, max_value=8))):
        row = []
        for header in headers:
            bad = draw(st.integers(min_value=0, max_value=24)) == 0
            row.append(draw(cells if bad else st.sampled_from(VALID[header])))
        rows.append(row)
    return kind, [headers, *rows]


@settings(FUZZ, max_examples=400)
@given(sheet=mostly_valid(), delimiter=st.sampled_from([";", ","]), dry_run=st.booleans())
def test_nearly_right_files(world, sheet, delimiter, dry_run):
    kind, rows = sheet
    feed(kind, csv_bytes(rows, delimiter, True, "utf-8"), "f.csv", dry_run=dry_run)


def xlsx_bytes(rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        # openpyxl refuses control characters; a spreadsheet cannot hold them either.
        book.active.append([openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@settings(FUZZ, max_examples=150)
@given(sheet=spreadsheets(), cut=st.one_of(st.none(), st.integers(min_value=0, max_value=6000)))
def test_broken_spreadsheets(world, sheet, cut):
    kind, rows = sheet
    data = xlsx_bytes(rows)
    feed(kind, data if cut is None else data[:cut], "f.xlsx")
