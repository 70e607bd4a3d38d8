"""The operator's own pages (About, Privacy, Contact, an imprint...), linked from every
page's footer and edited in the admin."""

from __future__ import annotations

from django.db import models
from django.urls import reverse


class SitePage(models.Model):
    slug = models.SlugField(
        max_length=40,
        unique=True,
        help_text=(
            "The page's address: /&lt;store&gt;/pages/&lt;slug&gt;/. The slugs about, privacy "
            "and contact replace the built-in pages of those names."
        ),
    )
    title = models.CharField(max_length=80)
    body = models.TextField(
        help_text="Plain text; a blank line starts a new paragraph. Shown to every store."
    )
    position = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=(
            "Order in the footer, lowest first (About is 10, Privacy 20, Contact 30). Empty: "
            "the place of the built-in page it replaces, else after them."
        ),
    )
    published = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title

    def url_in(self, marketplace: str) -> str:
        return reverse("products:site-page", kwargs={"marketplace": marketplace, "slug": self.slug})
