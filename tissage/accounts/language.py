"""French first: the interface language comes from the user's choice, never from the browser.

Django's LocaleMiddleware falls back on the Accept-Language header, which would greet a worker
whose phone is set to English in English; Tissage starts in French and switches only when
the person asks (the language switch, remembered in a cookie and in their profile).
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import check_for_language


def chosen_language(request: HttpRequest) -> str:
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie and check_for_language(cookie) and cookie in dict(settings.LANGUAGES):
        return cookie
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language in dict(settings.LANGUAGES):
        return user.language
    return settings.LANGUAGE_CODE


class LanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        patch = response.get("Vary", "")
        if "Cookie" not in patch:
            response["Vary"] = f"{patch}, Cookie" if patch else "Cookie"
        return response
