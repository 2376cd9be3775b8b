"""The report screens, one module per screen."""

from .composer import (
    section_action,
    section_add,
    section_edit,
    template_delete,
    template_edit,
    template_list,
)
from .drilldown import drilldown
from .home import index
from .manual import manual_detail, manual_edit, manual_list, manual_new, manual_value_delete
from .quality import quality_panel
from .report import report_download, report_page, text_edit
from .targets import target_delete, target_list

__all__ = [
    "drilldown",
    "index",
    "manual_detail",
    "manual_edit",
    "manual_list",
    "manual_new",
    "manual_value_delete",
    "quality_panel",
    "report_download",
    "report_page",
    "section_action",
    "section_add",
    "section_edit",
    "target_delete",
    "target_list",
    "template_delete",
    "template_edit",
    "template_list",
    "text_edit",
]
