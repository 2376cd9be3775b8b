"""What the report engine may count in the directory's upkeep: problems reported by the
public, field-level corrections, new records, records verified, e-mails sent to
organizations. The 211 report shows them in its "Directory maintenance" section."""

from typing import Any

from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as noop

from tissage.directory.models import (
    EMAIL_EVENTS,
    ChangeStatus,
    EventKind,
    Feedback,
    FeedbackStatus,
    Metadata,
    MetadataAction,
    ProposedChange,
    Verification,
    VerificationEvent,
    VerificationMethod,
)
from tissage.reports.registry import (
    Dimension,
    DimensionKind,
    Indicator,
    Source,
    register_indicator,
    register_source,
)
from tissage.reports.templates_default import extend_template

# Records a "new record" is: the directory's organizations and services.
RECORD_TYPES = ("organization", "service")


def _choice(code: str, label: Any, choices: Any) -> Dimension:
    return Dimension(code, label, code, DimensionKind.CHOICE, choices=dict(choices))


def register() -> None:
    register_source(
        Source(
            "directory_feedback",
            gettext_lazy("Problems reported by the public"),
            model=Feedback,
            date_path="created_at__date",
            person_path=None,
            definition=gettext_lazy(
                "A problem reported from the public page of a service (report a problem)."
            ),
            dimensions={
                "status": _choice("status", gettext_lazy("Status"), FeedbackStatus.choices)
            },
        )
    )
    register_source(
        Source(
            "directory_changes",
            gettext_lazy("Directory changes"),
            model=Metadata,
            date_path="last_action_date__date",
            person_path=None,
            definition=gettext_lazy("One field of one directory record created or changed."),
            dimensions={
                "resource_type": Dimension(
                    "resource_type",
                    gettext_lazy("Record"),
                    "resource_type",
                    DimensionKind.CHOICE,
                ),
            },
        )
    )
    register_source(
        Source(
            "directory_verifications",
            gettext_lazy("Verifications"),
            model=Verification,
            date_path="verified_on",
            person_path=None,
            definition=gettext_lazy("One organization or service verified."),
            dimensions={
                "method": _choice("method", gettext_lazy("Method"), VerificationMethod.choices)
            },
        )
    )
    register_source(
        Source(
            "directory_events",
            gettext_lazy("Verification log"),
            model=VerificationEvent,
            date_path="at__date",
            person_path=None,
            definition=gettext_lazy("One event of the verification workflow."),
            dimensions={"kind": _choice("kind", gettext_lazy("Event"), EventKind.choices)},
        )
    )
    register_source(
        Source(
            "directory_proposed",
            gettext_lazy("Changes proposed by organizations"),
            model=ProposedChange,
            date_path="decided_at__date",
            person_path=None,
            definition=gettext_lazy("One field an organization proposed to change."),
            dimensions={
                "status": _choice("status", gettext_lazy("Decision"), ChangeStatus.choices)
            },
        )
    )
    for ind in [
        Indicator(
            "directory.feedback",
            gettext_lazy("Problems reported by the public"),
            "directory_feedback",
            dimension="status",
            include_unknown=False,
            definition=gettext_lazy(
                "Problems reported in the period, by their status today (new, processed, rejected)."
            ),
        ),
        Indicator(
            "directory.feedback_processed",
            gettext_lazy("Reported problems processed"),
            "directory_feedback",
            filters=(("status", FeedbackStatus.PROCESSED),),
            definition=gettext_lazy("Problems reported in the period and processed since."),
        ),
        Indicator(
            "directory.corrections",
            gettext_lazy("Corrections"),
            "directory_changes",
            filters=(("last_action_type", MetadataAction.UPDATE),),
            definition=gettext_lazy(
                "Field-level corrections of existing records (organizations, services, "
                "locations, phones, hours…) made in the period, whatever their origin: "
                "verification, update request, reported problem, staff edit."
            ),
        ),
        Indicator(
            "directory.new_records",
            gettext_lazy("New records"),
            "directory_changes",
            filters=(
                ("last_action_type", MetadataAction.CREATE),
                ("resource_type__in", RECORD_TYPES),
                # One row per record: its name (staff form) or its id (HSDS import).
                ("field_name__in", ("name", "id")),
            ),
            definition=gettext_lazy(
                "Organizations and services added to the directory in the period."
            ),
        ),
        Indicator(
            "directory.verified",
            gettext_lazy("Records verified"),
            "directory_verifications",
            dimension="method",
            include_unknown=False,
            definition=gettext_lazy(
                "Organizations and services verified in the period, by method."
            ),
        ),
        Indicator(
            "directory.emails_sent",
            gettext_lazy("E-mails sent to organizations"),
            "directory_events",
            filters=(("kind__in", tuple(str(kind) for kind in EMAIL_EVENTS)),),
            definition=gettext_lazy(
                "Update requests and reminders e-mailed to organizations in the period."
            ),
        ),
        Indicator(
            "directory.proposed_accepted",
            gettext_lazy("Corrections proposed by organizations and accepted"),
            "directory_proposed",
            filters=(("status", ChangeStatus.ACCEPTED),),
            definition=gettext_lazy(
                "Fields corrected by organizations through their update link and accepted "
                "by the team in the period."
            ),
        ),
    ]:
        register_indicator(ind)
    # The 211 report belongs to the contacts app; the section is added when it registers.
    extend_template("i_and_r", SECTIONS)


SECTIONS: list[dict[str, Any]] = [
    {
        "kind": "figures",
        "key": "directory_maintenance",
        "title": noop("Directory maintenance"),
        "indicators": [
            "directory.feedback_processed",
            "directory.corrections",
            "directory.new_records",
            "directory.emails_sent",
            "directory.verified",
            "directory.proposed_accepted",
        ],
    },
    {"kind": "table", "key": "directory_feedback", "indicator": "directory.feedback"},
]
