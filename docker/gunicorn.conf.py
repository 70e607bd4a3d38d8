"""Gunicorn for the web process: worker and thread counts from the CPUs or the environment."""

from __future__ import annotations

import os
from typing import Any

from config.ops.log_config import logging_config

# Fargate reports the task's vCPUs here; affinity also honours a cgroup-limited container.
CPUS = len(os.sched_getaffinity(0))

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
# Threads serve requests that wait on PostgreSQL or Redis; processes use the CPUs.
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS") or 2 * CPUS + 1)
threads = int(os.environ.get("GUNICORN_THREADS") or 4)
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)
graceful_timeout = 30
# Longer than the load balancer's 60 s idle timeout, so gunicorn never closes a connection
# the ALB is about to reuse (which shows up as sporadic 502s).
keepalive = 75
# Request lines past 4 KiB and headers past 8 KiB are refused (400) before Django sees
# them; the app refuses query strings past MAX_QUERY_STRING_LENGTH itself (414).
limit_request_line = 4094
limit_request_field_size = 8190
limit_request_fields = 100
# Recycle workers now and then, staggered, to bound any slow memory growth. Not too often:
# a new worker imports Django afresh, and at 1,000 requests a worker recycled every few
# seconds under load, a third of the cached page rate (make bench).
max_requests = 20000
max_requests_jitter = 2000
# Heartbeat files in memory, not on the container's overlay disk.
worker_tmp_dir = "/dev/shm"  # noqa: S108
# Only the load balancer reaches the container (see the security groups in deploy/).
forwarded_allow_ips = "*"
# The app logs each request itself (with its request id); gunicorn logs only its own events.
accesslog = None
errorlog = "-"
logconfig_dict = logging_config(
    level=os.environ.get("LOG_LEVEL", "INFO").upper(),
    log_format=os.environ.get("LOG_FORMAT", "json"),
)


def child_exit(server: Any, worker: Any) -> None:
    """Drop a finished worker's live gauges from the Prometheus multiprocess files."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
