"""Sentry: off without a DSN; with one, the Django and Celery integrations and no personal data."""

from __future__ import annotations

import json

from devtools.testkit.fresh_process import AMAZON_ACCOUNT_ENV, run_python

# Runs in a fresh process, since production settings initialise Sentry at import. The
# client's transport is swapped for one that keeps envelopes, so nothing leaves the machine.
PROBE = """
import json, django
django.setup()
import sentry_sdk
from sentry_sdk.transport import Transport

client = sentry_sdk.get_client()
sent = []

class Keep(Transport):
    def capture_envelope(self, envelope):
        sent.append(envelope)

if client.is_active():
    client.transport = Keep(client.options)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        sentry_sdk.capture_exception()
    client.flush()
events = [item.payload.json for envelope in sent for item in envelope.items if item.payload.json]
print(json.dumps({
    "active": client.is_active(),
    "integrations": sorted(getattr(client, "integrations", {})),
    "send_default_pii": client.options.get("send_default_pii") if client.is_active() else None,
    "environment": client.options.get("environment") if client.is_active() else None,
    "events": len(events),
}))
"""


def _probe(**env: str) -> dict[str, object]:
    result = run_python(
        PROBE,
        settings_module="config.settings.production",
        check=True,
        env={
            "DJANGO_SECRET_KEY": "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "shop.example.com",
            **AMAZON_ACCOUNT_ENV,
            **env,
        },
    )
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def test_without_a_dsn_sentry_is_not_initialised() -> None:
    report = _probe()

    assert report["active"] is False
    assert report["events"] == 0


def test_with_a_dsn_the_django_and_celery_integrations_send_no_personal_data() -> None:
    report = _probe(
        SENTRY_DSN="https://public@sentry.example.invalid/1", SENTRY_ENVIRONMENT="staging"
    )

    assert report["active"] is True
    assert {"django", "celery"} <= set(report["integrations"])  # type: ignore[call-overload]
    assert report["send_default_pii"] is False
    assert report["environment"] == "staging"
    assert report["events"] == 1
