"""The tooling is installed where it is used, and never reaches a production site."""

from __future__ import annotations

import pytest
from django.urls import Resolver404, resolve

from devtools.bench_urls import TRIVIAL_PATH
from devtools.testkit.fresh_process import AMAZON_ACCOUNT_ENV, run_python

PRODUCTION = {
    "DJANGO_SECRET_KEY": "x" * 50,
    "DJANGO_ALLOWED_HOSTS": "shop.example.com",
    **AMAZON_ACCOUNT_ENV,
}
INSTALLED = (
    "import sys, django; django.setup(); import config.urls; "
    "from django.conf import settings; "
    "print('devtools' in settings.INSTALLED_APPS, 'devtools' in sys.modules)"
)


def test_production_neither_installs_nor_imports_the_tooling() -> None:
    result = run_python(INSTALLED, settings_module="config.settings.production", env=PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]


@pytest.mark.parametrize(("present", "installed"), [(True, "True"), (False, "False")])
def test_local_settings_install_the_tooling_where_the_checkout_has_it(
    present: bool, installed: str
) -> None:
    # The image leaves devtools/ out, and compose runs the image with the local settings.
    hide = "" if present else "import sys; sys.modules['devtools'] = None; "
    result = run_python(hide + INSTALLED, settings_module="config.settings.local", env={})

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == installed


def test_the_trivial_view_is_served_only_by_the_benchmark_urlconf() -> None:
    with pytest.raises(Resolver404):
        resolve(TRIVIAL_PATH, urlconf="config.urls")

    assert resolve(TRIVIAL_PATH, urlconf="devtools.bench_urls").func.__name__ == "trivial"
