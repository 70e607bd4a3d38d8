"""Start-up refuses bad configuration with a one-line message naming the variable."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from devtools.testkit.fresh_process import AMAZON_ACCOUNT_ENV, ROOT, run_python


def _start(settings_module: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run_python("import django; django.setup()", settings_module=settings_module, env=env)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "not-a-url"),
        ("DATABASE_URL", "mysql://root@127.0.0.1/catalogue"),
        ("DATABASE_URL", "postgres://u@h:notaport/db"),
        ("REDIS_URL", "localhost:6379"),
        ("CACHE_SEARCH_TTL", "five minutes"),
        ("CACHE_PRODUCT_TTL", "-1"),
        ("PRICE_MAX_AGE", "1.5"),
        ("CREATORS_API_TPS", "fast"),
        ("CREATORS_API_TPD", "0"),
        ("AMAZON_MARKETPLACES", "US,XX"),
        ("DJANGO_DEBUG", "perhaps"),
        ("LOG_LEVEL", "LOUD"),
        ("RATE_LIMIT_MAX_REQUESTS", "many"),
        ("CELERY_BROKER_URL", "kafka://broker"),
        ("CORS_ORIGIN", "example.com"),
        ("CORS_ORIGIN", "https://example.com/path"),
        ("SITE_NAME", " "),
        ("SITE_ACCENT_COLOR", "orange"),
        ("SITE_LOGO", "http://images.example.com/logo.png"),
        ("SITE_FAVICON", "ftp://example.com/icon.svg"),
        ("SITE_CONTACT_EMAIL", "nobody"),
    ],
)
def test_an_invalid_value_stops_start_up_naming_the_variable(variable: str, value: str) -> None:
    result = _start("config.settings.local", **{variable: value})

    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert variable in last_line
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured")


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_its_secrets(missing: str) -> None:
    env = {"DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "shop.example.com"}
    del env[missing]

    result = _start("config.settings.production", **env)

    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr.strip().splitlines()[-1]


def test_production_starts_when_both_are_set() -> None:
    result = _start(
        "config.settings.production",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="shop.example.com",
        **AMAZON_ACCOUNT_ENV,
    )

    assert result.returncode == 0, result.stderr


def test_the_embedded_default_needs_no_service() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], "
            "s.CELERY_BROKER_URL)",
        ],
        cwd=ROOT,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DJANGO_VAR_DIR": str(ROOT / "var" / "settings-test"),
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "django.core.cache.backends.filebased.FileBasedCache",
        "filesystem://",
    ]


def test_every_variable_read_is_documented_in_env_example() -> None:
    read_calls = re.compile(r'(?:env\.\w+|read\w*|required)\(\s*"([A-Z][A-Z0-9_]+)"')
    read = {
        name
        for path in (ROOT / "config" / "settings").glob("*.py")
        for name in read_calls.findall(path.read_text())
    }
    documented = set(
        re.findall(r"^([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE)
    )

    assert "DATABASE_URL" in read
    assert read <= documented, f"undocumented: {sorted(read - documented)}"
