"""A realistic organization at any size, for benchmarks and load tests (`tissage generate`).

Deterministic from a seed, into an empty database, with a progress line per step. What it
reuses rather than rewrites:

- persons, interventions and referrals: bench/report_data.py's `Synthetic`, drawn from the
  outreach dataset's own distributions (tissage/testdata/outreach-2023-24) over its five
  fiscal years 19/20–23/24, N/17 persons, N/40 referrals, by COPY or executemany;
- directory services: bench/directory_search.py's `generate`, spread over the gazetteer's
  real Québec municipalities (more where more people live), indexed for search;
- programs and enrolments, group activities, members: the demo builders of each app
  (tissage/<app>/demo.py), then more of the same records in bulk to reach the proportions.

Proportions, from the source reports (docs/design REPORTS.md), for N interventions over five
years (an outreach team of the dataset's size records 37,663):

- services: 7,474 × N / 37,663 (the 211's directory beside the dataset), at least 200;
- contacts (the 211's information line): one per intervention, 12 % with an unmet need;
- enrolments: 640 per 1,460 persons who came (the employment centre), so persons × 0.44;
- group-activity sessions: 550 per 37,663 interventions (the dataset's own file);
- members: 175 per 7,533 interventions a year (the peer-support organization), N / 215.

The bench folder of the repository is needed (a source checkout, as for `make bench`).
"""

import datetime
import importlib
import random
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from tissage.accounts.models import OrganizationProfile, Team, User
from tissage.accounts.regions import Region
from tissage.demo.generator import DEMO_LOGINS, DEMO_PASSWORD

BENCH = Path(__file__).resolve().parent.parent.parent / "bench"
TODAY = datetime.date(2024, 3, 31)  # the last day of the dataset's last fiscal year
FIRST = datetime.date(2019, 4, 1)
DATASET_INTERVENTIONS = 37_663
CHUNK = 5_000

Progress = Callable[[str], None]


def bench_module(name: str) -> ModuleType:
    """A module of the repository's bench folder (report_data, directory_search)."""
    if not (BENCH / f"{name}.py").is_file():
        raise RuntimeError(f"{BENCH / name}.py is missing: generate needs a source checkout")
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    return importlib.import_module(name)


def sizes(interventions: int, services: int | None = None) -> dict[str, int]:
    """How many of each record an organization of `interventions` interventions has."""
    persons = max(50, interventions // 17)
    return {
        "interventions": interventions,
        "persons": persons,
        "services": services
        if services is not None
        else max(200, round(7_474 * interventions / DATASET_INTERVENTIONS)),
        "contacts": interventions,
        "enrolments": round(persons * 640 / 1_460),
        "sessions": round(550 * interventions / DATASET_INTERVENTIONS),
        "members": max(20, interventions // 215),
    }


def generate(
    interventions: int, seed: int = 10, services: int | None = None, progress: Progress = print
) -> dict[str, int]:
    """Fill an empty database; returns the planned sizes."""
    from tissage.people.models import Intervention

    if Intervention.objects.exists():
        raise RuntimeError("the database already has interventions: generate into an empty one")
    plan = sizes(interventions, services)
    rng = random.Random(seed)  # noqa: S311 — invented data, reproducible from the seed
    progress(f"Organization and accounts (seed {seed})…")
    _base()
    progress(f"Directory: {plan['services']:,} services…")
    bench_module("directory_search").generate(plan["services"], seed=seed)
    progress(f"Persons, interventions and referrals: {interventions:,} interventions…")
    bench_module("report_data").Synthetic(interventions, seed).run()
    progress(f"Contacts: {plan['contacts']:,}…")
    _contacts(rng, plan["contacts"])
    progress(f"Programs and enrolments: {plan['enrolments']:,}…")
    _programs(rng, plan["enrolments"])
    progress(f"Group activities: {plan['sessions']:,} sessions…")
    _activities(rng, plan["sessions"])
    progress(f"Members: {plan['members']:,}…")
    _members(rng, plan["members"])
    _analyze()
    return plan


@transaction.atomic
def _base() -> None:
    """The demo's profile, teams and sign-in accounts (password DEMO_PASSWORD)."""
    profile = OrganizationProfile.current()
    profile.name = "Organisme généré (banc d'essai)"
    profile.region = Region.ESTRIE
    profile.fiscal_year_start_month = 4
    profile.save()
    teams = {name: Team.objects.get_or_create(name=name)[0] for name in _team_names()}
    password = make_password(DEMO_PASSWORD)
    for login in DEMO_LOGINS:
        user, _created = User.objects.get_or_create(username=login.username)
        user.role = login.role
        user.first_name, user.last_name = login.first_name, login.last_name
        user.email = f"{login.username}@example.org"
        user.password = password
        user.save()
        user.teams.set([teams[name] for name in login.teams])


def _team_names() -> list[str]:
    return sorted({name for login in DEMO_LOGINS for name in login.teams})


def _day(rng: random.Random) -> datetime.date:
    return FIRST + datetime.timedelta(days=rng.randrange((TODAY - FIRST).days + 1))


def _contacts(rng: random.Random, count: int) -> None:
    """The information line's contacts, as tissage/contacts/demo.py makes them, in bulk."""
    from tissage.contacts.demo import _terms
    from tissage.contacts.models import Contact, UnmetNeed
    from tissage.directory.models import Service, TaxonomyTerm

    codes = ["contact_channel", "caller_type", "gender", "age_group", "language"]
    codes += ["municipality", "emergency_service", "referral_source", "special_program"]
    codes += ["unmet_need_reason"]
    vocab = {code: _terms(code) for code in codes}
    needs = list(TaxonomyTerm.objects.filter(active=True, parent__isnull=False).order_by("code"))
    needs = needs[:60]
    services = list(Service.objects.order_by("name", "description")[:200].values_list("pk"))
    navigators = list(User.objects.filter(is_active=True).order_by("pk"))[:4]
    if not needs:
        return

    def pick(code: str, chance: float = 1.0) -> Any:
        terms = vocab[code]
        return rng.choice(terms) if terms and rng.random() < chance else None

    for start in range(0, count, CHUNK):
        contacts, links = [], []
        for _n in range(min(CHUNK, count - start)):
            emergency = pick("emergency_service", 0.08)
            contacts.append(
                Contact(
                    date=_day(rng),
                    time=datetime.time(rng.randrange(8, 19), rng.choice([0, 15, 30, 45])),
                    duration_minutes=rng.choice([3, 5, 8, 10, 15, 20]),
                    channel=pick("contact_channel"),
                    navigator=rng.choice(navigators) if navigators else None,
                    caller_type=pick("caller_type"),
                    gender=pick("gender", 0.95),
                    age_group=pick("age_group", 0.9),
                    language=pick("language"),
                    newcomer=rng.random() < 0.1,
                    municipality=pick("municipality", 0.9),
                    emergency_service=emergency,
                    transferred=emergency is not None and rng.random() < 0.1,
                    heard_from=pick("referral_source", 0.3),
                )
            )
            chosen_needs = rng.sample(needs, rng.choice([1, 1, 2, 3]))
            referred = rng.sample(services, min(len(services), rng.choice([0, 1, 2])))
            program = pick("special_program") if rng.random() < 0.05 else None
            unmet = None
            if rng.random() < 0.12 and vocab["unmet_need_reason"]:
                unmet = (rng.choice(needs), rng.choice(vocab["unmet_need_reason"]))
            links.append((chosen_needs, referred, program, unmet))
        with transaction.atomic():
            Contact.objects.bulk_create(contacts, batch_size=1000)
            needs_rows, referral_rows, program_rows, unmet_rows = [], [], [], []
            for contact, (chosen_needs, referred, program, unmet) in zip(
                contacts, links, strict=True
            ):
                needs_rows += [
                    Contact.needs.through(contact_id=contact.pk, taxonomyterm_id=need.pk)
                    for need in chosen_needs
                ]
                referral_rows += [
                    Contact.referrals.through(contact_id=contact.pk, service_id=pk)
                    for (pk,) in referred
                ]
                if program is not None:
                    program_rows.append(
                        Contact.programs.through(contact_id=contact.pk, term_id=program.pk)
                    )
                if unmet is not None:
                    unmet_rows.append(UnmetNeed(contact=contact, need=unmet[0], reason=unmet[1]))
            for rows in (needs_rows, referral_rows, program_rows, unmet_rows):
                if rows:
                    type(rows[0]).objects.bulk_create(rows, batch_size=2000)


def _programs(rng: random.Random, count: int) -> None:
    """The demo's funders, programs and targets (tissage/programs/demo.py), then enrolments of
    its kind until `count`."""
    from tissage.people.models import Person
    from tissage.programs.demo import _enrolments, build_programs
    from tissage.programs.models import Enrolment, Program
    from tissage.programs.synthetic_specs import SPECS
    from tissage.reports.periods import fiscal_year
    from tissage.vocabularies.models import Term

    build_programs(rng, TODAY)
    made = Enrolment.objects.count()
    persons = list(Person.objects.current().order_by("pk")[: max(1, count * 2)])
    reasons = list(Term.objects.active().of("non_completion_reason"))
    programs = {program.code: program for program in Program.objects.all()}
    year = fiscal_year(TODAY.year if TODAY.month >= 7 else TODAY.year - 1, 7)
    previous = fiscal_year(year.start.year - 1, 7)
    while made < count and persons:
        batch: list[Enrolment] = []
        for period, until in ((previous, previous.end), (year, TODAY)):
            for spec in SPECS:
                batch += _enrolments(
                    rng, spec, programs[spec.code], persons, period, until, TODAY, reasons
                )
        batch = batch[: count - made]
        Enrolment.objects.bulk_create(batch, batch_size=1000)
        made += len(batch)


def _activities(rng: random.Random, count: int) -> None:
    """The demo's activities (tissage/activities/demo.py), then sessions of its series until
    `count`, in the series' proportions."""
    from tissage.activities.demo import SERIES, build_activities
    from tissage.activities.models import Activity, Session

    build_activities(rng, TODAY)
    made = Session.objects.count()
    by_title = {a.title: a for a in Activity.objects.filter(title__in=[s[1] for s in SERIES])}
    series = [(by_title[title], per_year, span) for _k, title, _p, per_year, span in SERIES]
    weights = [per_year for _activity, per_year, _span in series]
    sessions = []
    for _n in range(max(0, count - made)):
        activity, _per_year, (low, high) = rng.choices(series, weights)[0]
        people = rng.randint(low, high)
        sessions.append(
            Session(
                activity=activity,
                date=_day(rng),
                start_time=datetime.time(rng.choice([10, 13, 18]), 0),
                anonymous_count=people,
                participants=people,
            )
        )
    Session.objects.bulk_create(sessions, batch_size=2000)


def _members(rng: random.Random, count: int) -> None:
    from tissage.members.demo import build_members

    with transaction.atomic():
        build_members(rng, TODAY, count=count)


def _analyze() -> None:
    from django.db import connection

    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")


def checksum() -> dict[str, Any]:
    """Counts and a digest of what was generated, independent of random UUIDs: two runs with
    the same seed give the same."""
    import hashlib

    from tissage.activities.models import Session
    from tissage.contacts.models import Contact
    from tissage.directory.models import Service
    from tissage.members.models import Member
    from tissage.people.models import Intervention, Person, Referral
    from tissage.programs.models import Enrolment

    queries = {
        "persons": Person.objects.order_by("code").values_list(
            "code", "gender_id", "age_group_id", "municipality_id"
        ),
        "interventions": Intervention.objects.order_by("pk").values_list(
            "date", "place_id", "duration_minutes"
        ),
        "referrals": Referral.objects.order_by("pk").values_list(
            "date", "person__code", "direction", "organization__name"
        ),
        "services": Service.objects.order_by("name", "description").values_list(
            "name", "description"
        ),
        "contacts": Contact.objects.order_by("pk").values_list(
            "date", "time", "channel_id", "gender_id"
        ),
        "enrolments": Enrolment.objects.order_by("pk").values_list(
            "person__code", "program__code", "start_date", "direct_minutes"
        ),
        "sessions": Session.objects.order_by("pk").values_list(
            "activity__title", "date", "participants"
        ),
        "members": Member.objects.order_by("pk").values_list("name", "email", "municipality"),
    }
    found: dict[str, Any] = {}
    for name, rows in queries.items():
        digest = hashlib.sha256()
        count = 0
        for row in rows.iterator(chunk_size=5000):
            digest.update(repr(row).encode())
            count += 1
        found[name] = (count, digest.hexdigest()[:16])
    return found
