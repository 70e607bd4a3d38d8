"""Every method on every URL pattern, with hostile headers, against gunicorn under production
settings (DEBUG off): no answer is a server error.

The requests are written on a raw socket, so they carry what an HTTP client library would
refuse to send: NUL, bare CR and folded header lines, a Content-Length that lies, two Host
headers, request lines of another protocol version. The sweep is a fixed list (a few
thousand requests, each with a socket timeout), sent only to 127.0.0.1.
"""

from __future__ import annotations

import random
import re
import socket
import tempfile
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver

from devtools.loopback import (
    HOST,
    free_port,
    gunicorn_command,
    manage,
    running,
    site_environment,
    wait_until_listening,
)
from devtools.testkit.catalogue import fresh, node

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True)]

ASIN = "B0HOSTILE1"
METHODS = [
    "GET",
    "HEAD",
    "POST",
    "PUT",
    "PATCH",
    "DELETE",
    "OPTIONS",
    "TRACE",
    "CONNECT",
    "PROPFIND",
    "BREW",
]
# What a URL pattern's parameters are filled with: objects that exist, so the views get past
# their lookups, and the store code as the storefront spells it.
SAMPLES = {"marketplace": "US", "store": "us", "asin": ASIN, "node_id": "1", "path": "x.css"}
# One line each, sent as they are (bytes, not text, so NUL and CR reach the server).
HOSTILE: list[list[bytes]] = [
    [b"X-Huge: " + b"a" * 8000],
    [b"X-Huge: " + b"a" * 9000],
    [b"X-Many-%d: 1" % n for n in range(101)],
    [b"X-Nul: a\x00b"],
    [b"X-Cr: a\rb"],
    [b"X-Fold: a", b" folded"],
    [b"Host: evil.example"],
    [b"Host: 127.0.0.1:99999"],
    [b"Host: [::1"],
    [b"Host: "],
    [b"Host: 127.0.0.1", b"Host: evil.example"],
    [b"Host: a b"],
    [b"Host: \xff\xfe"],
    [b"Content-Length: -1"],
    [b"Content-Length: abc"],
    [b"Content-Length: 99999999999999999999"],
    [b"Content-Length: 10, 20"],
    [b"Content-Length: 3", b"Content-Length: 4"],
    [b"Content-Length: 5", b"Transfer-Encoding: chunked"],
    [b"Transfer-Encoding: gzip, chunked"],
    [b"Transfer-Encoding: chunked", b"", b"zz"],
    [b"Content-Type: multipart/form-data"],
    [b"Content-Type: multipart/form-data; boundary=x"],
    [b"Content-Type: application/json; charset=klingon"],
    [b"Content-Type: application/x-www-form-urlencoded"],
    [b"Content-Type: text/html\x00"],
    [b"Accept-Language: *;q=abc, xx-YYYYYYYYYYYYYYYYYYYYYYYYYYYYY;q=2, ;;;,,,"],
    [b"Accept-Language: de-DE;q=" + b"9" * 300],
    [b"Accept-Language: \xff\xfe\x01"],
    [b"Cookie: sessionid=\x7f\x01; csrftoken=;;;=;="],
    [b"Cookie: django_language=zz-ZZ; store=XX; sessionid=" + b"a" * 4000],
    [b'Cookie: ="; $Version=1; sessionid="x'],
    [b"X-Forwarded-For: 1.2.3.4, garbage, ::::, 999.999.1.1", b"X-Real-IP: x"],
    [b"X-Forwarded-Proto: https", b"X-Forwarded-Host: evil.example"],
    [b"X-Forwarded-Proto: javascript", b"X-Forwarded-Port: abc"],
    [b"Forwarded: for=unknown;proto=gopher;host=\xff"],
    [b"Accept: application/json;q=abc, */*;q=", b"Accept-Charset: \xff"],
    [b'If-None-Match: "', b"If-Modified-Since: yesterday", b"Range: bytes=9-1"],
    [b"Authorization: Token \x7f"],
    [b"Authorization: Basic !!!"],
    [b"Authorization: Token " + b"a" * 1000],
    [b"Origin: null", b"Access-Control-Request-Method: BREW"],
    [b"Origin: http://evil.example", b"Access-Control-Request-Headers: \x01"],
]
# Request lines that are not the origin form of HTTP/1.1.
ODD_REQUESTS = [
    b"GET http://evil.example/api/v1/ HTTP/1.1",
    b"GET /api/v1/ HTTP/1.0",
    b"GET /api/v1/ HTTP/9.9",
    b"GET /%ff%fe/ HTTP/1.1",
    b"GET //evil.example/ HTTP/1.1",
    b"GET /api/v1/products/?page_size=%00&%ff=1 HTTP/1.1",
    b"GET * HTTP/1.1",
    b"GET /api/v1/\x00/ HTTP/1.1",
]


def url_patterns(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[str]:
    """One concrete path per pattern of the URLconf, its parameters filled from SAMPLES."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + _concrete(str(entry.pattern))
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield "/" + route


def _concrete(route: str) -> str:
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: SAMPLES.get(m[1], "1"), route)
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: SAMPLES.get(m[1], "1"), route)
    route = re.sub(r"\(\?:[^)]*\)\??|[?*+]", "", route)
    return route.removeprefix("^").removesuffix("$").replace("\\", "")


def request_bytes(method: str, path: str, hostile: list[bytes], body: bytes) -> bytes:
    lines = [f"{method} {quote(path, safe='/?=&%')} HTTP/1.1".encode()]
    if not any(line.lower().startswith(b"host:") for line in hostile):
        lines.append(b"Host: 127.0.0.1")
    lines += hostile
    if not any(line.lower().startswith((b"content-length:", b"transfer-")) for line in hostile):
        lines.append(b"Content-Length: %d" % len(body))
    lines.append(b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def status_of(port: int, raw: bytes) -> str:
    """The answer's status code, or how the connection ended without one."""
    with socket.create_connection((HOST, port), timeout=15) as sock:
        try:
            sock.sendall(raw)
            sock.shutdown(socket.SHUT_WR)
            head = sock.recv(64)
        except TimeoutError:
            return "timeout"
        except ConnectionError:
            return "reset"
    match = re.match(rb"HTTP/\d\.\d (\d{3})", head)
    return match[1].decode() if match else "no status"


@pytest.fixture
def site() -> Iterator[int]:
    """gunicorn, as the image runs it, under production settings on this test's database."""
    fresh(asin=ASIN, category=node("US", "1"))
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    database_url = f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    with tempfile.TemporaryDirectory(prefix="hostile-") as var:
        env = {
            **site_environment(
                database_url=database_url,
                redis_url=settings.REDIS_URL,
                broker_url=settings.REDIS_URL,
                settings_module="config.settings.production",
            ),
            "DJANGO_SECRET_KEY": "hostile-sweep-" + "x" * 40,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            # Plain http on loopback: the redirect to https would answer every request.
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_VAR_DIR": var,
            "AMAZON_MARKETPLACES": "US",
            "AMAZON_PARTNER_TAG": "x-20",
            "CREATORS_API_NA_CREDENTIAL_ID": "a",
            "CREATORS_API_NA_CREDENTIAL_SECRET": "b",
            "GUNICORN_WORKERS": "2",
            # As in the image: gunicorn's child_exit hook clears a worker's metrics there.
            "PROMETHEUS_MULTIPROC_DIR": var,
        }
        manage(env, "collectstatic", "--noinput", "-v0", quiet=True)
        port = free_port()
        with running(gunicorn_command("config.wsgi:application", port), env=env, quiet=True):
            wait_until_listening(port, timeout=60)
            yield port


def test_no_method_url_or_header_makes_a_server_error(site: int) -> None:
    # GIVEN every URL pattern and method, each with one of the hostile header sets in turn,
    # every header set on every pattern, and the odd request lines
    rng = random.Random(7)
    noise = bytes(rng.randrange(256) for _ in range(512))
    paths = sorted(set(url_patterns()))
    requests = [
        (f"{method} {path}", request_bytes(method, path, HOSTILE[i % len(HOSTILE)], noise))
        for i, (method, path) in enumerate((m, p) for p in paths for m in METHODS)
    ]
    requests += [
        (f"{method} {path} {hostile[0][:40]!r}", request_bytes(method, path, hostile, noise))
        for i, (path, hostile) in enumerate((p, h) for p in paths for h in HOSTILE)
        for method in [("GET", "POST")[i % 2]]
    ]
    requests += [
        (line.decode("latin-1"), line + b"\r\nHost: 127.0.0.1\r\n\r\n") for line in ODD_REQUESTS
    ]

    # WHEN they are sent, eight at a time
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda request: status_of(site, request[1]), requests))

    # THEN none is answered 5xx, and each got an answer
    tally = Counter(statuses)
    print(f"{len(requests)} requests over {len(paths)} URL patterns: {dict(sorted(tally.items()))}")
    failures = [
        name for (name, _), status in zip(requests, statuses, strict=True) if status[0] == "5"
    ]
    assert failures == []
    assert not {"timeout", "no status"} & tally.keys()
