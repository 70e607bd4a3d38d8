"""The request id and Celery task that every log record of a request or task carries."""

from __future__ import annotations

import logging
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class TaskContext:
    name: str
    task_id: str


current_request_id: ContextVar[str | None] = ContextVar("current_request_id", default=None)
current_task: ContextVar[TaskContext | None] = ContextVar("current_task", default=None)


class LogContextFilter(logging.Filter):
    """Adds `request_id`, or `task_name` and `task_id`, to records made while one is active."""

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = current_request_id.get()
        if request_id is not None and not hasattr(record, "request_id"):
            record.request_id = request_id
        task = current_task.get()
        if task is not None and not hasattr(record, "task_id"):
            record.task_name = task.name
            record.task_id = task.task_id
        return True
