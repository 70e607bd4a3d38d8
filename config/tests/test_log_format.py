"""LOG_FORMAT: text by default locally, JSON by default in production, anything else refused."""

from __future__ import annotations

import json
import subprocess

from devtools.testkit.fresh_process import AMAZON_ACCOUNT_ENV, ROOT, run_python

LOG_ONE_LINE = (
    "import django, logging; django.setup(); "
    "logging.getLogger('catalogue.probe').warning('hello', extra={'items': 2})"
)


def _run(settings_module: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run_python(
        LOG_ONE_LINE,
        settings_module=settings_module,
        env={
            "DJANGO_SECRET_KEY": "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "shop.example.com",
            **AMAZON_ACCOUNT_ENV,
            "DJANGO_VAR_DIR": str(ROOT / "var" / "log-format-test"),
            **env,
        },
    )


def test_production_logs_one_json_object_per_line_on_stdout() -> None:
    result = _run("config.settings.production")

    record = json.loads(result.stdout.strip().splitlines()[-1])
    assert result.returncode == 0, result.stderr
    assert record["level"] == "WARNING"
    assert record["logger"] == "catalogue.probe"
    assert record["message"] == "hello"
    assert record["items"] == 2


def test_local_logs_text_unless_asked_for_json() -> None:
    text = _run("config.settings.local")
    as_json = _run("config.settings.local", LOG_FORMAT="JSON")

    assert text.stdout.strip().endswith("WARNING catalogue.probe hello")
    assert json.loads(as_json.stdout.strip())["message"] == "hello"


def test_an_unknown_log_format_stops_start_up_naming_the_variable() -> None:
    result = _run("config.settings.local", LOG_FORMAT="xml")

    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert "LOG_FORMAT" in last_line
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured")
