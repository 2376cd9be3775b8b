"""Staff screens of the taxonomy: the terms with their hints, the organization's own terms."""

import uuid
from collections import defaultdict

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tissage.directory import actions
from tissage.directory.forms import TermForm
from tissage.directory.models import LOCAL, Attribute, LinkEntity, Taxonomy, TaxonomyTerm
from tissage.privacy.access import Perm, can, requires


@requires(Perm.DIRECTORY_VIEW)
def taxonomy(request: HttpRequest) -> HttpResponse:
    terms = list(
        TaxonomyTerm.objects.select_related("taxonomy")
        .annotate(hint_count=Count("hints"))
        .order_by("taxonomy__code", "code")
    )
    used = dict(
        Attribute.objects.filter(link_entity=LinkEntity.SERVICE)
        .values_list("taxonomy_term_id")
        .annotate(n=Count("id"))
    )
    children = defaultdict(list)
    for term in terms:
        term.service_count = used.get(term.id, 0)  # type: ignore[attr-defined]
        children[term.parent_id].append(term)
    rows = []

    def walk(parent: uuid.UUID | None, depth: int) -> None:
        for term in children.get(parent, []):
            rows.append((term, depth))
            walk(term.id, depth + 1)

    walk(None, 0)
    return render(
        request,
        "directory/taxonomy.html",
        {
            "rows": rows,
            "taxonomies": Taxonomy.objects.all(),
            "can_edit": can(request.user, Perm.DIRECTORY_EDIT),
        },
    )


@requires(Perm.DIRECTORY_EDIT)
def term_edit(request: HttpRequest, pk: uuid.UUID | None = None) -> HttpResponse:
    if pk:
        term = get_object_or_404(TaxonomyTerm.objects.select_related("taxonomy"), pk=pk)
        attrs = {}
    else:
        local = Taxonomy.objects.get(code=LOCAL)
        term = TaxonomyTerm(taxonomy=local)
        number = local.terms.count() + 1
        while local.terms.filter(code=f"L{number:03d}").exists():
            number += 1
        attrs = {"taxonomy": local, "code": f"L{number:03d}"}
    form = TermForm(request.POST or None, instance=term)
    if request.method == "POST" and form.is_valid():
        actions.do_save_term(request, form, **attrs)
        messages.success(request, _("The category was saved."))
        return redirect("directory:taxonomy")
    return render(request, "directory/term_form.html", {"form": form, "term": term})
