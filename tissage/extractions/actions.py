"""Producing one extraction: tables, suppression, file, log entry and audit event, together."""

import hashlib

from django.db import transaction
from django.http import HttpRequest

from tissage.extractions import export
from tissage.extractions.models import ExtractionRequest
from tissage.extractions.tables import Table, series_table, table
from tissage.privacy import audit
from tissage.reports.periods import Period
from tissage.reports.registry import indicator


def build_tables(extraction: ExtractionRequest, period: Period) -> list[Table]:
    tables = []
    for code in extraction.tables:
        ind = indicator(code)
        if extraction.five_years:
            tables.append(series_table(ind, period.previous(4), extraction.threshold))
        else:
            tables.append(table(ind, period, extraction.threshold))
    return tables


@transaction.atomic
def do_extract(
    request: HttpRequest, extraction: ExtractionRequest, period: Period
) -> tuple[ExtractionRequest, bytes]:
    """Save the log entry and return the file; the audit trail gets the table codes only."""
    tables = build_tables(extraction, period)
    content = (
        export.to_xlsx(tables)
        if extraction.format == ExtractionRequest.Format.XLSX
        else export.to_csv(tables)
    )
    extraction.thresholds = {t.code: t.threshold for t in tables}
    extraction.file_sha256 = hashlib.sha256(content).hexdigest()
    extraction.created_by = request.user
    extraction.save()
    audit.record(
        request,
        audit.Action.EXPORT,
        object_type="privacy.extraction",
        object_id=str(extraction.pk),
        fields=list(extraction.tables),
    )
    return extraction, content
