"""Nothing typed is lost when a session expires.

Sessions end after 30 idle minutes (shared computers). A worker who types an intervention,
answers the phone and comes back would lose the form when saving: the POST arrives without a
user. `keep_draft` catches that POST before the access rule sends it to the login page, keeps
what was typed in the (new, anonymous) session, and the form page takes it back after sign-in.

A shared computer must not hand one worker's draft to the next one: each form page marks its
browser with a signed cookie naming its user, and a draft is given back only to that user.
"""

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.translation import gettext as _

SESSION_KEY = "people:draft"
OWNER_COOKIE = "tissage_draft_owner"
_SALT = "tissage.people.draft"
MAX_AGE = 12 * 3600  # a draft older than a working day is not worth restoring
_SKIPPED = {"csrfmiddlewaretoken"}

ViewFunc = Callable[..., HttpResponse]


def keep_draft(view: ViewFunc) -> ViewFunc:
    """Wrap a form view declared with `requires(...)`: an anonymous POST is kept, not lost."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST" and not request.user.is_authenticated:
            save_draft(request)
            messages.warning(
                request,
                _("Your session had expired. Sign in again: what you typed is kept."),
            )
            return redirect_to_login(request.path)
        return view(request, *args, **kwargs)

    wrapper.access_rule = view.access_rule  # type: ignore[attr-defined]
    return wrapper


def save_draft(request: HttpRequest) -> None:
    owner = request.get_signed_cookie(OWNER_COOKIE, default=None, salt=_SALT, max_age=MAX_AGE)
    data = {key: request.POST.getlist(key) for key in request.POST if key not in _SKIPPED}
    request.session[SESSION_KEY] = {
        "path": request.path,
        "owner": owner,
        "saved": time.time(),
        "data": data,
    }


def pop_draft(request: HttpRequest) -> QueryDict | None:
    """The form data kept for this page and this user, once; None when there is none."""
    draft = request.session.get(SESSION_KEY)
    if not isinstance(draft, dict) or draft.get("path") != request.path:
        return None
    del request.session[SESSION_KEY]
    fresh = time.time() - float(draft.get("saved", 0)) < MAX_AGE
    if not fresh or draft.get("owner") != str(request.user.pk):
        return None
    data = QueryDict(mutable=True)
    for key, values in draft.get("data", {}).items():
        data.setlist(key, [str(value) for value in values])
    messages.info(request, _("Your session had expired: what you typed is back, check and save."))
    return data


def mark_owner(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Sign this browser as the current user's, for a draft to come back to them only."""
    response.set_signed_cookie(
        OWNER_COOKIE,
        str(request.user.pk),
        salt=_SALT,
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response
