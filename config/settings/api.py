"""The REST API's settings: its rate limit, CORS, Django REST framework and the schema."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from config.settings.environment import env, read
from config.settings.security import TRUSTED_PROXY_COUNT

# The public REST API (deployment plan defaults: 100 requests per 15 minutes).
RATE_LIMIT_WINDOW_MS = read("RATE_LIMIT_WINDOW_MS", env.int, default=900_000)
RATE_LIMIT_MAX_REQUESTS = read("RATE_LIMIT_MAX_REQUESTS", env.int, default=100)
if RATE_LIMIT_WINDOW_MS < 1000 or RATE_LIMIT_MAX_REQUESTS < 1:
    raise ImproperlyConfigured(
        "RATE_LIMIT_WINDOW_MS must be at least 1000 and RATE_LIMIT_MAX_REQUESTS at least 1"
    )
CORS_ORIGIN = read("CORS_ORIGIN", env.list, default=[])
_bad_origins = [
    o for o in CORS_ORIGIN if not o.startswith(("https://", "http://")) or o.count("/") > 2
]
if _bad_origins:
    raise ImproperlyConfigured(
        f"CORS_ORIGIN is invalid ({', '.join(_bad_origins)}): expected origins like https://example.com"
    )
CORS_ALLOWED_ORIGINS = CORS_ORIGIN
CORS_URLS_REGEX = r"^/api/.*$"

# The REST API (products/api, ingestion/api). Token authentication comes first so that
# an anonymous request to a staff endpoint is told 401 (with WWW-Authenticate), not 403.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "config.api.schema.ApiSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "config.api.authentication.AddressLimitedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAdminUser"],
    "DEFAULT_THROTTLE_CLASSES": [
        "config.api.throttling.AnonymousThrottle",
        "config.api.throttling.AuthenticatedThrottle",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "config.api.renderers.BrowsableRenderer",
    ],
    # JSON bodies only: a form has no types, so a malformed one reads as an empty update
    # (schemathesis found a garbled multipart PATCH accepted) and is a 415 instead.
    "DEFAULT_PARSER_CLASSES": ["config.api.parsers.DepthLimitedJSONParser"],
    "EXCEPTION_HANDLER": "config.api.exceptions.api_exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # Behind TRUSTED_PROXY_COUNT proxies, the throttles count the address they saw.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Product catalogue API",
    "DESCRIPTION": (
        "The catalogue's products, price history and browse-node tree (public to read), and "
        "ingestion runs, watchlists and imports (staff). Prices and availability older than "
        "24 hours are null: never shown. Lists page by cursor: follow `next`."
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI and Redoc are served from this site, not a CDN (and so fit a strict CSP).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "ingestion.api.schema.watchlist_rules",
    ],
    "ENUM_NAME_OVERRIDES": {
        "AvailabilityEnum": "products.records.Availability.CHOICES",
        "CollectionKindEnum": "products.collections.models.Collection.KIND_CHOICES",
    },
}
