"""Text helpers for matching what people type against what is stored."""

import re
import unicodedata

_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def match_key(text: str) -> str:
    """A form of `text` that ignores case, accents, apostrophe styles and repeated spaces.

    "Rues / Quartiers", "rues / quartiers " and "RUES / QUARTIERS" give the same key;
    so do "Trouble du spectre de l’autisme" and "Trouble du spectre de l'autisme".
    """
    text = strip_accents(text).replace("\u2019", "'").replace("\u2018", "'")
    return _SPACES.sub(" ", text).strip().casefold()
