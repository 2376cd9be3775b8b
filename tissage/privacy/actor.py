"""The user behind the request being served, for audit events raised from model signals.

Signals do not receive the request; the middleware below keeps the signed-in user in a
context variable for the duration of the request (safe with threads and async).
"""

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

_current: ContextVar[Any] = ContextVar("tissage_actor", default=None)


def current_user() -> Any:
    user = _current.get()
    return user if user is not None and user.is_authenticated else None


class ActorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current.set(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
