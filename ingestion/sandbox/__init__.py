"""A local stand-in for Amazon's Creators API, serving a synthetic catalogue over HTTP.

Development and test tooling only: production code never imports this package.
"""

from ingestion.sandbox.catalogue import Catalogue
from ingestion.sandbox.config import SandboxConfig, config_from_environment
from ingestion.sandbox.server import SandboxServer

__all__ = ["Catalogue", "SandboxConfig", "SandboxServer", "config_from_environment"]
