"""Find or start the PostgreSQL and Redis that the test suite needs, then run a command.

Order: the servers named by DATABASE_URL / REDIS_URL; else the ones on 127.0.0.1's standard
ports; else private ones started from the server binaries under var/ on spare ports.
Usage: python devtools/backing_services.py COMMAND [ARGS...] (run as a file, so that importing
the config package cannot set DJANGO_SETTINGS_MODULE for the command).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

VAR_DIR = Path(__file__).resolve().parent.parent / "var" / "services"
PRIVATE_PG_PORT = 55432
PRIVATE_REDIS_PORT = 56379


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _binary(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if not found:
        sys.exit(
            f"{name} not found: install PostgreSQL and Redis, or set DATABASE_URL and REDIS_URL"
        )
    return found


def _as_postgres_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root; drop to the postgres account when we are root."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def _start_postgres() -> str:
    data = VAR_DIR / "postgres"
    if not _listening(PRIVATE_PG_PORT):
        if not (data / "PG_VERSION").exists():
            data.mkdir(parents=True, exist_ok=True)
            if os.geteuid() == 0:
                shutil.chown(data, "postgres")
            subprocess.run(
                _as_postgres_user(
                    [_binary("initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"]
                ),
                check=True,
                stdout=subprocess.DEVNULL,
            )
        subprocess.run(
            _as_postgres_user(
                [
                    _binary("pg_ctl"),
                    "-D",
                    str(data),
                    "-l",
                    str(data / "log"),
                    "-o",
                    f"-p {PRIVATE_PG_PORT} -k /tmp -c listen_addresses=127.0.0.1",
                    "-w",
                    "start",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return f"postgres://postgres@127.0.0.1:{PRIVATE_PG_PORT}/catalogue"


def _start_redis() -> str:
    if not _listening(PRIVATE_REDIS_PORT):
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                _binary("redis-server"),
                "--port",
                str(PRIVATE_REDIS_PORT),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "yes",
                "--logfile",
                str(VAR_DIR / "redis.log"),
            ],
            check=True,
        )
        for _ in range(50):
            if _listening(PRIVATE_REDIS_PORT):
                break
            time.sleep(0.1)
    return f"redis://127.0.0.1:{PRIVATE_REDIS_PORT}/1"


def _create_database(url: str) -> None:
    """Create the database a PostgreSQL URL names, if it is missing (tests make their own)."""
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def ensure() -> dict[str, str]:
    """Environment variables that point the tests at a reachable PostgreSQL and Redis."""
    found = {}
    if not os.environ.get("DATABASE_URL"):
        found["DATABASE_URL"] = (
            "postgres://postgres@127.0.0.1:5432/catalogue"
            if _listening(5432)
            else _start_postgres()
        )
    if not os.environ.get("REDIS_URL"):
        found["REDIS_URL"] = "redis://127.0.0.1:6379/1" if _listening(6379) else _start_redis()
    return found


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    environment = {**os.environ, **ensure()}
    if environment["DATABASE_URL"].startswith("postgres"):
        _create_database(environment["DATABASE_URL"])
    os.execvpe(sys.argv[1], sys.argv[1:], environment)


if __name__ == "__main__":
    main()
