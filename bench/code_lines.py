"""Lines of code in Python files: the figure for the product code that caches pages.

    .venv/bin/python bench/code_lines.py [PATH ...]     # default: the page cache's code (CACHING_CODE)

A line counts when it is neither blank nor only a comment; a line of code with a comment at its end counts, and so
does every line of a multi-line expression or string, docstrings included (the figure judged against the target).
The count without docstrings (the string that opens a module, class or function) is given beside it. Read with the
standard library's `tokenize` and `ast`, so a `#` inside a string is not taken for a comment.
"""

from __future__ import annotations

import ast
import io
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Everything that stores, serves or invalidates cached pages (issue 14): the page cache app (store, middleware,
# invalidation, its app config and purge command) and the fail-safe Redis backend under it.
CACHING_CODE = ("articles/pagecache", "cms/cache.py")
NOT_CODE = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}


def docstring_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                lines.update(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    return lines


@dataclass(frozen=True)
class Lines:
    code: int  # neither blank nor only a comment
    without_docstrings: int

    def __add__(self, other: Lines) -> Lines:
        return Lines(self.code + other.code, self.without_docstrings + other.without_docstrings)


def code_lines(source: str) -> Lines:
    """How many lines of `source` hold code, with and without docstrings (see the module's docstring)."""
    counted: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in NOT_CODE:
            counted.update(range(token.start[0], token.end[0] + 1))
    counted -= {number for number, line in enumerate(source.splitlines(), start=1) if not line.strip()}
    return Lines(len(counted), len(counted - docstring_lines(ast.parse(source))))


def python_files(paths: list[str], root: Path = ROOT) -> list[Path]:
    files: list[Path] = []
    for name in paths:
        path = root / name
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return [file for file in files if "migrations" not in file.parts and "tests" not in file.parts]


def count(paths: list[str], root: Path = ROOT) -> dict[str, Lines]:
    """Code lines per file, by path relative to `root`."""
    return {str(file.relative_to(root)): code_lines(file.read_text()) for file in python_files(paths, root)}


def main(argv: list[str]) -> int:
    by_file = count(argv or list(CACHING_CODE))
    print("  code  without docstrings")
    for name, lines in [*by_file.items(), ("total", sum(by_file.values(), Lines(0, 0)))]:
        print(f"{lines.code:6}  {lines.without_docstrings:6}            {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
