"""Prometheus metrics observed for each request: latency by route and status, page cache use."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

# Buckets around the storefront's targets (cached pages in milliseconds, uncached search
# well under a second), so p50 / p95 / p99 come out of histogram_quantile() with little error.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

REQUEST_SECONDS = Histogram(
    "catalogue_http_request_duration_seconds",
    "Time to answer a request, by method, URL route and status code.",
    ["method", "route", "status"],
    buckets=LATENCY_BUCKETS,
)
PAGE_CACHE_LOOKUPS = Counter(
    "catalogue_page_cache_lookups",
    "Storefront page cache lookups, by result (hit or miss).",
    ["result"],
)


def observe_request(
    *, method: str, route: str, status: int, seconds: float, page_cache: str | None
) -> None:
    """Record one answered request."""
    REQUEST_SECONDS.labels(method=method, route=route, status=str(status)).observe(seconds)
    if page_cache in ("hit", "miss"):
        PAGE_CACHE_LOOKUPS.labels(result=page_cache).inc()
