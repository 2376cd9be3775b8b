"""The languages a service may be offered in, by ISO 639 code (HSDS `language.code`)."""

from django.utils.translation import gettext_lazy as _

LANGUAGES = {
    "fr": _("French"),
    "en": _("English"),
    "es": _("Spanish"),
    "ar": _("Arabic"),
    "zh": _("Chinese"),
    "uk": _("Ukrainian"),
    "ru": _("Russian"),
    "pt": _("Portuguese"),
    "ht": _("Haitian Creole"),
    "fa": _("Persian"),
    "vi": _("Vietnamese"),
    "tl": _("Tagalog"),
    "iu": _("Inuktitut"),
    "cr": _("Cree"),
    "fcs": _("Quebec Sign Language (LSQ)"),
    "ase": _("American Sign Language (ASL)"),
}

# The French name stored in Language.name (HSDS wants a name; the record is French first).
FRENCH_NAMES = {
    "fr": "Français",
    "en": "Anglais",
    "es": "Espagnol",
    "ar": "Arabe",
    "zh": "Chinois",
    "uk": "Ukrainien",
    "ru": "Russe",
    "pt": "Portugais",
    "ht": "Créole haïtien",
    "fa": "Persan",
    "vi": "Vietnamien",
    "tl": "Tagalog",
    "iu": "Inuktitut",
    "cr": "Cri",
    "fcs": "Langue des signes québécoise (LSQ)",
    "ase": "American Sign Language (ASL)",
}


def label(code: str, fallback: str = "") -> str:
    return str(LANGUAGES.get(code, fallback or code))


def choices() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in LANGUAGES.items()]
