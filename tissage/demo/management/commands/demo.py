from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tissage.demo.generator import DEMO_PASSWORD, build_demo_organization


class Command(BaseCommand):
    help = "Crée (ou remet à neuf) l'organisme de démonstration et ses comptes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2024)

    def handle(self, *args: Any, seed: int, **options: Any) -> None:
        logins = build_demo_organization(seed, progress=lambda step: self.stdout.write(f"  {step}"))
        self.stdout.write(self.style.SUCCESS("Organisme de démonstration prêt."))
        self.stdout.write(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD}) :")
        for login in logins:
            self.stdout.write(f"  {login.username:<14} {login.role.label}")
