"""`tissage audit_verify`: check that no event of the audit trail was changed or removed."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tissage.privacy.audit import verify_chain
from tissage.privacy.models import AuditEvent


class Command(BaseCommand):
    help = "Check the hash chain of the audit trail; fail if an event was changed or removed."

    def handle(self, *args: Any, **options: Any) -> None:
        problems = verify_chain()
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"the audit trail is broken ({len(problems)} problem(s))")
        self.stdout.write(f"audit trail intact: {AuditEvent.objects.count()} events")
