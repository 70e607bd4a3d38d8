"""A rate limit for tests that count up to it: counters live in fixed windows, so a test that
straddles a window's end would see its count start again and fail for no fault."""

from __future__ import annotations

import time

from pytest_django.fixtures import Settings

WINDOW_SECONDS = 3600
# More than any counting test takes, even on a loaded machine.
MARGIN_SECONDS = 60


def rate_limit_within_one_window(settings: Settings, max_requests: int) -> int:
    """Set the limit, and wait for a new window if the current one ends within the margin."""
    settings.RATE_LIMIT_MAX_REQUESTS = max_requests
    settings.RATE_LIMIT_WINDOW_MS = WINDOW_SECONDS * 1000
    left = WINDOW_SECONDS - time.time() % WINDOW_SECONDS
    if left < MARGIN_SECONDS:
        time.sleep(left)
    return max_requests
