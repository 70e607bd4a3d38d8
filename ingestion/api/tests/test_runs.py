"""Ingestion runs, read by staff."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from ingestion.models import IngestionRun, Watchlist

pytestmark = pytest.mark.django_db


@pytest.fixture
def runs() -> list[IngestionRun]:
    watchlist = Watchlist.objects.create(name="Lamps", keywords="lamp")
    return [
        IngestionRun.objects.create(
            kind=IngestionRun.Kind.IMPORT,
            requested=[["US", "B0AAAAAAAA"]],
            refused=[{"entry": "junk", "message": "Not an ASIN."}],
        ),
        IngestionRun.objects.create(
            kind=IngestionRun.Kind.WATCHLIST,
            status=IngestionRun.Status.PARTIAL,
            watchlist=watchlist,
            items_failed=1,
            errors=[{"item": "B0BBBBBBBB", "code": "ItemNotFound", "message": "gone"}],
        ),
    ]


def test_staff_read_runs_newest_first(
    staff_api: APIClient, runs: list[IngestionRun], django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(4):
        body = staff_api.get("/api/v1/runs/").json()

    assert [row["id"] for row in body["results"]] == [runs[1].pk, runs[0].pk]
    partial = body["results"][0]
    assert partial["errors"] == [{"item": "B0BBBBBBBB", "code": "ItemNotFound", "message": "gone"}]
    assert partial["watchlist"] == runs[1].watchlist_id
    assert partial["url"].endswith(f"/api/v1/runs/{runs[1].pk}/")


def test_a_run_shows_what_was_requested_and_refused(
    staff_api: APIClient, runs: list[IngestionRun]
) -> None:
    body = staff_api.get(f"/api/v1/runs/{runs[0].pk}/").json()

    assert body["requested"] == [{"marketplace": "US", "asin": "B0AAAAAAAA"}]
    assert body["refused"] == [{"entry": "junk", "message": "Not an ASIN."}]
    assert body["status"] == "queued"


def test_runs_filter_by_kind_and_status(staff_api: APIClient, runs: list[IngestionRun]) -> None:
    kinds = staff_api.get("/api/v1/runs/", {"kind": "import"}).json()["results"]
    partial = staff_api.get("/api/v1/runs/", {"status": "partial"}).json()["results"]

    assert [r["id"] for r in kinds] == [runs[0].pk]
    assert [r["id"] for r in partial] == [runs[1].pk]
    assert staff_api.get("/api/v1/runs/", {"kind": "everything"}).status_code == 400


def test_runs_are_for_staff_only(
    api: APIClient, member_api: APIClient, runs: list[IngestionRun]
) -> None:
    assert api.get("/api/v1/runs/").status_code == 401
    assert member_api.get(f"/api/v1/runs/{runs[0].pk}/").status_code == 403


def test_runs_cannot_be_written(staff_api: APIClient, runs: list[IngestionRun]) -> None:
    assert staff_api.delete(f"/api/v1/runs/{runs[0].pk}/").status_code == 405
    assert staff_api.get("/api/v1/runs/999999/").status_code == 404
