"""Running Python in a new process with chosen settings, for what happens at start-up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

# Variables the tests set themselves; inherited values would leak into the child.
OWNED_PREFIXES = ("DJANGO_", "CREATORS_API_", "AMAZON_", "CACHE_", "PRICE_", "LOG_", "SENTRY_")

# Production refuses to start without an Amazon account: a tag for the one store carried by
# default (US) and its region's credential.
AMAZON_ACCOUNT_ENV = {
    "AMAZON_PARTNER_TAG": "shop-20",
    "CREATORS_API_NA_CREDENTIAL_ID": "shop-credential",
    "CREATORS_API_NA_CREDENTIAL_SECRET": "shop-secret",
}


def run_python(
    code: str,
    *,
    settings_module: str,
    env: dict[str, str],
    check: bool = False,
    cwd: Path = ROOT,
    dropped: tuple[str, ...] = (),
) -> subprocess.CompletedProcess[str]:
    """Run `code` in a new interpreter; `dropped` names more inherited variables to leave out."""
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(OWNED_PREFIXES) and k not in dropped
    }
    environment.update(env, DJANGO_SETTINGS_MODULE=settings_module, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=check,
    )
