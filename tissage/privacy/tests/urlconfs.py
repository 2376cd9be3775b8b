"""A URL configuration for tests: the project's, plus one page of the test's own."""

import types
from collections.abc import Callable
from typing import Any

from django.urls import path

import tissage.urls


def with_page(route: str, view: Callable[..., Any], name: str) -> types.ModuleType:
    """The project's URLs and error handlers, plus `view` at `route` (for ROOT_URLCONF)."""
    conf = types.ModuleType(f"{name}_urls")
    conf.urlpatterns = [*tissage.urls.urlpatterns, path(route, view, name=name)]
    for handler in ("handler403", "handler404", "handler500"):
        setattr(conf, handler, getattr(tissage.urls, handler))
    return conf
