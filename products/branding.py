"""The site's own look, from settings (config/settings/branding.py): its name and images
for every template, and the two files made from the accent colour, a style sheet and the
default favicon.

Both files are named after a digest of what they hold, so they are cached for a year and a
new colour or name is a new address; the CSP's `style-src 'self'` allows the style sheet
where an inline style would be refused.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.html import escape
from django.views.decorators.http import require_safe

YEAR = 365 * 24 * 3600
# Ink on the accent colour: white, unless the accent is so light that dark ink reads better
# (WCAG's relative luminance; 0.179 is where both contrasts are equal).
LIGHT_ACCENT_LUMINANCE = 0.179
DARK_INK = "#1d2228"


def _channel(value: int) -> float:
    share = value / 255
    return share / 12.92 if share <= 0.03928 else ((share + 0.055) / 1.055) ** 2.4


def luminance(color: str) -> float:
    red, green, blue = (int(color[index : index + 2], 16) for index in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def accent_ink(color: str) -> str:
    return DARK_INK if luminance(color) > LIGHT_ACCENT_LUMINANCE else "#ffffff"


def brand_css() -> str:
    accent = settings.SITE_ACCENT_COLOR
    return f":root {{ --accent: {accent}; --accent-ink: {accent_ink(accent)}; }}\n"


def favicon_svg() -> str:
    """The site name's first letter on the accent colour."""
    accent = settings.SITE_ACCENT_COLOR
    letter = escape(settings.SITE_NAME[:1].upper())
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        f'<rect width="64" height="64" rx="14" fill="{accent}"/>'
        f'<text x="32" y="45" font-family="system-ui, sans-serif" font-size="40" '
        f'font-weight="700" text-anchor="middle" fill="{accent_ink(accent)}">{letter}</text>'
        "</svg>"
    )


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _image_url(value: str) -> str:
    return value if "://" in value else static(value)


def favicon_url() -> str:
    if settings.SITE_FAVICON:
        return _image_url(settings.SITE_FAVICON)
    return reverse("brand-favicon", kwargs={"digest": _digest(favicon_svg())})


def branding_context(request: HttpRequest | None = None) -> dict[str, object]:
    """What every page shows of the site itself; settings only, so error pages use it too."""
    return {
        "site_name": settings.SITE_NAME,
        "site_logo_url": _image_url(settings.SITE_LOGO) if settings.SITE_LOGO else "",
        "site_social_image_url": (
            _image_url(settings.SITE_SOCIAL_IMAGE) if settings.SITE_SOCIAL_IMAGE else ""
        ),
        "site_favicon_url": favicon_url(),
        "brand_css_url": reverse("brand-css", kwargs={"digest": _digest(brand_css())}),
    }


def _digested(content: str, digest: str, content_type: str) -> HttpResponse:
    """`content` at the address named after its digest, kept for a year; an earlier
    digest (an old colour or name) is gone."""
    if digest != _digest(content):
        raise Http404("an earlier version")
    response = HttpResponse(content, content_type=content_type)
    patch_cache_control(response, public=True, max_age=YEAR, immutable=True)
    return response


@require_safe
def brand_css_view(request: HttpRequest, digest: str) -> HttpResponse:
    return _digested(brand_css(), digest, "text/css; charset=utf-8")


@require_safe
def favicon_view(request: HttpRequest, digest: str) -> HttpResponse:
    return _digested(favicon_svg(), digest, "image/svg+xml")


@require_safe
def favicon_ico(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links: send them to the icon."""
    response = HttpResponsePermanentRedirect(favicon_url())
    patch_cache_control(response, public=True, max_age=24 * 3600)
    return response
