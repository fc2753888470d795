"""The benchmark harness's self-check (`make bench-check`) runs apart from `make test`, with the same isolation:
uploads in a temporary folder, an empty page cache per test, static files unhashed. Those fixtures are defined
once, in tests/conftest.py."""

from tests.conftest import _fast_password_hashing, _isolated_cache, _isolated_files

__all__ = ["_fast_password_hashing", "_isolated_cache", "_isolated_files"]
