"""What an HSDS import found, row by row: errors (nothing was written) and warnings (written,
but something was left out), plus what was created, changed or left as it was.

Messages are English message ids with their parameters, translated when shown, so that the
report follows the language of whoever reads it (French by default).
"""

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from tissage.lib.tabular import excerpt

MAX_ISSUES = 1000  # every issue is counted; the first ones are kept with their details

ERROR = "error"
WARNING = "warning"


@dataclass
class Issue:
    level: str  # ERROR or WARNING
    file: str  # "services.csv", or the JSON file's name
    row: int | str | None  # CSV: the row number as a spreadsheet shows it; JSON: a path
    column: str
    message_id: str
    params: dict[str, Any] = field(default_factory=dict)
    value: str = ""

    @property
    def message(self) -> str:
        text = gettext(self.message_id)
        try:
            return text % self.params if self.params else text
        except (KeyError, TypeError, ValueError):  # a translation that lost a placeholder
            return gettext(self.message_id)

    def as_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }


@dataclass
class Report:
    source: str = ""
    issues: list[Issue] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)  # by level
    created: Counter[str] = field(default_factory=Counter)  # by HSDS table
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)

    def add(
        self,
        level: str,
        file: str,
        row: int | str | None,
        column: str,
        message_id: str,
        params: dict[str, Any] | None = None,
        value: Any = "",
    ) -> None:
        self.counts[level] += 1
        if len(self.issues) < MAX_ISSUES:
            text = "" if value is None else str(value)
            self.issues.append(
                Issue(level, file, row, column, message_id, params or {}, excerpt(text, 200))
            )

    def error(self, *args: Any, **kwargs: Any) -> None:
        self.add(ERROR, *args, **kwargs)

    def warning(self, *args: Any, **kwargs: Any) -> None:
        self.add(WARNING, *args, **kwargs)

    @property
    def ok(self) -> bool:
        return self.counts[ERROR] == 0

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.level == ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.level == WARNING]

    def as_rows(self) -> list[dict[str, Any]]:
        return [issue.as_dict() for issue in self.issues]

    def as_csv(self) -> str:
        """The issues as a CSV file (UTF-8), one per line, in the reader's language."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["level", "file", "row", "column", "value", "message"])
        for row in self.as_rows():
            writer.writerow([row[key] if row[key] is not None else "" for key in row])
        return out.getvalue()

    def lines(self) -> list[str]:
        """The issues as lines of text, for the command line."""
        found = []
        for issue in self.issues:
            where = ":".join(str(part) for part in (issue.file, issue.row, issue.column) if part)
            value = f" [{issue.value}]" if issue.value else ""
            found.append(f"{issue.level.upper()} {where}: {issue.message}{value}")
        hidden = sum(self.counts.values()) - len(self.issues)
        if hidden > 0:
            found.append(gettext("… and %(count)s more.") % {"count": hidden})
        return found
