"""Periodic catalogue maintenance; ingestion's tasks live in ingestion.tasks."""

from __future__ import annotations

from celery import shared_task

from products.search_words import search_words_refresh


@shared_task(name="products.refresh_search_words", acks_late=True, time_limit=600)
def refresh_search_words() -> None:
    search_words_refresh()
