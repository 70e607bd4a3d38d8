"""When a Creators API request is tried again: 429s as Amazon says, transient errors with
capped, jittered backoff, and never what retrying cannot fix (access lost, refused
credentials: the gateway records those for the credential's region and they stop the run)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from ingestion.api_errors import BadResponse, Throttled, Transient
from ingestion.tally import BatchTally

T = TypeVar("T")

# Transient failures (5xx, timeouts) are retried this many times with capped, jittered
# backoff; 429s wait as Amazon says (Retry-After), up to MAX_THROTTLE_WAIT each.
TRANSIENT_ATTEMPTS = 4
BACKOFF_BASE = 0.5
BACKOFF_CAP = 8.0
MAX_THROTTLE_WAIT = 30.0
MAX_THROTTLED_ATTEMPTS = 6


class BatchFailed(Exception):
    """A request kept failing; its items are recorded as failed and the run goes on."""


def call_with_retries(call: Callable[[], T], *, tally: BatchTally) -> T:
    """Make one API request, waiting out 429s (counted on the tally) and retrying transients.

    The requests themselves are counted by the gateway, which sees every one that was sent.
    """
    transient = throttled = 0
    while True:
        try:
            result = call()
        except Throttled as error:
            tally.throttled += 1
            throttled += 1
            if throttled >= MAX_THROTTLED_ATTEMPTS:
                raise BatchFailed(f"still throttled after {throttled} attempts: {error}") from error
            time.sleep(min(error.retry_after, MAX_THROTTLE_WAIT))
        except (Transient, BadResponse) as error:
            transient += 1
            if transient >= TRANSIENT_ATTEMPTS:
                raise BatchFailed(
                    f"{type(error).__name__} after {transient} attempts: {error}"
                ) from error
            delay = min(BACKOFF_CAP, BACKOFF_BASE * 2**transient)
            time.sleep(delay / 2 + random.uniform(0, delay / 2))  # noqa: S311 (jitter, not secrets)
        else:
            return result
