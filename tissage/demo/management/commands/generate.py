"""`tissage generate --interventions N --seed S`: a realistic organization of any size, for
benchmarks and load tests (tissage/demo/scale.py)."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tissage.demo.scale import checksum, generate


class Command(BaseCommand):
    help = (
        "Fill an empty database with a realistic organization of N interventions: persons, "
        "referrals, contacts, enrolments, activities, members, directory services."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interventions", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=10)
        parser.add_argument(
            "--services", type=int, help="directory services (default: in proportion)"
        )
        parser.add_argument(
            "--checksum", action="store_true", help="print counts and digests at the end"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["interventions"] < 1:
            raise CommandError("--interventions must be at least 1")
        begun = time.perf_counter()

        def progress(step: str) -> None:
            self.stdout.write(f"  [{time.perf_counter() - begun:6.1f} s] {step}")
            self.stdout.flush()

        try:
            generate(
                options["interventions"], options["seed"], options["services"], progress=progress
            )
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        progress("Done.")
        if options["checksum"]:
            for name, (count, digest) in checksum().items():
                self.stdout.write(f"  {name:<14} {count:>10,}  {digest}")
