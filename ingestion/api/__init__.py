"""Staff REST endpoints for ingestion: runs, watchlists and imports, under /api/v1/."""
