"""The annual report counts the extractions answered (the “211” question)."""

from django.utils.translation import gettext_lazy as _

from tissage.reports.registry import Indicator, Source, register_indicator, register_source


def register() -> None:
    from tissage.extractions.models import ExtractionRequest

    register_source(
        Source(
            "privacy.extractions",
            _("De-identified extractions"),
            ExtractionRequest,
            date_path="date",
            person_path=None,
            definition=_("One de-identified extraction answered."),
        )
    )
    register_indicator(
        Indicator(
            "privacy.extractions",
            _("De-identified extractions answered"),
            "privacy.extractions",
            definition=_("Requests for de-identified data answered in the period."),
        )
    )
