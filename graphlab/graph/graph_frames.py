"""Editor-only notes on a graph: reroute points on wires and comment frames.

Both are layout, never meaning: the compiler does not read them, and a frame's title
is shown as plain text only (never put into generated code). They live in the
networkx graph (an edge's ``via`` in its data, the frames in the graph's own dict),
so a document restored in place for undo (block_sync) carries them with the wires.
Every change checks its input (:func:`frame_problem`, :func:`via_problem`, the same
rules loading applies) and emits one event: ``via_changed`` or ``frames_changed``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graphlab.graph.events import GraphEvent
from graphlab.graph.file_limits import (
    MAX_COORD,
    MAX_FRAME_TITLE,
    MAX_FRAMES,
    MAX_VIA_POINTS,
    text_problem,
)

if TYPE_CHECKING:
    from graphlab.graph.graph import Edge

FRAME_COLORS = ("#3f5f7f", "#5f7f3f", "#7f5f3f", "#6f3f7f", "#3f7f74", "#7f3f4f")
MIN_FRAME_SIDE = 40.0
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")

Point = tuple[float, float]


@dataclass(frozen=True)
class Frame:
    """A titled, coloured rectangle behind nodes: ``rect`` is (x, y, width, height)."""

    title: str
    rect: tuple[float, float, float, float]
    color: str = FRAME_COLORS[0]

    def contains(self, x: float, y: float) -> bool:
        fx, fy, w, h = self.rect
        return fx <= x <= fx + w and fy <= y <= fy + h

    def moved(self, dx: float, dy: float) -> Frame:
        x, y, w, h = self.rect
        return Frame(self.title, (x + dx, y + dy, w, h), self.color)


def _number_problem(v: Any) -> str | None:
    if isinstance(v, bool) or not isinstance(v, int | float):
        return f"expected a number, got {v!r}"[:80]
    if not math.isfinite(v) or abs(v) > MAX_COORD:
        return f"expected a number between -{MAX_COORD:g} and {MAX_COORD:g}"
    return None


def point_problem(p: Any) -> str | None:
    """Why ``p`` is not an [x, y] point of a canvas (None if it is)."""
    if not isinstance(p, list | tuple) or len(p) != 2:
        return f"expected [x, y] numbers, got {p!r}"[:80]
    return next((why for why in map(_number_problem, p) if why), None)


def via_problem(points: Any) -> str | None:
    """Why ``points`` cannot be a wire's reroute points (None if they can)."""
    if not isinstance(points, list | tuple):
        return f"expected a list of [x, y] points, got {type(points).__name__}"
    if len(points) > MAX_VIA_POINTS:
        return f"a wire has at most {MAX_VIA_POINTS} reroute points, got {len(points):,}"
    for i, p in enumerate(points):
        if why := point_problem(p):
            return f"point {i}: {why}"
    return None


def frame_problem(title: Any, rect: Any, color: Any) -> str | None:
    """Why these cannot make a comment frame (None if they can)."""
    if not isinstance(title, str):
        return f"the title: expected text, got {type(title).__name__}"
    if len(title) > MAX_FRAME_TITLE:
        return f"the title has {len(title):,} characters (at most {MAX_FRAME_TITLE})"
    if why := text_problem(title, "titles"):
        return f"the title {why}"
    if not isinstance(rect, list | tuple) or len(rect) != 4:
        return f"the rect: expected [x, y, width, height] numbers, got {rect!r}"[:90]
    for v in rect:
        if why := _number_problem(v):
            return f"the rect: {why}"
    if rect[2] < MIN_FRAME_SIDE or rect[3] < MIN_FRAME_SIDE:
        return f"the rect: width and height must be at least {MIN_FRAME_SIDE:g}"
    if not isinstance(color, str) or not _COLOR.fullmatch(color):
        return f"the color: expected a colour like \"#3f5f7f\", got {color!r}"[:90]
    return None


def checked_frame(title: Any, rect: Any, color: Any = FRAME_COLORS[0]) -> Frame:
    if why := frame_problem(title, rect, color):
        from graphlab.graph.graph import GraphError

        raise GraphError(f"a comment frame: {why}")
    return Frame(title, tuple(float(v) for v in rect), color)


class FrameMethods:
    """Mixed into Graph; uses its networkx graph ``_g`` and ``events``."""

    # ----- reroute points ---------------------------------------------------------------
    def via(self, edge: Edge) -> tuple[Point, ...]:
        """The wire's reroute points, in order from its source (empty: none)."""
        data = self._g.get_edge_data(edge.src, edge.dst, key=edge.dst_port)
        return data.get("via", ()) if data is not None else ()

    def set_via(self, edge: Edge, points) -> tuple[Point, ...]:
        """Give the wire these reroute points; returns the old ones."""
        from graphlab.graph.graph import GraphError

        data = self._g.get_edge_data(edge.src, edge.dst, key=edge.dst_port)
        if data is None:
            raise GraphError(f"no wire {edge}")
        if why := via_problem(points):
            raise GraphError(f"wire {edge}: {why}")
        old = data.get("via", ())
        new = tuple((float(x), float(y)) for x, y in points)
        if new == old:
            return old
        if new:
            data["via"] = new
        else:
            data.pop("via", None)
        self.events.emit(GraphEvent("via_changed", edge=edge, old=old, new=new))
        return old

    # ----- comment frames ---------------------------------------------------------------
    def frames(self) -> list[Frame]:
        """The comment frames, back to front."""
        return list(self._g.graph.get("frames", ()))

    def _set_frames(self, frames: list[Frame]) -> None:
        self._g.graph["frames"] = tuple(frames)
        self.events.emit(GraphEvent("frames_changed"))

    def add_frame(self, frame: Frame, index: int | None = None) -> int:
        """Put ``frame`` at ``index`` (default: in front); returns where it went."""
        from graphlab.graph.graph import GraphError

        frame = checked_frame(frame.title, frame.rect, frame.color)
        frames = self.frames()
        if len(frames) >= MAX_FRAMES:
            raise GraphError(f"a graph has at most {MAX_FRAMES} comment frames")
        index = len(frames) if index is None else max(0, min(index, len(frames)))
        frames.insert(index, frame)
        self._set_frames(frames)
        return index

    def remove_frame(self, index: int) -> Frame:
        frames = self.frames()
        old = frames.pop(index)
        self._set_frames(frames)
        return old

    def set_frame(self, index: int, frame: Frame) -> Frame:
        """Replace frame ``index`` (a rename, resize, move or new colour); the old one."""
        frames = self.frames()
        old = frames[index]
        frames[index] = checked_frame(frame.title, frame.rect, frame.color)
        if frames[index] != old:
            self._set_frames(frames)
        return old
