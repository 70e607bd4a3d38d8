"""The product list and page as curating tools: carried stores only, previews instead of
JSON, bulk actions that say what they did and refuse, per product, what they cannot do."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from pytest_django.fixtures import Settings

from devtools.testkit.catalogue import ProductFactory, fresh, manual, rule, stale, stock_catalogue
from products.collections.models import Collection
from products.models import Product

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:products_product_changelist"


@pytest.fixture
def staff(client: Client) -> Client:
    client.force_login(User.objects.create_superuser("curator", "curator@example.com", "pw"))
    return client


@pytest.fixture
def two_stores(settings: Settings) -> None:
    settings.AMAZON_MARKETPLACES = ["US", "UK"]


def act(staff: Client, action: str, products: list[Product], **extra: str) -> str:
    response = staff.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [p.pk for p in products], **extra},
        follow=True,
    )
    assert response.status_code == 200
    return response.content.decode()


def test_filters_and_dropdowns_list_only_the_carried_stores(
    staff: Client, two_stores: None
) -> None:
    changelist = staff.get(reverse(CHANGELIST))
    add_form = staff.get(reverse("admin:products_product_add"))
    collection_form = staff.get(reverse("admin:collections_collection_add"))
    watchlist_form = staff.get(reverse("admin:ingestion_watchlist_add"))

    [store_filter] = [f for f in changelist.context["cl"].filter_specs if f.title == "store"]
    assert [code for code, _ in store_filter.lookup_choices] == ["US", "UK"]
    for page in (add_form, collection_form, watchlist_form):
        choices = page.context["adminform"].form.fields["marketplace"].choices
        assert [code for code, _ in choices if code] == ["US", "UK"]
    assert "www.amazon.de" not in changelist.content.decode()


def test_the_store_filter_narrows_the_list(staff: Client, two_stores: None) -> None:
    ProductFactory.create(marketplace="US")
    uk = ProductFactory.create(marketplace="UK")

    page = staff.get(reverse(CHANGELIST) + "?marketplace__exact=UK")

    assert [p.pk for p in page.context["cl"].result_list] == [uk.pk]


def test_the_list_shows_thumbnails_and_readable_headers(staff: Client) -> None:
    products = stock_catalogue()

    page = staff.get(reverse(CHANGELIST)).content.decode()

    thumb = products["B0KETTLE01"].images["primary"]["medium"]["url"]
    assert f'<img class="thumb" src="{escape(thumb)}"' in page
    assert "Price display" not in page and "PRICE DISPLAY" not in page
    assert ">Price as of<" in page or ">price as of<" in page.lower()


def test_the_product_page_previews_images_and_features_and_links_amazon_once(
    staff: Client,
) -> None:
    product = stock_catalogue()["B0KETTLE01"]

    page = staff.get(reverse("admin:products_product_change", args=[product.pk])).content.decode()

    assert page.count(f'href="{escape(product.detail_page_url)}"') == 1
    for image in (product.images["primary"], *product.images["variants"]):
        assert f'src="{escape(image["small"]["url"])}"' in page
    assert "<li>Glass kettle with blue light feature one</li><li>Second feature</li>" in page
    assert '"medium": {"url"' not in page.split("Last API item")[0]


def test_feature_warns_per_product_without_a_fresh_price_and_refuses_unpublished_ones(
    staff: Client,
) -> None:
    priced, unpriced = fresh(), stale()
    hidden = fresh(published=False)

    page = act(staff, "feature", [priced, unpriced, hidden])

    assert set(Product.objects.filter(featured=True)) == {priced, unpriced}
    assert f"{unpriced.asin} (US) featured without a fresh price" in page
    assert f"{priced.asin} (US) featured without" not in page
    assert f"{hidden.asin} (US) not featured: it is not published" in page


def test_unpublish_hides_the_selected_products(staff: Client) -> None:
    shown, other = fresh(), fresh()

    act(staff, "unpublish", [shown])

    assert not Product.objects.get(pk=shown.pk).published
    assert Product.objects.get(pk=other.pk).published


def test_add_to_collection_asks_which_then_adds_and_refuses_per_product(
    staff: Client, two_stores: None
) -> None:
    products = stock_catalogue()
    kettle, lamp = products["B0KETTLE01"], products["B0LAMP0001"]
    picked = manual([kettle], title="Picked", slug="picked")
    rule(title="By rule", slug="by-rule", rule_brand="Acme")
    manual([], title="British", slug="british", marketplace="UK")
    uk = ProductFactory.create(marketplace="UK")

    chooser = act(staff, "add_to_collection", [kettle, lamp, uk])
    added = act(
        staff, "add_to_collection", [kettle, lamp, uk], apply="1", collection=str(picked.pk)
    )

    # The page offers the hand-picked collections of the selected stores, not rule ones.
    assert "Picked (US, /picked/)" in chooser and "British (UK, /british/)" in chooser
    assert "By rule" not in chooser
    assert list(picked.items.order_by("position").values_list("product__asin", flat=True)) == [
        kettle.asin,
        lamp.asin,
    ]
    assert "1 product(s) added to" in added
    assert f"{kettle.asin} (US) already in the collection" in added
    assert f"{uk.asin} (UK) in the UK store, not US" in added


def test_add_to_collection_stops_at_the_collections_maximum(staff: Client) -> None:
    products = [fresh(), fresh(), fresh()]
    small = manual([], title="Small", slug="small", max_items=2)

    page = act(staff, "add_to_collection", products, apply="1", collection=str(small.pk))

    assert small.items.count() == 2
    assert f"{products[2].asin} (US) the collection shows at most 2" in page


def test_add_to_collection_refuses_a_rule_collection_posted_by_hand(staff: Client) -> None:
    product = fresh()
    by_rule = rule(rule_brand="Lumen")

    page = act(staff, "add_to_collection", [product], apply="1", collection=str(by_rule.pk))

    assert not Collection.objects.get(pk=by_rule.pk).items.exists()
    assert "No hand-picked collection of US exists" in page
