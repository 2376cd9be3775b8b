from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tissage.accounts.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database into one archive with a manifest (see docs/security.md)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--out", type=Path, default=None, help="folder (default: data/backups)")

    def handle(self, *args: Any, **options: Any) -> None:
        out = options["out"] or Path(settings.DATA_DIR) / "backups"
        try:
            archive = backup(out)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(archive))
