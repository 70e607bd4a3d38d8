"""Amazon's dealDetails read as a running deal, or none."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from products.deals import LiveDeal, live_deal

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
RUNNING = {
    "badge": " Lightning Deal ",
    "startTime": "2026-12-02T10:00:00Z",
    "endTime": "2026-12-02T14:00:00Z",
    "percentClaimed": 45,
}


def test_a_running_deal_keeps_its_badge_end_and_share_claimed() -> None:
    assert live_deal(RUNNING, now=NOW) == LiveDeal(
        badge="Lightning Deal",
        ends_at=datetime(2026, 12, 2, 14, 0, tzinfo=UTC),
        percent_claimed=45,
    )


@pytest.mark.parametrize(
    "deal",
    [
        {},
        "not a deal",
        {**RUNNING, "startTime": "2026-12-02T12:30:00Z"},
        {**RUNNING, "endTime": "2026-12-02T12:00:00Z"},
        {**RUNNING, "endTime": "tomorrow"},
        {**RUNNING, "endTime": "2026-12-02T14:00:00"},
    ],
)
def test_a_deal_not_yet_started_ended_or_with_an_unreadable_end_is_not_shown(deal: Any) -> None:
    assert live_deal(deal, now=NOW) is None


def test_a_deal_without_times_runs_and_odd_fields_are_left_out() -> None:
    deal = {"badge": 7, "percentClaimed": 130}

    assert live_deal(deal, now=NOW) == LiveDeal(badge="", ends_at=None, percent_claimed=None)
