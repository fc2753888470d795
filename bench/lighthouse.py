"""Lighthouse's four scores for a page, in Debian's Chromium (Lighthouse from bench/package.json, `npm ci`)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from bench.load import log

BENCH = Path(__file__).resolve().parent
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
    "--disable-sync --no-first-run"
)


def lighthouse(url: str, out: Path, *, attempts: int = 3) -> dict[str, int]:
    """Lighthouse's four scores for `url`. A run whose trace recording failed (Lighthouse's own advice for
    NO_NAVSTART and the like is "run Lighthouse again") is run again, up to `attempts` times."""
    cli = BENCH / "node_modules" / ".bin" / "lighthouse"
    if not cli.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=BENCH, check=True, timeout=600)
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    command = [
        str(cli),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        "--only-categories=performance,accessibility,best-practices,seo",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    for attempt in range(1, attempts + 1):
        completed = subprocess.run(
            command, env={**os.environ, "CHROME_PATH": chrome}, timeout=300, capture_output=True, check=False
        )
        report = json.loads(out.read_text()) if out.exists() else {}
        error = report.get("runtimeError") or (None if completed.returncode == 0 else f"exit {completed.returncode}")
        if error is None:
            return {key: round((category["score"] or 0) * 100) for key, category in report["categories"].items()}
        log(f"Lighthouse attempt {attempt} on {url} failed: {error.get('code') if isinstance(error, dict) else error}")
        out.unlink(missing_ok=True)
    raise RuntimeError(f"Lighthouse failed {attempts} times on {url}")
