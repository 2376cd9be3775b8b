"""The template composer: duplicate a built-in template, then add, move, change, remove."""

import pytest

from tissage.privacy.models import AuditEvent
from tissage.reports import composer
from tissage.reports.models import ReportTemplate
from tissage.reports.templates_default import OUTREACH


def in_english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def template(db) -> ReportTemplate:
    return composer.do_duplicate("outreach", "Rapport de la rue")


def keys(template: ReportTemplate) -> list[str]:
    template.refresh_from_db()
    return [section["key"] for section in template.sections]


def test_only_report_editors_compose(client_for, template):
    assert client_for("bob").get("/rapports/modeles/").status_code == 200
    for name in ("carol", "frank"):
        client = client_for(name)
        assert client.get("/rapports/modeles/").status_code == 403
        assert client.get(f"/rapports/modeles/{template.code}/").status_code == 403
        response = client.post(
            f"/rapports/modeles/{template.code}/sections/0/action/", {"action": "remove"}
        )
        assert response.status_code == 403
    assert len(keys(template)) == len(OUTREACH)


def test_duplicating_a_built_in_template_resolves_its_words_in_both_languages(client_for, users):
    response = client_for("bob").post(
        "/rapports/modeles/", {"source": "outreach", "name": "Rapport annuel 2024"}
    )
    saved = ReportTemplate.objects.get()
    assert response["Location"] == f"/rapports/modeles/{saved.code}/"
    assert saved.code == "rapport-annuel-2024"
    assert [s["key"] for s in saved.sections] == [s["key"] for s in OUTREACH]
    introduction = saved.sections[0]
    assert set(introduction["title"]) == {"fr", "en"}
    assert introduction["title"]["en"] == "Introduction"
    assert introduction["text"]["en"] == OUTREACH[0]["text"]
    assert "title" not in saved.sections[2]  # a table keeps its indicator's label
    assert AuditEvent.objects.filter(action="create", object_type="reports.reporttemplate").exists()
    # A second copy of the same name gets its own code; none takes a built-in's or a path's.
    again = composer.do_duplicate(saved.code, "Rapport annuel 2024")
    assert again.code == "rapport-annuel-2024-2"
    assert composer.unique_code("Outreach") == "outreach-2"
    assert composer.unique_code("Modèles") == "modeles-2"


def test_the_saved_template_builds_a_report(client_for, template):
    response = client_for("frank").get(f"/rapports/{template.code}/2023-24/")
    assert response.status_code == 200
    assert response.context["name"] == "Rapport de la rue"


def test_add_a_table_section_at_the_end(client_for, template):
    url = f"/rapports/modeles/{template.code}/sections/ajouter/"
    form = client_for("bob").get(url + "?kind=table")
    assert form.status_code == 200
    choices = dict(form.context["form"].fields["indicator"].choices)
    assert "people.gender_share" in choices and "people.interventions" not in choices
    response = client_for("bob").post(
        url,
        {"kind": "table", "indicator": "people.top_types", "top": "5", "chart": "barh",
         "title_fr": "Types", "title_en": "Types"},
    )  # fmt: skip
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.sections[-1] == {
        "kind": "table",
        "key": "top_types",
        "indicator": "people.top_types",
        "top": 5,
        "chart": "barh",
        "title": {"fr": "Types", "en": "Types"},
    }
    assert AuditEvent.objects.filter(action="change", object_id=str(template.pk)).exists()


def test_add_sections_of_other_kinds(client_for, template):
    url = f"/rapports/modeles/{template.code}/sections/ajouter/"
    bob = client_for("bob")
    bob.post(url, {"kind": "figures", "indicators": ["people.interventions", "people.minutes"]})
    bob.post(url, {"kind": "text", "title_fr": "Merci", "title_en": "Thanks", "text_fr": "Merci!"})
    bob.post(url, {"kind": "highlights", "series": ["problems"], "leaders": ["people.places"]})
    template.refresh_from_db()
    figures, text, highlights = template.sections[-3:]
    assert figures["indicators"] == ["people.interventions", "people.minutes"]
    assert text["key"] == "text" and text["text"] == {"fr": "Merci!", "en": ""}
    assert highlights["series"] == ["problems"] and highlights["leaders"] == ["people.places"]
    assert composer.problems(template.sections) == []


def test_invalid_sections_are_refused_with_a_message(client_for, template):
    url = f"/rapports/modeles/{template.code}/sections/ajouter/"
    bob = in_english(client_for("bob"))
    before = keys(template)
    empty = bob.post(url, {"kind": "figures"})
    assert "Choose at least one indicator." in empty.content.decode()
    table = bob.post(url, {"kind": "table", "indicator": "people.interventions"})
    assert table.context["form"].errors["indicator"]
    text = bob.post(url, {"kind": "text", "text_fr": "sans titre"})
    assert "A text section needs a title" in text.content.decode()
    top = bob.post(url, {"kind": "ranking", "indicator": "people.places", "top": "500"})
    assert top.context["form"].errors["top"]
    assert bob.get(url + "?kind=nothing").status_code == 404
    assert keys(template) == before


def test_move_up_down_and_remove(client_for, template):
    bob = client_for("bob")
    base = f"/rapports/modeles/{template.code}/sections/"
    assert keys(template)[:3] == ["introduction", "summary", "gender"]
    bob.post(base + "1/action/", {"action": "up"})
    assert keys(template)[:3] == ["summary", "introduction", "gender"]
    bob.post(base + "1/action/", {"action": "down"})
    assert keys(template)[:3] == ["summary", "gender", "introduction"]
    bob.post(base + "0/action/", {"action": "up"})  # already first: nothing moves
    assert keys(template)[0] == "summary"
    bob.post(base + "0/action/", {"action": "remove"})
    assert keys(template)[:2] == ["gender", "introduction"]
    assert bob.post(base + "99/action/", {"action": "remove"}).status_code == 404
    assert bob.post(base + "0/action/", {"action": "explode"}).status_code == 404


def test_change_a_section_title_and_options(client_for, template):
    bob = client_for("bob")
    index = keys(template).index("municipality")
    url = f"/rapports/modeles/{template.code}/sections/{index}/"
    form = bob.get(url).context["form"]
    assert form.initial["top"] == 3 and form.initial["chart"] == "barh"
    bob.post(
        url,
        {"indicator": "people.municipality_share", "top": "", "chart": "pie",
         "title_fr": "Où vivent les personnes", "title_en": "Where people live"},
    )  # fmt: skip
    template.refresh_from_db()
    section = template.sections[index]
    assert section["key"] == "municipality"
    assert section["title"] == {"fr": "Où vivent les personnes", "en": "Where people live"}
    assert section["chart"] == "pie" and "top" not in section


def test_highlights_placed_before_their_table_over_years_are_reported(client_for, template):
    bob = in_english(client_for("bob"))
    highlights = keys(template).index("highlights")
    for _step in range(highlights):
        bob.post(
            f"/rapports/modeles/{template.code}/sections/{highlights}/action/", {"action": "up"}
        )
        highlights -= 1
    template.refresh_from_db()
    found = composer.problems(template.sections)
    assert len(found) == 2  # problems and types come after
    page = bob.get(f"/rapports/modeles/{template.code}/").content.decode()
    assert "must come before them" in page


def test_rename_and_delete_a_template(client_for, template):
    bob = client_for("bob")
    bob.post(f"/rapports/modeles/{template.code}/", {"name": "Nouveau nom"})
    template.refresh_from_db()
    assert template.name == "Nouveau nom"
    bob.post(f"/rapports/modeles/{template.code}/supprimer/")
    assert not ReportTemplate.objects.exists()
    assert bob.get(f"/rapports/{template.code}/2023-24/").status_code == 404


def test_a_template_naming_a_vanished_indicator_says_so_instead_of_failing(client_for, template):
    template.sections = [*template.sections, {"kind": "table", "key": "x", "indicator": "old.gone"}]
    template.save()
    response = client_for("frank").get(f"/rapports/{template.code}/2023-24/")
    assert response.status_code == 200
    assert response.context["missing"] == ["old.gone"]
    download = client_for("frank").get(f"/rapports/{template.code}/2023-24/telecharger/pdf/")
    assert download.status_code == 404
