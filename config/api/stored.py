"""Answers kept as their rendered JSON, so a shared copy is sent without rendering it again.

Rendering a page of products on every hit cost more than reading it from the cache, so
programs asking for plain JSON get the stored bytes as they are; the browsable API and
indented JSON are rendered from them. Which answers are shared, under what key and for how
long is the owning app's business.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response


@dataclass(frozen=True)
class StoredAnswer:
    """A response body as rendered JSON; with `last_modified`, also answered conditionally."""

    body: bytes
    etag: str | None = None
    last_modified: int | None = None


def stored_answer(data: Any, *, last_modified: int | None = None) -> StoredAnswer:
    """`data` rendered once; a conditional answer's ETag is a digest of those bytes."""
    body = JSONRenderer().render(data)
    if last_modified is None:
        return StoredAnswer(body)
    return StoredAnswer(body, f'"{hashlib.sha256(body).hexdigest()[:32]}"', last_modified)


def stored_response(request: Request, answer: StoredAnswer) -> HttpResponseBase:
    """The stored bytes to plain-JSON clients, a rendered Response to the others, or 304 when
    the client's copy (If-None-Match, If-Modified-Since) is current."""
    if isinstance(request.accepted_renderer, JSONRenderer) and ";" not in (
        request.accepted_media_type or ""
    ):
        return stored_json_response(request._request, answer)
    return _conditional(request._request, answer, Response(json.loads(answer.body)))


def stored_json_response(http_request: HttpRequest, answer: StoredAnswer) -> HttpResponse:
    """The stored bytes as they are, or 304: what a plain-JSON client gets, with or without
    DRF's request cycle around it."""
    return _conditional(
        http_request, answer, HttpResponse(answer.body, content_type="application/json")
    )


def _conditional(
    http_request: HttpRequest, answer: StoredAnswer, response: HttpResponse
) -> HttpResponse:
    if answer.etag is None or answer.last_modified is None:
        return response
    response["ETag"] = answer.etag
    response["Last-Modified"] = http_date(answer.last_modified)
    conditional = get_conditional_response(
        http_request, etag=answer.etag, last_modified=answer.last_modified, response=response
    )
    return conditional or response
