"""`tissage report`: build a report for a period and write it in one or more formats.

    tissage report --period 2023-24 --template outreach --format docx,xlsx,pdf,html --out out/

The report is built once, then each renderer writes its file (charts are drawn once for all).
"""

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tissage.accounts.models import OrganizationProfile
from tissage.privacy import audit
from tissage.reports.builder import TemplateNotFound, build_report
from tissage.reports.document import ReportDocument
from tissage.reports.models import ReportTemplate
from tissage.reports.periods import Period, PeriodError, parse_period
from tissage.reports.render import FORMATS, RENDERERS, file_stem, render
from tissage.reports.templates_default import BUILTIN

LANGUAGES = {"fr": "fr-ca", "fr-ca": "fr-ca", "en": "en"}


def parse_formats(text: str) -> list[str]:
    formats: list[str] = []
    for part in text.split(","):
        fmt = part.strip().lower().lstrip(".")
        if not fmt:
            continue
        if fmt not in RENDERERS:
            raise CommandError(
                _("Unknown format “%(format)s”. Choose among: %(formats)s.")
                % {"format": fmt, "formats": ", ".join(RENDERERS)}
            )
        if fmt not in formats:
            formats.append(fmt)
    if not formats:
        raise CommandError(
            _("Give at least one format: %(formats)s.") % {"formats": ", ".join(FORMATS)}
        )
    return formats


def parse_language(text: str) -> str:
    language = LANGUAGES.get(text.strip().lower().replace("_", "-"))
    if language is None:
        raise CommandError(
            _("Unknown language “%(language)s”. Choose fr or en.") % {"language": text}
        )
    return language


def template_codes() -> list[str]:
    saved = ReportTemplate.objects.values_list("code", flat=True)
    return sorted({*BUILTIN, *saved})


def human_size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} B"


class Command(BaseCommand):
    help = gettext_lazy("Build a report for a period and write it in one or more formats.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--period",
            required=True,
            help=gettext_lazy(
                "2023-24, 23/24, 2023-24-S1, 2023, 2024-05 or 2023-04-01..2024-03-31"
            ),
        )
        parser.add_argument("--template", default="outreach", help=gettext_lazy("template code"))
        parser.add_argument(
            "--format",
            dest="formats",
            default=",".join(FORMATS),
            help=gettext_lazy("formats separated by commas: html, xlsx, docx, pdf"),
        )
        parser.add_argument("--out", default=".", help=gettext_lazy("folder to write into"))
        parser.add_argument("--language", default="fr-ca", help=gettext_lazy("fr (default) or en"))

    def handle(self, *args: Any, **options: Any) -> None:
        formats = parse_formats(options["formats"])
        language = parse_language(options["language"])
        start_month = OrganizationProfile.current().fiscal_year_start_month
        try:
            period = parse_period(options["period"], start_month)
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc
        out = Path(options["out"])
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(
                _("Cannot write into “%(folder)s”: %(error)s") % {"folder": out, "error": exc}
            ) from exc
        template = options["template"]
        doc = self._build(template, period, language, options["verbosity"])
        for fmt in formats:
            started = time.perf_counter()
            rendered = render(doc, fmt, stem=file_stem(doc, template))
            path = out / rendered.filename
            path.write_bytes(rendered.content)
            if options["verbosity"] >= 1:
                self.stdout.write(
                    f"  {path}  {human_size(len(rendered.content))}  "
                    f"{time.perf_counter() - started:.2f} s"
                )
        # Aggregates only, but an export all the same: the trail says what left and when.
        audit.record(
            None,
            audit.Action.EXPORT,
            object_type="reports.report",
            object_id=f"{template} {period.start}..{period.end}",
            fields=formats,
        )
        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(_("Report written in %(folder)s.") % {"folder": out})
            )

    def _build(
        self, template: str, period: Period, language: str, verbosity: int
    ) -> ReportDocument:
        def progress(number: int, total: int, key: str) -> None:
            if verbosity >= 1:
                self.stdout.write(f"  [{number}/{total}] {key}")

        if verbosity >= 1:
            self.stdout.write(
                _("Building “%(template)s” for %(period)s…")
                % {"template": template, "period": period.label}
            )
        started = time.perf_counter()
        try:
            doc = build_report(template, period, language=language, progress=progress)
        except TemplateNotFound as exc:
            raise CommandError(
                _("Unknown report template “%(code)s”. Known templates: %(codes)s.")
                % {"code": template, "codes": ", ".join(template_codes())}
            ) from exc
        if verbosity >= 1:
            self.stdout.write(
                _("Built in %(seconds).2f s.") % {"seconds": time.perf_counter() - started}
            )
        return doc
