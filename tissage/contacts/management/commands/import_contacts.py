"""`tissage import_contacts FILE [--dry-run]`: the contact import from the command line."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tissage.contacts.importing import import_contacts


class Command(BaseCommand):
    help = "Import contacts (information and referral log) from a CSV or XLSX file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check only, save nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        result = import_contacts(path.read_bytes(), path.name, dry_run=options["dry_run"])
        for problem in result.problems:
            where = f"ligne {problem.row} " if problem.row else ""
            where += f"colonne {problem.column} " if problem.column else ""
            self.stderr.write(f"{where}: {problem.message}".lstrip(" :"))
        if result.problems:
            raise CommandError(f"{len(result.problems)} problem(s): nothing was imported.")
        verb = "would be imported" if result.dry_run else "imported"
        self.stdout.write(f"{result.created} contact(s) {verb}, {result.skipped} already imported.")
