"""Hourly recount behind the home page's top categories."""

from __future__ import annotations

from celery import shared_task

from products.category_totals.services import category_totals_refresh


@shared_task(name="category_totals.refresh", acks_late=True, time_limit=600)
def refresh_category_totals() -> int:
    return category_totals_refresh()
