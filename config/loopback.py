"""Driving servers on this machine's loopback: the benchmarks', the soak's and the tests'."""

from __future__ import annotations

import json
import socket
import time
import urllib.request
from typing import Any

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((HOST, port)) == 0


def wait_until_listening(port: int, *, timeout: float = 10.0) -> None:
    """Return once something accepts connections on the port; TimeoutError after `timeout`."""
    deadline = time.monotonic() + timeout
    while not listening(port):
        if time.monotonic() > deadline:
            raise TimeoutError(f"nothing listens on port {port} after {timeout:.0f} s")
        time.sleep(0.05)


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback only)
        return json.load(response)
