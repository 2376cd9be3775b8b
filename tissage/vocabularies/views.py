from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tissage.privacy import audit
from tissage.privacy.access import Perm, requires
from tissage.vocabularies.actions import do_merge_terms, do_rename_term
from tissage.vocabularies.forms import MergeForm, TermForm
from tissage.vocabularies.models import Term, Vocabulary


@requires(Perm.ADMINISTER)
def index(request: HttpRequest) -> HttpResponse:
    vocabularies = Vocabulary.objects.annotate(
        active_count=Count("terms", filter=Q(terms__active=True)), term_count=Count("terms")
    )
    return render(request, "vocabularies/index.html", {"vocabularies": vocabularies})


@requires(Perm.ADMINISTER)
def detail(request: HttpRequest, code: str) -> HttpResponse:
    vocabulary = get_object_or_404(Vocabulary, code=code)
    form = TermForm(request.POST or None, vocabulary=vocabulary)
    if request.method == "POST" and form.is_valid():
        term = form.save(commit=False)
        term.vocabulary = vocabulary
        term.save()
        audit.record(request, audit.Action.CREATE, term)
        messages.success(request, _("Entry “%(label)s” added.") % {"label": term.label})
        return redirect("vocabularies:detail", code=vocabulary.code)
    terms = vocabulary.terms.select_related("merged_into")
    return render(
        request,
        "vocabularies/detail.html",
        {"vocabulary": vocabulary, "terms": terms, "form": form},
    )


@requires(Perm.ADMINISTER)
def edit_term(request: HttpRequest, code: str, term_id: int) -> HttpResponse:
    term = get_object_or_404(Term, pk=term_id, vocabulary__code=code)
    form = TermForm(
        request.POST or None, instance=Term.objects.get(pk=term.pk), vocabulary=term.vocabulary
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        do_rename_term(request, term, data["label_fr"], data["label_en"])
        Term.objects.filter(pk=term.pk).update(order=data["order"], active=data["active"])
        messages.success(request, _("Entry saved."))
        return redirect("vocabularies:detail", code=code)
    return render(request, "vocabularies/term_form.html", {"term": term, "form": form})


@requires(Perm.ADMINISTER)
def merge_term(request: HttpRequest, code: str, term_id: int) -> HttpResponse:
    source = get_object_or_404(Term, pk=term_id, vocabulary__code=code, merged_into__isnull=True)
    form = MergeForm(request.POST or None, source=source)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
        moved = do_merge_terms(request, source, target)
        messages.success(
            request,
            _("“%(source)s” merged into “%(target)s”: %(count)s records updated.")
            % {"source": source.label, "target": target.label, "count": moved},
        )
        return redirect("vocabularies:detail", code=code)
    return render(request, "vocabularies/merge.html", {"term": source, "form": form})
