"""Hourly recount behind the home page's top categories."""

from __future__ import annotations

from celery import shared_task

from products.category_totals import services


@shared_task(name="category_totals.category_totals_refresh", acks_late=True, time_limit=600)
def category_totals_refresh() -> int:
    return services.category_totals_refresh()
