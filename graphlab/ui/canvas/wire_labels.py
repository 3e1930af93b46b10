"""Where each wire's shape label goes: the first spot along the wire that covers no node,
no other wire and no label placed before it.

Wires are taken in a fixed order (shortest first: a short wire has the fewest free
spots, and a long one passing its gap would take it; then by edge), each tries the spots of
:data:`SPOTS` (its middle first, then sliding out towards its ends, then just above or
below its middle), and takes the first whose label box is free; a wire with no free spot keeps its middle and shows its
label only under the pointer. Boxes are looked up in a grid of buckets, so a few
hundred wires place in a few milliseconds; the scene runs this once after a change of
layout (open, undo, a finished drag), not per paint. Above :data:`MAX_WIRES` wires
(shown as an overview anyway) every label stays at its wire's middle.
"""

from __future__ import annotations

from collections import defaultdict

ALONG = (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82)
# (how far along, how far above or below): on the wire first, then just off its middle
SPOTS = tuple((s, 0.0) for s in ALONG) + tuple(
    (s, dy) for s in ALONG[:3] for dy in (-13.0, 13.0))
LABEL_HEIGHT = 16.0
GAP = 2.0  # labels keep twice this far from each other
CELL = 160.0
STEP, SAMPLES = 10.0, 80  # a wire is looked at every STEP units, at most SAMPLES times
MAX_WIRES = 2_000

Box = tuple[float, float, float, float]  # x0, y0, x1, y1


class _Grid:
    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[Box]] = defaultdict(list)

    @staticmethod
    def _keys(b: Box):
        for i in range(int(b[0] // CELL), int(b[2] // CELL) + 1):
            for j in range(int(b[1] // CELL), int(b[3] // CELL) + 1):
                yield i, j

    def add(self, b: Box) -> None:
        for k in self._keys(b):
            self.cells[k].append(b)

    def covers_other(self, b: Box, owner) -> bool:
        """Is a point of a wire other than ``owner`` inside ``b``?"""
        cells = self.cells
        for k in self._keys(b):
            for x, y, o in cells.get(k, ()):
                if o is not owner and b[0] < x < b[2] and b[1] < y < b[3]:
                    return True
        return False

    def hits(self, b: Box) -> bool:
        cells = self.cells
        for k in self._keys(b):
            for o in cells.get(k, ()):
                if b[0] < o[2] and o[0] < b[2] and b[1] < o[3] and o[1] < b[3]:
                    return True
        return False


def place_labels(node_items, wire_items) -> int:
    """Place every wire's label (see the module's text); returns how many have no free
    spot (shown on hover only)."""
    wires = sorted(wire_items, key=lambda w: (w.span(), w.edge))
    if len(wires) > MAX_WIRES:
        for w in wires:
            w.set_label(0.5, 0.0, True)
        return 0
    nodes, labels, lines = _Grid(), _Grid(), _Grid()
    for it in node_items:  # the body: a label may reach under a port's dot, drawn above it
        (x, y), b = it.xy, it.body_rect()
        nodes.add((x - 1, y - 1, x + b.width() + 1, y + b.height() + 1))
    cells = lines.cells
    for w in wires:  # points along each wire, a few units apart (inlined: the hot loop)
        if not w.isVisible():
            continue
        segs = w.pieces()
        n = max(2, min(SAMPLES, int(w.span() / STEP / len(segs))))
        ts = [(i / n, 1 - i / n) for i in range(n + 1)]
        for ax, ay, c1x, c1y, c2x, c2y, bx, by in segs:
            for t, u in ts:
                a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
                x = a * ax + b * c1x + c * c2x + d * bx
                y = a * ay + b * c1y + c * c2y + d * by
                cells[(int(x // CELL), int(y // CELL))].append((x, y, w))
    hidden = 0
    for w in wires:
        if not w.isVisible():
            continue
        half, h = w.label_width() / 2, LABEL_HEIGHT / 2
        for s, dy in SPOTS:
            mx, my = w.point_at(s)
            my += dy
            box = (mx - half, my - h, mx + half, my + h)
            wide = (box[0] - GAP, box[1] - GAP, box[2] + GAP, box[3] + GAP)
            if not (nodes.hits(box) or labels.hits(wide) or lines.covers_other(box, w)):
                labels.add(wide)
                w.set_label(s, dy, True)
                break
        else:
            hidden += 1
            w.set_label(0.5, 0.0, False)
    return hidden
