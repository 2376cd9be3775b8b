"""The demonstration organization: realistic, invented, deterministic from a seed.

Each capability adds its own records here as it lands (persons and interventions, contacts,
directory services, …), so that `make demo` always shows the whole product.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from tissage.accounts.models import OrganizationProfile, Team, User
from tissage.accounts.regions import Region
from tissage.accounts.roles import Role
from tissage.activities.demo import build_activities
from tissage.contacts.demo import build_contacts
from tissage.demo.people import build_people
from tissage.directory.demo import build_directory
from tissage.members.demo import build_members
from tissage.orglife.demo import build_orglife
from tissage.programs.demo import build_programs
from tissage.vocabularies.defaults import load_defaults
from tissage.vocabularies.models import Term, Vocabulary

DEMO_PASSWORD = "tissage-demo-2026"  # printed on purpose: the demo only


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: Role
    first_name: str
    last_name: str
    teams: tuple[str, ...]


DEMO_LOGINS = (
    DemoLogin("admin", Role.ADMIN, "Ariane", "Gagnon", ()),
    DemoLogin(
        "direction", Role.DIRECTION, "Denis", "Tremblay", ("Travail de rue", "Milieu scolaire")
    ),
    DemoLogin("intervenante", Role.WORKER, "Isabelle", "Côté", ("Travail de rue",)),
    DemoLogin("intervenant", Role.WORKER, "Karim", "Bouchard", ("Milieu scolaire",)),
    DemoLogin("repertoire", Role.DIRECTORY, "Rosalie", "Lavoie", ()),
    DemoLogin("statistiques", Role.STATISTICS, "Samuel", "Fortin", ()),
)

Progress = Callable[[str], None]


@transaction.atomic
def build_demo_organization(seed: int = 2024, progress: Progress = print) -> list[DemoLogin]:
    rng = random.Random(seed)  # noqa: S311 — invented data, reproducible from the seed
    progress("Profil de l'organisme…")
    profile = OrganizationProfile.current()
    profile.name = "Travail de rue Memphrémagog (démo)"
    profile.region = Region.ESTRIE
    profile.fiscal_year_start_month = 4
    profile.languages = "Français, English"
    profile.privacy_officer = "Ariane Gagnon, directrice générale"
    profile.privacy_officer_email = "confidentialite@example.org"
    profile.save()

    progress("Vocabulaires…")
    load_defaults(Vocabulary, Term)

    progress("Équipes et comptes…")
    teams = {name: Team.objects.get_or_create(name=name)[0] for name in _team_names()}
    for login in DEMO_LOGINS:
        user, _created = User.objects.get_or_create(username=login.username)
        user.role = login.role
        user.first_name, user.last_name = login.first_name, login.last_name
        user.email = f"{login.username}@example.org"
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.teams.set([teams[name] for name in login.teams])
    progress("Personnes, interventions et références…")
    progress("Répertoire des ressources…")
    build_directory(rng, timezone.localdate())
    counts = build_people(rng, timezone.localdate())
    progress("Programmes et inscriptions…")
    build_programs(rng, timezone.localdate())
    progress("Activités collectives…")
    build_activities(rng, timezone.localdate())
    progress("Membres et vie associative…")
    build_members(rng, timezone.localdate())
    build_orglife(rng, timezone.localdate())
    progress("Demandes de la ligne d'information…")
    build_contacts(rng, timezone.localdate())
    progress(", ".join(f"{value} {name}" for name, value in counts.items()))
    return list(DEMO_LOGINS)


def _team_names() -> list[str]:
    return sorted({name for login in DEMO_LOGINS for name in login.teams})
