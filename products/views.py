"""Storefront pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from products.selectors import products_recent


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "products/home.html", {"products": products_recent(limit=24)})
