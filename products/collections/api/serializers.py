"""What the API shows of a collection: a public contract, like the product serializer."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from products.api.serializers import ProductSerializer, absolute
from products.collections.models import COMPARE_ATTRIBUTES, Collection


class CollectionSerializer(serializers.Serializer[Collection]):
    url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()
    slug = serializers.CharField()
    title = serializers.CharField()
    marketplace = serializers.CharField()
    intro = serializers.CharField(allow_blank=True)
    kind = serializers.ChoiceField(choices=Collection.KIND_CHOICES)
    compare_attributes = serializers.ListField(
        child=serializers.ChoiceField(choices=list(COMPARE_ATTRIBUTES.items())),
        help_text="The attributes its comparison table sets side by side.",
    )
    show_on_home = serializers.BooleanField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, collection: Collection) -> str:
        return absolute(self, "collection-detail", slug=collection.slug)

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, collection: Collection) -> str:
        path = collection.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class CollectionDetailSerializer(CollectionSerializer):
    products = ProductSerializer(
        many=True, help_text="Its published products, in the collection's order."
    )
