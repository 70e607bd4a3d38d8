"""The benchmarks' and the soak's own PostgreSQL databases, beside the configured one."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql


def postgres_server_url(database: dict[str, Any]) -> str:
    """The server of a Django PostgreSQL database setting, as a URL without a database name."""
    login = ":".join(filter(None, (database["USER"], database["PASSWORD"])))
    return f"postgres://{login}@{database['HOST']}:{database['PORT'] or 5432}"


def database_create(server: str, name: str, *, afresh: bool) -> None:
    """Create the database `name`; `afresh` drops it first, else an existing one is kept."""
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        if afresh:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if found.fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def database_drop(server: str, name: str) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
