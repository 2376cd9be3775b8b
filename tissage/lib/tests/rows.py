"""Rows for the query-count tests: `add_<records>(env, start, stop)` creates the records
numbered start…stop-1, each with every relation its list shows (several types, workers,
terms, partners, phones…), and returns the texts a page or an answer must then show."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from tissage.accounts.models import ApiToken, Team, User
from tissage.activities.models import Activity, Attendance, Registration, Session
from tissage.directory.models import (
    Address,
    Attribute,
    Language,
    LinkEntity,
    Location,
    Organization,
    Phone,
    SearchHint,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from tissage.extractions.models import ExtractionRequest
from tissage.members.defaults import load_default_categories
from tissage.members.models import Category, Member, Membership, Payment
from tissage.orglife.models import (
    Committee,
    MediaAppearance,
    Meeting,
    Partnership,
    Representation,
    SupportSession,
    Training,
)
from tissage.people.models import Intervention, Person, Referral
from tissage.privacy import audit
from tissage.privacy.models import AuditEvent, ConfidentialityIncident
from tissage.programs.models import (
    Agreement,
    Enrolment,
    Funder,
    HourBand,
    NeedsEvaluation,
    Program,
)
from tissage.reports.models import ManualIndicator, ManualValue, Report, ReportTemplate, Target
from tissage.vocabularies.models import Term, Vocabulary

DAY = datetime.date(2024, 5, 14)


@dataclass
class Env:
    users: dict[str, User]
    teams: dict[str, Team]

    def terms(self, vocabulary: str, count: int = 2) -> list[Term]:
        return list(Term.objects.active().of(vocabulary).order_by("pk")[:count])

    def organization(self) -> Organization:
        return Organization.objects.get_or_create(name="CLSC de Memphrémagog")[0]


def add_persons(env: Env, start: int, stop: int) -> list[str]:
    """Persons of team "rue", with demographics, interventions and referrals."""
    gender, age, town = env.terms("gender")[0], env.terms("age_group")[0], env.terms("municipality")
    codes = []
    for n in range(start, stop):
        person = Person.objects.create(
            code=f"QC{n:04d}",
            alias=f"Alias {n}",
            birth_year=1990,
            gender=gender,
            age_group=age,
            municipality=town[n % len(town)],
            team=env.teams["rue"],
        )
        codes.append(person.code)
    add_interventions_of(env, codes)
    return codes


def add_interventions_of(env: Env, codes: list[str]) -> None:
    types, problems = env.terms("intervention_type", 3), env.terms("problem", 3)
    place, org = env.terms("place")[0], env.organization()
    for code in codes:
        person = Person.objects.get(code=code)
        intervention = Intervention.objects.create(date=DAY, place=place, duration_minutes=30)
        intervention.persons.add(person)
        intervention.workers.add(env.users["carol"], env.users["bob"])
        intervention.types.add(*types)
        intervention.problems.add(*problems)
        Referral.objects.create(date=DAY, person=person, direction="out", organization=org)


def add_timeline(env: Env, start: int, stop: int) -> list[str]:
    """Interventions and referrals of one person (QC9999), for the page of the file."""
    person, _created = Person.objects.get_or_create(
        code="QC9999", defaults={"team": env.teams["rue"], "alias": "Suivi"}
    )
    types, problems = env.terms("intervention_type", 3), env.terms("problem", 3)
    org = env.organization()
    for n in range(start, stop):
        intervention = Intervention.objects.create(
            date=DAY - datetime.timedelta(days=n), place=env.terms("place")[0]
        )
        intervention.persons.add(person)
        intervention.workers.add(env.users["carol"], env.users["bob"])
        intervention.types.add(*types)
        intervention.problems.add(*problems)
        Referral.objects.create(
            date=DAY - datetime.timedelta(days=n), person=person, direction="in", organization=org
        )
    return ["QC9999"]


def add_duplicates(env: Env, start: int, stop: int) -> list[str]:
    town = env.terms("municipality")[0]
    codes = []
    for n in range(start, stop):
        for copy in ("A", "B"):
            person = Person.objects.create(
                code=f"QD{n:04d}{copy}",
                alias=f"Doublon {n}",
                birth_year=1980,
                municipality=town,
                team=env.teams["rue"],
            )
            codes.append(person.code)
    add_interventions_of(env, codes)
    return codes


def _services_of(org: Organization, location: Location, label: str, count: int) -> None:
    terms = list(TaxonomyTerm.objects.filter(taxonomy__code="open-eligibility")[:3])
    for k in range(count):
        service = Service.objects.create(
            organization=org, name=f"Service {label}-{k} dépannage alimentaire"
        )
        ServiceAtLocation.objects.create(service=service, location=location)
        Phone.objects.create(service=service, number=f"819 555-01{k:02d}")
        Phone.objects.create(location=location, number=f"819 555-02{k:02d}")
        for code in ("fr", "en"):
            Language.objects.create(service=service, code=code, name=code)
        for term in terms:
            Attribute.objects.create(
                taxonomy_term=term, link_entity=LinkEntity.SERVICE, link_id=service.id
            )


def _location(org: Organization, label: str) -> Location:
    location = Location.objects.create(organization=org, name=f"Bureau {label}")
    Address.objects.create(
        location=location, address_1="1, rue Principale", city="Magog", postal_code="J1X 1A1"
    )
    return location


def add_services(env: Env, start: int, stop: int) -> list[str]:
    """Organizations with two services each, at a location with an address and phones, in
    taxonomy terms, in two languages."""
    names = []
    for n in range(start, stop):
        org = Organization.objects.create(name=f"Organisme Q{n:04d}", description="Aide")
        Phone.objects.create(organization=org, number="819 555-0100")
        _services_of(org, _location(org, f"Q{n:04d}"), f"Q{n:04d}", 2)
        names.append(org.name)
    return names


def add_services_of_one(env: Env, start: int, stop: int) -> list[str]:
    """Services and locations of one organization (Organisme suivi), for its page."""
    org = Organization.objects.get_or_create(name="Organisme suivi")[0]
    for n in range(start, stop):
        _services_of(org, _location(org, f"Q{n:04d}"), f"Q{n:04d}", 1)
    return [f"Service Q{n:04d}-0" for n in range(start, stop)]


def add_taxonomy_terms(env: Env, start: int, stop: int) -> list[str]:
    """Local categories, each under a parent, with search hints and services in them."""
    taxonomy = Taxonomy.objects.get_or_create(code="local", defaults={"name": "Locale"})[0]
    parent = TaxonomyTerm.objects.get_or_create(taxonomy=taxonomy, code="q", name="Catégories Q")[0]
    org = Organization.objects.get_or_create(name="Organisme classé")[0]
    for n in range(start, stop):
        term = TaxonomyTerm.objects.create(
            taxonomy=taxonomy, code=f"q{n}", name=f"Catégorie Q{n:04d}", parent=parent
        )
        SearchHint.objects.create(term=term, text=f"mot{n}")
        service = Service.objects.create(organization=org, name=f"Service classé {n}")
        Attribute.objects.create(
            taxonomy_term=term, link_entity=LinkEntity.SERVICE, link_id=service.id
        )
    return [f"Catégorie Q{n:04d}" for n in range(start, stop)]


def add_activities(env: Env, start: int, stop: int) -> list[str]:
    kinds = env.terms("activity_kind", 3)
    partners = [env.organization(), Organization.objects.get_or_create(name="Maison des jeunes")[0]]
    titles = []
    for n in range(start, stop):
        activity = Activity.objects.create(
            title=f"Atelier Q{n:04d}", kind=kinds[n % len(kinds)], place="Magog"
        )
        activity.partners.add(*partners)
        activity.facilitators.add(env.users["carol"], env.users["dave"])
        session = Session.objects.create(activity=activity, date=DAY, anonymous_count=3)
        person = Person.objects.create(code=f"QA{n:04d}", team=env.teams["rue"])
        Registration.objects.create(activity=activity, session=session, person=person, date=DAY)
        titles.append(activity.title)
    return titles


def add_sessions(env: Env, start: int, stop: int) -> list[str]:
    """Sessions and registrations of one activity, for its page."""
    activity = Activity.objects.filter(title="Atelier suivi").first()
    if activity is None:
        activity = Activity.objects.create(
            title="Atelier suivi", kind=env.terms("activity_kind")[0], place="Magog"
        )
        activity.partners.add(env.organization())
        Session.objects.create(activity=activity, date=DAY)
    first = activity.sessions.order_by("pk").first()
    for n in range(start, stop):
        session = Session.objects.create(activity=activity, date=DAY + datetime.timedelta(days=n))
        person = Person.objects.create(code=f"QS{n:04d}", team=env.teams["rue"])
        Registration.objects.create(activity=activity, session=session, person=person, date=DAY)
        Registration.objects.create(activity=activity, person=person, date=DAY)
        Attendance.objects.create(session=first, person=person, eligible=n % 2 == 0)
    return [f"QS{n:04d}" for n in range(start, stop)]


def add_members(env: Env, start: int, stop: int) -> list[str]:
    """Members with two periods each (paid), listed in the public directory."""
    load_default_categories(Category)
    categories = list(Category.objects.order_by("pk")[:2])
    names = []
    for n in range(start, stop):
        member = Member.objects.create(
            name=f"Membre Q{n:04d}",
            email=f"q{n}@example.org",
            organization=env.organization() if n % 2 else None,
            listed_since=DAY,
            services=f"Services Q{n:04d}",
        )
        for year, category in zip((2025, 2026), categories, strict=True):
            day = datetime.date(year, 1, 1)
            membership = Membership.objects.create(
                member=member,
                category=category,
                start=day,
                end=day.replace(year=year + 3),
                fee=category.fee,
            )
            Payment.objects.create(
                membership=membership, amount=Decimal("10"), paid_on=day, method="cash"
            )
        names.append(member.name)
    return names


def add_member_periods(env: Env, start: int, stop: int) -> list[str]:
    """Yearly periods of one member (Membre suivi), each paid in two instalments."""
    load_default_categories(Category)
    categories = list(Category.objects.order_by("pk")[:2])
    member = Member.objects.get_or_create(name="Membre suivi")[0]
    for n in range(start, stop):
        day = datetime.date(2000 + n, 1, 1)
        membership = Membership.objects.create(
            member=member,
            category=categories[n % 2],
            start=day,
            end=day.replace(month=12, day=31),
            fee=categories[n % 2].fee,
        )
        for month in (1, 2):
            Payment.objects.create(
                membership=membership,
                amount=Decimal("5"),
                paid_on=day.replace(month=month),
                method="cash",
            )
    return ["Membre suivi"]


def _programs() -> tuple[Program, Program]:
    funder = Funder.objects.get_or_create(code="mes", defaults={"name": "Services Québec"})[0]
    agreement = Agreement.objects.get_or_create(
        funder=funder,
        name="Entente 2024",
        defaults={"start": datetime.date(2024, 4, 1), "end": datetime.date(2025, 3, 31)},
    )[0]
    return (
        Program.objects.get_or_create(code="pa", defaults={"agreement": agreement, "name": "PA"})[
            0
        ],
        Program.objects.get_or_create(code="pb", defaults={"agreement": agreement, "name": "PB"})[
            0
        ],
    )


def add_enrolments(env: Env, start: int, stop: int) -> list[str]:
    programs = _programs()
    reason, source = env.terms("non_completion_reason")[0], env.terms("referral_source")[0]
    codes = []
    for n in range(start, stop):
        person = Person.objects.create(code=f"QE{n:04d}", team=env.teams["rue"])
        enrolment = Enrolment.objects.create(
            person=person,
            program=programs[n % 2],
            start_date=DAY,
            reason=reason,
            referral_source=source,
        )
        intervention = Intervention.objects.create(date=DAY)
        intervention.persons.add(person)
        intervention.workers.add(env.users["carol"])
        enrolment.interventions.add(intervention)
        NeedsEvaluation.objects.create(date=DAY, person=person, program=programs[n % 2])
        codes.append(person.code)
    return codes


def add_program_config(env: Env, start: int, stop: int) -> list[str]:
    names = []
    for n in range(start, stop):
        funder = Funder.objects.create(code=f"f{n}", name=f"Bailleur Q{n:04d}")
        agreement = Agreement.objects.create(
            funder=funder,
            name=f"Entente Q{n:04d}",
            start=datetime.date(2024, 4, 1),
            end=datetime.date(2025, 3, 31),
        )
        for k in range(2):
            program = Program.objects.create(
                agreement=agreement, code=f"p{n}-{k}", name=f"Programme Q{n}{k}"
            )
            for level, (low, high) in enumerate(((0, 10), (10, None)), start=1):
                HourBand.objects.create(
                    program=program, code=f"N{level}", min_hours=low, max_hours=high
                )
        names.append(agreement.name)
    return names


def add_orglife(env: Env, start: int, stop: int) -> list[str]:
    team = [env.users["carol"], env.users["dave"], env.users["bob"]]
    parent = Committee.objects.get_or_create(name="Table de quartier")[0]
    org = env.organization()
    texts = []
    for n in range(start, stop):
        label = f"Q{n:04d}"
        Training.objects.create(title=f"Formation {label}", date=DAY).attendees.add(*team)
        committee = Committee.objects.create(name=f"Comité {label}", parent=parent)
        committee.representatives.add(*team)
        Meeting.objects.create(committee=committee, date=DAY).attendees.add(*team)
        Representation.objects.create(title=f"Kiosque {label}", date=DAY).attendees.add(*team)
        Partnership.objects.create(name=f"Projet {label}", organization=org, start=DAY)
        MediaAppearance.objects.create(date=DAY, outlet=f"Radio {label}", topic="Itinérance")
        SupportSession.objects.create(
            kind=SupportSession.Kind.values[0], date=DAY, notes=label
        ).participants.add(*team)
        texts.append(label)
    return texts


def add_meetings(env: Env, start: int, stop: int) -> list[str]:
    committee = Committee.objects.get_or_create(name="Comité suivi")[0]
    for n in range(start, stop):
        meeting = Meeting.objects.create(committee=committee, date=DAY - datetime.timedelta(n))
        meeting.attendees.add(env.users["carol"], env.users["dave"])
    return ["Comité suivi"]


def add_audit_events(env: Env, start: int, stop: int) -> list[str]:
    for n in range(start, stop):
        for user in (env.users["carol"], env.users["dave"]):
            AuditEvent.objects.create(
                user=user,
                username=user.username,
                action=audit.Action.READ,
                object_type="people.person",
                object_id=f"QU{n:04d}",
            )
    return [f"QU{n:04d}" for n in range(start, stop)]


def add_incidents(env: Env, start: int, stop: int) -> list[str]:
    for n in range(start, stop):
        ConfidentialityIncident.objects.create(
            information="Courriel envoyé au mauvais partenaire",
            circumstances="Courriel",
            occurred_on=f"Incident Q{n:04d}",
            aware_on=DAY,
            measures="Rappel",
            recorded_by=env.users["alice"],
        )
    return [f"Incident Q{n:04d}" for n in range(start, stop)]


def add_sealed(env: Env, start: int, stop: int) -> list[str]:
    codes = []
    for n in range(start, stop):
        person = Person.objects.create(code=f"QX{n:04d}", team=env.teams["rue"], sealed=True)
        person.allowed_users.add(env.users["alice"], env.users["carol"])
        codes.append(person.code)
    return codes


def add_manual_indicators(env: Env, start: int, stop: int) -> list[str]:
    codes = []
    for n in range(start, stop):
        indicator = ManualIndicator.objects.create(
            code=f"q{n}", label_fr=f"Indicateur Q{n:04d}", label_en=f"Indicator Q{n:04d}"
        )
        for year in (2023, 2024):
            ManualValue.objects.create(
                indicator=indicator,
                period_start=datetime.date(year, 4, 1),
                period_end=datetime.date(year + 1, 3, 31),
                value=Decimal(n),
                entered_by=env.users["alice"],
            )
        codes.append(indicator.label_fr)
    return codes


def add_targets(env: Env, start: int, stop: int) -> list[str]:
    for n in range(start, stop):
        Target.objects.create(
            indicator_code="people.interventions",
            period_start=datetime.date(2000 + n, 4, 1),
            period_end=datetime.date(2001 + n, 3, 31),
            value=Decimal(1000 + n),
        )
    return []


def add_terms(env: Env, start: int, stop: int) -> list[str]:
    vocabulary = Vocabulary.objects.get(code="problem")
    for n in range(start, stop):
        term = Term.objects.create(
            vocabulary=vocabulary, code=f"q{n}", label_fr=f"Terme Q{n:04d}", label_en=f"Q{n}"
        )
        merged = Term.objects.create(
            vocabulary=vocabulary, code=f"q{n}m", label_fr=f"Fusionné {n}", label_en=f"M{n}"
        )
        merged.merged_into = term
        merged.save()
    return [f"Terme Q{n:04d}" for n in range(start, stop)]


def add_reports(env: Env, start: int, stop: int) -> list[str]:
    """Saved reports (their edited texts), each by a user."""
    for n in range(start, stop):
        Report.objects.create(
            template_code="outreach",
            period_start=datetime.date(2000 + n, 4, 1),
            period_end=datetime.date(2001 + n, 3, 31),
            period_label=f"{n:02d}/{n + 1:02d}",
            texts={"intro": {"fr-ca": "Bonjour"}},
            updated_by=env.users["carol" if n % 2 else "dave"],
        )
    return [f"{2000 + n}" for n in range(start, stop)]


def add_report_templates(env: Env, start: int, stop: int) -> list[str]:
    for n in range(start, stop):
        ReportTemplate.objects.create(
            code=f"modele-q{n}",
            name=f"Modèle Q{n:04d}",
            sections=[{"kind": "text", "key": "intro", "title": "Intro", "text": "Bonjour"}],
        )
    return [f"Modèle Q{n:04d}" for n in range(start, stop)]


def add_extractions(env: Env, start: int, stop: int) -> list[str]:
    for n in range(start, stop):
        ExtractionRequest.objects.create(
            requester=f"Chercheuse Q{n:04d}",
            organization="Université de Sherbrooke",
            purpose="Étude",
            period="2023-2024",
            tables=["people.interventions"],
            created_by=env.users["alice"],
        )
    return [f"Chercheuse Q{n:04d}" for n in range(start, stop)]


def add_categories(env: Env, start: int, stop: int) -> list[str]:
    for n in range(start, stop):
        Category.objects.create(code=f"q{n}", name=f"Catégorie Q{n:04d}", fee=Decimal("10"))
    return [f"Catégorie Q{n:04d}" for n in range(start, stop)]


def add_tokens(env: Env, start: int, stop: int) -> list[str]:
    for n in range(start, stop):
        ApiToken.objects.create(user=env.users["bob"], name=f"Jeton Q{n:04d}", key_hash=f"h{n}")
    return [f"Jeton Q{n:04d}" for n in range(start, stop)]


def add_vocabularies(env: Env, start: int, stop: int) -> list[str]:
    for n in range(start, stop):
        vocabulary = Vocabulary.objects.create(
            code=f"q{n}", label_fr=f"Vocabulaire Q{n:04d}", label_en=f"Vocabulary Q{n:04d}"
        )
        for k in range(3):
            Term.objects.create(
                vocabulary=vocabulary, code=f"t{k}", label_fr=f"T{k}", label_en=f"T{k}"
            )
    return [f"q{n}" for n in range(start, stop)]
