"""A handler built as the console one is (same filter, chosen formatter), writing to a buffer."""

from __future__ import annotations

import io
import json
import logging.config
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings

from config.ops.log_config import logging_config


@contextmanager
def captured_json_logs() -> Iterator[list[dict[str, Any]]]:
    """Records logged inside the block, as the JSON objects production would print."""
    config = logging_config(level="DEBUG", log_format="json")
    config["handlers"]["console"]["stream"] = buffer = io.StringIO()
    logging.config.dictConfig(config)
    records: list[dict[str, Any]] = []
    try:
        yield records
    finally:
        records.extend(json.loads(line) for line in buffer.getvalue().splitlines())
        logging.config.dictConfig(settings.LOGGING)


def messages_from(records: list[dict[str, Any]], logger: str) -> list[dict[str, Any]]:
    return [record for record in records if record["logger"] == logger]
