import pytest
from django.urls import reverse

from tissage.privacy.models import AuditEvent
from tissage.vocabularies.actions import MergeError, do_merge_terms, do_rename_term
from tissage.vocabularies.defaults import default_vocabularies
from tissage.vocabularies.models import Term, Vocabulary

pytestmark = pytest.mark.django_db


def term(vocabulary: str, label_fr: str) -> Term:
    return Term.objects.get(vocabulary__code=vocabulary, label_fr=label_fr)


class TestDefaults:
    def test_every_default_vocabulary_is_installed_by_the_migrations(self):
        for spec in default_vocabularies():
            vocabulary = Vocabulary.objects.get(code=spec["code"])
            assert vocabulary.terms.count() == len(spec["terms"])

    def test_the_outreach_report_lists_are_there(self):
        assert Term.objects.of("problem").count() == 51
        assert Term.objects.of("intervention_type").count() == 13
        assert Term.objects.of("place").count() == 8
        ages = list(Term.objects.of("age_group").values_list("label_fr", flat=True))
        assert ages == ["0-11", "12-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+"]

    def test_labels_follow_the_interface_language(self):
        from django.utils import translation

        woman = term("gender", "Femme")
        with translation.override("en"):
            assert str(woman) == "Woman"
        with translation.override("fr-ca"):
            assert str(woman) == "Femme"


class TestRename:
    def test_the_old_label_is_kept_for_imports(self):
        place = term("place", "Parcs")
        do_rename_term(None, place, "Parcs et espaces verts", "Parks and green spaces")
        place.refresh_from_db()
        assert place.label_fr == "Parcs et espaces verts"
        assert place.aliases == ["Parcs"]
        assert place.code == "parks" or place.code  # the code never changes

    def test_the_page_renames_and_audits(self, client_for):
        place = term("place", "Parcs")
        response = client_for("alice").post(
            reverse("vocabularies:edit_term", args=["place", place.pk]),
            {"label_fr": "Parcs urbains", "label_en": "Urban parks", "order": 5, "active": "on"},
        )
        assert response.status_code == 302
        place.refresh_from_db()
        assert (place.label_fr, place.order, place.aliases) == ("Parcs urbains", 5, ["Parcs"])
        assert AuditEvent.objects.filter(object_id=str(place.pk), action="change").exists()

    def test_the_code_cannot_be_changed_through_the_page(self, client_for):
        place = term("place", "Parcs")
        code = place.code
        client_for("alice").post(
            reverse("vocabularies:edit_term", args=["place", place.pk]),
            {"label_fr": "Parcs", "label_en": "Parks", "code": "autre", "order": 1},
        )
        place.refresh_from_db()
        assert place.code == code


class TestMerge:
    def test_it_deactivates_the_source_and_keeps_its_labels(self):
        source, target = term("problem", "Alcool"), term("problem", "Toxicomanie et dépendances")
        do_merge_terms(None, source, target)
        source.refresh_from_db()
        target.refresh_from_db()
        assert source.merged_into == target and not source.active
        assert "Alcool" in target.aliases
        assert source.canonical() == target

    def test_chains_resolve_to_the_last_target(self):
        a, b, c = (term("problem", x) for x in ["Alcool", "Jeu pathologique", "Médication"])
        do_merge_terms(None, a, b)
        do_merge_terms(None, b, c)
        a.refresh_from_db()
        assert a.canonical() == c

    def test_it_refuses_other_vocabularies_and_itself(self):
        alcool = term("problem", "Alcool")
        with pytest.raises(MergeError):
            do_merge_terms(None, alcool, term("place", "Parcs"))
        with pytest.raises(MergeError):
            do_merge_terms(None, alcool, alcool)

    def test_the_page_merges(self, client_for):
        source, target = term("problem", "Alcool"), term("problem", "Toxicomanie et dépendances")
        response = client_for("alice").post(
            reverse("vocabularies:merge_term", args=["problem", source.pk]), {"target": target.pk}
        )
        assert response.status_code == 302
        source.refresh_from_db()
        assert source.merged_into == target


class TestAdd:
    def test_an_entry_is_added_with_a_unique_code(self, client_for):
        client = client_for("alice")
        url = reverse("vocabularies:detail", args=["place"])
        data = {"label_fr": "Bibliothèque", "label_en": "Library", "code": "library", "order": 90}
        assert client.post(url, {**data, "active": "on"}).status_code == 302
        response = client.post(url, data)
        assert response.status_code == 200
        assert Term.objects.filter(code="library").count() == 1
