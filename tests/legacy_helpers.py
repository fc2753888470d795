"""Helpers for the legacy import tests: sample files and hand-written export files."""

from __future__ import annotations

import io
import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from articles.newsroom.models import Agency

SAMPLES = Path(__file__).resolve().parent / "legacy_samples"
GOOD_SAMPLES = sorted(SAMPLES.glob("*.txt"))
BAD_SAMPLES = sorted((SAMPLES / "bad").glob("*.txt"))
TOO_LARGE_ID = "018_92d8f08f97c201f4"


def expected(path: Path) -> dict:
    return json.loads(path.with_name(f"{path.stem}.expected.json").read_text(encoding="utf-8"))


def make_too_large(folder: Path) -> Path:
    """As bad/README.md says: sample 000 + "\\n" + "x"... up to exactly 5 MiB + 1 byte; otherwise a valid article."""
    head = (SAMPLES / "000_aa9be8dcd83bf31c.txt").read_bytes() + b"\n"
    path = folder / f"{TOO_LARGE_ID}.txt"
    path.write_bytes(head + b"x" * (5 * 1024 * 1024 + 1 - len(head)))
    return path


def default_agency() -> Agency:
    agency, _ = Agency.objects.get_or_create(
        slug=settings.DEFAULT_AGENCY_SLUG, defaults={"name": "UBND thành phố Hà Nội"}
    )
    return agency


def legacy_text(
    title: str,
    *,
    dateline: str = "19:52 | 18/06/2018",
    lead: str = "Sáng 18/6, Thành phố tổ chức hội nghị.",
    body: list[str] | tuple[str, ...] = (),
    source: str | None = "Nguồn : Sở Thử nghiệm",
    preamble: str = "M\n",
) -> str:
    """An export file: preamble, dateline, title, lead, then each body item as its own block of lines."""
    parts = [preamble + dateline, title, lead, *body]
    if source is not None:
        parts.append(source)
    return "\n\n".join(parts) + "\n"


def write_legacy(folder: Path, legacy_id: str, text: str, *, encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{legacy_id}.txt"
    path.write_bytes(text.encode(encoding))
    return path


class Run:
    """The outcome of one `import_legacy` call: stdout, stderr and exit status (0, or a CommandError's code)."""

    def __init__(self, *args: str) -> None:
        from django.core.management import CommandError

        self.stdout, self.stderr = io.StringIO(), io.StringIO()
        self.status = 0
        self.error = ""
        try:
            call_command("import_legacy", *map(str, args), stdout=self.stdout, stderr=self.stderr)
        except CommandError as error:
            self.status = error.returncode
            self.error = str(error)
        self.out = self.stdout.getvalue()
        self.err = self.stderr.getvalue()

    def json_lines(self) -> list[dict]:
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]
