"""The logging configuration of every process: one line per record on stdout, JSON or text."""

from __future__ import annotations

from typing import Any

LOG_FORMATS = ("json", "text")


def logging_config(*, level: str, log_format: str) -> dict[str, Any]:
    """A dictConfig for stdout: JSON for CloudWatch, or plain text for people at a terminal."""
    if log_format not in LOG_FORMATS:
        raise ValueError(f"log format must be one of {', '.join(LOG_FORMATS)}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "config.ops.log_context.LogContextFilter"}},
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(levelname)s %(name)s %(message)s",
                "rename_fields": {"levelname": "level", "name": "logger"},
                "timestamp": True,
            },
            "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": log_format,
                "filters": ["context"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            # The access log below replaces Django's own line for every 4xx and 5xx.
            "django.request": {"level": "ERROR"},
            "django.server": {"level": "WARNING"},
        },
    }
