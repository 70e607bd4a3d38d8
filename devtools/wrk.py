"""A bounded HTTP load by wrk (Debian's package), over a file of paths (devtools/wrk_paths.lua).

wrk is written in C and spreads its connections over a few threads: unlike the Python
loader (devtools/load.py), it is not the bottleneck in front of an edge cache serving tens
of thousands of requests per second.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from devtools.loopback import HOST

SCRIPT = Path(__file__).resolve().parent / "wrk_paths.lua"
ERROR_KINDS = ("connect", "read", "write", "status", "timeout")


@dataclass
class WrkResult:
    """What wrk counted: requests, time, errors by kind (status: answers of 400 or more)."""

    requests: int = 0
    seconds: float = 0.0
    errors: dict[str, int] = field(default_factory=dict)
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    # Answers an edge served from its cache and not, when counted (`count_cache`).
    hits: int = 0
    misses: int = 0

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def add(self, other: WrkResult) -> None:
        """Count another run's requests and time with this one's (latencies: the worst)."""
        self.requests += other.requests
        self.seconds += other.seconds
        for kind, count in other.errors.items():
            self.errors[kind] = self.errors.get(kind, 0) + count
        self.p50_ms = max(self.p50_ms, other.p50_ms)
        self.p99_ms = max(self.p99_ms, other.p99_ms)
        self.hits += other.hits
        self.misses += other.misses

    @property
    def hit_rate(self) -> float:
        counted = self.hits + self.misses
        return self.hits / counted if counted else 0.0


def write_paths(file: Path, paths: Sequence[str]) -> Path:
    """The paths for wrk_paths.lua, the most popular first."""
    file.write_text("".join(f"{path}\n" for path in paths))
    return file


def run_wrk(
    *,
    port: int,
    paths: Path,
    seconds: float,
    connections: int,
    threads: int = 2,
    zipf: float = 0.0,
    seed: int = 1,
    crawl: bool = False,
    count_cache: bool = False,
) -> WrkResult:
    """wrk against 127.0.0.1:port for `seconds`, each request a path of the file `paths`
    chosen with Zipf exponent `zipf` (0: uniform); `crawl`: each path once, in order, and
    stop at the end (or after `seconds`); `count_cache`: count the edge's hits and misses
    (X-Cache), at some cost to the rate."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is missing: `make bench-edge` installs Debian's wrk")
    completed = subprocess.run(  # noqa: S603 (Debian's wrk, on loopback)
        [
            wrk,
            *("--threads", str(threads), "--connections", str(max(connections, threads))),
            *("--duration", f"{max(1, round(seconds))}s", "--timeout", "10s"),
            *("--script", str(SCRIPT), f"http://{HOST}:{port}"),
            *("--", str(paths), str(zipf), str(seed), str(threads)),
        ],
        env={
            **os.environ,
            "WRK_CRAWL": "1" if crawl else "0",
            "WRK_COUNT_CACHE": "1" if count_cache else "0",
        },
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    )
    line = next(
        (row for row in completed.stdout.splitlines() if row.startswith("wrk-summary ")), None
    )
    if line is None:
        raise RuntimeError(f"wrk printed no summary:\n{completed.stdout}\n{completed.stderr}")
    summary = json.loads(line.removeprefix("wrk-summary "))
    return WrkResult(
        requests=summary["requests"],
        seconds=summary["microseconds"] / 1e6,
        errors={kind: summary[kind] for kind in ERROR_KINDS if summary[kind]},
        p50_ms=summary["p50"] / 1000,
        p99_ms=summary["p99"] / 1000,
        hits=summary["hits"],
        misses=summary["misses"],
    )
