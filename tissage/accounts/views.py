from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tissage.accounts.forms import ApiTokenForm, OrganizationProfileForm, PreferencesForm
from tissage.accounts.models import ApiToken, OrganizationProfile
from tissage.privacy import audit
from tissage.privacy.access import Perm, can, public, requires

logout = public(auth_views.LogoutView.as_view())
password_change = requires(Perm.SIGNED_IN)(
    auth_views.PasswordChangeView.as_view(
        template_name="accounts/password_change.html",
        success_url=reverse_lazy("accounts:preferences"),
    )
)


@public
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; remembered in a cookie and, when signed in, the profile."""
    language = request.POST.get("language", "")
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
        if request.user.is_authenticated and request.user.language != language:
            request.user.language = language
            request.user.save(update_fields=["language"])
    return response


@requires(Perm.SIGNED_IN)
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        response = redirect("accounts:preferences")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, form.cleaned_data["language"])
        messages.success(request, _("Your preferences are saved."))
        return response
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created")
    return render(
        request,
        "accounts/preferences.html",
        {"form": form, "tokens": tokens, "token_form": ApiTokenForm()},
    )


@requires(Perm.SIGNED_IN)
@require_POST
def create_token(request: HttpRequest) -> HttpResponse:
    """Issue a personal API token; its key is shown once, on this answer, and never again."""
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the token a name."))
        return redirect("accounts:preferences")
    token, key = ApiToken.issue(request.user, form.cleaned_data["name"])
    audit.record(request, audit.Action.CREATE, token)
    return render(request, "accounts/token_created.html", {"token": token, "key": key})


@requires(Perm.SIGNED_IN)
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    audit.record(request, audit.Action.DELETE, token)
    token.delete()
    messages.success(request, _("The token is revoked."))
    return redirect("accounts:preferences")


@requires(Perm.ADMINISTER)
def organization(request: HttpRequest) -> HttpResponse:
    profile = OrganizationProfile.current()
    form = OrganizationProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit.record(request, audit.Action.CHANGE, profile, fields=form.changed_data)
        messages.success(request, _("The organization profile is saved."))
        return redirect("accounts:organization")
    return render(request, "accounts/organization.html", {"form": form})


@requires(Perm.SIGNED_IN)
def home(request: HttpRequest) -> HttpResponse:
    """The signed-in home: the organization and the capabilities this user may open."""
    from tissage.reports.dashboard import build_dashboard

    dashboard = build_dashboard() if can(request.user, Perm.STATS_VIEW) else None
    return render(request, "accounts/home.html", {"dashboard": dashboard})


@public
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitoring: answers without touching personal data."""
    return HttpResponse("ok", content_type="text/plain")
