"""A page staff change is in every footer: the footer list and every cached page go."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from products.services.invalidation import catalogue_invalidate
from products.site_pages.models import SitePage
from products.site_pages.selectors import FOOTER_CACHE_KEY


@receiver(post_save, sender=SitePage)
@receiver(post_delete, sender=SitePage)
def site_page_changed(sender: type[SitePage], **kwargs: Any) -> None:
    cache.delete(FOOTER_CACHE_KEY)
    catalogue_invalidate()
