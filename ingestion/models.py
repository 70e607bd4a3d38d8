"""What ingestion is told to do (watchlists), what it did (runs) and whether it may call."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from config.security.text_rules import is_ascii_number
from products.marketplaces import MARKETPLACE_CHOICES

# An IngestionRun keeps at most this many per-item errors; the counts stay exact.
MAX_STORED_ERRORS = 500

# What staff set on a watchlist, in the order forms and the API show it.
WATCHLIST_FIELDS = (
    "name",
    "marketplace",
    "keywords",
    "browse_node_id",
    "search_index",
    "pages",
    "active",
)

# The counters a run keeps, in the order staff read them.
RUN_COUNTERS = (
    "api_requests",
    "throttled",
    "items_seen",
    "items_created",
    "items_updated",
    "items_unchanged",
    "items_failed",
)


class Watchlist(models.Model):
    """A standing search: keywords and/or a browse node, read a few result pages at a time."""

    name = models.CharField(max_length=200)
    marketplace = models.CharField(max_length=2, choices=MARKETPLACE_CHOICES, default="US")
    keywords = models.CharField(max_length=500, blank=True)
    browse_node_id = models.CharField(
        max_length=32,
        blank=True,
        help_text="Digits only, as in an Amazon browse-node URL (node=...).",
    )
    search_index = models.CharField(
        max_length=64, blank=True, help_text="A Creators API search index, e.g. Electronics."
    )
    pages = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="Result pages to read per run (10 items each; the API serves at most 10).",
    )
    active = models.BooleanField(default=True)
    last_run = models.ForeignKey(
        "IngestionRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if not (self.keywords.strip() or self.browse_node_id.strip() or self.search_index.strip()):
            errors["keywords"] = "Give keywords, a browse node or a search index."
        if self.browse_node_id and not is_ascii_number(self.browse_node_id):
            errors["browse_node_id"] = "A browse node id is digits only."
        if errors:
            raise ValidationError(errors)


class IngestionRun(models.Model):
    """One piece of ingestion work, with its counts and per-item errors, shown to staff."""

    class Kind(models.TextChoices):
        REFRESH = "refresh", "Price refresh"
        IMPORT = "import", "Import"
        WATCHLIST = "watchlist", "Watchlist"
        BROWSE_NODES = "browse_nodes", "Browse-node tree"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        PARTIAL = "partial", "Finished with errors"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    description = models.CharField(max_length=500, blank=True)
    watchlist = models.ForeignKey(
        Watchlist, null=True, blank=True, on_delete=models.SET_NULL, related_name="runs"
    )
    requested = models.JSONField(default=list, blank=True)
    # The Celery task doing the run, so the task's failure can fail the run at once.
    task_id = models.CharField(max_length=255, blank=True, db_index=True)
    queued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    api_requests = models.PositiveIntegerField(default=0)
    throttled = models.PositiveIntegerField(default=0)
    items_seen = models.PositiveIntegerField(default=0)
    items_created = models.PositiveIntegerField(default=0)
    items_updated = models.PositiveIntegerField(default=0)
    items_unchanged = models.PositiveIntegerField(default=0)
    items_failed = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    # Entries refused before any request (not an ASIN or product URL), kept apart from the
    # API's per-item errors so that a redelivered run, which restarts its counts, keeps them.
    refused = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-queued_at", "-id"]
        indexes = [models.Index(fields=["kind", "-queued_at"], name="run_kind_recent")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_status_display()})"


class ApiAccess(models.Model):
    """Whether a region's credential may call the Creators API; a row per region. Amazon
    revokes access (403 AssociateNotEligible) after 30 days without qualifying sales."""

    class Region(models.TextChoices):
        NA = "NA", "North America"
        EU = "EU", "Europe"
        FE = "FE", "Far East"

    region = models.CharField(max_length=2, choices=Region.choices, unique=True)
    blocked = models.BooleanField(default=False)
    reason = models.CharField(max_length=255, blank=True)
    message = models.TextField(blank=True)
    since = models.DateTimeField(null=True, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API access"
        verbose_name_plural = "API access"
        ordering = ["region"]

    def __str__(self) -> str:
        state = f"blocked: {self.reason}" if self.blocked else "allowed"
        return f"{self.region} credential {state}"


class IdleRefreshDay(models.Model):
    """Scheduled price refreshes of one day that found nothing due: a count instead of a run
    each (one a minute, 1,440 a day, would bury the runs staff asked for)."""

    day = models.DateField(unique=True)
    count = models.PositiveIntegerField(default=0)
    last_at = models.DateTimeField()

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.count} idle refresh(es) on {self.day}"
