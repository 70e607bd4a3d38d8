"""A slow, broken or doubly scheduled Creators API: runs record it and spend no extra quota."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from pytest_django.fixtures import Settings

from devtools.testkit.sandbox import import_asins, sent
from ingestion import jobs, refresh
from ingestion.imports import import_run_create
from ingestion.models import IngestionRun, Watchlist
from ingestion.retry_policy import BACKOFF_CAP, TRANSIENT_ATTEMPTS
from ingestion.sandbox import SandboxServer
from ingestion.sandbox.faults import is_malformed
from ingestion.tally import BatchTally
from ingestion.tasks import RETRYING
from products.models import Product


@pytest.mark.django_db
def test_a_hung_api_fails_the_batch_in_seconds_and_the_run_says_so(
    creators_api: SandboxServer, settings: Settings
) -> None:
    # GIVEN an API that takes 2 s to answer, and a 0.3 s client timeout
    settings.CREATORS_API_TIMEOUT = 0.3
    creators_api.configure(latency_ms=2000)
    asins = list(creators_api.catalogue.asins("US", start=1, stop=11))
    run, _ = import_run_create(asins, marketplace="US")
    assert run is not None

    started = time.monotonic()
    jobs.items_import(run.pk)

    # THEN the run fails with every item recorded as failed, after a few bounded retries
    run.refresh_from_db()
    assert time.monotonic() - started < 15
    assert run.status == IngestionRun.Status.FAILED
    assert run.api_requests == TRANSIENT_ATTEMPTS
    assert {e["item"] for e in run.errors} == set(asins)
    assert all("Transient" in e["message"] for e in run.errors)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["import", "watchlist"])
def test_a_run_in_which_every_request_fails_is_failed_with_its_first_cause(
    creators_api: SandboxServer, kind: str
) -> None:
    # GIVEN an API that answers every request with a server error
    creators_api.configure(error_rate=1.0)
    if kind == "import":
        asins = list(creators_api.catalogue.asins("US", start=1, stop=4))
        queued, _ = import_run_create(asins, marketplace="US")
        assert queued is not None
        run = jobs.items_import(queued.pk)
    else:
        run = jobs.watchlist_run(Watchlist.objects.create(name="Kettles", keywords="kettle").pk)

    # THEN nothing is stored and the run is failed, not partial, saying what went wrong first
    run.refresh_from_db()
    assert run.items_failed and not Product.objects.exists()
    assert run.status == IngestionRun.Status.FAILED
    first = run.errors[0]
    assert run.message.startswith(f"Nothing was stored: {run.items_failed} failed")
    assert first["item"] in run.message and first["message"] in run.message


def test_a_batch_of_timeouts_ends_well_inside_the_task_time_limit() -> None:
    # The worst request waits connect + read timeouts; retries add their capped backoff.
    timeout = 10.0
    worst = TRANSIENT_ATTEMPTS * 2 * timeout + (TRANSIENT_ATTEMPTS - 1) * BACKOFF_CAP
    assert worst < RETRYING["soft_time_limit"] / 2


@pytest.mark.django_db
def test_malformed_items_are_stored_as_far_as_they_go_and_healthy_ones_in_full(
    creators_api: SandboxServer,
) -> None:
    creators_api.configure(malformed_rate=0.3)
    asins = import_asins(creators_api, 30)

    run = IngestionRun.objects.get()
    stored = set(Product.objects.values_list("asin", flat=True))
    failed = {e["item"] for e in run.errors}
    healthy = {a for a in asins if not is_malformed(a, seed=1, rate=0.3)}
    assert healthy and len(healthy) < len(asins)
    # Nothing is lost: a damaged item is stored as far as it maps, or reported
    assert run.status != IngestionRun.Status.FAILED
    assert stored | failed == set(asins)
    assert healthy <= stored and healthy.isdisjoint(failed)


@pytest.mark.django_db
def test_a_run_stopped_at_the_soft_time_limit_keeps_its_work_and_finishes(
    creators_api: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object, **kwargs: object) -> Iterator[BatchTally]:
        yield BatchTally(items_seen=7, items_unchanged=7)
        raise SoftTimeLimitExceeded

    monkeypatch.setattr(refresh, "prices_refresh", interrupted)
    monkeypatch.setattr(refresh, "prices_due", lambda **_: True)

    run = jobs.prices_refresh(max_batches=1)

    assert run is not None and run.finished_at is not None
    assert run.status == IngestionRun.Status.SUCCEEDED
    assert (run.items_seen, run.items_unchanged) == (7, 7)
    assert "time limit" in run.message
    assert cache.add(jobs.REFRESH_LOCK, "free", 1)


@pytest.mark.django_db(transaction=True)
def test_refreshes_started_twice_at_once_spend_the_quota_of_one(
    creators_api: SandboxServer,
) -> None:
    # GIVEN 30 stale prices, and answers slow enough for two refreshes to overlap
    asins = import_asins(creators_api, 30)
    Product.objects.filter(asin__in=asins).update(price_as_of=timezone.now() - timedelta(hours=30))
    creators_api.configure(latency_ms=300)
    before = sent(creators_api)
    results: list[IngestionRun | None] = []

    def refresh() -> None:
        try:
            results.append(jobs.prices_refresh(max_batches=5))
        finally:
            connection.close()

    # WHEN two beats each start a refresh at the same moment, and one more follows
    threads = [threading.Thread(target=refresh) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    refresh()

    # THEN one refresh did the work, and the API saw the requests of one refresh only
    ran = [run for run in results if run is not None and run.items_seen]
    assert len(ran) == 1
    assert sent(creators_api) - before == 3 == ran[0].api_requests
