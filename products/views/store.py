"""The store switch: a visitor's choice of store, remembered in a cookie for a year.

The header's switch is a list of links to `/store/<code>/?next=<page>`: no form, so a page
that carries it holds no CSRF token and may be kept by a shared cache. Following a link
only remembers a preference and moves to that store's page, as any link to it would.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from products.stores import (
    STORE_COOKIE,
    STORE_COOKIE_MAX_AGE,
    StoreForm,
    request_store,
    same_page_in_store,
    same_site_url,
)


def _remembered(response: HttpResponse, code: str) -> HttpResponse:
    response.set_cookie(
        STORE_COOKIE,
        code,
        max_age=STORE_COOKIE_MAX_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def store_switch(request: HttpRequest) -> HttpResponse:
    """GET shows the choice; POST (this page's form) makes it."""
    if request.method == "GET":
        initial = {"store": request_store(request), "next": request.GET.get("next", "")}
        return render(request, "products/store.html", {"form": StoreForm(initial=initial)})
    form = StoreForm(request.POST)
    if not form.is_valid():
        return render(request, "products/store.html", {"form": form}, status=400)
    code = form.cleaned_data["store"]
    target = same_page_in_store(same_site_url(form.cleaned_data["next"], request), code)
    # 303: the browser follows with a GET, so a reload never re-posts the form.
    return _remembered(HttpResponseRedirect(target, status=303), code)


@never_cache
@require_safe
def store_set(request: HttpRequest, marketplace: str) -> HttpResponse:
    """A store link of the header: remember the store and show the same page in it."""
    target = same_page_in_store(same_site_url(request.GET.get("next", ""), request), marketplace)
    return _remembered(HttpResponseRedirect(target), marketplace)
