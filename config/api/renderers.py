"""The browsable API under the site's Content-Security-Policy."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from csp.constants import UNSAFE_INLINE
from rest_framework.renderers import BrowsableAPIRenderer


class BrowsableRenderer(BrowsableAPIRenderer):
    """DRF's pages carry inline styles (attributes and Pygments' <style>): allowed here alone.

    The policy is relaxed through the attribute django-csp's `csp_update` decorator sets,
    for styles only, so inline scripts stay refused on these pages too.
    """

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> Any:
        response = (renderer_context or {}).get("response")
        if response is not None:
            response._csp_update = {"style-src": [UNSAFE_INLINE]}
        return super().render(data, accepted_media_type, renderer_context)
