from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tissage.privacy.access import Perm, persons_for, requires
from tissage.programs.actions import do_record_evaluation
from tissage.programs.dashboard import agreement_year
from tissage.programs.forms import NeedsEvaluationForm
from tissage.programs.metrics import quarters
from tissage.programs.models import NeedsEvaluation
from tissage.reports.periods import fiscal_year_of


@requires(Perm.PROGRAM_MANAGE)
def needs_evaluations(request: HttpRequest) -> HttpResponse:
    """Record a needs evaluation; see the latest ones and the count of each quarter."""
    form = NeedsEvaluationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        evaluation = form.save(commit=False)
        evaluation.person = form.person
        do_record_evaluation(request, evaluation)
        messages.success(request, _("Needs evaluation saved."))
        return redirect("programs:needs")
    # Evaluations without a person, or of a person this user may see.
    visible = NeedsEvaluation.objects.filter(person__isnull=True) | NeedsEvaluation.objects.filter(
        person__in=persons_for(request.user)
    )
    latest = visible.select_related("person", "program").order_by("-date", "-pk")
    page = Paginator(latest, 25).get_page(request.GET.get("page"))
    year = agreement_year() or fiscal_year_of(form.initial["date"])
    counts = [
        (part, NeedsEvaluation.objects.filter(date__gte=part.start, date__lte=part.end).count())
        for part in quarters(year)
    ]
    context = {"form": form, "page": page, "query": "", "year": year, "counts": counts}
    return render(request, "programs/needs.html", context)
