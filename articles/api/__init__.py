"""The open data API (/api/v1/): everything public, read-only, as JSON, with an OpenAPI 3.1 schema.

Map: `api.py` (the NinjaAPI: renderer, error handlers, routers), `endpoints/` (one router per kind of object),
`schemas.py` (what each object looks like), `params.py` (query parameters), `selectors.py` (reads, all from the
public querysets), `pagination.py` (cursors), `gate.py` (rate limit and JSON errors, in front of the page cache),
`docs.py` (the schema and the documentation page), `urls.py` (namespace `api`). Policy: docs/api.md.
"""
