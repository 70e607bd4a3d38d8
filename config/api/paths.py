"""Where the API lives, for the layers that tell its requests from the storefront's."""

API_PREFIX = "/api/"
