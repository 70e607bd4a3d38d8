"""The store switch: a visitor's choice of store, remembered in a cookie for a year."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from products.stores import (
    STORE_COOKIE,
    STORE_COOKIE_MAX_AGE,
    StoreForm,
    request_store,
    same_site_url,
)


@never_cache
@require_http_methods(["GET", "POST"])
def store_switch(request: HttpRequest) -> HttpResponse:
    """GET shows the choice; POST (the header's form or this page's) makes it."""
    if request.method == "GET":
        initial = {"store": request_store(request), "next": request.GET.get("next", "")}
        return render(request, "products/store.html", {"form": StoreForm(initial=initial)})
    form = StoreForm(request.POST)
    if not form.is_valid():
        return render(request, "products/store.html", {"form": form}, status=400)
    # 303: the browser follows with a GET, so a reload never re-posts the form.
    response = HttpResponseRedirect(same_site_url(form.cleaned_data["next"], request), status=303)
    response.set_cookie(
        STORE_COOKIE,
        form.cleaned_data["store"],
        max_age=STORE_COOKIE_MAX_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response
