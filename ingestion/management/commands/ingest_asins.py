"""Import ASINs or Amazon product URLs now, in the foreground, and print a summary."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ingestion.imports import import_run_create
from ingestion.jobs import items_import
from ingestion.run_summary import run_summary


class Command(BaseCommand):
    help = "Fetch the given ASINs or Amazon product URLs from the Creators API and store them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("entries", nargs="+", metavar="ASIN_OR_URL")
        parser.add_argument(
            "--marketplace",
            default=settings.AMAZON_MARKETPLACES[0],
            help="store for bare ASINs (a URL names its own store); default: %(default)s",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        marketplace = options["marketplace"].upper()
        if marketplace not in settings.AMAZON_MARKETPLACES:
            raise CommandError(
                f"--marketplace {marketplace} is not carried "
                f"(AMAZON_MARKETPLACES={','.join(settings.AMAZON_MARKETPLACES)})"
            )
        run, errors = import_run_create(options["entries"], marketplace=marketplace)
        for entry, message in errors:
            self.stderr.write(f"refused {entry!r}: {message}")
        if run is None:
            raise CommandError("nothing to import: no entry is a valid ASIN or product URL")
        run = items_import(run.pk)
        self.stdout.write(run_summary(run))
        if run.status == run.Status.FAILED:
            raise CommandError(run.message)
