"""`tissage membership_reminders [--days 30] [--dry-run]`: e-mail the members whose membership
ends soon, once per membership (run it daily from cron)."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from tissage.members.reminders import due_reminders, send_reminders


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        return _("E-mail a renewal reminder to members whose membership ends soon.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=30, help=_("Memberships ending within this many days.")
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("List the reminders without sending them.")
        )
        parser.add_argument("--today", help=_("Count from this day (YYYY-MM-DD) instead of today."))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["days"] < 0:
            raise CommandError(_("--days cannot be negative."))
        try:
            today = date.fromisoformat(options["today"]) if options["today"] else None
        except ValueError as exc:
            raise CommandError(_("--today must be a date such as 2024-05-31.")) from exc
        due = list(due_reminders(today or timezone.localdate(), options["days"]))
        if options["dry_run"]:
            # Member numbers only: no name or address in a terminal log.
            for membership in due:
                self.stdout.write(f"{membership.member} {membership.end.isoformat()}")
            self.stdout.write(_("%(count)s reminder(s) would be sent.") % {"count": len(due)})
            return
        sent = send_reminders(due)
        self.stdout.write(_("%(count)s reminder(s) sent.") % {"count": sent})
