from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tissage.extractions.actions import do_extract
from tissage.extractions.forms import ExtractionForm
from tissage.extractions.models import ExtractionRequest
from tissage.privacy.access import Perm, requires

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@requires(Perm.AUDIT_VIEW)
def extraction_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(ExtractionRequest.objects.select_related("created_by"), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "extractions/list.html", {"page": page, "query": ""})


@requires(Perm.REPORT_EDIT)
def extraction_create(request: HttpRequest) -> HttpResponse:
    form = ExtractionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        extraction, content = do_extract(request, form.save(commit=False), form.period)
        response = HttpResponse(content, content_type=CONTENT_TYPES[extraction.format])
        name = f"extraction-{extraction.pk}-{extraction.date.isoformat()}.{extraction.format}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(request, "extractions/create.html", {"form": form})
