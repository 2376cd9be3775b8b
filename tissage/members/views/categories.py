"""Membership categories: their fee and duration (25 $ and 100 $ a year by default)."""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tissage.members.forms import CategoryForm
from tissage.members.models import Category
from tissage.privacy import audit
from tissage.privacy.access import Perm, requires


@requires(Perm.MEMBER_MANAGE)
def category_list(request: HttpRequest) -> HttpResponse:
    categories = Category.objects.annotate(periods=Count("memberships")).order_by("order", "name")
    return render(request, "members/category_list.html", {"categories": categories})


def _form(request: HttpRequest, category: Category | None) -> HttpResponse:
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        action = audit.Action.CHANGE if category else audit.Action.CREATE
        audit.record(request, action, saved, fields=form.changed_data)
        messages.success(request, _("Category saved."))
        return redirect("members:categories")
    return render(request, "members/category_form.html", {"form": form, "category": category})


@requires(Perm.MEMBER_MANAGE)
def category_new(request: HttpRequest) -> HttpResponse:
    return _form(request, None)


@requires(Perm.MEMBER_MANAGE)
def category_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _form(request, get_object_or_404(Category, pk=pk))
