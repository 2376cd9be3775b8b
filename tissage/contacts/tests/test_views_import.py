import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tissage.contacts.importing import import_contacts
from tissage.contacts.models import Contact, UnmetNeed
from tissage.directory.models import Organization, Service, TaxonomyTerm
from tissage.vocabularies.models import Term


def term(vocabulary: str, code: str) -> Term:
    return Term.objects.of(vocabulary).get(code=code)


def needs() -> list[TaxonomyTerm]:
    return list(TaxonomyTerm.objects.filter(active=True).order_by("code")[:3])


@pytest.fixture
def service(db) -> Service:
    org = Organization.objects.create(name="Moisson Estrie")
    return Service.objects.create(organization=org, name="Dépannage alimentaire")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "entry_status"),
    [("carol", 200), ("alice", 200), ("frank", 403), ("erin", 403)],
)
def test_entry_screen_by_role(client_for, name, entry_status):
    client = client_for(name)
    for url in ["contacts:entry", "contacts:import", "contacts:service_suggestions"]:
        assert client.get(reverse(url)).status_code == entry_status, url


@pytest.mark.django_db
def test_logging_a_call_saves_needs_referrals_and_unmet_needs(client_for, service):
    first, second, third = needs()
    client = client_for("carol")
    data = {
        "date": "2024-10-01",
        "time": "10:15",
        "channel": term("contact_channel", "phone").pk,
        "needs": [first.pk, second.pk],
        "referrals": [str(service.pk)],
        "unmet_need_1": third.pk,
        "unmet_reason_1": term("unmet_need_reason", "waiting-list-full").pk,
        "emergency_service": term("emergency_service", "811").pk,
        "transferred": "on",
    }
    response = client.post(reverse("contacts:entry"), data)
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert set(contact.needs.all()) == {first, second}
    assert list(contact.referrals.all()) == [service]
    assert contact.navigator.username == "carol"
    assert contact.person is None  # anonymous by default
    unmet = UnmetNeed.objects.get()
    assert (unmet.need, unmet.reason.code) == (third, "waiting-list-full")
    assert contact.transferred and contact.emergency_service.code == "811"


@pytest.mark.django_db
def test_an_invalid_call_keeps_what_was_typed(client_for):
    first = needs()[0]
    response = client_for("carol").post(
        reverse("contacts:entry"),
        {"date": "2024-10-01", "needs": [first.pk], "unmet_need_1": first.pk, "notes": "rappeler"},
    )
    assert response.status_code == 200
    assert not Contact.objects.exists()
    form = response.context["form"]
    assert "unmet_reason_1" in form.errors
    assert form["notes"].value() == "rappeler"
    assert str(first.pk) in [str(v) for v in form["needs"].value()]


HEADER = (
    "date;heure;duree;genre;langue;besoins;references;besoins_non_combles;"
    "service_urgence;bascule;programmes;cle\n"
)


def csv_file(*rows: str) -> bytes:
    return (HEADER + "".join(row + "\n" for row in rows)).encode("utf-8")


@pytest.mark.django_db
def test_import_creates_contacts_and_is_idempotent(service):
    first, second, _third = needs()
    data = csv_file(
        f"01/10/2024;10:15;12;Femme;Français;{first.code}|{second.code};Dépannage alimentaire;"
        f"{first.code}: Liste d'attente complète;811;oui;Paniers de Noël d'urgence;A-1",
        "02/10/2024;;;man;english;;;;;non;;A-2",
    )
    dry = import_contacts(data, "contacts.csv", dry_run=True)
    assert dry.ok and dry.created == 2 and not Contact.objects.exists()
    result = import_contacts(data, "contacts.csv")
    assert result.ok and result.created == 2
    contact = Contact.objects.get(import_key="A-1")
    assert contact.gender.code == "woman" and contact.duration_minutes == 12
    assert set(contact.needs.all()) == {first, second}
    assert list(contact.referrals.all()) == [service]
    assert contact.transferred and contact.emergency_service.code == "811"
    assert [p.code for p in contact.programs.all()] == ["christmas-baskets"]
    assert contact.unmet_needs.get().reason.code == "waiting-list-full"
    again = import_contacts(data, "contacts.csv")
    assert again.created == 0 and again.skipped == 2 and Contact.objects.count() == 2


@pytest.mark.django_db
def test_import_is_all_or_nothing_with_row_and_column(client_for):
    data = csv_file(
        "01/10/2024;;;Femme;;;;;;;;B-1",
        "32/13/2024;;;Licorne;;;Service inconnu;;;oui;;B-2",
    )
    result = import_contacts(data, "contacts.csv")
    assert result.created == 0 and not Contact.objects.exists()
    where = {(p.row, p.column) for p in result.problems}
    assert (3, "A") in where  # the date
    assert (3, "D") in where  # the gender
    assert (3, "G") in where  # the referral
    assert (3, "J") in where  # a transfer without its service
    client = client_for("carol")
    upload = io.BytesIO(data)
    upload.name = "contacts.csv"
    response = client.post(reverse("contacts:import"), {"file": upload})
    assert response.status_code == 200 and not Contact.objects.exists()
    report = client.get(reverse("contacts:import_errors"))
    lines = report.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "ligne;colonne;valeur;message" and len(lines) == len(result.problems) + 1


@pytest.mark.django_db
def test_import_command(tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_bytes(csv_file("01/10/2024;;;Femme;;;;;;;;C-1"))
    out = io.StringIO()
    call_command("import_contacts", str(path), "--dry-run", stdout=out)
    assert not Contact.objects.exists()
    call_command("import_contacts", str(path), stdout=out)
    assert Contact.objects.count() == 1
    path.write_bytes(b"date;licorne\n01/10/2024;x\n")
    with pytest.raises(CommandError):
        call_command("import_contacts", str(path), stdout=out, stderr=io.StringIO())


@pytest.mark.django_db
def test_a_call_typed_after_the_session_expired_comes_back(client_for, users):
    from django.conf import settings

    from tissage.conftest import PASSWORD

    client = client_for("carol")
    url = reverse("contacts:entry")
    client.get(url)  # marks this browser as carol's
    del client.cookies[settings.SESSION_COOKIE_NAME]  # it expired while she was on the phone
    first = needs()[0]
    response = client.post(url, {"date": "2024-10-01", "needs": [first.pk], "notes": "rappel"})
    assert response.status_code == 302 and not Contact.objects.exists()
    assert client.login(username="carol", password=PASSWORD)
    form = client.get(url).context["form"]
    assert form["notes"].value() == "rappel"
