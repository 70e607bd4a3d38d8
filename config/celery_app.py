"""The Celery application shared by the web process, the workers and beat."""

import logging.config
import os
from typing import Any

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("catalogue")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def use_django_logging(**kwargs: Any) -> None:
    """Workers and beat log like the web process (JSON in production), not in Celery's format."""
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
