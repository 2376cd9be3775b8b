"""The register of confidentiality incidents holds the eight items of the Regulation (s. 2):

1. the personal information involved; 2. the circumstances; 3. the date or period of the
incident; 4. the date the organization became aware of it; 5. the number of persons
concerned; 6. the assessment of the risk of serious injury; 7. when the risk is serious, the
dates of the notices to the Commission and to the persons, and any public notice; 8. the
measures taken. Items 1 to 6 and 8 are required: an entry without one is refused.
"""

import datetime

import pytest

from tissage.privacy.models import ConfidentialityIncident

pytestmark = pytest.mark.django_db

COMPLETE = {
    "information": "Adresses et notes de suivi de participants",
    "circumstances": "Un courriel envoyé au mauvais partenaire",
    "occurred_on": "12 février 2025",
    "aware_on": "2025-02-13",
    "persons_count": "12",
    "risk_assessment": "Sérieux : notes de santé mentale, destinataire hors réseau",
    "serious_risk": "on",
    "commission_notified_on": "2025-02-14",
    "persons_notified_on": "2025-02-17",
    "public_notice": "Aucun : toutes les personnes ont été jointes",
    "measures": "Rappel du courriel, confirmation de destruction, formation",
}
REQUIRED = [
    "information",
    "circumstances",
    "occurred_on",
    "aware_on",
    "persons_count",
    "risk_assessment",
    "measures",
]


def test_every_item_is_kept_and_shown(client_for):
    alice = client_for("alice")
    assert alice.post("/confidentialite/incidents/nouveau/", COMPLETE).status_code == 302
    incident = ConfidentialityIncident.objects.get()
    assert incident.serious_risk
    assert incident.commission_notified_on == datetime.date(2025, 2, 14)
    assert incident.persons_notified_on == datetime.date(2025, 2, 17)
    assert incident.public_notice.startswith("Aucun")
    page = alice.get(f"/confidentialite/incidents/{incident.pk}/").content.decode()
    for name, value in COMPLETE.items():
        if name != "serious_risk":
            assert value in page, name
    listing = alice.get("/confidentialite/incidents/").content.decode()
    for shown in ["13 février 2025", "14 février 2025", "17 février 2025", "<td>oui</td>"]:
        assert shown in listing, shown


@pytest.mark.parametrize("missing", REQUIRED)
def test_an_entry_without_a_required_item_is_refused(client_for, missing):
    data = {name: value for name, value in COMPLETE.items() if name != missing}
    response = client_for("alice").post("/confidentialite/incidents/nouveau/", data)
    assert response.status_code == 200
    assert response.context["form"].errors[missing]
    assert not ConfidentialityIncident.objects.exists()
