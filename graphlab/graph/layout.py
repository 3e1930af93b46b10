"""Layered left-to-right layout for graphs that come without positions.

Each node goes in the column of its longest path from a source; within a column,
nodes are ordered by the mean row of their inputs (one barycentre pass), which keeps
most wires short and uncrossed for the chain-like graphs people draw.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graphlab.graph.graph import Graph

COLUMN = 240.0
ROW = 130.0


def layered_positions(graph: Graph, column: float = COLUMN, row: float = ROW):
    order = graph.topo_order()
    layer: dict[str, int] = {}
    for n in order:
        preds = [e.src for e in graph.in_edges(n)]
        layer[n] = 1 + max((layer[p] for p in preds), default=-1)
    columns: dict[int, list[str]] = {}
    for n in order:
        columns.setdefault(layer[n], []).append(n)
    rowpos: dict[str, float] = {}
    positions = {}
    for c in sorted(columns):
        members = columns[c]
        first = {n: i for i, n in enumerate(members)}

        def bary(n, first=first):
            preds = [rowpos[e.src] for e in graph.in_edges(n) if e.src in rowpos]
            return sum(preds) / len(preds) if preds else first[n] - len(first) / 2

        members.sort(key=bary)
        offset = (len(members) - 1) / 2
        for i, n in enumerate(members):
            rowpos[n] = i - offset
            positions[n] = (c * column, (i - offset) * row)
    return positions


def apply_layout(graph: Graph) -> None:
    with graph.bulk_edit():
        for n, pos in layered_positions(graph).items():
            graph.move(n, pos)
