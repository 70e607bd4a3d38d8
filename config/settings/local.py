"""The embedded default: one machine, no services required."""

from importlib.util import find_spec

from config.settings.base import *  # noqa: F403
from config.settings.base import CELERY_BROKER_URL, INSTALLED_APPS, VAR_DIR
from config.settings.environment import read_bool

DEBUG = read_bool("DJANGO_DEBUG", default=True)

# The benchmark and soak commands, where the checkout carries them: the image leaves
# devtools/ out (.dockerignore), and docker/compose.yaml runs the image with these settings.
if find_spec("devtools") is not None:
    INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]

# The embedded database and the serverless broker keep their files here.
VAR_DIR.mkdir(parents=True, exist_ok=True)
if CELERY_BROKER_URL.startswith("filesystem://"):
    for folder in ("queue", "processed", "control"):
        (VAR_DIR / "broker" / folder).mkdir(parents=True, exist_ok=True)
