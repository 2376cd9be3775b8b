"""The quick entry in headless Chromium: an intervention logged with the keyboard alone."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tissage.conftest import sign_in
from tissage.people.models import Intervention, Person
from tissage.people.tests.test_pages_people import log, term
from tissage.vocabularies.defaults import load_defaults
from tissage.vocabularies.models import Term, Vocabulary

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def restore_vocabularies() -> None:
    """The vocabularies come from a data migration, and a transactional test empties the
    database after itself: the ones that follow put them back. (Django's serialized rollback
    does not survive Playwright's event loop, which gives the thread a new connection.)"""
    load_defaults(Vocabulary, Term)


URL = "/personnes/intervention/nouvelle/"


def serious_violations(page) -> list[str]:
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
    return [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


class Keyboard:
    """Presses keys and counts them; text typed into fields is counted apart."""

    def __init__(self, page) -> None:
        self.page = page
        self.presses = 0
        self.typed = 0

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.presses += 1

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)
        self.typed += len(text)

    def focused(self) -> str:
        return self.page.evaluate("document.activeElement && document.activeElement.id")

    def tab_to(self, element_id: str, limit: int = 20) -> None:
        for _ in range(limit):
            if self.focused() == element_id:
                return
            self.press("Tab")
        raise AssertionError(f"Tab never reached #{element_id} (at #{self.focused()})")


@pytest.fixture
def persons(users):
    restore_vocabularies()
    loup = Person.objects.create(alias="Ti-Loup", birth_year=1985)
    Person.objects.create(alias="Éloïse")
    Person.objects.create(first_name="Marie", last_name="Tremblay")
    log(Person.objects.create(alias="Ancien"), users["carol"], place=term("place", "Parcs"))
    return loup


def test_an_intervention_is_logged_with_the_keyboard_alone(page, live_server, users, persons):
    sign_in(page, live_server, "carol")
    page.goto(live_server.url + URL)
    page.wait_for_selector("#id_persons_input")
    keys = Keyboard(page)
    assert keys.focused() == "id_persons_input"  # the form starts where the typing starts

    keys.type("loup")
    keys.press("Enter")  # the first suggestion, even if typed faster than the answer
    page.wait_for_selector("#id_persons_input ~ .chips .chip")
    keys.tab_to("id_types_0")
    keys.press("Space")  # Relation d'aide
    keys.tab_to("id_types_11")
    keys.press("Space")  # Médiation
    keys.tab_to("id_problems_input")
    keys.type("sante m")
    keys.press("Enter")
    keys.type("logem")
    keys.press("Enter")
    keys.tab_to("id_duration_minutes")
    keys.type("30")
    with page.expect_navigation():
        keys.press("Control+Enter")

    assert page.locator(".messages").inner_text().strip() != ""
    intervention = Intervention.objects.exclude(persons__alias="Ancien").get()
    assert list(intervention.persons.all()) == [persons]
    assert list(intervention.workers.all()) == [users["carol"]]
    assert {t.label_fr for t in intervention.types.all()} == {"Relation d'aide", "Médiation"}
    assert {t.label_fr for t in intervention.problems.all()} == {"Santé mentale", "Logement"}
    assert intervention.place.label_fr == "Parcs"  # her last place, by default
    assert intervention.duration_minutes == 30
    assert intervention.time is not None and intervention.time.minute % 5 == 0
    # Measured: presses besides the typed text (Tab, Space, Enter, Ctrl+Enter).
    print(f"quick entry: {keys.presses} key presses, {keys.typed} characters typed")
    assert keys.presses < 40

    # The next form keeps the place and links the intervention just saved.
    assert page.locator("#id_place").input_value() == str(term("place", "Parcs").pk)
    assert page.locator(f'.saved a[href="/personnes/interventions/{intervention.pk}/"]').count()


def test_the_quick_entry_fits_a_phone_and_passes_axe(phone, live_server, users, persons):
    sign_in(phone, live_server, "carol")
    phone.goto(live_server.url + URL)
    phone.wait_for_selector("#id_persons_input")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert serious_violations(phone) == []

    # Suggestions open, a chip picked then removed with the keyboard.
    phone.keyboard.type("tremb")
    phone.wait_for_selector("#id_persons_listbox [role=option]")
    assert serious_violations(phone) == []
    phone.keyboard.press("Enter")
    assert phone.locator("#id_persons_input ~ .chips .chip").count() == 1
    phone.keyboard.press("ArrowLeft")
    assert phone.evaluate("document.activeElement.closest('.chip') !== null")
    phone.keyboard.press("Delete")
    assert phone.locator("#id_persons_input ~ .chips .chip").count() == 0

    # Saved without a person nor a type: the errors are tied to their fields, nothing lost.
    phone.keyboard.type("Éloï")
    phone.keyboard.press("Enter")
    phone.wait_for_selector("#id_persons_input ~ .chips .chip")
    with phone.expect_navigation():
        phone.keyboard.press("Control+Enter")
    assert phone.locator("#id_types_error").is_visible()
    assert phone.locator("#id_persons_input ~ .chips .chip").inner_text().startswith("P")
    assert phone.evaluate("document.activeElement.id") == "id_types_0"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert serious_violations(phone) == []
    assert not Intervention.objects.exclude(persons__alias="Ancien").exists()
