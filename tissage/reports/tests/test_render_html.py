"""The HTML outputs: the standalone file and the fragment the app's report page embeds."""

import re
from dataclasses import replace

import pytest
from PIL import Image

from tissage.reports.render import FORMATS, file_stem, html_fragment, render
from tissage.reports.tests.test_render_dataset import (  # noqa: F401  (a fixture)
    HTML_LIKE,
    LANGUAGES,
    report_docs,
)

# The shared report is built in the test database: a marked test makes pytest-django set it up.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def standalone(report_docs) -> dict[str, str]:  # noqa: F811
    return {lang: render(report_docs[lang], "html").content.decode() for lang in LANGUAGES}


def test_the_formats_are_the_four_of_the_issue():
    assert FORMATS == ("html", "xlsx", "docx", "pdf")


def test_an_unknown_format_is_refused(report_docs):  # noqa: F811
    with pytest.raises(ValueError):
        render(report_docs["en"], "odt")


@pytest.mark.parametrize(
    ("language", "lang", "interventions", "share", "prefix"),
    [
        ("fr-ca", "fr-CA", "1\u00a0205", "50\u00a0%", "rapport-"),
        ("en", "en", "1,205", "50%", "report-"),
    ],
)
def test_the_standalone_file_speaks_the_report_language(
    report_docs,  # noqa: F811
    standalone,
    language,
    lang,
    interventions,
    share,
    prefix,
):
    rendered = render(report_docs[language], "html")
    assert rendered.content_type == "text/html; charset=utf-8"
    assert rendered.filename.startswith(prefix)
    assert rendered.filename.endswith("-2023-24.html")
    html = standalone[language]
    assert html.startswith("<!DOCTYPE html>")
    assert f'<html lang="{lang}">' in html
    assert f"<dd>{interventions}</dd>" in html
    assert f'<td class="num">{share}</td>' in html
    assert html.count("<svg") == len(report_docs[language].charts())


def test_the_standalone_file_needs_nothing_from_outside(standalone):
    html = standalone["fr-ca"]
    # Nothing to fetch: no external src or href, no script, no drill-down into the app.
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "<script" not in html
    assert "/rapports/detail/" not in html
    assert "Content-Security-Policy" in html


def test_the_ids_of_a_page_with_several_charts_are_unique(standalone):
    ids = re.findall(r'\bid="([^"]+)"', standalone["en"])
    assert len(ids) == len(set(ids))


def test_typed_labels_are_escaped(standalone):
    html = standalone["en"]
    assert "<b>Rencontre</b>" not in html
    assert "Café &lt;b&gt;Rencontre&lt;/b&gt; &amp; Cie" in html


def test_the_fragment_has_accessible_tables_and_links_to_the_records(report_docs):  # noqa: F811
    doc = report_docs["en"]
    fragment = html_fragment(doc)
    assert fragment.count("<table") == len(doc.tables())
    assert fragment.count("<caption>") == len(doc.tables())
    assert '<th scope="col"' in fragment
    assert '<th scope="row">' in fragment
    assert 'href="/rapports/detail/?indicator=' in fragment
    for described in re.findall(r'aria-describedby="([^"]+)"', fragment):
        assert f'id="{described}"' in fragment
    # Every table states what it counts, and the definitions close the report.
    for table in doc.tables():
        assert table.definition in fragment
    assert fragment.rindex("report-definitions") > fragment.rindex("<table")
    assert "/rapports/detail/" not in html_fragment(doc, links=False)


def test_the_logo_travels_inside_the_file(report_docs, tmp_path):  # noqa: F811
    logo = tmp_path / "logo.png"
    Image.new("RGB", (40, 20), "#0b5a8a").save(logo)
    doc = replace(report_docs["fr-ca"], logo_path=str(logo))
    html = render(doc, "html").content.decode()
    assert '<img class="report-logo" src="data:image/png;base64,' in html


@pytest.mark.browser
def test_a_browser_opens_the_report(report_docs, page, tmp_path):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    path = tmp_path / "rapport.html"
    path.write_bytes(render(report_docs["fr-ca"], "html").content)
    page.goto(path.as_uri())
    assert page.locator("html").get_attribute("lang") == "fr-CA"
    assert page.get_by_role("heading", level=1).inner_text() == report_docs["fr-ca"].title
    chart = page.locator("figure.report-chart svg").first
    assert chart.is_visible()
    assert chart.bounding_box()["width"] > 300
    assert page.get_by_role("table").count() == len(report_docs["fr-ca"].tables())
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
    serious = [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


@pytest.mark.parametrize(
    ("start", "end", "label", "language", "stem"),
    [
        ("2023-04-01", "2024-03-31", "23/24", "fr-ca", "rapport-outreach-2023-24"),
        ("2023-01-01", "2023-12-31", "2023", "en", "report-outreach-2023"),
        ("2023-04-01", "2023-09-30", "23/24 S1", "fr-ca", "rapport-outreach-23-24-s1"),
    ],
)
def test_file_names_say_what_and_when(report_docs, start, end, label, language, stem):  # noqa: F811
    doc = replace(report_docs[language], period_start=start, period_end=end, period_label=label)
    assert file_stem(doc, "outreach") == stem
    assert render(doc, "xlsx", stem=file_stem(doc, "outreach")).filename == f"{stem}.xlsx"
    untitled = replace(doc, title="Rapport annuel", template_code="")
    assert file_stem(untitled) == stem.replace(
        "outreach", "annuel" if language == "fr-ca" else "rapport-annuel"
    )
