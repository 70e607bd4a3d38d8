"""The 500 handler: a database outage anywhere in the request is still a 503.

Middleware that reads the database (sessions, authentication, the admin lockout) runs
before any view, so a lost connection there never reaches the outage middleware's
process_exception; Django hands it to this handler instead, with the error in hand.
"""

from __future__ import annotations

import sys

from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template.loader import render_to_string

from config.ops.database_outage import DATABASE_DOWN, outage_response
from products.branding import branding_context
from products.page_language import page_language_context


def server_error(request: HttpRequest) -> HttpResponse:
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_DOWN):
        return outage_response(request, error)
    if request.path.startswith("/api/"):
        body = {"status": 500, "code": "error", "message": "Server error.", "errors": []}
        return JsonResponse(body, status=500)
    return HttpResponseServerError(
        render_to_string("500.html", {**page_language_context(request), **branding_context()})
    )
