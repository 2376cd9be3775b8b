"""The annual report can count the privacy requests received (access, rectification…)."""

from django.utils.translation import gettext_lazy as _

from tissage.reports.registry import (
    Dimension,
    DimensionKind,
    Indicator,
    Source,
    register_indicator,
    register_source,
)


def register() -> None:
    from tissage.privacy.models import PrivacyRequest

    register_source(
        Source(
            "privacy.requests",
            _("Privacy requests"),
            PrivacyRequest,
            date_path="received_on",
            person_path=None,
            dimensions={
                "kind": Dimension(
                    "kind",
                    _("Request"),
                    "kind",
                    DimensionKind.CHOICE,
                    choices=dict(PrivacyRequest.Kind.choices),
                ),
                "decision": Dimension(
                    "decision",
                    _("Decision"),
                    "decision",
                    DimensionKind.CHOICE,
                    choices=dict(PrivacyRequest.Decision.choices),
                ),
            },
            definition=_("One request of access, rectification, portability or withdrawal."),
        )
    )
    register_indicator(
        Indicator(
            "privacy.requests",
            _("Privacy requests received"),
            "privacy.requests",
            definition=_("Requests of persons about their own information received in the period."),
        )
    )
    register_indicator(
        Indicator(
            "privacy.requests_by_kind",
            _("Privacy requests by kind"),
            "privacy.requests",
            dimension="kind",
            definition=_("Requests received in the period, by what was asked."),
        )
    )
