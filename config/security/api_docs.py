"""Swagger UI and Redoc under the site's Content-Security-Policy.

Both are served from this site (drf-spectacular-sidecar). The split Swagger view loads
its start-up script from a URL rather than inline, so no page needs inline script; both
libraries set inline styles while rendering, and Redoc builds its search worker from a
blob: URL, so these two pages alone relax style-src and worker-src. The schema and both
pages count against a limit of their own (config/api/throttling.py: DocsThrottle), not
the API's.
"""

from __future__ import annotations

import threading
from typing import Any

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.utils.decorators import method_decorator
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.request import Request
from rest_framework.response import Response
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
    """The OpenAPI schema, generated once per process and settings it depends on: a
    generation costs a worker about a second, so a burst of schema requests would hold
    every worker, and the schema changes only with a deploy. One thread generates at a
    time: drf-spectacular loads its extensions lazily, and two threads generating at once
    in one process made one fail (a 500 the hostile-request sweep found)."""

    throttle_classes = [DocsThrottle]

    def _get_schema_response(self, request: Request) -> Response:
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (
            version,
            tuple(settings.AMAZON_MARKETPLACES),
            settings.PRICE_HISTORY_PUBLIC,
            translation.get_language(),
        )
        with _GENERATING:
            schema = _SCHEMAS.get(key)
            if schema is None:
                generator = self.generator_class(
                    urlconf=self.urlconf, api_version=version, patterns=self.patterns
                )
                schema = generator.get_schema(request=request, public=self.serve_public)
                _SCHEMAS[key] = schema
        disposition = f'inline; filename="{self._get_filename(request, version)}"'
        return Response(data=schema, headers={"Content-Disposition": disposition})


_SCHEMAS: dict[tuple[Any, ...], Any] = {}
_GENERATING = threading.Lock()
