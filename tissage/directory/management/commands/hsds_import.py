"""Import HSDS 3.0 into the directory: a tabular data package (folder, zip file or
datapackage.json) or HSDS JSON. Every row is checked first; on any error nothing is written
and the report lists each problem with its file, row and column.

    tissage hsds_import partner-export.zip
    tissage hsds_import partner-export/en --language en     # the English texts of a dataset
    tissage hsds_import services.json --check --report problems.csv

Records are matched by their HSDS id: a known id updates the record, a new one creates it;
nothing is deleted. The search index is rebuilt for the services touched.
"""

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tissage.directory import verification
from tissage.directory.hsds.jsonio import KINDS, import_json
from tissage.directory.hsds.serialize import LANGUAGES
from tissage.directory.hsds.tabular import import_package


class Command(BaseCommand):
    help = "Import an HSDS 3.0 data package or HSDS JSON into the directory (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="Folder, zip file, datapackage.json or JSON file.")
        parser.add_argument(
            "--language",
            choices=LANGUAGES,
            default="fr",
            help="Language of the dataset's texts (HSDS: one per dataset).",
        )
        parser.add_argument("--format", choices=["auto", "tabular", "json"], default="auto")
        parser.add_argument(
            "--kind",
            choices=KINDS,
            default="",
            help="HSDS object of the JSON's top-level items, when ambiguous.",
        )
        parser.add_argument("--check", action="store_true", help="Check only; write nothing.")
        parser.add_argument("--report", default="", help="Write the problems to this CSV file.")
        parser.add_argument("--user", default="", help="User name recorded in the history.")

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["source"])
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"Unknown user: {options['user']}")
        who = f"HSDS import ({options['user']})" if user else "HSDS import"
        common = {
            "language": options["language"],
            "updated_by": who,
            "dry_run": options["check"],
            "user": user,
        }
        as_json = options["format"] == "json" or (
            options["format"] == "auto"
            and source.suffix.lower() == ".json"
            and source.name != "datapackage.json"
        )
        if as_json:
            report = import_json(source, kind=options["kind"], **common)
        else:
            report = import_package(source, **common)
        for line in report.lines():
            self.stdout.write(line)
        if options["report"]:
            Path(options["report"]).write_text(report.as_csv(), encoding="utf-8")
        if not report.ok:
            raise CommandError(f"{report.counts['error']} error(s): nothing was imported.")
        if not options["check"]:
            verification.adopt_assured_dates()  # the imported "last checked" dates
        for label, counts in (
            ("created", report.created),
            ("updated", report.updated),
            ("unchanged", report.unchanged),
        ):
            if counts:
                details = ", ".join(f"{table} {count}" for table, count in sorted(counts.items()))
                self.stdout.write(f"{label}: {details}")
        if options["check"]:
            self.stdout.write("Checked: nothing was written (--check).")
