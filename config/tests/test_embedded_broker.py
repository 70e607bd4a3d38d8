"""The embedded broker (kombu's filesystem transport) keeps every file under var/."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from devtools.testkit.fresh_process import OWNED_PREFIXES, ROOT

SERVICE_VARIABLES = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL")


def test_a_sent_task_writes_its_bindings_under_var_not_the_working_folder(
    tmp_path: Path,
) -> None:
    # GIVEN the embedded default (no Redis, so the filesystem broker), run from another folder
    var = tmp_path / "var"
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(OWNED_PREFIXES) and name not in SERVICE_VARIABLES
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DJANGO_VAR_DIR=str(var),
        # Kombu warns of the transport's missing host name, on the log's stdout.
        LOG_LEVEL="ERROR",
        PYTHONPATH=str(ROOT),
    )

    # WHEN a task is sent, which declares the queue and writes the exchange's bindings
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from config.celery_app import app; "
            "print(app.conf.broker_url); app.send_task('ingestion.prices_refresh')",
        ],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    # THEN the bindings are in var/broker/control, and nothing is written where it ran
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["filesystem://"]
    assert (var / "broker" / "control" / "celery.exchange").is_file()
    assert list(tmp_path.iterdir()) == [var]
