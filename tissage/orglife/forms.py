"""Forms of the organizational-life screens: one per kind of record, and the meeting form."""

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tissage.accounts.models import User
from tissage.accounts.roles import Role
from tissage.orglife.models import (
    Committee,
    MediaAppearance,
    Meeting,
    Partnership,
    Representation,
    SupportSession,
    Training,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEAM_FIELDS = ("attendees", "representatives", "participants")


def team_members(keep: Any = ()) -> QuerySet[User]:
    """The staff who may be named (and those a record already names, even if gone)."""
    roles = [Role.WORKER, Role.DIRECTION, Role.ADMIN]
    return User.objects.filter(Q(is_active=True, role__in=roles) | Q(pk__in=keep)).order_by(
        "first_name", "last_name", "username"
    )


class TeamLabel(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


class OrglifeForm(forms.ModelForm):
    """Dates as date pickers; the team chosen among active staff, by name."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in TEAM_FIELDS:
            if name in self.fields:
                keep = []
                if self.instance.pk:
                    keep = list(getattr(self.instance, name).values_list("pk", flat=True))
                old = self.fields[name]
                self.fields[name] = TeamLabel(
                    queryset=team_members(keep),
                    required=False,
                    label=old.label,
                    widget=forms.CheckboxSelectMultiple,
                )
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DATE


class TrainingForm(OrglifeForm):
    class Meta:
        model = Training
        fields = ["title", "provider", "date", "hours", "attendees", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class CommitteeForm(OrglifeForm):
    class Meta:
        model = Committee
        fields = [
            "name",
            "kind",
            "parent",
            "convener",
            "role",
            "representatives",
            "joined_on",
            "left_on",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parents = Committee.objects.order_by("name")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents


class MeetingForm(OrglifeForm):
    class Meta:
        model = Meeting
        fields = ["date", "attendees", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class RepresentationForm(OrglifeForm):
    class Meta:
        model = Representation
        fields = [
            "kind",
            "title",
            "date",
            "end_date",
            "organizer",
            "place",
            "audience",
            "attendees",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class PartnershipForm(OrglifeForm):
    class Meta:
        model = Partnership
        fields = ["kind", "name", "partners", "start", "end", "amount", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end comes before the start."))
        return data


class MediaForm(OrglifeForm):
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")

    class Meta:
        model = MediaAppearance
        fields = ["date", "kind", "outlet", "program", "topic", "spokesperson", "url"]


class SupportForm(OrglifeForm):
    class Meta:
        model = SupportSession
        fields = ["kind", "date", "participants", "notes"]
        help_texts = {"notes": _("No clinical content here: the topic at most.")}
