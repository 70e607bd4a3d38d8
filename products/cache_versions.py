"""Versioned cache keys, so a cached page or record never outlives the data it shows.

Every cached list or page includes the catalogue version in its key, and every cached
product record its product's version. Writes give what they changed a new version: old
entries are simply never read again and expire on their TTL.

A version is a fresh unique token, not a counter: a version key may expire or be evicted,
and a counter restarting from zero could meet an old entry again; a token never repeats.
Version keys outlive every entry keyed by them (VERSION_TTL), so an expired version can
only be read as "0" once no entry made under an earlier "0" is left.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches
from django_redis.cache import RedisCache
from redis.exceptions import NoScriptError, RedisError

logger = logging.getLogger(__name__)

CATALOGUE_VERSION_KEY = "catalogue:version"


def _version_ttl() -> int:
    return 2 * max(settings.CACHE_PRODUCT_TTL, settings.CACHE_SEARCH_TTL, 60)


def _product_key(marketplace: str, asin: str) -> str:
    return f"product:{marketplace}:{asin}:version"


def catalogue_version() -> str:
    return _read(CATALOGUE_VERSION_KEY)


def product_version(marketplace: str, asin: str) -> str:
    return _read(_product_key(marketplace, asin))


def versioned_get(
    key: str, *, product: tuple[str, str] | None = None, catalogue: bool = True
) -> tuple[str, Any]:
    """The current version (the catalogue's and/or the product's) and the value cached under
    `key` at that version (None if there is none), read in one round trip. An entry stores
    the version it was made at, so a write makes it a miss as surely as a versioned key
    would, and a hit costs this one read."""
    names = _version_names(product, catalogue)
    found = cache.get_many([*names, key])
    return _versioned(names, key, found)


def versioned_get_counting(
    key: str,
    counter: str,
    counter_timeout: int,
    *,
    product: tuple[str, str] | None = None,
    catalogue: bool = True,
) -> tuple[str, Any, int | None]:
    """As versioned_get, and `counter` raised by one (created for `counter_timeout`
    seconds) in the same round trip: a rate limit's window counted with the lookup. The
    count is None where the cache cannot do both at once (not Redis, or unreachable); the
    caller counts then."""
    names = _version_names(product, catalogue)
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return (*versioned_get(key, product=product, catalogue=catalogue), None)
    stored = [backend.make_key(name) for name in [*names, key]]
    counted = backend.make_key(counter)
    try:
        values, count = _run_script(
            backend.client.get_client(write=True), [*stored, counted], counter_timeout
        )
    except RedisError:
        if not backend._ignore_exceptions:
            raise
        logger.warning("cache lookup failed: Redis unavailable", exc_info=True)
        return "0", None, None
    found = {
        name: backend.client.decode(value)
        for name, value in zip([*names, key], values, strict=True)
        if value is not None
    }
    return (*_versioned(names, key, found), int(count))


# The values of KEYS but the last, and the last raised by one (created to expire after
# ARGV[1] seconds): one command (sent by its digest), where a pipeline of three cost a
# third more to parse.
_GET_AND_COUNT = """
local counter = KEYS[#KEYS]
local values = redis.call('MGET', unpack(KEYS, 1, #KEYS - 1))
local count = redis.call('INCR', counter)
if count == 1 then redis.call('EXPIRE', counter, ARGV[1]) end
return {values, count}
"""
# Redis names a script by its SHA-1; not a security use.
_GET_AND_COUNT_DIGEST = hashlib.sha1(_GET_AND_COUNT.encode(), usedforsecurity=False).hexdigest()


def _run_script(client: Any, keys: list[str], timeout: int) -> Any:
    try:
        return client.evalsha(_GET_AND_COUNT_DIGEST, len(keys), *keys, timeout)
    except NoScriptError:
        return client.eval(_GET_AND_COUNT, len(keys), *keys, timeout)


def _version_names(product: tuple[str, str] | None, catalogue: bool) -> list[str]:
    names = [CATALOGUE_VERSION_KEY] if catalogue else []
    if product:
        names.append(_product_key(*product))
    return names


def _versioned(names: list[str], key: str, found: dict[str, Any]) -> tuple[str, Any]:
    version = ".".join(str(found.get(name) or "0") for name in names)
    return version, current_value(found.get(key), version)


def current_value(entry: Any, version: str) -> Any:
    """The value of an entry made at `version`; None for an older entry, or none."""
    if isinstance(entry, dict) and entry.get("version") == version:
        return entry["value"]
    return None


def versioned_set(key: str, version: str, value: Any, timeout: int) -> None:
    cache.set(key, {"version": version, "value": value}, timeout)


def _read(key: str) -> str:
    # A missing version (new, expired, or the cache is down) reads as "0".
    return str(cache.get(key) or "0")


# Sets every key to ARGV[1] for ARGV[2] seconds. An import moves up to 100,000 product keys
# at once: django-redis's set_many spends some 20 us of Python on each, this a fraction.
_SET_ALL = "for _, key in ipairs(KEYS) do redis.call('SET', key, ARGV[1], 'EX', ARGV[2]) end"
# Keys per script call, so that no call holds Redis up for more than a few milliseconds.
_KEYS_PER_CALL = 5_000


def _new_versions(keys: Iterable[str]) -> None:
    token = f"{time.time_ns():x}{secrets.token_hex(4)}"
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        cache.set_many(dict.fromkeys(keys, token), timeout=_version_ttl())
        return
    names = [backend.make_key(key) for key in dict.fromkeys(keys)]
    try:
        client = backend.client.get_client(write=True)
        value = backend.client.encode(token)
        with client.pipeline(transaction=False) as pipeline:
            for start in range(0, len(names), _KEYS_PER_CALL):
                chunk = names[start : start + _KEYS_PER_CALL]
                pipeline.eval(_SET_ALL, len(chunk), *chunk, value, _version_ttl())
            pipeline.execute()
    except RedisError:
        # As django-redis does with IGNORE_EXCEPTIONS: pages stay cached under the old
        # versions until their TTL, which the freshness rules already bound.
        if not backend._ignore_exceptions:
            raise
        logger.warning("cache versions not moved: Redis unavailable", exc_info=True)


def catalogue_changed(products: Iterable[tuple[str, str]] = ()) -> None:
    """Invalidate every list, and the records of the (marketplace, asin) pairs given."""
    _new_versions([CATALOGUE_VERSION_KEY, *(_product_key(m, a) for m, a in products)])


def products_changed(products: Iterable[tuple[str, str]]) -> None:
    """Invalidate only these products' records and pages (a price re-confirmed, say)."""
    keys = [_product_key(m, a) for m, a in products]
    if keys:
        _new_versions(keys)
