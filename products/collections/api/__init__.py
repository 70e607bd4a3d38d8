"""Collections in the public REST API: a list, and each collection with its products."""
