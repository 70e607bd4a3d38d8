"""Settings shared by every environment; each value is read from the environment once, here
or in the module of its concern imported below (the REST API, security)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from config.ops.log_config import LOG_FORMATS, logging_config
from config.ops.redis_breaker import breaker_pool_options
from config.settings.amazon import amazon_accounts
from config.settings.api import *  # noqa: F403
from config.settings.branding import *  # noqa: F403
from config.settings.environment import (
    env,
    read,
    read_bool,
    read_choice,
    read_database,
    read_url,
)
from config.settings.security import *  # noqa: F403
from products.marketplaces import MARKETPLACES

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env.str("DJANGO_VAR_DIR", default=str(BASE_DIR / "var")))

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="local-only-insecure-key-change-me")
DEBUG = read_bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = read("DJANGO_ALLOWED_HOSTS", env.list, default=["127.0.0.1", "localhost"])
ADMIN_URL = env.str("DJANGO_ADMIN_URL", default="admin/").strip("/") + "/"

INSTALLED_APPS = [
    "config.admin_site.CatalogueAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_celery_beat",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "products",
    "products.alerts",
    "products.collections",
    "products.clicks",
    "products.webhooks",
    "products.category_totals",
    "products.site_pages",
    "ingestion",
    "config.ops",
]

MIDDLEWARE = [
    # First, so every later log line carries the request id and the health checks are
    # answered before host validation and the HTTPS redirect (see config/ops/endpoints.py).
    "config.ops.request_id.RequestIdMiddleware",
    "config.ops.access_log.AccessLogMiddleware",
    "config.ops.endpoints.OperationsEndpointsMiddleware",
    # Before anything that may answer (the outage page too), so every page speaks its
    # store's language.
    "products.page_language.StoreLanguageMiddleware",
    # Sees every answer after the session, CSRF and messages layers have set their cookies.
    "products.edge_headers.SharedCacheGuardMiddleware",
    "config.ops.database_outage.DatabaseOutageMiddleware",
    "config.security.request_limits.QueryStringLimitMiddleware",
    # Before the session, authentication and any view: a NUL would reach PostgreSQL.
    "config.security.text_boundary.TextBoundaryMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Sets its header on every answer, the page cache's early hits too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A cached page for an anonymous visitor, before the layers it does not need.
    "products.page_cache.PageCacheHitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # A shared API answer for an anonymous JSON client, with its CORS headers, before
    # DRF's request cycle.
    "products.api.early_answers.SharedAnswerHitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# Only staff sign in, at the admin; a refused `next` (another site's) lands them there.
LOGIN_REDIRECT_URL = "admin:index"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ingestion.context_processors.api_access_banner",
                "products.stores.stores_context",
                "products.page_language.page_language_context",
                "products.branding.branding_context",
                "products.navigation.navigation_context",
            ],
        },
    },
]

# Databases: the embedded default is SQLite in the project's var/ folder.
DATABASES = {
    "default": read_database("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'catalogue.sqlite3'}")
}
DATABASES["default"]["CONN_MAX_AGE"] = read("DATABASE_CONN_MAX_AGE", env.int, default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A request during a database outage fails within this many seconds (answered 503 by
    # config.ops.database_outage) instead of waiting on the operating system's TCP timeout.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = read(
        "DATABASE_CONNECT_TIMEOUT", env.int, default=3
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, else files under var/ shared by local processes.
REDIS_URL = read_url("REDIS_URL", default="", schemes=("redis", "rediss", "unix"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                # A Redis outage degrades to uncached reads instead of 500s.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                # After one timeout, skip Redis for 2 s: a hung Redis costs a request 0.5 s.
                "CONNECTION_POOL_KWARGS": breaker_pool_options(REDIS_URL),
            },
            "KEY_PREFIX": "catalogue",
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    # Files, not local memory: the worker's invalidations must reach the web process.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

CACHE_SEARCH_TTL = read("CACHE_SEARCH_TTL", env.int, default=300)
CACHE_PRODUCT_TTL = read("CACHE_PRODUCT_TTL", env.int, default=3600)
# Amazon's rule: a price or availability older than 24 hours is never shown.
PRICE_MAX_AGE = read("PRICE_MAX_AGE", env.int, default=86400)
# A long public price history goes beyond the short-term caching Amazon's terms allow
# for API data; an operator can switch the public chart (and history API) off.
PRICE_HISTORY_PUBLIC = read_bool("PRICE_HISTORY_PUBLIC", default=True)
# A shared cache in front (CloudFront, Varnish) may serve a page this long past its
# s-maxage while it fetches a new one, or while the site fails; never past the moment a
# price it shows turns PRICE_MAX_AGE old (products/edge_headers.py bounds both).
EDGE_STALE_WHILE_REVALIDATE = read("EDGE_STALE_WHILE_REVALIDATE", env.int, default=30)
EDGE_STALE_IF_ERROR = read("EDGE_STALE_IF_ERROR", env.int, default=600)
# Where ingestion sends purges (HTTP BAN with the changed keys in Surrogate-Key): the
# self-hosted edge's address; empty when there is none (CloudFront waits out s-maxage).
EDGE_PURGE_URL = read_url("EDGE_PURGE_URL", default="", schemes=("http", "https"))
for _name, _value in (
    ("CACHE_SEARCH_TTL", CACHE_SEARCH_TTL),
    ("CACHE_PRODUCT_TTL", CACHE_PRODUCT_TTL),
    ("PRICE_MAX_AGE", PRICE_MAX_AGE),
    ("EDGE_STALE_WHILE_REVALIDATE", EDGE_STALE_WHILE_REVALIDATE),
    ("EDGE_STALE_IF_ERROR", EDGE_STALE_IF_ERROR),
):
    if _value < 0:
        raise ImproperlyConfigured(f"{_name} is invalid ({_value}): must be zero or more seconds")

# Stock monitor (products/stock_monitor.py): products out of stock or unavailable for more than
# this many days, or no longer returned by Amazon, are listed in the admin and, when
# STOCK_MONITOR_AUTO_UNPUBLISH is on, unpublished by a daily task.
STOCK_MONITOR_DAYS = read("STOCK_MONITOR_DAYS", env.int, default=30)
STOCK_MONITOR_AUTO_UNPUBLISH = read_bool("STOCK_MONITOR_AUTO_UNPUBLISH", default=False)
if STOCK_MONITOR_DAYS < 1:
    raise ImproperlyConfigured(
        f"STOCK_MONITOR_DAYS is invalid ({STOCK_MONITOR_DAYS}): must be 1 or more days"
    )

# Celery: Redis in production; the embedded default uses a broker that needs no server.
CELERY_BROKER_URL = read_url(
    "CELERY_BROKER_URL",
    default=REDIS_URL or "filesystem://",
    schemes=("redis", "rediss", "amqp", "pyamqp", "sqs", "filesystem"),
)
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # An unacknowledged task returns to the queue after this long if its worker vanished
    # entirely; it must exceed the longest task (time limit 300 s) to avoid running twice.
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
        "visibility_timeout": read("CELERY_VISIBILITY_TIMEOUT", env.int, default=900)
    }
elif CELERY_BROKER_URL.startswith("filesystem://"):
    _BROKER_DIR = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_BROKER_DIR / "queue"),
        "data_folder_out": str(_BROKER_DIR / "queue"),
        "processed_folder": str(_BROKER_DIR / "processed"),
        # Exchange bindings; kombu's default is ./control, in whatever folder a process runs.
        "control_folder": str(_BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = "UTC"

# Amazon Creators API and the Associates account.
CREATORS_API_HOST = read_url("CREATORS_API_HOST", default="", schemes=("https", "http"))
CREATORS_API_AUTH_ENDPOINT = read_url(
    "CREATORS_API_AUTH_ENDPOINT", default="", schemes=("https", "http")
)
CREATORS_API_TPS = read("CREATORS_API_TPS", env.float, default=1.0)
CREATORS_API_TPD = read("CREATORS_API_TPD", env.int, default=8640)
# Seconds to wait for a Creators API answer (connect, then each read): a hung API fails the
# request as Transient, so a batch's retries fit well inside the task's soft time limit.
CREATORS_API_TIMEOUT = read("CREATORS_API_TIMEOUT", env.float, default=10.0)
if CREATORS_API_TPS <= 0 or CREATORS_API_TPD <= 0:
    raise ImproperlyConfigured("CREATORS_API_TPS and CREATORS_API_TPD must be positive")
AMAZON_MARKETPLACES = [
    code.strip().upper() for code in read("AMAZON_MARKETPLACES", env.list, default=["US"])
]
_unknown = [code for code in AMAZON_MARKETPLACES if code not in MARKETPLACES]
if _unknown or not AMAZON_MARKETPLACES:
    raise ImproperlyConfigured(
        f"AMAZON_MARKETPLACES is invalid ({','.join(_unknown) or 'empty'}): "
        f"expected codes among {', '.join(MARKETPLACES)}"
    )
# A partner tag per carried store (AMAZON_PARTNER_TAGS=US:site-20,UK:site-21) and a credential
# per region (CREATORS_API_NA_CREDENTIAL_ID, ...): see config/settings/amazon.py. The
# region's TPS, TPD and auth endpoint default to CREATORS_API_TPS, _TPD and _AUTH_ENDPOINT.
_ACCOUNTS = amazon_accounts(
    env.ENVIRON,
    marketplaces=AMAZON_MARKETPLACES,
    tps=CREATORS_API_TPS,
    tpd=CREATORS_API_TPD,
    auth_endpoint=CREATORS_API_AUTH_ENDPOINT,
)
AMAZON_PARTNER_TAGS: dict[str, str] = _ACCOUNTS.partner_tags
CREATORS_API_REGIONS: dict[str, str] = _ACCOUNTS.regions
CREATORS_API_CREDENTIALS: dict[str, dict[str, Any]] = _ACCOUNTS.credentials

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The storefront's languages; each store's pages use its own (products/locales.py). The
# catalogues live in locale/ and are compiled by the install step.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("it", "Italiano"),
    ("es", "Español"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SENTRY_DSN = env.str("SENTRY_DSN", default="")
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"LOG_LEVEL is invalid ({LOG_LEVEL!r}): expected DEBUG, INFO, WARNING, ERROR or CRITICAL"
    )
# json for CloudWatch (the production default), text for a terminal.
LOG_FORMAT = read_choice("LOG_FORMAT", LOG_FORMATS, default="text")
LOGGING = logging_config(level=LOG_LEVEL, log_format=LOG_FORMAT)

# /metrics answers this bearer token; unset, only private callers not behind the ALB.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")

# Email: the console locally; smtp+tls://user:password@host:587 for an SMTP server or Amazon
# SES's SMTP interface (user and password URL-encoded: SES passwords hold / and +).
_EMAIL = env.email_url_config(
    read_url(
        "EMAIL_URL",
        default="consolemail://",
        schemes=("consolemail", "smtp", "smtps", "smtp+tls", "smtp+ssl", "filemail", "dummymail"),
    )
    or "consolemail://"
)
EMAIL_BACKEND = _EMAIL["EMAIL_BACKEND"]
EMAIL_HOST = _EMAIL["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _EMAIL["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _EMAIL["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _EMAIL["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = bool(_EMAIL.get("EMAIL_USE_TLS", False))
EMAIL_USE_SSL = bool(_EMAIL.get("EMAIL_USE_SSL", False))
EMAIL_FILE_PATH = _EMAIL["EMAIL_FILE_PATH"] or str(VAR_DIR / "mail")
# An SMTP server that stops answering must fail the send, not hold a worker or a request.
EMAIL_TIMEOUT = read("EMAIL_TIMEOUT", env.int, default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Catalogue <alerts@localhost>")
# Emails are written by workers, which have no request: their links start with this.
SITE_URL = read_url("SITE_URL", default="http://127.0.0.1:8000", schemes=("https", "http"))
SITE_URL = SITE_URL.rstrip("/")
if SITE_URL.count("/") > 2:
    raise ImproperlyConfigured(
        f"SITE_URL is invalid ({SITE_URL!r}): expected an origin like https://shop.example.com"
    )

# Price-drop alerts (products/alerts): limits against abuse of a form anyone may submit.
ALERTS_MAX_PER_ADDRESS = read("ALERTS_MAX_PER_ADDRESS", env.int, default=20)
ALERTS_MAX_PER_PRODUCT = read("ALERTS_MAX_PER_PRODUCT", env.int, default=1000)
ALERTS_EMAILS_PER_ADDRESS_PER_HOUR = read("ALERTS_EMAILS_PER_ADDRESS_PER_HOUR", env.int, default=5)
ALERTS_REQUESTS_PER_CLIENT_PER_HOUR = read(
    "ALERTS_REQUESTS_PER_CLIENT_PER_HOUR", env.int, default=30
)
ALERTS_CONFIRM_MAX_AGE = read("ALERTS_CONFIRM_MAX_AGE", env.int, default=2 * 86400)
ALERTS_MANAGE_MAX_AGE = read("ALERTS_MANAGE_MAX_AGE", env.int, default=7 * 86400)
for _name, _value in (
    ("ALERTS_MAX_PER_ADDRESS", ALERTS_MAX_PER_ADDRESS),
    ("ALERTS_MAX_PER_PRODUCT", ALERTS_MAX_PER_PRODUCT),
    ("ALERTS_EMAILS_PER_ADDRESS_PER_HOUR", ALERTS_EMAILS_PER_ADDRESS_PER_HOUR),
    ("ALERTS_REQUESTS_PER_CLIENT_PER_HOUR", ALERTS_REQUESTS_PER_CLIENT_PER_HOUR),
    ("ALERTS_CONFIRM_MAX_AGE", ALERTS_CONFIRM_MAX_AGE),
    ("ALERTS_MANAGE_MAX_AGE", ALERTS_MANAGE_MAX_AGE),
    ("EMAIL_TIMEOUT", EMAIL_TIMEOUT),
):
    if _value < 1:
        raise ImproperlyConfigured(f"{_name} is invalid ({_value}): must be 1 or more")
