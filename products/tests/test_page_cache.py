"""When a hot page expires, one request renders it while the others wait for its result."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from products.edge_headers import Shown
from products.page_cache import Rendered, cached_page


def test_concurrent_misses_render_the_page_once() -> None:
    renders = 0
    lock = threading.Lock()

    def render() -> Rendered:
        nonlocal renders
        with lock:
            renders += 1
        time.sleep(0.2)
        return HttpResponse(b"<p>page</p>"), Shown(prices=(timezone.now(),))

    def visit(_: int) -> tuple[bytes, str]:
        request = RequestFactory().get("/hot/")
        request.user = AnonymousUser()
        response = cached_page(request, render, ttl=60)
        return response.content, response["X-Cache"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(visit, range(8)))

    assert renders == 1
    assert {content for content, _ in answers} == {b"<p>page</p>"}
    assert sorted(state for _, state in answers) == ["hit"] * 7 + ["miss"]


def test_a_page_that_fails_to_render_releases_the_lock() -> None:
    calls = 0

    def failing() -> Rendered:
        nonlocal calls
        calls += 1
        raise RuntimeError("render failed")

    request = RequestFactory().get("/broken/")
    request.user = AnonymousUser()
    for _ in range(2):
        with pytest.raises(RuntimeError):
            cached_page(request, failing, ttl=60)
    started = time.monotonic()
    with pytest.raises(RuntimeError):
        cached_page(request, failing, ttl=60)

    assert calls == 3
    assert time.monotonic() - started < 0.5
