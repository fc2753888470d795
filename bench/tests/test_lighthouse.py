"""Lighthouse runs again when its trace recording failed."""

import json
import subprocess

from bench import lighthouse


def test_lighthouse_runs_again_when_its_trace_recording_failed(monkeypatch, tmp_path):
    reports = iter(
        [
            {"runtimeError": {"code": "NO_NAVSTART"}, "categories": {"performance": {"score": None}}},
            {"categories": {"performance": {"score": 1.0}, "seo": {"score": 0.96}}},
        ]
    )
    out = tmp_path / "lighthouse.json"

    def fake_run(command, **kwargs):
        out.write_text(json.dumps(next(reports)))
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(lighthouse.subprocess, "run", fake_run)
    monkeypatch.setattr(lighthouse, "BENCH", tmp_path)
    (tmp_path / "node_modules" / ".bin").mkdir(parents=True)
    (tmp_path / "node_modules" / ".bin" / "lighthouse").touch()

    assert lighthouse.lighthouse("http://127.0.0.1:1/", out) == {"performance": 100, "seo": 96}
