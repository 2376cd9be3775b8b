"""Choice fields over a queryset that read their options in one query.

Django's ModelChoiceIterator reads the options through `queryset.iterator()`, which on
PostgreSQL opens a server-side cursor (DECLARE … WITH HOLD, FETCH, CLOSE: three round trips
and a materialized result) for every select of every form shown. Option lists are short —
the entries of a vocabulary, the workers of a team — so one plain query does it: the quick
entry form and the lists' filters show four such selects on each page.
"""

from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator


class ListedChoiceIterator(ModelChoiceIterator):
    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ModelChoiceField(forms.ModelChoiceField):
    iterator = ListedChoiceIterator


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = ListedChoiceIterator
