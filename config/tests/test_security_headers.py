"""Production passes Django's deployment checks; every answer carries the security headers."""

from __future__ import annotations

import secrets

import pytest
from django.template.loader import render_to_string
from django.test import Client
from pytest_django.fixtures import Settings

from config.ops.endpoints import OPERATIONS_PATHS
from devtools.testkit.fresh_process import AMAZON_ACCOUNT_ENV, run_python

pytestmark = pytest.mark.django_db

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
    "DJANGO_ALLOWED_HOSTS": "shop.example.com",
    **AMAZON_ACCOUNT_ENV,
}


def test_production_settings_pass_the_deployment_checks_without_a_warning() -> None:
    result = run_python(
        "from django.core.management import call_command; import django; django.setup(); "
        "call_command('check', deploy=True, fail_level='WARNING')",
        settings_module="config.settings.production",
        env=PRODUCTION_ENV,
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def directives(policy: str) -> dict[str, str]:
    """A Content-Security-Policy header as {directive: sources}; its order is not fixed."""
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


@pytest.fixture
def behind_the_load_balancer(settings: Settings) -> Settings:
    """The production transport settings, in this process."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    return settings


def test_plain_http_is_redirected_to_https_but_the_health_checks_answer(
    client: Client, behind_the_load_balancer: Settings
) -> None:
    assert client.get("/us/").status_code == 301
    assert client.get("/us/")["Location"].startswith("https://")
    # The load balancer calls a task by its IP over plain HTTP.
    assert client.get("/health/", HTTP_HOST="10.0.1.23:8000").status_code == 200


def test_https_through_the_load_balancer_carries_hsts(
    client: Client, behind_the_load_balancer: Settings
) -> None:
    response = client.get("/us/", HTTP_X_FORWARDED_PROTO="https")

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.parametrize(
    "path",
    ["/", "/us/search/?q=lamp", "/api/v1/products/", "/nowhere/", *OPERATIONS_PATHS],
)
def test_every_answer_carries_the_security_headers(client: Client, path: str) -> None:
    response = client.get(path)

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == policy["object-src"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", sorted(OPERATIONS_PATHS))
def test_health_and_metrics_answers_over_https_carry_hsts(
    client: Client, behind_the_load_balancer: Settings, path: str
) -> None:
    # Answered ahead of the middleware that sets headers on every other answer.
    response = client.get(path, HTTP_X_FORWARDED_PROTO="https")

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_only_the_api_docs_relax_the_policy_and_only_for_styles(client: Client) -> None:
    for path in ("/api/docs/", "/api/docs/redoc/"):
        policy = directives(client.get(path)["Content-Security-Policy"])
        assert "'unsafe-inline'" in policy["style-src"]
        assert policy["script-src"] == "'self'"


def test_sessions_and_csrf_cookies_are_http_only_and_secure_in_production() -> None:
    result = run_python(
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE, "
        "s.CSRF_COOKIE_HTTPONLY)",
        settings_module="config.settings.production",
        env=PRODUCTION_ENV,
    )

    assert result.stdout.split() == ["True", "True", "True", "True"]


def test_the_csrf_cookie_a_form_sets_is_http_only(client: Client) -> None:
    # No script reads it: forms carry the token in a hidden field.
    response = client.get("/admin/login/")

    assert response.cookies["csrftoken"]["httponly"] is True


def test_the_error_pages_need_no_inline_style() -> None:
    for template in ("404.html", "500.html"):
        assert "<style" not in render_to_string(template)
        assert " style=" not in render_to_string(template)


def test_the_browsable_api_relaxes_styles_only(client: Client) -> None:
    html = client.get("/api/v1/products/", HTTP_ACCEPT="text/html")
    data = client.get("/api/v1/products/")

    assert "'unsafe-inline'" in directives(html["Content-Security-Policy"])["style-src"]
    assert directives(html["Content-Security-Policy"])["script-src"] == "'self'"
    assert "unsafe-inline" not in data["Content-Security-Policy"]
