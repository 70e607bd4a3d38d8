"""The site's own pages: built in from the start, in each store's language, replaced and
added by staff, linked from every footer, and gone from cached pages once changed."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from devtools.testkit.catalogue import stock_catalogue
from products.site_pages.models import SitePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def stores(settings: Settings) -> None:
    settings.AMAZON_MARKETPLACES = ["US", "DE"]


def footer(page: str) -> str:
    return page.split('class="footer-nav"')[1].split("</nav>")[0]


def test_every_page_links_the_built_in_pages_in_its_stores_language(
    client: Client, stores: None
) -> None:
    stock_catalogue()
    english = client.get("/us/").content.decode()
    german = client.get("/de/").content.decode()

    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', footer(english)) == [
        ("/us/pages/about/", "About"),
        ("/us/pages/privacy/", "Privacy"),
        ("/us/pages/contact/", "Contact"),
    ]
    assert '<a href="/de/pages/privacy/">Datenschutz</a>' in footer(german)


def test_a_built_in_page_speaks_its_stores_language_and_keeps_the_rules(
    client: Client, stores: None
) -> None:
    about = client.get("/de/pages/about/")

    assert about.status_code == 200
    assert about["Cache-Control"].startswith("public")
    text = about.content.decode()
    assert "<h1>Über uns</h1>" in text
    assert "älter als 24 Stunden" in text
    # The store's own disclosure, in the body as in the footer.
    assert text.count("Als Amazon-Partner verdiene ich an qualifizierten Verkäufen") == 2


def test_the_contact_page_says_when_there_is_no_address(client: Client, stores: None) -> None:
    page = client.get("/us/pages/contact/").content.decode()

    assert "has not published a contact address yet" in page
    assert "mailto:" not in page


def test_the_contact_page_shows_the_operators_address(
    client: Client, stores: None, settings: Settings
) -> None:
    settings.SITE_CONTACT_EMAIL = "hello@example.com"

    page = client.get("/us/pages/contact/").content.decode()

    assert '<a href="mailto:hello@example.com">hello@example.com</a>' in page


def test_staff_replace_a_built_in_page_and_add_their_own(
    client: Client, stores: None, django_capture_on_commit_callbacks: Any
) -> None:
    client.get("/us/pages/about/")
    with django_capture_on_commit_callbacks(execute=True):
        SitePage.objects.create(slug="about", title="Who we are", body="We test kettles.\n\nDaily.")
        SitePage.objects.create(
            slug="imprint", title="Imprint", body="Kettle Corner <b>GmbH</b>", position=40
        )
        SitePage.objects.create(slug="draft", title="Draft", body="Not yet", published=False)

    about = client.get("/us/pages/about/").content.decode()
    imprint = client.get("/us/pages/imprint/").content.decode()
    links = footer(client.get("/us/pages/privacy/").content.decode())

    assert "<h1>Who we are</h1>" in about
    assert "<p>We test kettles.</p>\n\n<p>Daily.</p>" in about
    assert "Kettle Corner &lt;b&gt;GmbH&lt;/b&gt;" in imprint
    assert links.index(">Who we are<") < links.index(">Privacy<") < links.index(">Imprint<")
    assert ">About<" not in links and "Draft" not in links
    assert client.get("/us/pages/draft/").status_code == 404
    assert client.get("/us/pages/nothing/").status_code == 404
