"""The API platform every app's API is built on: paging, errors, limits, schema, rendering."""
