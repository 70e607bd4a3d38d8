"""The HTTP server: routes requests, and starts and stops the sandbox in a thread or for good."""

from __future__ import annotations

import logging
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from ingestion.sandbox.api import API_PREFIX, handle_api
from ingestion.sandbox.auth import FLOWS_BY_PATH, Flow, token_response
from ingestion.sandbox.catalogue import Catalogue
from ingestion.sandbox.config import SandboxConfig
from ingestion.sandbox.control import handle_control
from ingestion.sandbox.responses import Response
from ingestion.sandbox.state import SandboxState

logger = logging.getLogger(__name__)

DEFAULT_PORT = 8765
# Bound on the request body, far above the largest legitimate request (ten ASINs).
MAX_BODY_BYTES = 1_000_000


class _HttpServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], state: SandboxState) -> None:
        super().__init__(address, _Handler)
        self.state = state


class _Handler(BaseHTTPRequestHandler):
    server: _HttpServer
    # Keep-alive, as the client library pools its connections.
    protocol_version = "HTTP/1.1"
    # Idle pooled connections are closed after this many seconds.
    timeout = 30

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            self._send(Response.json(413, {"message": "Request body too large"}))
            return
        body = self.rfile.read(length)
        state = self.server.state
        if method == "POST" and url.path.startswith(API_PREFIX):
            response = handle_api(state, url.path, self.headers, body)
        elif method == "POST" and url.path in FLOWS_BY_PATH:
            content_type = self.headers.get("Content-Type", "")
            flow = FLOWS_BY_PATH[url.path]
            response = token_response(flow, content_type, body, state.config, state.tokens)
            state.stats.count("tokens_issued" if response.status == 200 else "tokens_refused")
        else:
            base_url = f"http://{self.headers.get('Host', '127.0.0.1')}"
            response = handle_control(state, method, url.path, url.query, body, base_url)
        self._send(response)

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        content_type = response.content_type
        if content_type == "application/json":
            content_type += "; charset=utf-8"
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(response.body)

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("sandbox %s: " + format, self.address_string(), *args)


class SandboxServer:
    """The sandbox on `host:port` (port 0: any free one), in a background thread or blocking.

    >>> with SandboxServer(SandboxConfig(tps=0)) as sandbox:
    ...     sandbox.url, sandbox.auth_endpoint("3.1")
    """

    def __init__(
        self, config: SandboxConfig | None = None, *, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.state = SandboxState(config or SandboxConfig())
        # Bound here, so the port is known before serving starts.
        self._httpd = _HttpServer((host, port), self.state)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The base URL: AmazonCreatorsApi's `host`."""
        host, port = self._httpd.server_address[:2]
        if host in ("0.0.0.0", ""):  # noqa: S104 - only rewriting a wildcard for clients
            host = "127.0.0.1"
        return f"http://{host!s}:{port}"

    def auth_endpoint(self, version: str) -> str:
        """AmazonCreatorsApi's `auth_endpoint` for a credential version (2.x or 3.x)."""
        flow = Flow.COGNITO if version.startswith("2.") else Flow.LWA
        return self.url + flow.path

    @property
    def catalogue(self) -> Catalogue:
        return self.state.catalogue

    @property
    def config(self) -> SandboxConfig:
        return self.state.config

    def configure(self, **changes: Any) -> SandboxConfig:
        """Change settings while serving, as POST /sandbox/config does."""
        return self.state.configure(changes)

    def stats(self) -> dict[str, Any]:
        return self.state.stats.snapshot()

    def reset(self) -> None:
        """Zero the counters and quota usage."""
        self.state.reset()

    def expire_tokens(self) -> None:
        """End every issued token, as an hour passing would."""
        self.state.tokens.expire_all()

    def start(self) -> str:
        """Serve in a daemon thread; returns the base URL."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": 0.05},
                name="creators-api-sandbox",
                daemon=True,
            )
            self._thread.start()
        return self.url

    def serve_forever(self) -> None:
        """Serve in this thread until interrupted."""
        try:
            self._httpd.serve_forever()
        finally:
            self._httpd.server_close()

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> SandboxServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
