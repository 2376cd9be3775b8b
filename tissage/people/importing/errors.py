"""The errors of an import: collected all at once, capped, stored untranslated, shown in the
reader's language, downloadable as a CSV report."""

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext as _

from tissage.lib.tabular import Problem, excerpt, write_csv
from tissage.people.importing.columns import fields_of
from tissage.vocabularies.models import Vocabulary

MAX_ERRORS = 1000


class ErrorList:
    """Every problem is counted; the first MAX_ERRORS are kept with their details."""

    def __init__(self, limit: int = MAX_ERRORS) -> None:
        self.limit = limit
        self.kept: list[Problem] = []
        self.count = 0

    def add(self, problem: Problem) -> None:
        self.count += 1
        if len(self.kept) < self.limit:
            problem.value = excerpt(problem.value, 200)
            self.kept.append(problem)

    def extend(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    def __bool__(self) -> bool:
        return self.count > 0

    def as_dicts(self) -> list[dict[str, Any]]:
        return [as_dict(problem) for problem in self.kept]


def as_dict(problem: Problem) -> dict[str, Any]:
    return {
        "row": problem.row,
        "column": problem.column,
        "value": problem.value,
        "message_id": problem.message_id,
        "params": {key: _plain(value) for key, value in problem.params.items()},
    }


def _plain(value: Any) -> Any:
    if isinstance(value, int | float) or value is None:
        return value
    return excerpt(value, 200)  # a parameter may quote a cell: keep the stored summary small


def render_all(errors: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    """Errors as shown: messages in the active language, columns named."""
    labels = {vocabulary.code: vocabulary.label for vocabulary in Vocabulary.objects.all()}
    return [render(error, kind, labels) for error in errors]


def render(error: dict[str, Any], kind: str, labels: dict[str, str]) -> dict[str, Any]:
    params = dict(error.get("params") or {})
    if "vocabulary" in params:
        params["vocabulary"] = labels.get(str(params["vocabulary"]), params["vocabulary"])
    if "field" in params:
        spec = fields_of(kind).get(str(params["field"])) if kind else None
        params["field"] = str(spec.label) if spec else params["field"]
    column = error.get("column") or params.get("field", "")
    try:
        message = gettext(error["message_id"]) % params if params else gettext(error["message_id"])
    except (KeyError, TypeError, ValueError):  # a translation that lost a placeholder
        message = gettext(error["message_id"])
    return {
        "row": error.get("row"),
        "column": column,
        "value": error.get("value", ""),
        "message": message,
    }


def report_csv(summary: dict[str, Any]) -> bytes:
    """The error report: row, column, value, message, one line per error, in French Excel's
    dialect; cells that look like formulas are neutralized."""
    kind = summary.get("kind", "")
    rows: list[list[object]] = []
    for shown in render_all(summary.get("errors", []), kind):
        rows.append([shown["row"] or "", shown["column"], shown["value"], shown["message"]])
    rest = summary.get("error_count", 0) - len(summary.get("errors", []))
    if rest > 0:
        rows.append(["", "", "", _("… and %(count)s more errors not listed.") % {"count": rest}])
    return write_csv([_("Row"), _("Column"), _("Value"), _("Message")], rows)
