"""The entry screen in headless Chromium: a call logged with the keyboard alone."""

import pytest

from tissage.conftest import sign_in
from tissage.contacts.models import Contact
from tissage.directory.models import Organization, SearchHint, Service, Taxonomy, TaxonomyTerm
from tissage.directory.taxonomy import load_defaults
from tissage.people.tests.test_entry_browser import Keyboard, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def service(users) -> Service:
    # A transactional test empties the database after itself: put the taxonomy back.
    load_defaults(Taxonomy, TaxonomyTerm, SearchHint)
    org = Organization.objects.create(name="Moisson Estrie")
    return Service.objects.create(organization=org, name="Dépannage alimentaire")


def test_a_call_is_logged_with_the_keyboard_alone(page, live_server, users, service):
    sign_in(page, live_server, "carol")
    page.goto(live_server.url + "/demandes/nouvelle/")
    page.wait_for_selector("#id_needs_input")
    keys = Keyboard(page)
    assert keys.focused() == "id_needs_input"  # the form starts with the needs
    assert serious_violations(page) == []

    keys.type("banque alim")
    keys.press("Enter")
    keys.type("recherche de log")
    keys.press("Enter")
    keys.tab_to("id_referrals_input")
    keys.type("Dépannage")
    keys.press("Enter")  # the first suggestion, even before the server answers
    page.wait_for_selector("#id_referrals_input ~ .chips .chip")
    keys.tab_to("id_unmet_need_1_input")
    keys.type("meubles")
    keys.press("Enter")
    keys.tab_to("id_unmet_reason_1")
    keys.type("Liste")  # a select picks the option whose label starts with what is typed
    with page.expect_navigation():
        keys.press("Control+Enter")

    assert page.locator("#contact-saved").count() == 1
    contact = Contact.objects.get()
    assert {n.name for n in contact.needs.all()} == {"Banque alimentaire", "Recherche de logement"}
    assert list(contact.referrals.all()) == [service]
    unmet = contact.unmet_needs.get()
    assert unmet.need.name == "Meubles" and unmet.reason.code == "waiting-list-full"
    assert contact.navigator == users["carol"] and contact.channel.code == "phone"
    print(f"contact entry: {keys.presses} key presses, {keys.typed} characters typed")
    assert keys.presses < 30
