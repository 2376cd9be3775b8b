"""Words as search sees them: lower case, no accents, no small words, French light stems.

The same function prepares the indexed text and the query, so "Logements", "logement" and
"LOGEMENT" meet on "logement", "santé mentale" and "sante mentales" on "sant mental".
Stems are only a little shorter than words, and each query word is matched as a prefix:
"log" finds "logement", "bouffe" finds "bouffe" and "bouffes". SQLite cannot stem French and
PostgreSQL's snowball stemmer would not agree with SQLite; doing it here once gives both
databases the very same words.
"""

import re
from functools import lru_cache

from tissage.lib.text import strip_accents

_WORD = re.compile(r"[a-z0-9]+")

STOP_WORDS = frozenset(
    """
    a au aux avec ce ces cet cette d dans de des du elle en et il ils je j l la le les leur
    leurs lui ma mes mon n ne ni nos notre nous on ou par pas pour qu que qui s sa se ses son
    sur t ta te tes ton tu un une vos votre vous y
    an and are as at be by for from in is it of on or the to with
    """.split()  # noqa: SIM905 — a word list reads better as text
)

# Feminine and derived endings brought back to one form, longest first.
_ENDINGS = (
    ("trice", "teur"),
    ("euse", "eur"),
    ("ive", "if"),
    ("elle", "el"),
    ("enne", "en"),
    ("ette", "et"),
    ("ere", "er"),
)


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light French stemmer: plural, then feminine, then a final e. Short words stay."""
    if len(word) < 4 or word.isdigit():
        return word
    if word.endswith("eaux"):
        word = word[:-1]
    elif word.endswith("aux") and len(word) > 4:
        word = word[:-3] + "al"
    elif word.endswith(("eux", "oux")) or (word.endswith("s") and not word.endswith("ss")):
        word = word[:-1]
    for ending, replacement in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)] + replacement
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def words(text: str) -> list[str]:
    """The normalized words of `text`, in order, small words left out."""
    return list(_words(text))


# Indexing reads the same texts again and again: every service of a category carries the
# category's names and lay words, every service of a town the town's name.
@lru_cache(maxsize=1 << 14)
def _words(text: str) -> tuple[str, ...]:
    text = strip_accents(text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae")).lower()
    return tuple(
        stem(word) for word in _WORD.findall(text) if word not in STOP_WORDS and len(word) > 1
    )


def document(*texts: str) -> str:
    return " ".join(word for text in texts if text for word in _words(text))


MAX_QUERY_WORDS = 8


def query_words(text: str) -> list[str]:
    """The distinct words of a query, in order, at most MAX_QUERY_WORDS."""
    seen: list[str] = []
    for word in words(text):
        if word not in seen:
            seen.append(word)
    return seen[:MAX_QUERY_WORDS]


def token(text: str) -> str:
    """A place or code as one index token: "Le Val-Saint-François" → "levalsaintfrancois"."""
    return "".join(_WORD.findall(strip_accents(text).lower()))
