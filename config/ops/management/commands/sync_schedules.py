"""`manage.py sync_schedules`: the sync that every `migrate` runs, on its own."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from config.ops.beat_schedules import schedules_sync


class Command(BaseCommand):
    help = "Create, update and remove periodic tasks to match each app's schedules.py."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        result = schedules_sync(using=options["database"])
        for label, names in (
            ("created", result.created),
            ("updated", result.updated),
            ("removed", result.removed),
        ):
            for name in names:
                self.stdout.write(f"{label}: {name}")
        self.stdout.write(
            f"{len(result.created)} created, {len(result.updated)} updated, "
            f"{len(result.removed)} removed."
        )
