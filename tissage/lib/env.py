"""Typed readers for the environment variables that configure Tissage.

Every setting documented in README.md is read through one of these, so that a typo in a
value fails loudly at start-up instead of silently falling back to a default.
"""

import os
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on", "oui", "vrai"}
_FALSE = {"0", "false", "no", "off", "non", "faux", ""}


def environment(environ: Mapping[str, str] | None = None) -> Mapping[str, str]:
    """The process's environment, unless a test passes one of its own."""
    return os.environ if environ is None else environ


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool = False, environ: Mapping[str, str] | None = None) -> bool:
    raw = environment(environ).get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def envint(name: str, default: int, environ: Mapping[str, str] | None = None) -> int:
    raw = environment(environ).get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from exc


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]
