"""The benchmarks' loader: bounded in time, and `fresh` requests that no cache can share."""

from __future__ import annotations

from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from devtools.load import run_load
from devtools.loopback import HOST
from devtools.testkit.receiver import serving


class _Recorder(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: list[str] = []

    def do_GET(self) -> None:
        self.seen.append(self.path)
        status = 404 if self.path.startswith("/missing") else 200
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def server() -> Iterator[ThreadingHTTPServer]:
    _Recorder.seen = []
    yield from serving(ThreadingHTTPServer((HOST, 0), _Recorder))


def test_the_same_paths_repeat_and_errors_are_counted(server: ThreadingHTTPServer) -> None:
    result = run_load(
        host=HOST,
        port=server.server_address[1],
        paths=["/a", "/missing?q=1"],
        clients=2,
        seconds=0.3,
    )

    assert result.seconds < 5
    assert set(_Recorder.seen) == {"/a", "/missing?q=1"}
    assert len(result.latencies) == _Recorder.seen.count("/a")
    assert result.errors == {"HTTP 404": _Recorder.seen.count("/missing?q=1")}


def test_fresh_requests_never_repeat_a_url(server: ThreadingHTTPServer) -> None:
    result = run_load(
        host=HOST,
        port=server.server_address[1],
        paths=["/a", "/b?q=x"],
        clients=4,
        seconds=0.3,
        fresh=True,
    )

    assert result.requests == len(_Recorder.seen) > 8
    assert len(set(_Recorder.seen)) == len(_Recorder.seen)
    assert all(
        path.startswith("/a?fresh=") or path.startswith("/b?q=x&fresh=") for path in _Recorder.seen
    )
