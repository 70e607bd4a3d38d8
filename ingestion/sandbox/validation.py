"""Checks of request bodies, failing with the API's 400 ValidationException."""

from __future__ import annotations

from typing import Any

from ingestion.sandbox.resources import OPERATION_RESOURCES, ResourceTree
from ingestion.sandbox.responses import validation_error

MAX_PARTNER_TAG_LENGTH = 64


def partner_tag(body: dict[str, Any], expected: str) -> str:
    """The request's partnerTag; `expected`, when set, is the only tag the store's programme
    knows for the account."""
    tag = body.get("partnerTag")
    if not isinstance(tag, str) or not tag or len(tag) > MAX_PARTNER_TAG_LENGTH:
        raise validation_error(
            "partnerTag is required: a string of 1 to 64 characters", field_name="partnerTag"
        )
    if expected and tag != expected:
        raise validation_error(
            f"The partner tag {tag} is not mapped to this account in this marketplace",
            reason="InvalidPartnerTag",
        )
    return tag


def integer(body: dict[str, Any], name: str, *, low: int, high: int | None, default: int) -> int:
    """An optional whole number within [low, high]."""
    value = body.get(name, default)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise validation_error(f"{name} must be a whole number from {low}", field_name=name)
    if high is not None and value > high:
        raise validation_error(f"{name} must be between {low} and {high}", field_name=name)
    return value


def optional_text(body: dict[str, Any], name: str, *, max_length: int = 1000) -> str | None:
    """An optional non-empty string."""
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > max_length:
        raise validation_error(f"{name} must be a non-empty string", field_name=name)
    return value


def text_list(body: dict[str, Any], name: str, *, low: int, high: int) -> list[str]:
    """A required list of `low` to `high` strings."""
    values = body.get(name)
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise validation_error(f"{name} must be a list of strings", field_name=name)
    if not low <= len(values) <= high:
        raise validation_error(
            f"{name} must hold between {low} and {high} values; it holds {len(values)}",
            field_name=name,
        )
    return values


def choice(body: dict[str, Any], name: str, allowed: set[str], default: str) -> str:
    """An optional value from a fixed set."""
    value = body.get(name, default)
    if value not in allowed:
        raise validation_error(
            f"{name} must be one of {', '.join(sorted(allowed))}", field_name=name
        )
    return str(value)


def resources(body: dict[str, Any], operation: str) -> ResourceTree:
    """The resources asked for, each one the operation knows."""
    asked = body.get("resources", [])
    known = OPERATION_RESOURCES[operation]
    if not isinstance(asked, list) or not all(isinstance(r, str) and r in known for r in asked):
        raise validation_error(
            f"resources must be a list of {operation} resources", field_name="resources"
        )
    return ResourceTree.of(asked)
