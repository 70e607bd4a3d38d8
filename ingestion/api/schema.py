"""The watchlist rules the serializer checks and drf-spectacular cannot infer, stated in
the schema (a postprocessing hook): a watchlist searches by keywords, a browse node or a
search index, and a browse node is ASCII digits."""

from __future__ import annotations

from typing import Any

from config.api.fields import WHITESPACE

# The fields a watchlist searches by; at least one must hold more than whitespace.
SEARCHED_BY = ("keywords", "browse_node_id", "search_index")
# What the serializer keeps after trimming whitespace: some text that is not whitespace.
NOT_BLANK = f"[^{WHITESPACE}]"
BROWSE_NODE_PATTERN = "^[0-9]*$"


def watchlist_rules(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Adds the rules to the bodies that create or replace a watchlist. A partial update is
    checked against the stored watchlist, which a schema cannot see."""
    schemas = result.get("components", {}).get("schemas", {})
    for name in ("WatchlistRequest", "PatchedWatchlistRequest"):
        if name in schemas:
            schemas[name]["properties"]["browse_node_id"]["pattern"] = BROWSE_NODE_PATTERN
    if "WatchlistRequest" in schemas:
        schemas["WatchlistRequest"]["anyOf"] = [
            {"required": [field], "properties": {field: {"pattern": NOT_BLANK}}}
            for field in SEARCHED_BY
        ]
        schemas["WatchlistRequest"]["description"] = (
            "Give keywords, a browse node or a search index (at least one not blank)."
        )
    return result
