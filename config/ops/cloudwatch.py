"""The operational gauges as a CloudWatch embedded metric format (EMF) document.

A JSON line in this shape, written to stdout and shipped by the awslogs driver, becomes
CloudWatch metrics with no agent and no PutMetricData permission.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from config.ops.gauges import Gauges

NAMESPACE = "Catalogue"

# Metric name, unit, and the Gauges field it reads.
METRICS = (
    ("QueueDepth", "Count", "queue_depth"),
    ("CreatorsApiRequestsToday", "Count", "quota_used_today"),
    ("CreatorsApiRequestsPerDay", "Count", "quota_per_day"),
    ("PublishedProducts", "Count", "published_products"),
    ("StaleProducts", "Count", "stale_products"),
    ("OldestPriceAgeSeconds", "Seconds", "oldest_price_age_seconds"),
    ("RedisKeyspaceHitRatio", "None", "cache_hit_ratio"),
)


def emf_document(gauges: Gauges, *, environment: str, at: datetime) -> dict[str, Any]:
    """One EMF document with every gauge that has a value, under an Environment dimension."""
    values = {
        name: getattr(gauges, field)
        for name, _, field in METRICS
        if getattr(gauges, field) is not None
    }
    return {
        "_aws": {
            "Timestamp": int(at.timestamp() * 1000),
            "CloudWatchMetrics": [
                {
                    "Namespace": NAMESPACE,
                    "Dimensions": [["Environment"]],
                    "Metrics": [
                        {"Name": name, "Unit": unit} for name, unit, _ in METRICS if name in values
                    ],
                }
            ],
        },
        "Environment": environment,
        **values,
    }
