"""Writes around an import that both the command and the pages make: profiles, the run record
and its audit event, the summary in words."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tissage.people.importing.columns import KIND_LABELS
from tissage.people.models import ImportProfile, ImportRun
from tissage.privacy import audit
from tissage.vocabularies.models import Vocabulary


def do_save_profile(
    kind: str, name: str, columns: dict[str, str], values: dict[str, dict[str, str]]
) -> ImportProfile:
    profile, _created = ImportProfile.objects.update_or_create(
        kind=kind, name=name[:100], defaults={"columns": columns, "values": values}
    )
    return profile


def record_import(request: HttpRequest | None, run: ImportRun, user: Any = None) -> None:
    """One audit event per import (not one per row): what kind of records came in."""
    audit.record(request, audit.Action.CREATE, run, user=user, fields=[run.kind])


def imports_dir() -> Path:
    return Path(settings.DATA_DIR) / "imports"


def stored_file(run: ImportRun) -> Path | None:
    """The uploaded file of a run, only ever inside the imports folder."""
    if not run.stored_path:
        return None
    root = imports_dir().resolve()
    path = (root / run.stored_path).resolve()
    return path if path.is_relative_to(root) and path.is_file() else None


def forget_file(run: ImportRun) -> None:
    """Once imported, the uploaded copy is deleted: the records are in the database."""
    path = stored_file(run)
    if path is not None:
        path.unlink(missing_ok=True)
        if path.parent != imports_dir().resolve() and not any(path.parent.iterdir()):
            path.parent.rmdir()
    ImportRun.objects.filter(pk=run.pk).update(stored_path="")
    run.stored_path = ""


def n(value: int) -> str:
    return number_format(value, force_grouping=True)


def describe(summary: dict[str, Any]) -> list[str]:
    """The summary in sentences, for the command's output and the pages."""
    kind = KIND_LABELS.get(summary.get("kind", ""), "")
    created, existing = summary.get("created", 0), summary.get("existing", 0)
    lines = []
    if summary.get("error_count"):
        count = summary["error_count"]
        return [
            ngettext(
                "%(kind)s: %(count)s error; nothing was imported.",
                "%(kind)s: %(count)s errors; nothing was imported.",
                count,
            )
            % {"kind": kind, "count": n(count)}
        ]
    if summary.get("dry_run"):
        lines.append(
            _("%(kind)s: %(created)s would be created, %(existing)s already imported.")
            % {"kind": kind, "created": n(created), "existing": n(existing)}
        )
    else:
        lines.append(
            _("%(kind)s: %(created)s created, %(existing)s already imported.")
            % {"kind": kind, "created": n(created), "existing": n(existing)}
        )
    if created == 0 and existing:
        lines.append(_("Every row of this file was already imported: nothing was created."))
    if summary.get("workers_created"):
        lines.append(
            _("User accounts created (inactive) for unknown workers: %(count)s.")
            % {"count": n(summary["workers_created"])}
        )
    if summary.get("organizations_created"):
        lines.append(
            _("Organizations added to the directory: %(count)s.")
            % {"count": n(summary["organizations_created"])}
        )
    for code, labels in (summary.get("terms_created") or {}).items():
        vocabulary = Vocabulary.objects.filter(code=code).first()
        lines.append(
            _("New entries in “%(vocabulary)s”: %(labels)s.")
            % {"vocabulary": vocabulary.label if vocabulary else code, "labels": ", ".join(labels)}
        )
    return lines
