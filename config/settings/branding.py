"""How the storefront presents itself: its name, logo, accent colour, favicon and social
image. No template names the product; every page takes these.

An image is a path among the site's static files (`img/logo.svg`) or an https URL, whose
origin the Content-Security-Policy then allows.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from config.settings.environment import env

SITE_NAME = env.str("SITE_NAME", default="Catalogue").strip()
if not SITE_NAME or len(SITE_NAME) > 60:
    raise ImproperlyConfigured(f"SITE_NAME is invalid ({SITE_NAME!r}): 1 to 60 characters")
SITE_ACCENT_COLOR = env.str("SITE_ACCENT_COLOR", default="#b34700").strip().lower()
if not re.fullmatch(r"#[0-9a-f]{6}", SITE_ACCENT_COLOR):
    raise ImproperlyConfigured(
        f"SITE_ACCENT_COLOR is invalid ({SITE_ACCENT_COLOR!r}): expected a colour like #b34700"
    )
# Where visitors write to; the Contact page shows it.
SITE_CONTACT_EMAIL = env.str("SITE_CONTACT_EMAIL", default="").strip()
if SITE_CONTACT_EMAIL and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", SITE_CONTACT_EMAIL):
    raise ImproperlyConfigured(
        f"SITE_CONTACT_EMAIL is invalid ({SITE_CONTACT_EMAIL!r}): expected an email address"
    )


def read_image(name: str) -> str:
    value = env.str(name, default="").strip()
    if "://" not in value:
        return value.lstrip("/")
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc:
        raise ImproperlyConfigured(
            f"{name} is invalid ({value!r}): expected an https URL or a static file's path"
        )
    return value


# Empty: the site's name in text (logo), a letter of it on the accent colour (favicon),
# none (social image; product pages show their product's image).
SITE_LOGO = read_image("SITE_LOGO")
SITE_FAVICON = read_image("SITE_FAVICON")
SITE_SOCIAL_IMAGE = read_image("SITE_SOCIAL_IMAGE")
BRAND_IMAGE_ORIGINS = sorted(
    {
        f"https://{urlsplit(url).netloc}"
        for url in (SITE_LOGO, SITE_FAVICON, SITE_SOCIAL_IMAGE)
        if url.startswith("https://")
    }
)
