"""The editor-only parts of a graph file (format 5): reroute points and comment frames.

An edge entry may carry ``"via": [[x, y], ...]`` (its reroute points, from the source
on); the file may carry ``"frames": [{"title", "rect": [x, y, w, h], "color"}]``
(back to front). Neither means anything to the model or the compiler, and both are
written only when there are some, so a graph without them saves as before. Loading
refuses, with the JSON path, values the model would refuse (graph_frames.py's rules,
file_limits.py's caps).
"""

from __future__ import annotations

from typing import Any

from graphlab.graph.file_limits import MAX_FRAMES, MAX_VIA_TOTAL, entry_problem, show
from graphlab.graph.graph import Edge, Graph, GraphError
from graphlab.graph.graph_frames import FRAME_COLORS, Frame, frame_problem, via_problem

FRAME_KEYS = ("title", "rect", "color")


def via_entry(graph: Graph, edge: Edge) -> list[list[float]] | None:
    points = graph.via(edge)
    return [[round(x, 2), round(y, 2)] for x, y in points] if points else None


def frames_to_list(graph: Graph) -> list[dict[str, Any]]:
    return [{"title": f.title, "rect": [round(v, 2) for v in f.rect], "color": f.color}
            for f in graph.frames()]


def read_via(graph: Graph, edge: Edge, entry: dict, path: str, problems: list[str]) -> None:
    """The edge entry's ``via`` onto the wire just made from it."""
    if "via" not in entry:
        return
    points = entry["via"]
    if why := via_problem(points):
        problems.append(f"{path}.via: {why}; remove the key or fix the point")
        return
    top = graph.parent  # counted over the whole file, block definitions too
    top._via_read = getattr(top, "_via_read", 0) + len(points)
    if top._via_read > MAX_VIA_TOTAL:
        if top._via_read - len(points) <= MAX_VIA_TOTAL:  # said once
            problems.append(f"{path}.via: a file holds at most {MAX_VIA_TOTAL:,} reroute "
                            "points in all; remove some")
        return
    try:
        graph.set_via(edge, points)
    except GraphError as err:
        problems.append(f"{path}.via: {err}")


def read_frames(graph: Graph, frames: Any, problems: list[str]) -> None:
    if not isinstance(frames, list):
        problems.append("$.frames: expected a list of comment frames, got "
                        f"{show(frames, 30)}")
        return
    if len(frames) > MAX_FRAMES:
        problems.append(f"$.frames: a graph has at most {MAX_FRAMES:,} comment frames, got "
                        f"{len(frames):,}")
        return
    made = []
    for i, f in enumerate(frames):
        path = f"$.frames[{i}]"
        if why := entry_problem(f, path, FRAME_KEYS, "a comment frame"):
            problems.append(why)
            continue
        title, rect = f.get("title", ""), f.get("rect")
        color = f.get("color", FRAME_COLORS[0])
        if why := frame_problem(title, rect, color):
            problems.append(f"{path}: {why}")
            continue
        made.append(Frame(title, tuple(float(v) for v in rect), color))
    if len(made) == len(frames) and made:
        graph._set_frames(made)
