"""Driving servers on this machine's loopback: the benchmarks', the soak's and the tests'."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent


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
    return json.loads(fetch(url))


def fetch(url: str) -> bytes:
    """The body of a GET; urllib's HTTPError for a status of 400 or more."""
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback only)
        return bytes(response.read())


def manage_command(*arguments: str) -> list[str]:
    """manage.py with this interpreter: the commands' child processes see its packages."""
    return [sys.executable, "manage.py", *arguments]


def manage(env: dict[str, str], *arguments: str, quiet: bool = False) -> None:
    """Run a management command to completion in a child process with its own environment."""
    subprocess.run(  # noqa: S603 (this interpreter, our own commands)
        manage_command(*arguments),
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


@contextmanager
def running(
    command: list[str], *, env: dict[str, str], quiet: bool = False
) -> Iterator[subprocess.Popen[bytes]]:
    """A server process for the duration of the block; stopped with SIGTERM (killed after 30 s)."""
    process = subprocess.Popen(  # noqa: S603 (our own commands)
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL if quiet else None
    )
    try:
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def gunicorn_command(application: str, port: int) -> list[str]:
    """Gunicorn as the image runs it (docker/gunicorn.conf.py), bound to loopback."""
    return [
        *(sys.executable, "-m", "gunicorn", application),
        *("--config", "docker/gunicorn.conf.py", "--bind", f"{HOST}:{port}"),
    ]


def site_environment(
    *, database_url: str, redis_url: str, broker_url: str, settings_module: str
) -> dict[str, str]:
    """The site's environment for a load on loopback: no debug, quiet logs, no rate limit
    (the whole load comes from one client address, which the limit would answer 429)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": broker_url,
        "LOG_LEVEL": "WARNING",
        "LOG_FORMAT": "text",
        "RATE_LIMIT_MAX_REQUESTS": str(10**9),
    }
