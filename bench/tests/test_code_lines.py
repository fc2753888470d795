"""The line count of the caching code: blank and comment-only lines do not count; docstrings are counted apart."""

from bench.code_lines import CACHING_CODE, Lines, code_lines, count

SOURCE = '''"""A module docstring
over two lines."""

import os  # a comment after code counts

# a comment alone does not


class Store:
    """One line."""

    def read(self, key):
        text = """# not a comment:
a string's lines are code"""
        return (
            key,

            text,
        )
'''


def test_blank_and_comment_only_lines_do_not_count_docstrings_are_counted_apart():
    # Code: the 2 docstring lines, import, class, its docstring, def, 2 lines of `text`, 4 of the return (its blank
    # line aside) = 12. Without the 3 docstring lines: 9.
    assert code_lines(SOURCE) == Lines(code=12, without_docstrings=9)


def test_the_caching_code_is_the_page_cache_app_and_the_fail_safe_redis_backend():
    by_file = count(list(CACHING_CODE))

    assert "articles/pagecache/store.py" in by_file and "articles/pagecache/middleware.py" in by_file
    assert "cms/cache.py" in by_file
    assert all(name.startswith(("articles/pagecache/", "cms/cache.py")) for name in by_file)
    assert not any("tests" in name or "migrations" in name for name in by_file)
