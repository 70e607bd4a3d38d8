"""Swagger UI and Redoc under the site's Content-Security-Policy.

Both are served from this site (drf-spectacular-sidecar). The split Swagger view loads
its start-up script from a URL rather than inline, so no page needs inline script; both
libraries set inline styles while rendering, and Redoc builds its search worker from a
blob: URL, so these two pages alone relax style-src and worker-src. The schema and both
pages count against a limit of their own (config/api/throttling.py: DocsThrottle), not
the API's.
"""

from __future__ import annotations

from typing import Any

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.http import HttpResponse
from django.utils.decorators import method_decorator
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.request import Request
from rest_framework.views import APIView

from config.api.throttling import DocsThrottle

_INLINE_STYLE = {"style-src": [UNSAFE_INLINE]}


class _PageOptions(APIView):
    """OPTIONS answered as Django answers it for any view: the methods, in `Allow`. DRF's
    own answer is metadata for the view's renderer, and a page's HTML renderer has no
    template for it (TemplateDoesNotExist, a 500)."""

    # An empty answer, not a Response for the page's renderer.
    def options(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:  # type: ignore[override]
        return HttpResponse(headers={"Allow": ", ".join(self.allowed_methods)})


@method_decorator(csp_update(_INLINE_STYLE), name="get")
class SwaggerView(_PageOptions, SpectacularSwaggerSplitView):
    """Swagger UI with its start-up script served at ?script."""

    throttle_classes = [DocsThrottle]


@method_decorator(csp_update({**_INLINE_STYLE, "worker-src": [SELF, "blob:"]}), name="get")
class RedocView(_PageOptions, SpectacularRedocView):
    """Redoc, whose page template leaves out the web fonts a CDN would serve."""

    throttle_classes = [DocsThrottle]


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema."""

    throttle_classes = [DocsThrottle]
