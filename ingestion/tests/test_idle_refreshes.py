"""A scheduled price refresh with nothing due records no run, only the day's idle count."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from devtools.testkit.sandbox import import_asins, sent
from ingestion.idle_refreshes import idle_refreshes_on
from ingestion.jobs import prices_refresh
from ingestion.models import IngestionRun
from ingestion.sandbox import SandboxServer
from products.models import Product

pytestmark = pytest.mark.django_db


def test_a_refresh_with_only_prices_of_the_last_hour_records_no_run_and_counts_the_day(
    creators_api: SandboxServer,
) -> None:
    import_asins(creators_api, 3)
    runs_before, requests_before = IngestionRun.objects.count(), sent(creators_api)

    first = prices_refresh(max_batches=1)
    second = prices_refresh(max_batches=1)

    assert first is None and second is None
    assert IngestionRun.objects.count() == runs_before
    assert sent(creators_api) == requests_before
    idle = idle_refreshes_on(timezone.now().date())
    assert idle is not None and idle.count == 2
    assert timezone.now() - idle.last_at < timedelta(minutes=1)


def test_a_refresh_with_a_price_due_records_its_run_and_no_idle_count(
    creators_api: SandboxServer,
) -> None:
    import_asins(creators_api, 3)
    Product.objects.update(price_as_of=timezone.now() - timedelta(hours=2))

    run = prices_refresh(max_batches=1)

    assert run is not None and run.kind == IngestionRun.Kind.REFRESH
    assert run.items_seen == 3
    assert idle_refreshes_on(timezone.now().date()) is None
