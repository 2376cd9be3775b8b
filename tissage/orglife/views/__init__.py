"""The organizational-life screens: a summary of the year, a list and a form per kind of
record, and each committee with its meetings."""

from .committees import committee_detail, meeting_delete, meeting_edit
from .home import index
from .records import item_delete, item_edit, item_list, item_new

__all__ = [
    "committee_detail",
    "index",
    "item_delete",
    "item_edit",
    "item_list",
    "item_new",
    "meeting_delete",
    "meeting_edit",
]
