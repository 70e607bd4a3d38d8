"""The wrk loader the edge benchmark uses (devtools/wrk.py, wrk_paths.lua), against a small
server on loopback that says which answers came from a cache."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from devtools.loopback import HOST
from devtools.wrk import run_wrk, write_paths


class _Edge(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: list[tuple[str, str]] = []

    def do_GET(self) -> None:
        self.seen.append((self.path, self.headers.get("Accept-Encoding", "")))
        body = b"ok"
        self.send_response(200)
        self.send_header("X-Cache", "HIT" if self.path.startswith("/hit") else "MISS")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def edge_port() -> Iterator[int]:
    _Edge.seen = []
    server = ThreadingHTTPServer((HOST, 0), _Edge)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_the_load_counts_the_edges_hits_and_misses_and_accepts_gzip(
    edge_port: int, tmp_path: Path
) -> None:
    paths = write_paths(tmp_path / "paths.txt", ["/hit/1", "/miss/1", "/hit/2", "/miss/2"])

    result = run_wrk(port=edge_port, paths=paths, seconds=1, connections=4, count_cache=True)

    assert result.requests > 0 and not result.errors
    assert result.hits > 0 and result.misses > 0
    assert result.hits + result.misses == pytest.approx(result.requests, abs=4)
    assert 0.25 < result.hit_rate < 0.75
    assert {encoding for _, encoding in _Edge.seen} == {"gzip"}


def test_a_crawl_asks_for_each_path_once_in_order(edge_port: int, tmp_path: Path) -> None:
    wanted = [f"/miss/{n}" for n in range(50)]

    result = run_wrk(
        port=edge_port,
        paths=write_paths(tmp_path / "paths.txt", wanted),
        seconds=5,
        # One connection, so the server sees the requests in the order they are sent.
        connections=1,
        threads=1,
        crawl=True,
    )

    asked = [path for path, _ in _Edge.seen]
    assert asked[: len(wanted)] == wanted
    assert set(asked) == set(wanted)
    assert result.hits == result.misses == 0


def test_a_crawl_on_several_threads_asks_for_every_path(edge_port: int, tmp_path: Path) -> None:
    wanted = [f"/miss/{n}" for n in range(60)]

    run_wrk(
        port=edge_port,
        paths=write_paths(tmp_path / "paths.txt", wanted),
        seconds=5,
        connections=4,
        threads=2,
        crawl=True,
    )

    assert {path for path, _ in _Edge.seen} == set(wanted)
