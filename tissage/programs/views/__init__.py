"""The programs screens, one module per topic; `urls.py` names them all from here."""

from .config import (
    agreement_edit,
    agreement_new,
    configuration,
    funder_edit,
    funder_new,
    program_edit,
    program_new,
    program_targets,
)
from .dashboard import dashboard
from .enrolments import enrolment_detail, enrolment_edit, enrolment_list, enrolment_new
from .home import index
from .needs import needs_evaluations

__all__ = [
    "agreement_edit",
    "agreement_new",
    "configuration",
    "dashboard",
    "enrolment_detail",
    "enrolment_edit",
    "enrolment_list",
    "enrolment_new",
    "funder_edit",
    "funder_new",
    "index",
    "needs_evaluations",
    "program_edit",
    "program_new",
    "program_targets",
]
