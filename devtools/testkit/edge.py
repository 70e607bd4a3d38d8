"""A private Varnish with the project's VCL in front of the test's live server.

It is started by deploy/varnish/start.sh, as `make run EDGE=1` and compose start it, in
its own working directory and on a free loopback port; the site's SITE_URL and
EDGE_PURGE_URL point at it for the test, and it is stopped at teardown.
"""

from __future__ import annotations

import http.client
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from pytest_django.fixtures import Settings

from devtools.loopback import HOST, ROOT, free_port, running, wait_until_listening

START = ROOT / "deploy" / "varnish" / "start.sh"


@dataclass(frozen=True)
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()

    @property
    def hit(self) -> bool:
        """Whether the edge answered from its cache (the VCL's X-Cache header)."""
        return self.headers["X-Cache"] == "HIT"


@dataclass
class Visitor:
    """One browser: it keeps the cookies the edge passes on, and sends them back."""

    edge: Edge
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self,
        method: str,
        path: str,
        *,
        headers: Mapping[str, str] | None = None,
        body: bytes | None = None,
    ) -> Answer:
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        answer = self.edge.request(method, path, headers=sent, body=body)
        for header in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return answer

    def get(self, path: str, **headers: str) -> Answer:
        return self.request("GET", path, headers=headers)


@dataclass(frozen=True)
class Edge:
    port: int
    workdir: Path

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def request(
        self,
        method: str,
        path: str,
        *,
        headers: Mapping[str, str] | None = None,
        body: bytes | None = None,
    ) -> Answer:
        """One request, sent as given (a Host header replaces the edge's own address)."""
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=dict(headers or {}))
            response = connection.getresponse()
            return Answer(response.status, response.headers, response.read())
        finally:
            connection.close()

    def get(self, path: str, **headers: str) -> Answer:
        return self.request("GET", path, headers=headers)

    def visitor(self, **cookies: str) -> Visitor:
        return Visitor(self, dict(cookies))

    def ban(self, *keys: str) -> Answer:
        return self.request("BAN", "/", headers={"Surrogate-Key": " ".join(keys)})


def _wait_until_serving(edge: Edge, process: subprocess.Popen[bytes]) -> None:
    """varnishd listens only once the VCL is compiled and loaded; a bad VCL exits."""
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            raise AssertionError(f"varnishd exited with {process.returncode} at start")
        try:
            wait_until_listening(edge.port, timeout=0.5)
            return
        except TimeoutError:
            if time.monotonic() > deadline:
                raise


@contextmanager
def private_edge(
    *,
    origin: str,
    site_url: str,
    port: int | None = None,
    purgers: str = f"{HOST},::1",
    storage: str = "malloc,32m",
) -> Iterator[Edge]:
    """varnishd in the foreground, in front of `origin` (host:port), stopped afterwards;
    `purgers` may BAN; `storage` is its -s argument."""
    if shutil.which("varnishd", path=f"{os.environ.get('PATH', '')}:/usr/sbin") is None:
        raise AssertionError("varnishd is missing: `make test` installs Debian's varnish")
    workdir = Path(tempfile.mkdtemp(prefix="edge-"))
    # Running as root, varnishd hands its working directory to the varnish user.
    workdir.chmod(0o755)
    edge = Edge(port=port or free_port(), workdir=workdir)
    environment = {
        **os.environ,
        "SITE_URL": site_url,
        "EDGE_ORIGIN": origin,
        "EDGE_ADDRESS": f"{HOST}:{edge.port}",
        "EDGE_WORKDIR": str(workdir / "varnish"),
        "EDGE_STORAGE": storage,
        "EDGE_PURGERS": purgers,
    }
    try:
        with running(["sh", str(START)], env=environment, quiet=True) as process:
            _wait_until_serving(edge, process)
            yield edge
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def edge(live_server: Any, settings: Settings) -> Iterator[Edge]:
    """The project's Varnish in front of the live server; the site's canonical origin and
    its purge URL are the edge's."""
    origin = urlsplit(live_server.url)
    port = free_port()
    settings.SITE_URL = f"http://{HOST}:{port}"
    settings.EDGE_PURGE_URL = f"http://{HOST}:{port}/"
    with private_edge(
        origin=f"{HOST}:{origin.port}", site_url=settings.SITE_URL, port=port
    ) as started:
        yield started
