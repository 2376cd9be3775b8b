"""`tissage retention [--dry-run]`: apply the retention rules, with a report."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tissage.privacy.retention import apply_retention


class Command(BaseCommand):
    help = "Anonymize or delete the records kept longer than their retention rule allows."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count only; change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        results = apply_retention(dry_run=dry_run)
        if not results:
            self.stdout.write("no retention rule: nothing to do")
        verb = "would be" if dry_run else "were"
        for result in results:
            self.stdout.write(
                f"{result.kind}: {result.count} record(s) {verb} {result.action}d "
                f"({result.years} years after the last activity)"
            )
