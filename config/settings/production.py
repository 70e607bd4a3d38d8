"""Production: secrets and hosts have no defaults, so a bad deploy fails at start."""

from config.ops.log_config import LOG_FORMATS, logging_config
from config.settings.amazon import require_amazon_account
from config.settings.base import *  # noqa: F403
from config.settings.base import AMAZON_PARTNER_TAGS, LOG_LEVEL, SENTRY_DSN
from config.settings.environment import env, read, read_bool, read_choice, required

SECRET_KEY = required("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in required("DJANGO_ALLOWED_HOSTS").split(",")]
DEBUG = False
require_amazon_account(AMAZON_PARTNER_TAGS)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = read_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = read("DJANGO_SECURE_HSTS_SECONDS", env.int, default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# One JSON object per line on stdout, which the awslogs driver ships to CloudWatch.
LOG_FORMAT = read_choice("LOG_FORMAT", LOG_FORMATS, default="json")
LOGGING = logging_config(level=LOG_LEVEL, log_format=LOG_FORMAT)

if SENTRY_DSN:
    import logging

    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.logging import LoggingIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[
            DjangoIntegration(),
            CeleryIntegration(),
            # Log records become breadcrumbs; only errors become events (one per request
            # at INFO would be a flood).
            LoggingIntegration(level=getattr(logging, LOG_LEVEL), event_level=logging.ERROR),
        ],
        send_default_pii=False,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
    )
