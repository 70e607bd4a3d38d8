"""Reading the environment once, with errors that name the variable at fault."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import environ
from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")

env = environ.Env()


def read(name: str, parse: Callable[..., T], **kwargs: Any) -> T:
    """Parse one variable; a malformed value stops start-up with a one-line error naming it."""
    try:
        return parse(name, **kwargs)
    except ImproperlyConfigured:
        raise
    except Exception as exc:
        raw = env.str(name, default="")
        raise ImproperlyConfigured(f"{name} is invalid ({raw!r}): {exc}") from None


def required(name: str) -> str:
    """A variable production cannot start without."""
    value = env.str(name, default="").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in the environment")
    return value


_DATABASE_ENGINES = {"django.db.backends.postgresql", "django.db.backends.sqlite3"}


def read_database(name: str, default: str) -> dict[str, Any]:
    """A database URL for PostgreSQL or SQLite; anything else is refused by name."""
    config = read(name, env.db_url, default=default)
    if config.get("ENGINE") not in _DATABASE_ENGINES or not config.get("NAME"):
        raw = env.str(name, default=default)
        raise ImproperlyConfigured(
            f"{name} is invalid ({raw!r}): expected postgres://user@host:port/name or sqlite:///path"
        )
    return config


def read_url(name: str, default: str, schemes: tuple[str, ...]) -> str:
    """A URL whose scheme is one of `schemes` (an empty default means unset)."""
    value = env.str(name, default=default).strip()
    if value and not value.startswith(tuple(f"{scheme}://" for scheme in schemes)):
        allowed = ", ".join(f"{scheme}://" for scheme in schemes)
        raise ImproperlyConfigured(
            f"{name} is invalid ({value!r}): expected a URL starting {allowed}"
        )
    return value


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def read_bool(name: str, default: bool) -> bool:
    """A strict boolean: environ's own parser reads any unknown word as False."""
    raw = env.str(name, default="").strip().lower()
    if not raw:
        return default
    if raw in _TRUE | _FALSE:
        return raw in _TRUE
    raise ImproperlyConfigured(f"{name} is invalid ({raw!r}): expected true or false")


def read_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    """One of a few words, case-insensitive; anything else is refused by name."""
    value = env.str(name, default=default).strip().lower() or default
    if value not in choices:
        raise ImproperlyConfigured(
            f"{name} is invalid ({value!r}): expected {' or '.join(choices)}"
        )
    return value
