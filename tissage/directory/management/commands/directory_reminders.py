"""`tissage directory_reminders [--dry-run] [--base-url URL]`: expire the update requests whose
link ran out, e-mail a reminder for those unanswered after DIRECTORY_REMINDER_AFTER_DAYS
(14 days), at most DIRECTORY_MAX_REMINDERS (2) per request. Run it once a day (cron)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tissage.directory import update_requests


class Command(BaseCommand):
    help = "Send reminders for unanswered directory update requests and expire old ones."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be done, change nothing."
        )
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "DIRECTORY_PUBLIC_URL", ""),
            help="The site's address for the links (default: DIRECTORY_PUBLIC_URL).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dry_run"]:
            expired = len(update_requests.expiry_due())
            reminded = len(update_requests.reminder_due())
            self.stdout.write(
                f"Dry run: {expired} requests would expire, {reminded} reminders would be sent."
            )
            return
        base_url = options["base_url"]
        if not base_url.startswith(("http://", "https://")):
            raise CommandError(
                "Set DIRECTORY_PUBLIC_URL (e.g. https://tissage.example.org) or pass --base-url."
            )
        counts = update_requests.do_reminders(base_url)
        self.stdout.write(
            f"{counts['expired']} requests expired, {counts['reminded']} reminders sent, "
            f"{counts['failed']} failed."
        )
