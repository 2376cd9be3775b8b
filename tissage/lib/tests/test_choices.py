"""Choice fields read their options in one plain query (tissage/lib/choices.py)."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tissage.lib.choices import ModelChoiceField, ModelMultipleChoiceField
from tissage.vocabularies.models import Term

pytestmark = pytest.mark.django_db


def test_the_same_options_as_djangos_fields_in_one_query_without_a_cursor():
    terms = Term.objects.of("place").order_by("order", "label_fr")
    assert terms.count() > 3  # the default vocabularies
    pairs = [
        (ModelChoiceField(terms, empty_label="—"), forms.ModelChoiceField(terms, empty_label="—")),
        (ModelMultipleChoiceField(terms), forms.ModelMultipleChoiceField(terms)),
    ]
    for listed, django_own in pairs:
        expected = [(str(value), label) for value, label in django_own.choices]
        with CaptureQueriesContext(connection) as queries:
            options = [(str(value), label) for value, label in listed.choices]
        assert options == expected
        assert len(queries) == 1
        assert not queries[0]["sql"].lstrip().upper().startswith("DECLARE")
