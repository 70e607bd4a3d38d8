"""Refresh the stalest prices now, in the foreground, and print a summary."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ingestion.jobs import prices_refresh
from ingestion.run_summary import run_summary


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "Refresh the oldest prices first, in requests of 10 ASINs, within the shared quota."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batches",
            type=positive,
            help="requests to send at most per credential region (default: one beat period's "
            "share of its quota)",
        )
        parser.add_argument(
            "--all",
            action="store_true",
            help="refresh every carried product, however recently it was refreshed",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        run = prices_refresh(
            max_batches=options["batches"],
            older_than=timezone.now() if options["all"] else None,
        )
        if run is None:
            raise CommandError("another price refresh is running; try again when it finishes")
        self.stdout.write(run_summary(run))
        if run.status == run.Status.FAILED:
            raise CommandError(run.message)
