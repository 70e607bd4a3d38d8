"""The container health check: web answers /health/, a worker answers a Celery ping.

Beat has nothing to ask: it is the container's main process, so while it runs it is up.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

ROLE_FILE = Path("/tmp/process-role")  # noqa: S108 - written by the entrypoint, read here


def web_is_healthy() -> bool:
    url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/health/"
    with urllib.request.urlopen(url, timeout=4) as response:
        return bool(response.status == 200)


def worker_is_healthy() -> bool:
    ping = ["celery", "--app", "config.celery_app", "inspect", "ping", "--timeout", "10"]
    ping += ["--destination", f"celery@{socket.gethostname()}"]
    result = subprocess.run(ping, capture_output=True, timeout=25, check=False)  # noqa: S603
    return result.returncode == 0


def main() -> int:
    role = ROLE_FILE.read_text().strip() if ROLE_FILE.exists() else "web"
    checks = {"web": web_is_healthy, "worker": worker_is_healthy}
    try:
        return 0 if checks.get(role, lambda: True)() else 1
    except Exception as error:
        print(f"unhealthy: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
