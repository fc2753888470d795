"""What happened to each file of a legacy import, and the summary of the whole import."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from articles.legacy.parse import REASONS, LegacyRecord


class Outcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"
    REJECTED = "rejected"
    FAILED = "failed"


@dataclass(slots=True)
class FileResult:
    """What happened to one file. `reason` is a rejection code (`REASONS`) or, for a failure, the error."""

    file_name: str
    legacy_id: str
    outcome: Outcome
    record: LegacyRecord | None = None
    reason: str = ""
    programmes_created: list[str] = field(default_factory=list)  # unknown codes this file created (or would)
    unmatched_source: str = ""  # the `Nguồn` name no agency answered (articles/legacy/attribution.py)

    def as_json(self) -> dict[str, Any]:
        """The spec's record, or `{"legacy_id": ..., "error": REASON}` for a rejected file."""
        if self.record is None:
            return {"legacy_id": self.legacy_id, "error": self.reason}
        return self.record.as_dict()


class Problem(NamedTuple):
    file_name: str
    detail: str  # in Vietnamese


@dataclass
class ImportReport:
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Problem] = field(default_factory=list)
    failed: list[Problem] = field(default_factory=list)
    conflicts: list[Problem] = field(default_factory=list)
    programmes_created: list[str] = field(default_factory=list)
    related_links: int = 0
    reattributed: int = 0  # articles moved to the agency their source names, now known
    unknown_sources: list[tuple[str, int]] = field(default_factory=list)  # names matching no agency, and counts
    interrupted: bool = False
    _unmatched: dict[str, int] = field(default_factory=dict)  # in this run's files (what a dry run reports)

    def add(self, result: FileResult) -> None:
        if result.unmatched_source:
            self._unmatched[result.unmatched_source] = self._unmatched.get(result.unmatched_source, 0) + 1
        self.programmes_created += [code for code in result.programmes_created if code not in self.programmes_created]
        match result.outcome:
            case Outcome.CREATED:
                self.created += 1
            case Outcome.UPDATED:
                self.updated += 1
            case Outcome.UNCHANGED:
                self.unchanged += 1
            case Outcome.REJECTED:
                self.rejected.append(Problem(result.file_name, REASONS[result.reason]))
            case Outcome.FAILED:
                self.failed.append(Problem(result.file_name, result.reason))
            case Outcome.CONFLICT:
                self.conflicts.append(Problem(result.file_name, result.reason))

    def dry_run_unknown_sources(self) -> list[tuple[str, int]]:
        return sorted(self._unmatched.items(), key=lambda item: (-item[1], item[0]))

    @property
    def has_errors(self) -> bool:
        return bool(self.rejected or self.failed)


# --- fingerprints -----------------------------------------------------------------------------------------------
