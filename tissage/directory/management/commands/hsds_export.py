"""Export the directory as HSDS 3.0: a tabular data package or HSDS JSON, one per language.

    tissage hsds_export exports/hsds                    # exports/hsds/fr/, exports/hsds/en/
    tissage hsds_export exports/hsds --zip --language fr          # exports/hsds/fr.zip
    tissage hsds_export exports/hsds --format json                # hsds-fr.json, hsds-en.json
    tissage hsds_export exports/hsds --include-hidden   # for a partner who keeps the directory

By default the export holds what the public site shows. A confidential address is always
exported as its municipality alone.
"""

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tissage.directory.hsds import validate
from tissage.directory.hsds.jsonio import write_json
from tissage.directory.hsds.serialize import LANGUAGES
from tissage.directory.hsds.tabular import write_package
from tissage.privacy import audit


class Command(BaseCommand):
    help = "Export the directory as an HSDS 3.0 data package or HSDS JSON (one per language)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("target", help="Folder to write into.")
        parser.add_argument("--format", choices=["tabular", "json"], default="tabular")
        parser.add_argument("--language", choices=[*LANGUAGES, "all"], default="all")
        parser.add_argument("--zip", action="store_true", help="One zip file per language.")
        parser.add_argument(
            "--include-hidden",
            action="store_true",
            help="Hidden records, the assurer's e-mail and the change history too.",
        )
        parser.add_argument(
            "--no-validate", action="store_true", help="Skip the JSON Schema check of JSON."
        )
        parser.add_argument("--user", default="", help="User name recorded in the audit trail.")

    def handle(self, *args: Any, **options: Any) -> None:
        target = Path(options["target"])
        languages = LANGUAGES if options["language"] == "all" else (options["language"],)
        staff = options["include_hidden"]
        user = _user(options["user"])
        for language in languages:
            if options["format"] == "json":
                path = target / f"hsds-{language}.json"
                found = write_json(path, language, staff=staff)
                if not options["no_validate"]:
                    _check(found, path)
            else:
                name = f"{language}.zip" if options["zip"] else language
                path = target / name
                write_package(path, language, staff=staff)
            audit.record(
                None,
                audit.Action.EXPORT,
                user=user,
                object_type="directory.hsds_export",
                object_id=f"{options['format']}-{language}",
            )
            self.stdout.write(str(path))


def _check(found: list[dict[str, Any]], path: Path) -> None:
    problems = []
    for organization in found:
        problems += validate.errors(organization, "organization")
        for service in organization.get("services", []):
            problems += validate.errors(service, "service")
    if problems:
        raise CommandError(f"{path}: " + json.dumps(problems[:20], ensure_ascii=False))


def _user(name: str) -> Any:
    if not name:
        return None
    found = get_user_model().objects.filter(username=name).first()
    if found is None:
        raise CommandError(f"Unknown user: {name}")
    return found
