"""Writes the operational gauges to stdout as CloudWatch EMF lines, once or every N seconds."""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from config.ops.cloudwatch import emf_document
from config.ops.gauges import operational_gauges


class Command(BaseCommand):
    help = "Print queue depth, quota used and catalogue freshness as CloudWatch EMF JSON lines."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval", type=float, default=0, help="seconds between lines (0: print once)"
        )
        parser.add_argument("--environment", default="local", help="the Environment dimension")

    def handle(self, *args: Any, interval: float, environment: str, **options: Any) -> None:
        while True:
            document = emf_document(
                operational_gauges(), environment=environment, at=timezone.now()
            )
            self.stdout.write(json.dumps(document, separators=(",", ":")))
            self.stdout.flush()
            if interval <= 0:
                return
            time.sleep(interval)
