"""Webhook secrets and signatures: HMAC-SHA256 of "<timestamp>.<body>" with the hook's secret."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def webhook_secret_new() -> str:
    return secrets.token_hex(32)


def webhook_signature(*, secret: str, timestamp: str, body: bytes) -> str:
    """The X-Webhook-Signature value; signing the timestamp lets receivers refuse replays."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"
