"""`tissage import_activities FILE [--dry-run]`: group activities from a CSV or XLSX file,
all or nothing (see tissage/activities/importing.py)."""

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tissage.activities import importing
from tissage.activities.models import ActivityImport
from tissage.lib.tabular import MAX_BYTES
from tissage.privacy import audit

SHOWN_ERRORS = 50


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        return _("Import group activities (one row per session) from a CSV or XLSX file.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=_("the CSV or XLSX file"))
        parser.add_argument("--dry-run", action="store_true", help=_("check, save nothing"))
        parser.add_argument(
            "--user", metavar="NAME", help=_("the user name recorded as the importer")
        )
        parser.add_argument("--report", metavar="FILE", help=_("write the error report here"))

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("%(path)s is not a file.") % {"path": path})
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(_("The file is too large."))
        user = self._user(options["user"])
        summary = importing.run_file(
            path.read_bytes(), path.name, dry_run=options["dry_run"], user=user
        ).as_dict()
        for line in importing.describe(summary):
            self.stdout.write(line)
        if summary["error_count"]:
            for error in importing.render_errors(summary)[:SHOWN_ERRORS]:
                where = ", ".join(
                    part
                    for part in (
                        _("row %(row)s") % {"row": error["row"]} if error["row"] else "",
                        _("column “%(column)s”") % {"column": error["column"]}
                        if error["column"]
                        else "",
                    )
                    if part
                )
                self.stderr.write(f"{where}: {error['message']}" if where else error["message"])
            if options["report"]:
                Path(options["report"]).write_bytes(importing.report_csv(summary))
            raise CommandError(_("Nothing was imported."))
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was saved."))
            return
        run = ActivityImport.objects.create(
            file_name=path.name[:255],
            data=b"",
            status=ActivityImport.Status.IMPORTED,
            summary=summary,
            created_by=user,
        )
        audit.record(None, audit.Action.CREATE, run, user=user, fields=["activities"])

    def _user(self, name: str | None) -> Any:
        if not name:
            return None
        user = get_user_model().objects.filter(username=name).first()
        if user is None:
            raise CommandError(_("No user named “%(name)s”.") % {"name": name})
        return user
