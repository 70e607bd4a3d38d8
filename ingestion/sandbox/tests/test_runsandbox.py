"""The management command turns options and SANDBOX_* variables into a running sandbox."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest

from ingestion.management.commands.runsandbox import Command
from ingestion.sandbox.server import SandboxServer


def test_options_override_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    served: list[SandboxServer] = []

    def serve(self: SandboxServer) -> None:
        served.append(self)
        self.stop()
        raise KeyboardInterrupt

    monkeypatch.setattr(SandboxServer, "serve_forever", serve)
    monkeypatch.setenv("SANDBOX_SEED", "5")
    monkeypatch.setenv("SANDBOX_TPD", "77")
    command = Command(stdout=StringIO())
    options: dict[str, Any] = vars(
        command.create_parser("manage.py", "runsandbox").parse_args(
            [
                *("--port", "0", "--tpd", "9", "--error-rate", "0.5", "--access-denied"),
                *("--credentials", "NA:na-id:na-secret,EU:eu-id:eu-secret"),
                *("--partner-tags", "US:x-20,UK:y-21"),
            ]
        )
    )

    command.handle(**options)

    config = served[0].config
    assert (config.seed, config.tpd, config.error_rate) == (5, 9, 0.5)
    assert config.access_denied is True
    assert config.credentials == ("NA:na-id:na-secret", "EU:eu-id:eu-secret")
    assert config.partner_tags == ("US:x-20", "UK:y-21")
    output = command.stdout.getvalue()
    assert "credentials: NA:na-id, EU:eu-id" in output
    assert "secret" not in output
    assert f"CREATORS_API_HOST={served[0].url}" in output
    assert "Sandbox stopped." in output
