"""The organisation chart: active agencies as a tree from their parents; merged, renamed and dissolved bodies apart,
each with the body that replaced it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from articles.newsroom.models import Agency


@dataclass
class Node:
    agency: Agency
    units: list[Node] = field(default_factory=list)


@dataclass
class Chart:
    roots: list[Node]
    former: list[Agency]  # no longer active, with `superseded_by` loaded


def build(agencies: Iterable[Agency]) -> Chart:
    """The chart of `agencies` (one query's rows). An active agency whose parent is gone or inactive is a root;
    rows that form a loop (entered before the chart refused loops) are shown once, at the top."""
    kinds = {kind: order for order, kind in enumerate(Agency.Kind.values)}
    rows = sorted(agencies, key=lambda agency: (kinds.get(agency.kind, len(kinds)), agency.name.casefold(), agency.pk))
    active = {agency.pk: Node(agency) for agency in rows if agency.is_active}
    roots: list[Node] = []
    for node in active.values():
        parent = active.get(node.agency.parent_id) if node.agency.parent_id else None
        (parent.units if parent is not None else roots).append(node)
    reached: set[int] = set()

    def walk(nodes: list[Node]) -> None:
        for node in nodes:
            reached.add(node.agency.pk)
            walk(node.units)

    walk(roots)
    for pk, node in active.items():
        if pk not in reached:  # part of a loop: nothing above it leads here
            detached = Node(node.agency)
            roots.append(detached)
            reached.add(pk)
    former = [agency for agency in rows if not agency.is_active]
    return Chart(roots=roots, former=former)
