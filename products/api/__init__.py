"""The catalogue's public REST API (DRF), served under /api/v1/."""
