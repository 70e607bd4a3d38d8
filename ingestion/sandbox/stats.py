"""Counters of what the sandbox answered, read by tests and demos at /sandbox/stats."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any


class Stats:
    """Thread-safe counts of API requests by operation and status, and other events."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_operation: Counter[str] = Counter()
        self._by_status: Counter[str] = Counter()
        self._throttled_by_operation: Counter[str] = Counter()
        self._events: Counter[str] = Counter()

    def record(self, operation: str, status: int) -> None:
        """One API request answered with `status`."""
        with self._lock:
            self._by_operation[operation] += 1
            self._by_status[str(status)] += 1
            if status == 429:
                self._throttled_by_operation[operation] += 1

    def count(self, event: str, amount: int = 1) -> None:
        """Something other than an API answer: tokens issued, items served, faults injected."""
        with self._lock:
            self._events[event] += amount

    def snapshot(self) -> dict[str, Any]:
        """The counters as JSON-ready values."""
        with self._lock:
            return {
                "requests": sum(self._by_operation.values()),
                "served": self._by_status["200"],
                "throttled": sum(self._throttled_by_operation.values()),
                "by_operation": dict(self._by_operation),
                "by_status": dict(self._by_status),
                "throttled_by_operation": dict(self._throttled_by_operation),
                "events": dict(self._events),
            }

    def reset(self) -> None:
        with self._lock:
            for counter in (
                self._by_operation,
                self._by_status,
                self._throttled_by_operation,
                self._events,
            ):
                counter.clear()
