"""One router per kind of public object; articles/api/api.py mounts them.

Adding a kind (sections, the documents register): a module here with its router, its schemas in schemas.py, its
reads in selectors.py, and one `api.add_router(...)` line in api.py.
"""
