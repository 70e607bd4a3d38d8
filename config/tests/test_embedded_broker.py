"""The embedded broker (kombu's filesystem transport) keeps every file under var/."""

from __future__ import annotations

from pathlib import Path

from devtools.testkit.fresh_process import run_python

SERVICE_VARIABLES = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL")


def test_a_sent_task_writes_its_bindings_under_var_not_the_working_folder(
    tmp_path: Path,
) -> None:
    # GIVEN the embedded default (no Redis, so the filesystem broker), run from another folder
    var = tmp_path / "var"

    # WHEN a task is sent, which declares the queue and writes the exchange's bindings
    result = run_python(
        "import django; django.setup(); from config.celery_app import app; "
        "print(app.conf.broker_url); app.send_task('ingestion.prices_refresh')",
        settings_module="config.settings.local",
        # Kombu warns of the transport's missing host name, on the log's stdout.
        env={"DJANGO_VAR_DIR": str(var), "LOG_LEVEL": "ERROR"},
        cwd=tmp_path,
        dropped=SERVICE_VARIABLES,
    )

    # THEN the bindings are in var/broker/control, and nothing is written where it ran
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["filesystem://"]
    assert (var / "broker" / "control" / "celery.exchange").is_file()
    assert list(tmp_path.iterdir()) == [var]
