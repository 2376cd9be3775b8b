from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from tissage.accounts.models import OrganizationProfile
from tissage.demo.generator import DEMO_PASSWORD, build_demo_organization
from tissage.reports.periods import fiscal_year_of


class Command(BaseCommand):
    help = "Crée (ou remet à neuf) l'organisme de démonstration et ses comptes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument(
            "--report-dir",
            help="où écrire le rapport annuel de démonstration (par défaut : DATA_DIR/rapports)",
        )
        parser.add_argument("--no-report", action="store_true", help="ne pas produire le rapport")

    def handle(self, *args: Any, seed: int, **options: Any) -> None:
        logins = build_demo_organization(seed, progress=lambda step: self.stdout.write(f"  {step}"))
        self.stdout.write(self.style.SUCCESS("Organisme de démonstration prêt."))
        if not options["no_report"]:
            self._annual_report(options["report_dir"] or str(settings.DATA_DIR / "rapports"))
        self.stdout.write(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD}) :")
        for login in logins:
            self.stdout.write(f"  {login.username:<14} {login.role.label}")

    def _annual_report(self, folder: str) -> None:
        """The annual report of the last complete fiscal year, in the four formats."""
        start_month = OrganizationProfile.current().fiscal_year_start_month
        last = fiscal_year_of(timezone.localdate(), start_month).shifted(-1)
        slug = f"{last.start.year}-{(last.start.year + 1) % 100:02d}"
        self.stdout.write(f"Rapport annuel {last.label} de démonstration…")
        call_command(
            "report",
            period=slug,
            template="outreach",
            format="html,pdf,docx,xlsx",
            out=folder,
            stdout=self.stdout,
        )
