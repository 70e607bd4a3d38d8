"""The API's selectors: the querysets it serves, pre-joined here and ordered by the paginator."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from rest_framework.request import Request

from config.api.permissions import is_staff
from products.catalogue_filter import in_category
from products.models import Category, PriceObservation, Product


def products_visible(request: Request) -> QuerySet[Product]:
    """Published products for everyone; staff also see unpublished ones."""
    products = (
        Product.objects.all() if is_staff(request) else Product.objects.filter(published=True)
    )
    return products.prefetch_related(
        Prefetch("categories", queryset=Category.objects.order_by("marketplace", "path", "id"))
    )


def product_visible(request: Request, *, marketplace: str, asin: str) -> Product | None:
    return products_visible(request).filter(marketplace=marketplace, asin=asin.upper()).first()


def observations_of(product: Product) -> QuerySet[PriceObservation]:
    return PriceObservation.objects.filter(product=product)


def categories_all() -> QuerySet[Category]:
    return Category.objects.select_related("parent")


def category_detail(*, marketplace: str, node_id: str) -> Category | None:
    children = Prefetch("children", queryset=Category.objects.order_by("name", "node_id"))
    return (
        categories_all()
        .prefetch_related(children)
        .filter(marketplace=marketplace, node_id=node_id)
        .first()
    )


def category_product_count(request: Request, category: Category) -> int:
    """Products filed under the node or below it (published ones, unless staff)."""
    products = (
        Product.objects.all() if is_staff(request) else Product.objects.filter(published=True)
    )
    return products.filter(in_category(category)).count()
