"""Private Redis and PostgreSQL servers on free loopback ports, for tests that break them.

The shared servers other tests use are never touched: each fault test starts its own,
stops, freezes or restarts it, and kills it in teardown whatever happened.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from devtools.loopback import HOST, free_port, wait_until_listening


def _binary(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if not found:
        raise AssertionError(f"{name} is not installed")
    return found


class PrivateRedis:
    """A throwaway redis-server without persistence; stop, start and freeze it at will."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *(_binary("redis-server"), "--port", str(self.port), "--bind", HOST),
                *("--save", "", "--appendonly", "no"),
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_until_listening(self.port)

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None

    @contextmanager
    def frozen(self) -> Iterator[None]:
        """SIGSTOP: the port still accepts connections, but nothing answers."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)
        try:
            yield
        finally:
            self.process.send_signal(signal.SIGCONT)


@contextmanager
def private_redis() -> Iterator[PrivateRedis]:
    server = PrivateRedis()
    server.start()
    try:
        yield server
    finally:
        if server.process is not None:
            server.process.send_signal(signal.SIGCONT)
        server.stop()


def _as_postgres_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root; drop to the postgres account when we are root."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class PrivatePostgres:
    """A throwaway PostgreSQL cluster in a temporary folder, restarted with pg_ctl -m fast."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.port = free_port()

    @property
    def url(self) -> str:
        return f"postgres://postgres@{HOST}:{self.port}/catalogue"

    def _pg_ctl(self, *args: str) -> None:
        subprocess.run(
            _as_postgres_user([_binary("pg_ctl"), "-D", str(self.data), *args]),
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=60,
        )

    def init(self) -> None:
        subprocess.run(
            _as_postgres_user(
                [_binary("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-N"]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=60,
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses={HOST} -c fsync=off"
        self._pg_ctl("-l", str(self.data / "log"), "-o", options, "-w", "start")

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "-w", "stop")

    def create_database(self) -> None:
        subprocess.run(
            [_binary("createdb"), "-h", HOST, "-p", str(self.port), "-U", "postgres", "catalogue"],
            check=True,
            timeout=30,
        )


@contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    folder = Path(tempfile.mkdtemp(prefix="faults-pg-"))
    data = folder / "data"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(data, "postgres")
    server = PrivatePostgres(data)
    try:
        server.init()
        server.start()
        server.create_database()
        yield server
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                _as_postgres_user([_binary("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                check=False,
                stdout=subprocess.DEVNULL,
                timeout=30,
            )
        shutil.rmtree(folder, ignore_errors=True)
