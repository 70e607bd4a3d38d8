"""The embedded default: one machine, no services required."""

from config.settings.base import *  # noqa: F403
from config.settings.base import CELERY_BROKER_URL, VAR_DIR
from config.settings.environment import read_bool

DEBUG = read_bool("DJANGO_DEBUG", default=True)

# The embedded database and the serverless broker keep their files here.
VAR_DIR.mkdir(parents=True, exist_ok=True)
if CELERY_BROKER_URL.startswith("filesystem://"):
    for folder in ("queue", "processed"):
        (VAR_DIR / "broker" / folder).mkdir(parents=True, exist_ok=True)
