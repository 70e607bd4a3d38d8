"""OAuth2 client credentials: the token endpoints and the check of every call's Bearer token.

Two flows, as in the SDK's `auth/`: credential versions 2.x post a form to Amazon Cognito
(`/oauth2/token`, scope `creatorsapi/default`) and send `Bearer <token>, Version 2.x`;
versions 3.x post JSON to Login with Amazon (`/auth/o2/token`, scope `creatorsapi::default`)
and send `Bearer <token>`.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from dataclasses import dataclass
from enum import Enum
from typing import Any
from urllib.parse import parse_qs

from ingestion.sandbox.config import SandboxConfig
from ingestion.sandbox.responses import Response, unauthorized


class Flow(Enum):
    """A token endpoint: its path, request encoding, scope and credential version family."""

    COGNITO = ("/oauth2/token", "application/x-www-form-urlencoded", "creatorsapi/default", "2")
    LWA = ("/auth/o2/token", "application/json", "creatorsapi::default", "3")

    def __init__(self, path: str, content_type: str, scope: str, family: str) -> None:
        self.path = path
        self.content_type = content_type
        self.scope = scope
        self.family = family


FLOWS_BY_PATH = {flow.path: flow for flow in Flow}


@dataclass(frozen=True)
class _Grant:
    credential_id: str
    # The region the credential was issued for; empty when the sandbox accepts any.
    region: str
    flow: Flow
    expires_at: float


@dataclass(frozen=True)
class Caller:
    """Who an access token was issued to."""

    credential_id: str
    region: str


class Tokens:
    """Access tokens issued by this sandbox, shared by all request threads."""

    def __init__(self) -> None:
        self._grants: dict[str, _Grant] = {}
        self._lock = threading.Lock()

    def issue(self, credential_id: str, region: str, flow: Flow, ttl: int) -> str:
        token = f"sandbox-{flow.name.lower()}-{secrets.token_urlsafe(24)}"
        now = time.time()
        with self._lock:
            self._grants = {t: g for t, g in self._grants.items() if g.expires_at > now}
            self._grants[token] = _Grant(credential_id, region, flow, now + ttl)
        return token

    def expire_all(self) -> None:
        """End every token now, so clients see 401 TokenExpired and must fetch a new one."""
        with self._lock:
            self._grants = {
                t: _Grant(g.credential_id, g.region, g.flow, 0.0) for t, g in self._grants.items()
            }

    def credential_for(self, authorization: str | None) -> Caller:
        """The credential behind an Authorization header, or a 401 ApiError."""
        if not authorization or not authorization.startswith("Bearer "):
            raise unauthorized(
                "MissingCredential", "Authorization header with a Bearer token required"
            )
        token, _, version_part = authorization.removeprefix("Bearer ").partition(",")
        with self._lock:
            grant = self._grants.get(token.strip())
        if grant is None:
            raise unauthorized("InvalidToken", "The access token is not valid")
        if grant.expires_at <= time.time():
            raise unauthorized("TokenExpired", "The access token has expired")
        version = version_part.strip().removeprefix("Version").strip()
        expected_family = grant.flow.family if grant.flow is Flow.COGNITO else ""
        if version.partition(".")[0] != expected_family:
            raise unauthorized(
                "InvalidToken",
                "Cognito (2.x) tokens are sent as 'Bearer <token>, Version 2.x'; "
                "Login with Amazon (3.x) tokens as 'Bearer <token>'",
            )
        return Caller(grant.credential_id, grant.region)


def token_response(
    flow: Flow, content_type: str, body: bytes, config: SandboxConfig, tokens: Tokens
) -> Response:
    """Answer a client-credentials token request the way Cognito or Login with Amazon does."""
    fields = _token_fields(flow, content_type, body)
    if fields is None:
        return _oauth_error(flow, 400, "invalid_request", "Malformed token request")
    if fields.get("grant_type") != "client_credentials":
        return _oauth_error(flow, 400, "unsupported_grant_type", "Only client_credentials")
    credential_id = fields.get("client_id", "")
    secret = fields.get("client_secret", "")
    issued = config.credential_regions()
    region = issued.get((credential_id, secret), "")
    if not credential_id or not secret or (issued and not region):
        # Cognito answers a bad client with 400, Login with Amazon with 401.
        status = 400 if flow is Flow.COGNITO else 401
        return _oauth_error(flow, status, "invalid_client", "Client authentication failed")
    if fields.get("scope") != flow.scope:
        return _oauth_error(flow, 400, "invalid_scope", f"The scope must be {flow.scope}")
    token = tokens.issue(credential_id, region, flow, config.token_ttl)
    answer: dict[str, Any] = {
        "access_token": token,
        "expires_in": config.token_ttl,
        "token_type": "Bearer" if flow is Flow.COGNITO else "bearer",
    }
    if flow is Flow.LWA:
        answer["scope"] = flow.scope
    return Response.json(200, answer, {"Cache-Control": "no-store"})


def _token_fields(flow: Flow, content_type: str, body: bytes) -> dict[str, str] | None:
    """The request's fields, or None when it is not in the encoding the flow takes."""
    if not content_type.startswith(flow.content_type):
        return None
    try:
        if flow is Flow.COGNITO:
            return {k: v[0] for k, v in parse_qs(body.decode(), strict_parsing=True).items()}
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    return {str(k): v for k, v in data.items() if isinstance(v, str)}


def _oauth_error(flow: Flow, status: int, error: str, description: str) -> Response:
    # Cognito's error body carries only the code; Login with Amazon adds a description.
    body = (
        {"error": error}
        if flow is Flow.COGNITO
        else {"error": error, "error_description": description}
    )
    return Response.json(status, body)
