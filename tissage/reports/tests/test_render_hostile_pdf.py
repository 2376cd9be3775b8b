"""Hostile text in the PDF (issue #9): what people type is printed as text, never obeyed.

The organization's name, a vocabulary label, the names of partner organizations, a manual
indicator's label and definition, the report's title and its edited texts all hold HTML,
CSS and spreadsheet formulas. The PDF must show them literally, and WeasyPrint must fetch
nothing but the `data:` URIs the page carries: no file of the server, no URL.

A second test removes the first layer (escaping) on purpose: raw HTML that asks WeasyPrint to
attach a server file, load a local stylesheet and fetch a URL. The renderer's `url_fetcher`
refuses all of it; the same page printed with WeasyPrint's default fetcher does attach the
file, which proves the check would notice a renderer without the restriction.
"""

from datetime import date
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from tissage.accounts.models import OrganizationProfile
from tissage.directory.models import Organization
from tissage.people.models import Intervention, Person, Referral
from tissage.reports.builder import build_report
from tissage.reports.models import ManualIndicator, ManualValue, ReportTemplate
from tissage.reports.periods import fiscal_year
from tissage.reports.render import pdf
from tissage.reports.templates_default import OUTREACH
from tissage.vocabularies.models import Term

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
FORMULA = '=HYPERLINK("http://example.org","clic")'
STYLE = "</style><style>body{background:url(file:///etc/passwd)}</style>"
LINK = '<link rel="stylesheet" href="file:///etc/passwd">'
SECRET = "SECRET-CONTENT-OF-A-SERVER-FILE"


def attachment(path: Path) -> str:
    return f'<a rel="attachment" href="file://{path}">pièce</a>'


def _text(content: bytes) -> str:
    document = pdfium.PdfDocument(content)
    try:
        return "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def _attachments(content: bytes) -> int:
    document = pdfium.PdfDocument(content)
    try:
        return document.count_attachments()
    finally:
        document.close()


def _squeeze(text: str) -> str:
    """Without whitespace: a long label wraps onto several lines in a table cell."""
    return "".join(text.split())


@pytest.fixture
def fetched(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every URL WeasyPrint asks its fetcher for, allowed or not."""
    import weasyprint

    urls: list[str] = []
    original = weasyprint.URLFetcher.fetch

    def spy(self: Any, url: str, *args: Any, **kwargs: Any) -> Any:
        urls.append(url)
        return original(self, url, *args, **kwargs)

    monkeypatch.setattr(weasyprint.URLFetcher, "fetch", spy)
    return urls


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET)
    return path


@pytest.fixture
def hostile(db: Any, secret_file: Path) -> dict[str, str]:
    """A small organization whose every typed text is hostile; the texts to find in the PDF."""
    texts = {
        "organization": f"Maison {SCRIPT}",
        "problem": f"Logement url(file:///etc/passwd) {STYLE}",
        "partner_img": f"Café {IMG}",
        "partner_formula": FORMULA,
        "manual_label": f"Visites {attachment(secret_file)}",
        "manual_definition": f"Source {LINK}",
        "template": f"Bilan {SCRIPT}",
        "introduction": f"Intro {SCRIPT} {attachment(secret_file)}",
        "conclusion": f"Merci {STYLE} {IMG} {LINK}",
    }
    profile = OrganizationProfile.current()
    profile.name = texts["organization"]
    profile.fiscal_year_start_month = 4
    profile.save()
    problem = Term.objects.of("problem").get(label_fr="Logement")
    problem.label_fr = problem.label_en = texts["problem"]
    problem.save()
    persons = [Person.objects.create(code=f"H{number}") for number in range(6)]
    for number, person in enumerate(persons):
        intervention = Intervention.objects.create(date=date(2023, 5, 1 + number))
        intervention.persons.set([person])
        intervention.problems.set([problem])
        for name in (texts["partner_img"], texts["partner_formula"]):
            organization, _ = Organization.objects.get_or_create(name=name)
            Referral.objects.create(
                date=date(2023, 6, 1), person=person, direction="out", organization=organization
            )
    indicator = ManualIndicator.objects.create(
        code="visits",
        label_fr=texts["manual_label"],
        label_en=texts["manual_label"],
        definition=texts["manual_definition"],
    )
    ManualValue.objects.create(
        indicator=indicator,
        period_start=date(2023, 4, 1),
        period_end=date(2024, 3, 31),
        value=1234,
    )
    manual = {"kind": "manual", "key": "web", "title": {"fr": "Web", "en": "Web"}}
    ReportTemplate.objects.create(
        code="hostile",
        name=texts["template"],
        sections=[*OUTREACH, {**manual, "manual": ["visits"]}],
    )
    return texts


def test_hostile_text_is_printed_literally_and_nothing_is_fetched(
    hostile: dict[str, str], fetched: list[str]
) -> None:
    doc = build_report(
        "hostile",
        fiscal_year(2023),
        language="fr-ca",
        texts={
            "introduction": {"fr-ca": hostile["introduction"]},
            "conclusion": {"fr-ca": hostile["conclusion"]},
        },
    )
    content = pdf.render(doc)
    text = _squeeze(_text(content))
    # A key figure's definition is not printed (in no format): it is stored hostile all the
    # same, so that the day it is printed, the fetch checks below cover it.
    shown = {key: value for key, value in hostile.items() if key != "manual_definition"}
    missing = [key for key, value in shown.items() if _squeeze(value) not in text]
    assert missing == []
    # Nothing but the page's own data: URIs (logo, charts) was even asked for.
    assert fetched, "the spy saw no fetch at all: the charts should be data: URIs"
    assert [url for url in fetched if not url.startswith("data:")] == []
    assert _attachments(content) == 0
    assert SECRET.encode() not in content


RAW_PAGE = """<!doctype html><html><head>
<link rel="stylesheet" href="file://{css}">
<link rel="attachment" href="file://{secret}">
</head><body>
<p>Rapport</p>
<a rel="attachment" href="file://{secret}">pièce</a>
<img src="http://127.0.0.1:9/pixel.png" alt="">
<img src="file:///etc/hostname" alt="">
</body></html>"""


def test_the_fetcher_refuses_files_and_urls_even_in_unescaped_html(
    monkeypatch: pytest.MonkeyPatch, fetched: list[str], secret_file: Path, tmp_path: Path
) -> None:
    import weasyprint

    css = tmp_path / "leak.css"
    css.write_text('body::before { content: "LEAKED-BY-CSS"; }')
    raw = RAW_PAGE.format(css=css, secret=secret_file)
    monkeypatch.setattr(pdf, "print_html", lambda doc, page_size=pdf.PAGE_SIZE: raw)

    content = pdf.render(None)  # type: ignore[arg-type]  (print_html is replaced)
    assert "Rapport" in _text(content)
    assert any(url.startswith("file://") for url in fetched), "the vectors were not tried"
    assert any(url.startswith("http://") for url in fetched), "the vectors were not tried"
    assert _attachments(content) == 0
    assert "LEAKED-BY-CSS" not in _text(content)
    assert SECRET.encode() not in content

    # The same page with WeasyPrint's default fetcher: the file is attached and the local
    # stylesheet applied. This is what the renderer's restriction prevents.
    unrestricted = weasyprint.HTML(string=raw.replace("http://127.0.0.1:9/pixel.png", ""))
    leaked = unrestricted.write_pdf()
    assert _attachments(leaked) >= 1
    assert "LEAKED-BY-CSS" in _text(leaked)
