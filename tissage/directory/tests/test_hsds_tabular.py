"""The HSDS tabular data package: the specification's example imports and exports back
without loss (beyond what it holds that Tissage cannot keep, listed in GAPS), Tissage's own
exports come back unchanged, and a bad package changes nothing and says why, row by row."""

import csv
import decimal
import io
import json
import shutil
import uuid
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from tissage.directory.hsds import tabular
from tissage.directory.hsds.tables import tables
from tissage.directory.models import (
    Address,
    Metadata,
    Schedule,
    Service,
)
from tissage.directory.search import search
from tissage.directory.tests.corpus import CONFIDENTIAL_STREET, SHELTER_POINT, build_corpus
from tissage.privacy.models import AuditEvent

EXAMPLES = Path(__file__).resolve().parents[2] / "testdata" / "hsds-examples"
PACKAGE = EXAMPLES / "csv"
IMPORTED = "HSDS import"
SERVICE = "ac148810-d857-441c-9679-408f346de14b"

# What the example holds that Tissage cannot keep (docs/hsds.md): references to records that
# are in no file of the package, a column HSDS 3.0 deprecates, a time zone (hours are Québec
# time), and the term's language (Tissage writes the dataset's own).
GAPS = {
    ("organizations.csv", "parent_organization_id"),
    ("locations.csv", "organization_id"),
    ("contacts.csv", "organization_id"),
    ("contacts.csv", "service_at_location_id"),
    ("taxonomy_terms.csv", "parent_id"),
    ("services.csv", "fees"),
    ("schedules.csv", "timezone"),
}
# Rows an export adds: the installation's taxonomies and their terms, the taxonomy the
# example's term names by id only, the history of the import, the dataset's description.
ADDED = {"taxonomies.csv", "taxonomy_terms.csv", "metadata.csv", "meta_table_descriptions.csv"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def example(tmp_path):
    """A copy of the HSDS example package that a test may alter."""
    folder = tmp_path / "example"
    shutil.copytree(PACKAGE, folder)
    return folder


def read(files):
    """{file: {id: row}} of a package given as its files (name → bytes) or a folder."""
    if isinstance(files, Path):
        files = {p.name: p.read_bytes() for p in files.iterdir() if p.suffix == ".csv"}
    found = {}
    for name, content in files.items():
        if name.endswith(".csv"):
            rows = csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline=""))
            found[name] = {row["id"]: row for row in rows}
    return found


def norm(value):
    """The same value however written: 35 and 35.00, true and TRUE."""
    value = (value or "").strip()
    if value.lower() in ("true", "false"):
        return value.lower()
    try:
        number = decimal.Decimal(value)
    except decimal.InvalidOperation:
        return value
    return format(number.normalize(), "f") if number.is_finite() else value


def compare(original, exported, before, language="fr"):
    """Every row of the original is in the export, every cell equal (GAPS: left empty), and
    the export holds no other row than those and what the directory held `before`."""
    differences = []
    for name, rows in original.items():
        if name == "meta_table_descriptions.csv":
            continue  # Tissage writes its own: the dataset's language (checked apart)
        out = exported[name]
        if name not in ADDED:
            assert set(out) == set(rows) | set(before[name]), name
        for record_id, row in rows.items():
            assert record_id in out, (name, record_id)
            for column, value in row.items():
                got = out[record_id][column]
                if (name, column) in GAPS:
                    expected = ""
                elif (name, column) == ("taxonomy_terms.csv", "language"):
                    expected = language
                else:
                    expected = norm(value)
                if norm(got) != expected:
                    differences.append((name, record_id, column, value, got))
    return differences


def test_the_example_imports_and_exports_back_without_loss():
    before = read(tabular.export_files("fr", staff=True))
    report = tabular.import_package(PACKAGE)
    assert report.ok, report.lines()
    assert sum(report.created.values()) == 21  # 20 rows and the taxonomy named by the term
    warned = {(issue.file, issue.column) for issue in report.warnings}
    assert warned == {
        ("services.csv", "fees"),
        ("schedules.csv", "timezone"),
        ("meta_table_descriptions.csv", ""),
        ("taxonomy_terms.csv", "taxonomy_id"),  # Tissage creates the taxonomy it names
        ("taxonomy_terms.csv", "parent_id"),
        ("organizations.csv", "parent_organization_id"),
        ("locations.csv", "organization_id"),
        ("contacts.csv", "organization_id"),
        ("contacts.csv", "service_at_location_id"),
        ("attributes.csv", "link_entity"),  # "link_entity": kept, but no record kind
    }
    files = tabular.export_files("fr", staff=True)
    exported = read(files)
    assert set(files) == {spec.path for spec in tables().values()} | {"datapackage.json"}
    assert compare(read(PACKAGE), exported, before) == []
    # What the export adds: history of the import, the taxonomy named by id, Tissage's own.
    added = {row["updated_by"] for row in exported["metadata.csv"].values()} - {"Ann Persona"}
    assert added == {IMPORTED}
    term = exported["taxonomy_terms.csv"]["3f7b145d-84af-42d7-8fae-eaca714b02b2"]
    assert exported["taxonomies.csv"][term["taxonomy_id"]]["name"] == "taxonomy"
    [description] = exported["meta_table_descriptions.csv"].values()
    assert (description["language"], description["character_set"]) == ("fr", "UTF-8")
    service = Service.objects.get(id=SERVICE)
    assert service.last_modified.isoformat() == "2023-03-15T10:30:45.123000+00:00"
    # One "create" row per record (the example's own metadata row is history, not a record).
    assert Metadata.objects.filter(last_action_type="create", updated_by=IMPORTED).count() == 20


def test_the_example_as_an_english_dataset(example):
    before = read(tabular.export_files("en", staff=True))
    report = tabular.import_package(example, language="en")
    assert report.ok, report.lines()
    service = Service.objects.get(id=SERVICE)
    assert service.name == service.name_en == "Community Counselling"  # new: both languages
    exported = read(tabular.export_files("en", staff=True))
    assert compare(read(example), exported, before, "en") == []
    # A French dataset then gives the French texts and keeps the English ones.
    french = {**tabular.export_files("fr", staff=True)}
    services = french["services.csv"].decode().replace("Community Counselling", "Counseling")
    french["services.csv"] = services.encode()
    assert tabular.import_package(_zip(french), language="fr").ok
    service.refresh_from_db()
    assert (service.name, service.name_en) == ("Counseling", "Community Counselling")
    english = read(tabular.export_files("en", staff=True))["services.csv"]
    assert english[str(service.id)]["name"] == "Community Counselling"
    # An English dataset imported as French would overwrite the French texts: refused.
    refused = tabular.import_package(_zip(tabular.export_files("en", staff=True)))
    assert not refused.ok
    assert [(i.file, i.column) for i in refused.errors] == [
        ("meta_table_descriptions.csv", "language")
    ]


def _zip(files, folder=""):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(folder + name, content)
    return out.getvalue()


def test_an_export_comes_back_unchanged(example, tmp_path):
    assert tabular.import_package(example).ok
    first = tabular.export_files("fr", staff=True)
    tabular.write_package(tmp_path / "fr", "fr", staff=True)
    history = Metadata.objects.count()
    again = tabular.import_package(tmp_path / "fr")
    assert again.ok, again.lines()
    assert not again.created and not again.updated
    assert {issue.file for issue in again.warnings} == {"attributes.csv"}  # links to nothing
    assert Metadata.objects.count() == history
    second = tabular.export_files("fr", staff=True)
    assert {n: c for n, c in first.items() if n != "datapackage.json"} == {
        n: c for n, c in second.items() if n != "datapackage.json"
    }


class _Rollback(Exception):
    pass


def test_an_export_alone_rebuilds_the_same_data(example):
    """Import the example and export it, roll all of that back, then import the export into
    the directory that never saw the example: the same HSDS data comes out."""
    with pytest.raises(_Rollback), transaction.atomic():
        assert tabular.import_package(example).ok
        first = tabular.export_files("fr", staff=True)
        raise _Rollback
    assert not Service.objects.filter(id=SERVICE).exists()
    rebuilt = tabular.import_package(_zip(first, folder="export/"))
    assert rebuilt.ok, rebuilt.lines()
    again, before = read(tabular.export_files("fr", staff=True)), read(first)
    for name in before:
        if name == "metadata.csv":  # the new import's history adds rows, keeps the old
            assert set(before[name]) <= set(again[name])
            continue
        assert before[name] == again[name], name


def _broken(tmp_path):
    folder = tmp_path / "broken"
    shutil.copytree(PACKAGE, folder)  # its long document is one more error, checked below

    def edit(name, old, new):
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    # services.csv row 2: a status HSDS does not know, an age that is not a number.
    edit("services.csv", ",active,", ",open,")
    edit("services.csv", ",12,100,", ",douze,100,")
    # locations.csv row 3: a second location without its type, with a bad latitude.
    edit(
        "locations.csv",
        "UPRN\n",  # read_text: universal newlines
        "UPRN\n0f0e0d0c-0b0a-4909-8807-060504030201,,,,Annexe,,,,nord,,,\n",
    )
    # phones.csv row 2: an identifier that is not a UUID.
    edit("phones.csv", "1554f2e2-a373-45db-a3fa-9fc48a61c15e", "phone-1")
    # programs.csv row 2: its organization is in no file and not in the directory.
    edit(
        "programs.csv",
        "e7ec2e57-4540-43fa-b2c7-6be5a0ef7f42,d9d5e0f5",
        "e7ec2e57-4540-43fa-b2c7-6be5a0ef7f42,aaaaaaaa",
    )
    # schedules.csv row 2: a date that is not one.
    edit(
        "schedules.csv",
        ",2005-01-01,2005-01-01,2005-01-01,3,",
        ",2005-13-01,2005-01-01,2005-01-01,3,",
    )
    # addresses.csv: the same identifier twice.
    text = (folder / "addresses.csv").read_text(encoding="utf-8")
    (folder / "addresses.csv").write_text(text + text.splitlines()[1] + "\r\n", encoding="utf-8")
    return folder


def test_a_bad_package_changes_nothing_and_says_where(tmp_path):
    counts = {spec.name: spec.model.objects.count() for spec in tables().values() if spec.model}
    audits = AuditEvent.objects.count()
    report = tabular.import_package(_broken(tmp_path))
    assert not report.ok
    where = {(issue.file, issue.row, issue.column) for issue in report.errors}
    assert where == {
        ("services.csv", 2, "status"),
        ("services.csv", 2, "minimum_age"),
        ("locations.csv", 3, "location_type"),
        ("locations.csv", 3, "latitude"),
        ("phones.csv", 2, "id"),
        ("programs.csv", 2, "organization_id"),
        ("schedules.csv", 2, "valid_from"),
        ("addresses.csv", 3, "id"),
    }
    assert all(issue.message for issue in report.errors)
    after = {spec.name: spec.model.objects.count() for spec in tables().values() if spec.model}
    assert after == counts
    assert AuditEvent.objects.count() == audits
    assert "services.csv:2:status" in report.as_csv().replace(",", ":")


def test_a_broken_file_is_reported_and_nothing_is_written(tmp_path):
    folder = tmp_path / "p"
    shutil.copytree(PACKAGE, folder)
    (folder / "phones.csv").write_bytes(
        b'id,number\r\n"1554f2e2-a373-45db-a3fa-9fc48a61c15e,"+1\r\n'
    )
    (folder / "datapackage.json").write_text(
        json.dumps(
            {
                "resources": [
                    {"name": "phone", "path": "phones.csv"},
                    {"name": "service", "path": "../outside/services.csv"},
                    {"name": "weather", "path": "weather.csv"},
                ]
            }
        )
    )
    report = tabular.import_package(folder)
    assert not report.ok
    assert ("phones.csv", "") in {(i.file, i.column) for i in report.errors}
    assert ("datapackage.json", "") in {(i.file, i.column) for i in report.warnings}  # weather
    assert not Service.objects.filter(id=SERVICE).exists()
    assert not tabular.import_package(tmp_path / "nowhere").ok
    assert not tabular.import_package(b"not a zip").ok


@pytest.fixture
def corpus(db):
    return build_corpus()


def test_exports_show_what_the_public_site_shows(corpus, tmp_path):
    shelter = corpus["D1"].locations.get()
    # A change of the shelter's address in its history must not leak through the history.
    Metadata.objects.create(
        resource_id=shelter.addresses.get().id,
        resource_type="address",
        last_action_type="update",
        field_name="address_1",
        previous_value="12, rue Ancienne",
        replacement_value=CONFIDENTIAL_STREET,
        updated_by="erin",
    )
    for staff in (False, True):
        files = tabular.export_files("fr", staff=staff)
        text = b"".join(files.values()).decode()
        assert CONFIDENTIAL_STREET not in text and "rue Ancienne" not in text
        assert str(SHELTER_POINT[0]) not in text
        exported = read(files)
        address = next(
            a for a in exported["addresses.csv"].values() if a["location_id"] == str(shelter.id)
        )
        assert (address["city"], address["address_1"], address["postal_code"]) == ("Magog", "", "")
        services = {row["name"] for row in exported["services.csv"].values()}
        hidden = {corpus[key].name for key in ("E1", "F1", "G1")}
        assert services & hidden == (hidden if staff else set())
        assert ("Organisme masqué" in text) is staff
        about = {row["resource_id"] for row in exported["metadata.csv"].values()}
        assert str(shelter.addresses.get().id) not in about
    public = read(tabular.export_files("fr"))
    assert public["metadata.csv"] == {}
    assert all(not row["assurer_email"] for row in public["services.csv"].values())


def test_a_staff_export_reimported_keeps_what_exports_withhold(corpus):
    """Closures, both languages and a shelter's real address survive an export and its
    import into the same directory."""
    shelter = corpus["D1"].locations.get()
    files = tabular.export_files("fr", staff=True)
    report = tabular.import_package(_zip(files))
    assert report.ok, report.lines()
    assert not report.created and not report.updated, (report.created, report.updated)
    shelter.refresh_from_db()
    assert shelter.addresses.get().address_1 == CONFIDENTIAL_STREET
    assert (shelter.latitude, shelter.longitude) == SHELTER_POINT
    closure = Schedule.objects.get(service=corpus["A1"], closed=True)
    assert closure.valid_from.isoformat() == "2024-12-24"
    english = tabular.import_package(_zip(tabular.export_files("en", staff=True)), language="en")
    assert english.ok and not english.updated, english.updated
    corpus["K1"].refresh_from_db()
    assert corpus["K1"].name_en == "Tax clinic" and corpus["A1"].name_en == ""


def test_the_commands(example, tmp_path, users):
    call_command("hsds_import", str(example), "--check", stdout=io.StringIO())
    assert not Service.objects.filter(id=SERVICE).exists()  # --check writes nothing
    out = io.StringIO()
    call_command("hsds_import", str(example), "--user", "erin", stdout=out)
    assert "created:" in out.getvalue()
    assert Metadata.objects.filter(updated_by="HSDS import (erin)").count() == 20
    call_command("hsds_export", str(tmp_path / "out"), "--include-hidden", stdout=io.StringIO())
    assert (tmp_path / "out" / "fr" / "datapackage.json").exists()
    assert (tmp_path / "out" / "en" / "services.csv").exists()
    call_command(
        "hsds_export", str(tmp_path / "z"), "--zip", "--language", "en", stdout=io.StringIO()
    )
    assert zipfile.is_zipfile(tmp_path / "z" / "en.zip")
    assert (
        AuditEvent.objects.filter(action="export", object_type="directory.hsds_export").count() == 3
    )
    problems = tmp_path / "problems.csv"
    with pytest.raises(CommandError):
        call_command(
            "hsds_import", str(_broken(tmp_path)), "--report", str(problems), stdout=io.StringIO()
        )
    assert len(problems.read_text(encoding="utf-8").splitlines()) > 8


def test_the_datapackage_describes_the_files():
    files = tabular.export_files("en")
    descriptor = json.loads(files["datapackage.json"])
    assert descriptor["profile"] == "tabular-data-package" and descriptor["language"] == "en"
    for resource in descriptor["resources"]:
        header = files[resource["path"]].decode().splitlines()[0].split(",")
        assert header == [field["name"] for field in resource["schema"]["fields"]]


def test_addresses_of_the_example_keep_their_location_and_search_finds_it(example):
    assert tabular.import_package(example).ok
    found = search("counselling").hits
    assert [hit.service.id for hit in found] == [uuid.UUID(SERVICE)]
    address = Address.objects.get(id="74706e55-df26-4b84-80fe-ecc30b5befb4")
    assert (address.city, address.postal_code, address.location.name) == (
        "MyCity",
        "ABC 1234",
        "MyCity Civic Center",
    )
