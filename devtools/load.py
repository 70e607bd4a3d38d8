"""A bounded HTTP load: N clients on keep-alive connections, each looping over paths."""

from __future__ import annotations

import http.client
import itertools
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field


@dataclass
class LoadResult:
    """What the clients saw: each request's latency, and what went wrong."""

    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def requests(self) -> int:
        return len(self.latencies) + sum(self.errors.values())

    def add(self, other: LoadResult) -> None:
        """Count another run's requests and time with this one's."""
        self.latencies += other.latencies
        for kind, count in other.errors.items():
            self.errors[kind] = self.errors.get(kind, 0) + count
        self.seconds += other.seconds

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def _client(
    *,
    host: str,
    port: int,
    paths: Sequence[str],
    start: int,
    until: float,
    result: LoadResult,
    fresh: Iterator[int] | None,
) -> None:
    connection = http.client.HTTPConnection(host, port, timeout=10)
    for path in itertools.islice(itertools.cycle(paths), start, None):
        if time.monotonic() >= until:
            break
        if fresh is not None:
            path = f"{path}{'&' if '?' in path else '?'}fresh={next(fresh)}"
        started = time.monotonic()
        problem = ""
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if response.status >= 400:
                problem = f"HTTP {response.status}"
        except (OSError, http.client.HTTPException) as error:
            problem = type(error).__name__
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=10)
        with result.lock:
            if problem:
                result.errors[problem] = result.errors.get(problem, 0) + 1
            else:
                result.latencies.append(time.monotonic() - started)
    connection.close()


def run_load(
    *,
    host: str,
    port: int,
    paths: Sequence[str],
    clients: int,
    seconds: float,
    fresh: bool = False,
) -> LoadResult:
    """`clients` threads request `paths` in turn, each on its own connection, for `seconds`.

    `fresh` gives every request its own `fresh=N` parameter, so that no cache keyed on the
    URL can answer it: the cost of rendering, not of serving a cached copy.
    """
    result = LoadResult()
    # next() on one shared counter hands each thread distinct numbers.
    numbers = itertools.count() if fresh else None
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=_client,
            kwargs={
                "host": host,
                "port": port,
                "paths": paths,
                "start": n,
                "until": until,
                "result": result,
                "fresh": numbers,
            },
        )
        for n in range(clients)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.monotonic() - started
    return result
