"""The pages of group activities, one module per screen family."""

from .activities import activity_detail, activity_edit, activity_list, activity_new, index
from .imports import import_detail, import_errors, import_run, import_start
from .registrations import registration_cancel, registration_new, registration_promote
from .sessions import attendance, session_edit, session_new
from .summary import summary

__all__ = [
    "activity_detail",
    "activity_edit",
    "activity_list",
    "activity_new",
    "attendance",
    "import_detail",
    "import_errors",
    "import_run",
    "import_start",
    "index",
    "registration_cancel",
    "registration_new",
    "registration_promote",
    "session_edit",
    "session_new",
    "summary",
]
