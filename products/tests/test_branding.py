"""The site's own name, colour and images on every page, from settings; no template names
the product itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.test import Client
from pytest_django.fixtures import Settings

from devtools.testkit.catalogue import stock_catalogue
from devtools.testkit.fresh_process import run_python
from products.branding import accent_ink, branding_context
from products.links import product_url

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.fixture
def branded(settings: Settings) -> None:
    settings.SITE_NAME = "Kettle Corner"
    settings.SITE_ACCENT_COLOR = "#ffd400"
    settings.SITE_LOGO = "https://cdn.example.com/logo.svg"
    settings.SITE_SOCIAL_IMAGE = "img/social.png"


def test_no_template_names_the_product() -> None:
    named = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if "admin" not in path.parts and re.search(r"\bCatalogue\b", path.read_text())
    ]

    assert named == []


def test_every_page_takes_the_sites_name_logo_and_images(client: Client, branded: None) -> None:
    products = stock_catalogue()
    for path in ["/us/", "/us/search/?q=kettle", product_url(products["B0KETTLE01"]), "/nope/"]:
        page = client.get(path).content.decode()
        assert re.search(r"<title>[^<]*Kettle Corner</title>", page), path
        assert '<img src="https://cdn.example.com/logo.svg" alt="Kettle Corner"' in page
        assert "© Kettle Corner" in page
        assert '<meta property="og:site_name" content="Kettle Corner">' in page
        assert "Catalogue" not in page, path


def test_the_social_image_is_absolute_and_a_product_shows_its_own(
    client: Client, branded: None, settings: Settings
) -> None:
    products = stock_catalogue()
    home = client.get("/us/").content.decode()
    product = client.get(product_url(products["B0KETTLE01"])).content.decode()

    assert f'<meta property="og:image" content="{settings.SITE_URL}/static/img/social.png">' in home
    shown = re.findall(r'<meta property="og:image" content="([^"]+)"', product)
    assert len(shown) == 1 and shown[0].startswith("https://m.media-amazon.com/images/I/")


def test_the_accent_colour_comes_in_a_style_sheet_the_policy_allows(
    client: Client, branded: None
) -> None:
    page = client.get("/us/").content.decode()
    href = re.search(r'<link rel="stylesheet" href="(/brand-[0-9a-f]{12}\.css)">', page)
    assert href

    sheet = client.get(href[1])

    assert sheet.status_code == 200
    assert sheet["Content-Type"] == "text/css; charset=utf-8"
    assert sheet.content.decode() == ":root { --accent: #ffd400; --accent-ink: #1d2228; }\n"
    assert "max-age=31536000" in sheet["Cache-Control"] and "immutable" in sheet["Cache-Control"]
    assert client.get("/brand-000000000000.css").status_code == 404


def test_the_policy_allows_the_origins_of_brand_images_given_as_urls() -> None:
    shown = run_python(
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])",
        settings_module="config.settings.local",
        env={"SITE_LOGO": "https://cdn.example.com/logo.svg", "SITE_FAVICON": "img/icon.svg"},
        check=True,
    ).stdout

    assert "'https://cdn.example.com'" in shown


def test_the_default_favicon_is_the_names_letter_on_the_accent(
    client: Client, branded: None
) -> None:
    page = client.get("/us/").content.decode()
    href = re.search(r'<link rel="icon" href="(/favicon-[0-9a-f]{12}\.svg)">', page)
    assert href

    icon = client.get(href[1])
    legacy = client.get("/favicon.ico")

    assert icon["Content-Type"] == "image/svg+xml"
    assert 'fill="#ffd400"' in icon.content.decode() and ">K</text>" in icon.content.decode()
    assert legacy.status_code == 301 and legacy["Location"] == href[1]


def test_a_favicon_of_the_operators_own_is_linked(client: Client, settings: Settings) -> None:
    settings.SITE_FAVICON = "img/icon.png"

    page = client.get("/us/").content.decode()

    assert '<link rel="icon" href="/static/img/icon.png">' in page
    assert client.get("/favicon.ico")["Location"] == "/static/img/icon.png"


@pytest.mark.parametrize(
    ("accent", "ink"), [("#b34700", "#ffffff"), ("#1a5fb4", "#ffffff"), ("#ffd400", "#1d2228")]
)
def test_the_ink_on_the_accent_is_the_more_readable(accent: str, ink: str) -> None:
    assert accent_ink(accent) == ink


def test_error_pages_take_the_name_too(branded: None) -> None:
    for template in ("500.html", "503.html"):
        assert "Kettle Corner" in render_to_string(template, branding_context())
