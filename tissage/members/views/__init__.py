"""The members screens: the list, a member's page, joining and renewing, payments, categories,
statistics, and the public member directory (bottin)."""

from .categories import category_edit, category_list, category_new
from .members import (
    index,
    member_detail,
    member_edit,
    member_list,
    member_new,
    member_renew,
    payment_new,
)
from .public import directory
from .stats import statistics

__all__ = [
    "category_edit",
    "category_list",
    "category_new",
    "directory",
    "index",
    "member_detail",
    "member_edit",
    "member_list",
    "member_new",
    "member_renew",
    "payment_new",
    "statistics",
]
