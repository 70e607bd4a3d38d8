"""Email and alert settings: SMTP (and SES) from one URL, bad values refused by name."""

from __future__ import annotations

import json

import pytest

from devtools.testkit.fresh_process import run_python

SHOW_EMAIL = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, "
    "s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, s.SITE_URL]))"
)


def test_an_ses_smtp_url_configures_smtp_with_starttls() -> None:
    result = run_python(
        SHOW_EMAIL,
        settings_module="config.settings.local",
        env={
            "EMAIL_URL": "smtp+tls://AKIAEXAMPLE:pa%2Bss%2Fword@email-smtp.eu-west-1.amazonaws.com:587",
            "SITE_URL": "https://shop.example.com/",
        },
        check=True,
    )

    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        "django.core.mail.backends.smtp.EmailBackend",
        "email-smtp.eu-west-1.amazonaws.com",
        587,
        "AKIAEXAMPLE",
        "pa+ss/word",
        True,
        "https://shop.example.com",
    ]


def test_the_default_prints_emails_to_the_console() -> None:
    result = run_python(
        SHOW_EMAIL, settings_module="config.settings.local", env={"EMAIL_URL": ""}, check=True
    )

    assert "django.core.mail.backends.console.EmailBackend" in result.stdout


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("EMAIL_URL", "ses://eu-west-1"),
        ("EMAIL_URL", "smtp.example.com"),
        ("SITE_URL", "shop.example.com"),
        ("SITE_URL", "https://shop.example.com/catalogue"),
        ("ALERTS_MAX_PER_ADDRESS", "0"),
        ("ALERTS_EMAILS_PER_ADDRESS_PER_HOUR", "lots"),
        ("EMAIL_TIMEOUT", "-1"),
    ],
)
def test_an_invalid_value_stops_start_up_naming_the_variable(variable: str, value: str) -> None:
    result = run_python(
        "import django; django.setup()",
        settings_module="config.settings.local",
        env={variable: value},
    )

    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured")
    assert variable in last_line
