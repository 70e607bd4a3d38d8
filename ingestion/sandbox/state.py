"""What the sandbox remembers between requests, shared by all its request threads."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from ingestion.sandbox.auth import Tokens
from ingestion.sandbox.catalogue import Catalogue
from ingestion.sandbox.config import SandboxConfig
from ingestion.sandbox.faults import Dice
from ingestion.sandbox.quota import Quota
from ingestion.sandbox.stats import Stats


class SandboxState:
    """Settings (changeable at run time), catalogue, tokens, quota usage and counters."""

    def __init__(self, config: SandboxConfig) -> None:
        self._lock = threading.Lock()
        self._config = config
        self._catalogue = Catalogue(seed=config.seed, size=config.catalogue_size)
        self.dice = Dice(config.seed)
        self.tokens = Tokens()
        self.quota = Quota()
        self.stats = Stats()

    @property
    def config(self) -> SandboxConfig:
        with self._lock:
            return self._config

    @property
    def catalogue(self) -> Catalogue:
        with self._lock:
            return self._catalogue

    def configure(self, changes: Mapping[str, Any]) -> SandboxConfig:
        """Apply `changes` to the settings; a new seed or size means a new catalogue."""
        with self._lock:
            config = self._config.updated(changes)
            if (config.seed, config.catalogue_size) != (
                self._config.seed,
                self._config.catalogue_size,
            ):
                self._catalogue = Catalogue(seed=config.seed, size=config.catalogue_size)
                self.dice = Dice(config.seed)
            self._config = config
            return config

    def reset(self) -> None:
        """Zero the counters and quota usage, e.g. between tests sharing one sandbox."""
        self.stats.reset()
        self.quota.reset()
