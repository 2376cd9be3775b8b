"""What each kind of import can fill, and how column headers are recognized.

Headers are compared without case, accents or punctuation, so "Problématiques",
"problematiques" and "PROBLÉMATIQUE(S)" all find the problem areas.
"""

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tissage.lib.text import match_key

PERSONS = "persons"
INTERVENTIONS = "interventions"
REFERRALS = "referrals"
KINDS = (PERSONS, INTERVENTIONS, REFERRALS)


@dataclass(frozen=True)
class Field:
    name: str
    label: str | Promise
    # text, id, date, time, int, bool, term, person, worker, direction, organization, outcome
    type: str
    required: bool = False
    vocabulary: str = ""
    multi: bool = False
    max_length: int = 0
    synonyms: tuple[str, ...] = ()


def _term(name: str, label: Promise, vocabulary: str, *synonyms: str, **more: object) -> Field:
    return Field(name, label, "term", vocabulary=vocabulary, synonyms=synonyms, **more)  # type: ignore[arg-type]


FIELDS: dict[str, tuple[Field, ...]] = {
    PERSONS: (
        Field(
            "code",
            _("code"),
            "id",
            max_length=30,
            synonyms=(
                "code",
                "code de la personne",
                "code personne",
                "no de dossier",
                "dossier",
                "numero de dossier",
                "identifiant",
                "id",
                "person code",
            ),
        ),
        Field(
            "alias",
            _("alias or nickname"),
            "text",
            max_length=100,
            synonyms=("alias", "surnom", "pseudonyme", "nickname"),
        ),
        Field(
            "first_name", _("first name"), "text", max_length=100, synonyms=("prenom", "first name")
        ),
        Field(
            "last_name",
            _("last name"),
            "text",
            max_length=100,
            synonyms=("nom", "nom de famille", "last name", "surname"),
        ),
        _term("gender", _("gender"), "gender", "genre", "sexe", "gender", "identite de genre"),
        _term(
            "age_group",
            _("age group"),
            "age_group",
            "groupe age",
            "groupe d age",
            "tranche d age",
            "age",
            "age group",
        ),
        Field(
            "birth_year",
            _("year of birth"),
            "int",
            synonyms=("annee de naissance", "naissance", "birth year", "year of birth"),
        ),
        _term(
            "language",
            _("language"),
            "language",
            "langue",
            "langue parlee",
            "langue d usage",
            "language",
        ),
        _term(
            "municipality",
            _("municipality"),
            "municipality",
            "municipalite",
            "ville",
            "municipality",
            "city",
            "lieu de residence",
            "residence",
        ),
        _term(
            "immigration_status",
            _("immigration status"),
            "immigration_status",
            "statut d immigration",
            "statut migratoire",
            "immigration status",
        ),
        Field(
            "country_of_origin",
            _("country of origin"),
            "text",
            max_length=100,
            synonyms=("pays d origine", "pays de naissance", "country of origin"),
        ),
        _term(
            "income_source",
            _("income source"),
            "income_source",
            "source de revenu",
            "source de revenus",
            "revenu",
            "income source",
        ),
        _term(
            "education_level",
            _("education level"),
            "education_level",
            "scolarite",
            "niveau de scolarite",
            "education",
            "education level",
        ),
        Field(
            "newcomer",
            _("newcomer"),
            "bool",
            synonyms=(
                "nouvel arrivant",
                "nouvel arrivant e",
                "personne immigrante recente",
                "newcomer",
            ),
        ),
    ),
    INTERVENTIONS: (
        Field(
            "id",
            _("row identifier"),
            "id",
            max_length=60,
            synonyms=(
                "no",
                "numero",
                "no intervention",
                "numero d intervention",
                "id",
                "identifiant",
                "number",
            ),
        ),
        Field(
            "date",
            _("date"),
            "date",
            required=True,
            synonyms=("date", "date de l intervention", "date intervention"),
        ),
        Field("time", _("time"), "time", synonyms=("heure", "time")),
        Field(
            "persons",
            _("persons"),
            "person",
            required=True,
            multi=True,
            synonyms=(
                "code personne",
                "code de la personne",
                "codes personnes",
                "personne",
                "personnes",
                "code",
                "person",
                "persons",
                "person code",
            ),
        ),
        Field(
            "workers",
            _("workers"),
            "worker",
            multi=True,
            synonyms=(
                "intervenant",
                "intervenante",
                "intervenant e",
                "intervenants",
                "intervenant es",
                "intervenants es",
                "travailleur de rue",
                "worker",
                "workers",
            ),
        ),
        _term(
            "types",
            _("intervention types"),
            "intervention_type",
            "types",
            "type",
            "type d intervention",
            "types d intervention",
            "intervention type",
            "intervention types",
            required=True,
            multi=True,
        ),
        _term(
            "problems",
            _("problem areas"),
            "problem",
            "problematiques",
            "problematique",
            "problemes",
            "problem areas",
            "problems",
            multi=True,
        ),
        _term(
            "place",
            _("place"),
            "place",
            "lieu",
            "lieu d intervention",
            "lieu de l intervention",
            "endroit",
            "place",
            "location",
        ),
        Field(
            "duration_minutes",
            _("duration (minutes)"),
            "int",
            synonyms=(
                "duree min",
                "duree",
                "duree minutes",
                "duree en minutes",
                "minutes",
                "duration",
                "duration minutes",
            ),
        ),
        Field(
            "notes",
            _("confidential notes"),
            "text",
            max_length=10_000,
            synonyms=("notes", "note", "commentaires", "commentaire", "comments"),
        ),
        Field(
            "follow_up",
            _("follow-up needed"),
            "bool",
            synonyms=("suivi", "suivi requis", "a suivre", "follow up"),
        ),
    ),
    REFERRALS: (
        Field(
            "id",
            _("row identifier"),
            "id",
            max_length=60,
            synonyms=("no", "numero", "no reference", "id", "identifiant", "number"),
        ),
        Field(
            "date",
            _("date"),
            "date",
            required=True,
            synonyms=("date", "date de la reference", "date reference"),
        ),
        Field(
            "person",
            _("person"),
            "person",
            required=True,
            synonyms=(
                "code personne",
                "code de la personne",
                "personne",
                "code",
                "person",
                "person code",
            ),
        ),
        Field(
            "direction",
            _("direction"),
            "direction",
            required=True,
            synonyms=("sens", "direction", "sens de la reference", "type de reference"),
        ),
        Field(
            "organization",
            _("organization"),
            "organization",
            required=True,
            max_length=250,
            synonyms=(
                "organisme",
                "organisation",
                "organisme partenaire",
                "ressource",
                "organization",
                "organisme refere",
                "partenaire",
            ),
        ),
        Field(
            "reason",
            _("need or reason"),
            "text",
            max_length=300,
            synonyms=("motif", "raison", "besoin", "reason", "need"),
        ),
        Field(
            "outcome", _("outcome"), "outcome", synonyms=("resultat", "suite", "issue", "outcome")
        ),
        Field(
            "notes",
            _("confidential notes"),
            "text",
            max_length=10_000,
            synonyms=("notes", "note", "commentaires", "commentaire", "comments"),
        ),
    ),
}

KIND_LABELS = {
    PERSONS: _("Persons"),
    INTERVENTIONS: _("Interventions"),
    REFERRALS: _("Referrals"),
}


def fields_of(kind: str) -> dict[str, Field]:
    return {spec.name: spec for spec in FIELDS[kind]}


def header_key(header: str) -> str:
    """ "Intervenant·e", "Durée (minutes)", "code_personne" → "intervenant e", "duree minutes",
    "code personne"."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", match_key(header)).split())


def auto_columns(kind: str, headers: list[str]) -> dict[str, str]:
    """{header: field name} for the headers recognized, each field used once."""
    by_key: dict[str, str] = {}
    for spec in FIELDS[kind]:
        for synonym in (spec.name, *spec.synonyms):
            by_key.setdefault(header_key(synonym), spec.name)
    found: dict[str, str] = {}
    used: set[str] = set()
    for header in headers:
        name = by_key.get(header_key(header)) if header else None
        if name and name not in used:
            found[header] = name
            used.add(name)
    return found


def columns_for(kind: str, headers: list[str], saved: dict[str, str] | None) -> dict[str, str]:
    """A saved mapping (a profile's) for the headers it knows, recognition for the others."""
    known = fields_of(kind)
    saved = {h: f for h, f in (saved or {}).items() if h in headers and f in known}
    found = dict(saved)
    used = set(saved.values())
    for header, name in auto_columns(kind, headers).items():
        if header not in saved and name not in used:
            found[header] = name
            used.add(name)
    return found
