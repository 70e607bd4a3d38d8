"""Celery tasks log their name, id, outcome and result, and their records carry the task."""

from __future__ import annotations

import logging

from celery import shared_task

from devtools.testkit.log_capture import captured_json_logs, messages_from

logger = logging.getLogger("catalogue.test.tasks")


@shared_task(name="tests.count_items")
def count_items(items: list[str]) -> int:
    logger.info("counting", extra={"items": len(items)})
    return len(items)


@shared_task(name="tests.explode")
def explode() -> None:
    raise ValueError("malformed item")


def test_a_task_logs_start_and_outcome_with_its_id_on_every_record() -> None:
    with captured_json_logs() as records:
        result = count_items.apply(args=(["B0A", "B0B", "B0C"],), task_id="task-0001")

    assert result.get() == 3
    started, finished = messages_from(records, "config.tasks")
    (inside,) = messages_from(records, "catalogue.test.tasks")
    assert started["event"] == "task_started"
    assert finished["event"] == "task_finished"
    assert finished["state"] == "SUCCESS"
    assert finished["result"] == 3
    assert finished["duration_ms"] >= 0
    for record in (started, inside, finished):
        assert record["task_name"] == "tests.count_items"
        assert record["task_id"] == "task-0001"
    assert inside["items"] == 3


def test_a_failed_task_logs_an_error_with_the_exception() -> None:
    with captured_json_logs() as records:
        explode.apply(task_id="task-0002")

    lines = messages_from(records, "config.tasks")
    failed = next(line for line in lines if line["event"] == "task_failed")
    finished = next(line for line in lines if line["event"] == "task_finished")
    assert failed["level"] == "ERROR"
    assert failed["error"] == "ValueError"
    assert "malformed item" in failed["exc_info"]
    assert finished["state"] == "FAILURE"


def test_records_after_the_task_no_longer_carry_it() -> None:
    with captured_json_logs() as records:
        count_items.apply(args=(["B0A"],))
        logger.info("after")

    after = next(line for line in records if line["message"] == "after")
    assert "task_id" not in after
    assert len(messages_from(records, "config.tasks")) == 2
