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
    interrupted: bool = False

    def add(self, result: FileResult) -> None:
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

    @property
    def has_errors(self) -> bool:
        return bool(self.rejected or self.failed)


# --- fingerprints -----------------------------------------------------------------------------------------------
