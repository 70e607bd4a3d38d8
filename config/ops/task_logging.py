"""A structured log line for every Celery task: name, id, outcome, duration and result."""

from __future__ import annotations

import logging
import time
from contextvars import Token
from typing import Any

from celery import Task
from celery.signals import task_failure, task_postrun, task_prerun, task_retry

from config.ops.log_context import TaskContext, current_task

logger = logging.getLogger("config.tasks")

# Per task id: when it started and the context token to restore afterwards.
_running: dict[str, tuple[float, Token[TaskContext | None]]] = {}


@task_prerun.connect
def task_started(task_id: str, task: Task, **kwargs: Any) -> None:
    """Every record the task logs from here on carries its name and id."""
    token = current_task.set(TaskContext(name=task.name, task_id=task_id))
    _running[task_id] = (time.perf_counter(), token)
    logger.info("Task %s started", task.name, extra={"event": "task_started"})


@task_postrun.connect
def task_finished(
    task_id: str, task: Task, retval: Any = None, state: str | None = None, **kwargs: Any
) -> None:
    """The outcome; the result is kept when it is a plain figure (a run id, a count)."""
    started, token = _running.pop(task_id, (None, None))
    extra: dict[str, Any] = {"event": "task_finished", "state": state}
    if started is not None:
        extra["duration_ms"] = round((time.perf_counter() - started) * 1000, 2)
    if isinstance(retval, int | float | str | None) and not isinstance(retval, bool):
        extra["result"] = retval
    logger.info("Task %s %s", task.name, state, extra=extra)
    if token is not None:
        current_task.reset(token)


@task_failure.connect
def task_failed(task_id: str, exception: BaseException, sender: Task, **kwargs: Any) -> None:
    logger.error(
        "Task %s failed: %s",
        sender.name,
        exception,
        exc_info=exception,
        extra={"event": "task_failed", "error": type(exception).__name__},
    )


@task_retry.connect
def task_retried(request: Any, reason: Any, sender: Task, **kwargs: Any) -> None:
    logger.warning("Task %s retrying: %s", sender.name, reason, extra={"event": "task_retried"})
