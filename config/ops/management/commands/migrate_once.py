"""Applies migrations while holding a PostgreSQL advisory lock, so web tasks starting
together migrate once: the first applies them, the others wait and find nothing to do."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

# Any fixed 64-bit number; it names this lock among the database's advisory locks.
MIGRATION_LOCK_ID = 7_301_946_112


class Command(BaseCommand):
    help = (
        "Run `migrate --noinput` under a database-wide lock (PostgreSQL); plain migrate elsewhere."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            call_command("migrate", interactive=False, verbosity=options["verbosity"])
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK_ID])
            try:
                call_command("migrate", interactive=False, verbosity=options["verbosity"])
            finally:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK_ID])
