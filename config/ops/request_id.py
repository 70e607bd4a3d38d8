"""A request id for every request: the caller's or load balancer's when well-formed, else new.

An Application Load Balancer adds X-Amzn-Trace-Id ("Root=1-...;...") to every request; its
Root is used when no X-Request-ID came, so a log line can be found from the ALB's access log.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from config.ops.log_context import current_request_id

HEADER = "X-Request-ID"
TRACE_HEADER = "X-Amzn-Trace-Id"
# An id from outside ends up in every log line: accept only short, plain tokens, so a
# client cannot inject quotes, newlines or megabytes into the logs.
WELL_FORMED = re.compile(r"^[A-Za-z0-9._:@-]{8,128}$")


def request_id_for(request: HttpRequest) -> str:
    """The incoming X-Request-ID, else the ALB trace Root, if well-formed; else a random one."""
    incoming = request.headers.get(HEADER, "")
    if WELL_FORMED.fullmatch(incoming):
        return incoming
    trace = request.headers.get(TRACE_HEADER, "")
    root = next((part[5:] for part in trace.split(";") if part.startswith("Root=")), "")
    return root if WELL_FORMED.fullmatch(root) else uuid.uuid4().hex


class RequestIdMiddleware:
    """Puts the request id on the request, in every log record and in the response header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_for(request)
        request.META["REQUEST_ID"] = request_id
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response[HEADER] = request_id
        return response
