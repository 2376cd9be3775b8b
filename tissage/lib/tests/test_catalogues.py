"""The French and English catalogues are complete, compiled, and hold every string in the code."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parents[2]
LOCALES = ["fr_CA", "en"]


def catalogue(locale: str) -> polib.POFile:
    return polib.pofile(str(PACKAGE / "locale" / locale / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("locale", LOCALES)
def test_every_string_is_translated(locale):
    po = catalogue(locale)
    assert len(po) > 100
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []


@pytest.mark.parametrize("locale", LOCALES)
def test_the_compiled_catalogue_matches_its_source(locale):
    po = catalogue(locale)
    mo = polib.mofile(str(PACKAGE / "locale" / locale / "LC_MESSAGES" / "django.mo"))
    compiled = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in mo}
    for entry in po.translated_entries():
        if not entry.msgid_plural:
            assert compiled.get((entry.msgctxt, entry.msgid)) == entry.msgstr, entry.msgid


def test_the_catalogues_hold_every_string_of_the_code(tmp_path):
    """Extract the strings again, as `make messages` would, and compare."""
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext is missing: `make test` installs it (scripts/install-system-deps)")
    copy = tmp_path / "tissage"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "fr_CA", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"DJANGO_SETTINGS_MODULE": "tissage.settings", "PATH": "/usr/bin:/bin",
             "PYTHONPATH": str(PACKAGE.parent), "TISSAGE_DATA_DIR": str(tmp_path / "data")},
    )  # fmt: skip
    extracted = {e.msgid for e in polib.pofile(str(copy / "locale/fr_CA/LC_MESSAGES/django.po"))}
    known = {entry.msgid for entry in catalogue("fr_CA") if not entry.obsolete}
    missing = sorted(extracted - known)
    assert missing == [], "run `make messages` and translate: " + "; ".join(missing[:10])
