"""Fixtures for the catalogue's tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from products.events import CatalogueEvent, catalogue_events


@pytest.fixture
def announced() -> Iterator[list[CatalogueEvent]]:
    """The catalogue events sent while the test runs, in order."""
    received: list[CatalogueEvent] = []

    def receiver(sender: Any, events: list[CatalogueEvent], **kwargs: Any) -> None:
        received.extend(events)

    catalogue_events.connect(receiver)
    yield received
    catalogue_events.disconnect(receiver)
