"""`tissage import`: persons, interventions or referrals from a CSV or XLSX file, or a whole
folder (personnes, interventions, references) at once; all or nothing."""

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tissage.lib.tabular import TabularError, check_size
from tissage.people.importing import engine
from tissage.people.importing.actions import describe, do_save_profile, n, record_import
from tissage.people.importing.columns import KIND_LABELS, KINDS, columns_for
from tissage.people.importing.errors import render_all, report_csv
from tissage.people.models import ImportProfile, ImportRun

# The files of a dataset folder, in the order they depend on each other.
DATASET = [
    ("persons", ("personnes", "persons")),
    ("interventions", ("interventions",)),
    ("referrals", ("references", "références", "referrals")),
]
SHOWN_ERRORS = 50


class ProgressBar:
    """A bar on stderr: redrawn in place every 2 % on a terminal, a line every 10 % otherwise
    (a log file or CI output)."""

    def __init__(self, label: str, stream: OutputWrapper) -> None:
        self.label = label
        self.stream = stream
        self.tty = stream.isatty()
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        step = percent - percent % (2 if self.tty else 10)
        if step == self.shown:
            return
        self.shown = step
        bar = "#" * (step // 5) + "-" * (20 - step // 5)
        line = f"{self.label} [{bar}] {step:3d} %"
        if self.tty:
            self.stream.write("\r" + line, ending="\n" if step >= 100 else "")
        else:
            self.stream.write(line)
        self.stream.flush()


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        # Read when the help is shown, in the language active then (argparse wants a str).
        return _("Import persons, interventions or referrals from a CSV or XLSX file.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help=_("the CSV or XLSX file"))
        parser.add_argument("--kind", choices=KINDS, help=_("what the file holds"))
        parser.add_argument(
            "--dataset",
            metavar="DIR",
            help=_("a folder with personnes.csv, interventions.csv and references.csv"),
        )
        parser.add_argument("--profile", metavar="NAME", help=_("the saved column mapping to use"))
        parser.add_argument(
            "--save-profile", metavar="NAME", help=_("save the column mapping under this name")
        )
        parser.add_argument("--dry-run", action="store_true", help=_("check, save nothing"))
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help=_("add values not found in a vocabulary as new entries"),
        )
        parser.add_argument(
            "--user", metavar="NAME", help=_("the user name recorded as the importer")
        )
        parser.add_argument("--report", metavar="FILE", help=_("write the error report here"))

    def handle(self, *args: Any, **options: Any) -> None:
        files = self._files(options)
        user = self._user(options["user"])
        outcome: list[tuple[str, Path, dict[str, Any], dict[str, str], dict[str, Any]]] = []
        failed: dict[str, Any] | None = None
        with transaction.atomic():
            for kind, path in files:
                summary, columns, values = self._import(kind, path, options, user)
                summary["dry_run"] = options["dry_run"]
                for line in describe(summary):
                    self.stdout.write(line)
                if summary["error_count"]:
                    failed = summary
                    transaction.set_rollback(True)
                    break
                outcome.append((kind, path, summary, columns, values))
            else:
                if options["dry_run"]:
                    transaction.set_rollback(True)
                    self.stdout.write(_("Dry run: nothing was saved."))
                else:
                    for kind, path, summary, columns, values in outcome:
                        run = ImportRun.objects.create(
                            kind=kind,
                            file_name=path.name[:255],
                            status=ImportRun.Status.IMPORTED,
                            columns=columns,
                            values=values,
                            summary=summary,
                            created_by=user,
                        )
                        record_import(None, run, user=user)
        if failed is not None:
            self._fail(failed, options["report"])
        if options["save_profile"]:
            for kind, _path, _summary, columns, values in outcome:
                do_save_profile(kind, options["save_profile"], columns, values)
                self.stdout.write(
                    _("Column mapping saved as “%(name)s”.") % {"name": options["save_profile"]}
                )

    def _files(self, options: dict[str, Any]) -> list[tuple[str, Path]]:
        if options["dataset"]:
            folder = Path(options["dataset"])
            if not folder.is_dir():
                raise CommandError(_("%(path)s is not a folder.") % {"path": folder})
            found = []
            for kind, stems in DATASET:
                for stem in stems:
                    matches = [folder / f"{stem}{ext}" for ext in (".csv", ".xlsx")]
                    path = next((p for p in matches if p.is_file()), None)
                    if path is not None:
                        found.append((kind, path))
                        break
            if not found:
                raise CommandError(
                    _("No personnes, interventions or references file in this folder.")
                )
            return found
        if not options["file"] or not options["kind"]:
            raise CommandError(_("Give a file and its --kind, or a --dataset folder."))
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("%(path)s is not a file.") % {"path": path})
        return [(options["kind"], path)]

    def _user(self, username: str | None) -> Any:
        if not username:
            return None
        user = get_user_model().objects.filter(username__iexact=username).first()
        if user is None:
            raise CommandError(_("No user named %(name)s.") % {"name": username})
        return user

    def _import(
        self, kind: str, path: Path, options: dict[str, Any], user: Any
    ) -> tuple[dict[str, Any], dict[str, str], dict[str, Any]]:
        profile = None
        if options["profile"]:
            profile = ImportProfile.objects.filter(kind=kind, name=options["profile"]).first()
            if profile is None:
                raise CommandError(
                    _("No %(kind)s profile named “%(name)s”.")
                    % {"kind": KIND_LABELS[kind], "name": options["profile"]}
                )
        try:
            check_size(path.stat().st_size)  # before reading a file that may be huge
            table = engine.read(path.read_bytes(), path.name)
        except TabularError as error:
            return engine.failed(kind, error).as_dict(), {}, {}
        columns = columns_for(kind, table.headers, profile.columns if profile else None)
        values = dict(profile.values) if profile else {}
        self.stdout.write(
            _("%(file)s: %(rows)s rows of %(kind)s.")
            % {"file": path.name, "rows": n(len(table.rows)), "kind": KIND_LABELS[kind]}
        )
        bar = ProgressBar(path.name, self.stderr)
        options_ = engine.Options(columns, values, options["create_missing"], user=user)
        summary = engine.run(kind, table, options_, progress=bar)
        return summary.as_dict(), columns, values

    def _fail(self, summary: dict[str, Any], report: str | None) -> None:
        kind = summary["kind"]
        for shown in render_all(summary["errors"][:SHOWN_ERRORS], kind):
            where = []
            if shown["row"]:
                where.append(_("row %(row)s") % {"row": shown["row"]})
            if shown["column"]:
                where.append(_("column “%(column)s”") % {"column": shown["column"]})
            prefix = ", ".join(where)
            self.stderr.write(f"{prefix}: {shown['message']}" if prefix else shown["message"])
        hidden = summary["error_count"] - min(len(summary["errors"]), SHOWN_ERRORS)
        if hidden > 0:
            self.stderr.write(_("… and %(count)s more errors.") % {"count": n(hidden)})
        if report:
            Path(report).write_bytes(report_csv(summary))
            self.stderr.write(_("Error report written to %(path)s.") % {"path": report})
        count = summary["error_count"]
        raise CommandError(
            ngettext(
                "The import failed: %(count)s error; nothing was saved.",
                "The import failed: %(count)s errors; nothing was saved.",
                count,
            )
            % {"count": n(count)}
        )
