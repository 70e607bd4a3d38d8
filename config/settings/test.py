"""Tests run against real PostgreSQL and Redis; the Makefile supplies or starts them."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/catalogue")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/1")

from config.settings.base import *  # noqa: F403
from config.settings.base import INSTALLED_APPS

# The tests cover the benchmark and catalogue-building commands too.
INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
