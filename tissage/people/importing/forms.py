import re
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tissage.lib.tabular import MAX_BYTES, MAX_CELL, excerpt
from tissage.people.importing.columns import FIELDS, KIND_LABELS, KINDS, fields_of
from tissage.people.importing.lookups import CREATE
from tissage.people.models import ImportProfile
from tissage.vocabularies.models import Term

MAX_VALUES_SHOWN = 100  # unknown values offered for mapping, per column


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What the file holds"),
        choices=[(kind, KIND_LABELS[kind]) for kind in KINDS],
        initial=KINDS[0],
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("CSV (comma or semicolon) or Excel .xlsx, at most 50 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )
    profile = forms.ModelChoiceField(
        label=gettext_lazy("Saved column mapping"),
        queryset=ImportProfile.objects.all(),
        required=False,
        empty_label=gettext_lazy("None: recognize the columns"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["profile"].label_from_instance = lambda profile: (
            f"{profile.name} ({KIND_LABELS.get(profile.kind, profile.kind)})"
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
                % {"size": round(upload.size / 1_048_576, 1), "limit": MAX_BYTES // 1_048_576}
            )
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        profile = data.get("profile")
        if profile is not None and profile.kind != data.get("kind"):
            self.add_error("profile", _("This mapping is for another kind of records."))
        return data


def safe_file_name(name: str) -> str:
    """The name shown for an uploaded file: no folders, no control characters, not too long."""
    name = re.split(r"[\\/]", name or "")[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip()
    return name[:200] or "fichier"


class MappingForm(forms.Form):
    """One select per column of the file, one per value not found in a vocabulary."""

    profile_name = forms.CharField(
        label=gettext_lazy("Save this mapping for the next files, under the name"),
        max_length=100,
        required=False,
    )

    def __init__(
        self,
        data: Any,
        *,
        kind: str,
        headers: list[str],
        columns: dict[str, str],
        unknown: dict[str, dict[str, int]],
        values: dict[str, dict[str, str]],
    ) -> None:
        super().__init__(data)
        self.kind = kind
        self.headers = headers
        targets = [("", _("— not imported —"))]
        targets += [(spec.name, str(spec.label)) for spec in FIELDS[kind]]
        self.column_fields: list[tuple[int, str]] = []
        for index, header in enumerate(headers):
            if not header:
                continue
            name = f"col{index}"
            self.fields[name] = forms.ChoiceField(
                label=header, choices=targets, required=False, initial=columns.get(header, "")
            )
            self.column_fields.append((index, name))
        # Values not found in a vocabulary: listed by the page from a scan of the file, then
        # posted back in hidden fields, so that saving the choices needs no second scan.
        self.value_fields: dict[str, list[tuple[str, str, int | None]]] = {}
        specs = fields_of(kind)
        for field_name in sorted(set(unknown) | set(values) | self._posted_fields(data)):
            spec = specs.get(field_name)
            if spec is None or not spec.vocabulary or field_name not in columns.values():
                continue
            if data is not None:
                shown = self._posted_values(data, field_name)
            else:
                counts = unknown.get(field_name, {})
                everything = sorted(set(counts) | set(values.get(field_name, {})))
                shown = [(value, counts.get(value)) for value in everything[:MAX_VALUES_SHOWN]]
            if shown:
                self._add_value_fields(spec.name, spec.vocabulary, shown, values)

    @staticmethod
    def _posted_fields(data: Any) -> set[str]:
        if data is None:
            return set()
        return {
            key.split("-")[1] for key in data if key.startswith("value-") and key.count("-") >= 2
        }

    @staticmethod
    def _posted_values(data: Any, field_name: str) -> list[tuple[str, int | None]]:
        found: list[tuple[str, int | None]] = []
        for position in range(MAX_VALUES_SHOWN):
            value = data.get(f"value-{field_name}-{position}")
            if value is None:
                break
            found.append((str(value)[:MAX_CELL], None))
        return found

    def _add_value_fields(
        self,
        field_name: str,
        vocabulary: str,
        shown: list[tuple[str, int | None]],
        values: dict[str, dict[str, str]],
    ) -> None:
        chosen = values.get(field_name, {})
        terms = Term.objects.active().of(vocabulary).order_by("order", "label_fr")
        choices = [("", _("Leave it: report an error")), (CREATE, _("Create a new entry"))]
        choices += [(term.code, term.label) for term in terms]
        for position, (value, count) in enumerate(shown):
            name = f"val-{field_name}-{position}"
            self.fields[name] = forms.ChoiceField(
                label=excerpt(value, 80),
                choices=choices,
                required=False,
                initial=chosen.get(value, ""),
            )
            self.value_fields.setdefault(field_name, []).append((name, value, count))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        seen: dict[str, str] = {}
        for index, name in self.column_fields:
            target = data.get(name)
            if not target:
                continue
            if target in seen:
                label = str(fields_of(self.kind)[target].label)
                self.add_error(
                    name,
                    _("“%(field)s” is already the target of column “%(other)s”.")
                    % {"field": label, "other": seen[target]},
                )
            seen[target] = self.headers[index]
        return data

    def columns(self) -> dict[str, str]:
        return {
            self.headers[index]: self.cleaned_data[name]
            for index, name in self.column_fields
            if self.cleaned_data.get(name)
        }

    def values(self, previous: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        """The previous choices, with those of the values shown replaced by the form's."""
        chosen = {name: dict(entries) for name, entries in previous.items()}
        for field_name, entries in self.value_fields.items():
            bucket = chosen.setdefault(field_name, {})
            for name, value, _count in entries:
                bucket.pop(value, None)
                if self.cleaned_data.get(name):
                    bucket[value] = self.cleaned_data[name]
        return {name: entries for name, entries in chosen.items() if entries}

    def rows(self) -> list[tuple[str, forms.BoundField]]:
        return [(self.headers[index], self[name]) for index, name in self.column_fields]

    def value_rows(self) -> list[tuple[str, list[tuple[forms.BoundField, str, str, Any]]]]:
        """(column label, [(select, name of its hidden field, value, rows)]) for the page."""
        specs = fields_of(self.kind)
        return [
            (
                str(specs[field_name].label),
                [
                    (self[name], name.replace("val-", "value-", 1), value, count)
                    for name, value, count in entries
                ],
            )
            for field_name, entries in self.value_fields.items()
        ]
