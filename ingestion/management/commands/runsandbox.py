"""`manage.py runsandbox`: serve the sandbox Creators API until interrupted."""

from __future__ import annotations

import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ingestion.sandbox import SandboxConfig, SandboxServer, config_from_environment
from ingestion.sandbox.server import DEFAULT_PORT

# Command option -> setting; unset options keep the SANDBOX_* environment value or default.
_OPTION_SETTINGS = (
    "seed",
    "catalogue_size",
    "tps",
    "tpd",
    "latency_ms",
    "error_rate",
    "malformed_rate",
    "public_url",
)
# Comma-separated options -> list settings.
_LIST_SETTINGS = ("credentials", "partner_tags", "regions")


class Command(BaseCommand):
    help = (
        "Serve a local stand-in for the Creators API with a synthetic catalogue. "
        "Settings come from SANDBOX_* environment variables, overridden by these options."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to bind.")
        parser.add_argument("--port", type=int, default=DEFAULT_PORT)
        parser.add_argument("--seed", type=int, help="Catalogue seed (SANDBOX_SEED).")
        parser.add_argument("--catalogue-size", type=int, help="Products (SANDBOX_CATALOGUE_SIZE).")
        parser.add_argument("--tps", type=float, help="Requests per second, 0 = off (SANDBOX_TPS).")
        parser.add_argument("--tpd", type=int, help="Requests per day, 0 = off (SANDBOX_TPD).")
        parser.add_argument("--latency-ms", type=int, help="Added latency (SANDBOX_LATENCY_MS).")
        parser.add_argument("--error-rate", type=float, help="Share of 500s (SANDBOX_ERROR_RATE).")
        parser.add_argument(
            "--malformed-rate",
            type=float,
            help="Share of malformed items (SANDBOX_MALFORMED_RATE).",
        )
        parser.add_argument(
            "--access-denied",
            action="store_true",
            default=None,
            help="Answer 403 AssociateNotEligible (SANDBOX_ACCESS_DENIED).",
        )
        parser.add_argument(
            "--credentials-refused",
            action="store_true",
            default=None,
            help="Answer 401 InvalidClient (SANDBOX_CREDENTIALS_REFUSED).",
        )
        parser.add_argument(
            "--credentials",
            help="Credentials issued, each for a region: NA:id:secret,EU:id:secret "
            "(SANDBOX_CREDENTIALS; default: any is accepted for any store).",
        )
        parser.add_argument(
            "--partner-tags",
            help="Each store's only accepted tag: US:x-20,UK:y-21 (SANDBOX_PARTNER_TAGS).",
        )
        parser.add_argument(
            "--regions", help="Store regions overriding the defaults: IN:FE (SANDBOX_REGIONS)."
        )
        parser.add_argument("--public-url", help="Base URL browsers use for the images.")

    def handle(self, *args: Any, **options: Any) -> None:
        changes: dict[str, Any] = {
            name: options[name] for name in _OPTION_SETTINGS if options[name] is not None
        }
        for name in _LIST_SETTINGS:
            if options[name] is not None:
                changes[name] = [entry.strip() for entry in options[name].split(",") if entry]
        for switch in ("access_denied", "credentials_refused"):
            if options[switch]:
                changes[switch] = True
        try:
            config = config_from_environment().updated(changes)
            sandbox = SandboxServer(config, host=options["host"], port=options["port"])
        except (ValueError, OSError) as error:
            self.stderr.write(self.style.ERROR(f"Cannot start the sandbox: {error}"))
            raise SystemExit(1) from error
        # Build the search postings now rather than on the first search.
        threading.Thread(target=lambda: sandbox.catalogue.search_index, daemon=True).start()
        sample = ", ".join(list(sandbox.catalogue.asins(stop=5)))
        self.stdout.write(
            f"Creators API sandbox on {sandbox.url} (synthetic catalogue of "
            f"{config.catalogue_size} products, seed {config.seed}, "
            f"{config.tps:g} req/s, {config.tpd} req/day)\n"
            f"  credentials: {_credentials(config)}\n"
            f"  partner tags: {', '.join(config.partner_tags) or 'any'}\n"
            f"  CREATORS_API_HOST={sandbox.url}\n"
            f"  CREATORS_API_AUTH_ENDPOINT={sandbox.auth_endpoint('3.1')}  (3.x credentials)\n"
            f"  CREATORS_API_AUTH_ENDPOINT={sandbox.auth_endpoint('2.1')}  (2.x credentials)\n"
            f"  sample ASINs: {sample}\n"
            "Quit with CONTROL-C."
        )
        try:
            sandbox.serve_forever()
        except KeyboardInterrupt:
            self.stdout.write("Sandbox stopped.")


def _credentials(config: SandboxConfig) -> str:
    """The issued credentials by region and id, never their secrets."""
    issued = config.credential_regions()
    return ", ".join(f"{region}:{cid}" for (cid, _), region in issued.items()) or "any"
