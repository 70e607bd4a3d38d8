"""Security settings: trusted proxies, the admin lockout, cookies and headers, request
sizes, the origins outbound links may name, webhook targets and the Content-Security-Policy."""

from __future__ import annotations

from datetime import timedelta

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.settings.branding import BRAND_IMAGE_ORIGINS
from config.settings.environment import env, read, read_bool
from products.marketplaces import AMAZON_IMAGE_ORIGINS

# Security. Proxies in front of the site (1 behind the AWS load balancer): each appends to
# X-Forwarded-For, so only the right-most TRUSTED_PROXY_COUNT entries can be believed, and
# with 0 the header is ignored. API throttling and the admin lockout both count this address.
TRUSTED_PROXY_COUNT = read("TRUSTED_PROXY_COUNT", env.int, default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(
        f"TRUSTED_PROXY_COUNT is invalid ({TRUSTED_PROXY_COUNT}): must be 0 or more"
    )

# Admin brute force: a username is locked for one address after 5 failures, for an hour, so
# an attacker can neither lock every visitor out nor keep guessing from one address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = read("AXES_FAILURE_LIMIT", env.int, default=5)
AXES_COOLOFF_TIME = timedelta(minutes=read("AXES_COOLOFF_MINUTES", env.int, default=60))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "config.security.client_address.client_address"
AXES_RESET_ON_SUCCESS = True
# Its start-up banner would be the first line of every command's output.
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"

SESSION_COOKIE_HTTPONLY = True
# No script reads the CSRF token from the cookie: the admin's and the site's forms carry it
# in a hidden field, and the API documentation renders it into its page.
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Request size: forms and JSON bodies are small (an import is at most a few hundred
# entries); anything larger is refused with 400 before it is parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
# As long as gunicorn's request line (docker/gunicorn.conf.py), for any other server too.
MAX_QUERY_STRING_LENGTH = 4096

# Hosts that outbound product links and images may point at, besides Amazon's own
# (products/outbound.py); the sandbox of `make run` adds its own origin here.
OUTBOUND_EXTRA_ORIGINS = read("OUTBOUND_EXTRA_ORIGINS", env.list, default=[])
_bad_outbound = [o for o in OUTBOUND_EXTRA_ORIGINS if not o.startswith(("https://", "http://"))]
if _bad_outbound:
    raise ImproperlyConfigured(
        f"OUTBOUND_EXTRA_ORIGINS is invalid ({', '.join(_bad_outbound)}): expected origins like https://images.example.com"
    )

# Webhooks (products/webhooks): signed POSTs to operators' URLs, sent by the worker. Plain
# http and private, loopback or link-local targets are refused unless allowed here (for a
# receiver on this machine or a private network), so a webhook cannot probe the inside.
WEBHOOK_ALLOW_HTTP = read_bool("WEBHOOK_ALLOW_HTTP", default=False)
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = read_bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", default=False)
WEBHOOK_TIMEOUT = read("WEBHOOK_TIMEOUT", env.float, default=5.0)
WEBHOOK_MAX_ATTEMPTS = read("WEBHOOK_MAX_ATTEMPTS", env.int, default=8)
if not 0 < WEBHOOK_TIMEOUT <= 30 or not 1 <= WEBHOOK_MAX_ATTEMPTS <= 20:
    raise ImproperlyConfigured(
        "WEBHOOK_TIMEOUT must be above 0 and at most 30 seconds, WEBHOOK_MAX_ATTEMPTS from 1 to 20"
    )

# Content-Security-Policy: no inline script or style anywhere but the API documentation
# pages, which relax only style (config/security/api_docs.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [
            SELF,
            "data:",
            *AMAZON_IMAGE_ORIGINS,
            *OUTBOUND_EXTRA_ORIGINS,
            *BRAND_IMAGE_ORIGINS,
        ],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
