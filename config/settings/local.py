"""The embedded default: one machine, no services required."""

from config.settings.base import *  # noqa: F403
from config.settings.environment import env, read

DEBUG = read("DJANGO_DEBUG", env.bool, default=True)

# The embedded database and the serverless broker keep their files here.
VAR_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405
