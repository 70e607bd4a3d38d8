"""What the API shows of a product, its prices and its categories: a public contract."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from products.api.permissions import may_see_price_history
from products.freshness import is_fresh
from products.models import Category, PriceObservation, Product
from products.records import Availability

Data = dict[str, Any]


def absolute(serializer: serializers.BaseSerializer[Any], name: str, **kwargs: str) -> str:
    path = reverse(f"api:{name}", kwargs=kwargs)
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


class ImageSerializer(serializers.Serializer[Data]):
    url = serializers.CharField()
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)


class ImagesSerializer(serializers.Serializer[Data]):
    primary = serializers.DictField(
        child=ImageSerializer(), help_text="Size name (small, medium, large, hiRes) to image."
    )
    variants = serializers.ListField(child=serializers.DictField(child=ImageSerializer()))


class PriceSerializer(serializers.Serializer[Data]):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    currency = serializers.CharField()
    display = serializers.CharField(help_text="As Amazon formats it, e.g. `$24.99`.")
    as_of = serializers.DateTimeField(help_text="When Amazon last confirmed it; prices may change.")


class SavingsSerializer(serializers.Serializer[Data]):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    basis_amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    percent = serializers.IntegerField(allow_null=True)


class RatingSerializer(serializers.Serializer[Data]):
    stars = serializers.DecimalField(
        max_digits=2, decimal_places=1, help_text="Amazon's weighted star rating, 0 to 5."
    )
    count = serializers.IntegerField(help_text="How many customer ratings it is made of.")


class AvailabilitySerializer(serializers.Serializer[Data]):
    type = serializers.ChoiceField(choices=Availability.CHOICES)
    message = serializers.CharField(allow_blank=True)


class CategorySummarySerializer(serializers.Serializer[Category]):
    url = serializers.SerializerMethodField()
    marketplace = serializers.CharField()
    node_id = serializers.CharField()
    name = serializers.CharField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, category: Category) -> str:
        return absolute(
            self, "category-detail", marketplace=category.marketplace, node_id=category.node_id
        )


def _image(sizes: Any) -> dict[str, Data]:
    """Only well-formed sizes: the stored JSON is Amazon's, passed through the mapping."""
    if not isinstance(sizes, dict):
        return {}
    return {
        str(name): {
            "url": image["url"],
            "width": _dimension(image.get("width")),
            "height": _dimension(image.get("height")),
        }
        for name, image in sizes.items()
        if isinstance(image, dict) and isinstance(image.get("url"), str)
    }


def _dimension(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class ProductSerializer(serializers.Serializer[Product]):
    """A price, saving, availability or rating older than PRICE_MAX_AGE (24 h) is null."""

    url = serializers.SerializerMethodField()
    marketplace = serializers.CharField()
    asin = serializers.CharField()
    parent_asin = serializers.CharField()
    title = serializers.CharField(source="display_title")
    brand = serializers.CharField()
    manufacturer = serializers.CharField()
    features = serializers.SerializerMethodField()
    images = serializers.SerializerMethodField()
    categories = CategorySummarySerializer(many=True)
    price = serializers.SerializerMethodField()
    savings = serializers.SerializerMethodField()
    availability = serializers.SerializerMethodField()
    rating = serializers.SerializerMethodField()
    detail_page_url = serializers.CharField(help_text="Amazon's page, with the partner tag.")
    featured = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    price_history_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, product: Product) -> str:
        return absolute(self, "product-detail", marketplace=product.marketplace, asin=product.asin)

    def get_features(self, product: Product) -> list[str]:
        features = product.features if isinstance(product.features, list) else []
        return [feature for feature in features if isinstance(feature, str)]

    @extend_schema_field(ImagesSerializer)
    def get_images(self, product: Product) -> Data:
        images = product.images if isinstance(product.images, dict) else {}
        variants = images.get("variants")
        return {
            "primary": _image(images.get("primary")),
            "variants": [_image(v) for v in variants] if isinstance(variants, list) else [],
        }

    @extend_schema_field(PriceSerializer(allow_null=True))
    def get_price(self, product: Product) -> Data | None:
        if product.price_amount is None or not is_fresh(product.price_as_of):
            return None
        return PriceSerializer(
            {
                "amount": product.price_amount,
                "currency": product.price_currency,
                "display": product.price_display,
                "as_of": product.price_as_of,
            }
        ).data

    @extend_schema_field(SavingsSerializer(allow_null=True))
    def get_savings(self, product: Product) -> Data | None:
        amounts = (product.savings_amount, product.savings_basis_amount, product.savings_percent)
        if all(value is None for value in amounts) or not is_fresh(product.price_as_of):
            return None
        return SavingsSerializer(
            {
                "amount": product.savings_amount,
                "basis_amount": product.savings_basis_amount,
                "percent": product.savings_percent,
            }
        ).data

    @extend_schema_field(AvailabilitySerializer(allow_null=True))
    def get_availability(self, product: Product) -> Data | None:
        if not is_fresh(product.price_as_of):
            return None
        return {"type": product.availability, "message": product.availability_message}

    @extend_schema_field(RatingSerializer(allow_null=True))
    def get_rating(self, product: Product) -> Data | None:
        """Null when Amazon returned no reviews, or when the item's data is no longer fresh."""
        if not product.rating_is_shown:
            return None
        return RatingSerializer({"stars": product.rating_value, "count": product.rating_count}).data

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_price_history_url(self, product: Product) -> str | None:
        request = self.context.get("request")
        if request is None or not may_see_price_history(request):
            return None
        return absolute(self, "product-prices", marketplace=product.marketplace, asin=product.asin)


class PriceObservationSerializer(serializers.Serializer[PriceObservation]):
    observed_at = serializers.DateTimeField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    currency = serializers.CharField()
    availability = serializers.ChoiceField(choices=Availability.CHOICES)


class CategorySerializer(CategorySummarySerializer):
    path = serializers.CharField(help_text="Node ids from the root down, joined by `/`.")
    depth = serializers.IntegerField()
    # DRF moves declared fields off the class, so this name does not hide `.parent`.
    parent = serializers.CharField(  # type: ignore[assignment]
        source="parent.node_id", allow_null=True
    )
    products_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_products_url(self, category: Category) -> str:
        path = reverse("api:product-list")
        query = f"?marketplace={category.marketplace}&category={category.node_id}"
        request = self.context.get("request")
        return request.build_absolute_uri(path + query) if request is not None else path + query


class CategoryDetailSerializer(CategorySerializer):
    children = CategorySummarySerializer(many=True)
    product_count = serializers.SerializerMethodField()

    def get_product_count(self, category: Category) -> int:
        return int(self.context["product_count"])
