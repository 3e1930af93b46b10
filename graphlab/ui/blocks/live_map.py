"""What a training run's values mean on the canvas when the document has blocks.

Training runs the flattened graph (``graphlab.graph.flatten``): a node inside instance
``b1`` is the flat node ``"b1/<inner id>"``, nested ones ``"b1/b2/<id>"``, and a block's
Input and Output nodes are dissolved into wires. The canvas shows one graph of the
document, so each node it shows is given the flat node whose output is its output:

- a plain node: itself, under the path of the instances the canvas is inside;
- a block instance: the node feeding its definition's Output (``Flat.value_of``),
  followed down through nested blocks;
- a block's Input node (inside): what feeds that input of the instance one level up;
  an Output node: what feeds it.

:func:`canvas_frame` wraps a frame so the live overlay reads it by canvas ids; a
document without blocks gets its frame back unchanged.
"""

from __future__ import annotations

from graphlab.graph.graph import Graph

# (graph, flat prefix of its nodes, the instance of it one went through)
Level = tuple[Graph, str, str]


def _first_output(graph: Graph, node_id: str) -> str | None:
    outs = graph.spec_of(graph.raw(node_id)["op"]).outputs
    return outs[0].name if outs else None


def value_id(graph: Graph, prefix: str, node_id: str, port: str | None,
             outer: tuple[Level, ...] = ()) -> str | None:
    """The flat id whose output is output ``port`` of ``node_id`` in ``graph`` (whose
    nodes are flat ``prefix + id``); ``outer`` are the levels above, innermost last."""
    for _ in range(10_000):  # a chain of pass-through blocks ends; never loop forever
        raw = graph.raw(node_id)
        spec = graph.spec_of(raw["op"])
        if raw["op"] in graph.blocks:  # down into the block: what feeds its Output
            inner = graph.blocks[raw["op"]].graph
            out = next((n for n in inner.node_ids() if inner.spec_of(
                inner.raw(n)["op"]).is_output and inner.raw(n)["attrs"]["name"] == port), None)
            e = inner.input_edge(out, "x") if out is not None else None
            if e is None:
                return None
            outer = (*outer, (graph, prefix, node_id))
            graph, prefix, node_id, port = inner, f"{prefix}{node_id}/", e.src, e.src_port
        elif spec.is_input and graph.definition is not None and outer:  # up and out
            up, up_prefix, instance = outer[-1]
            e = up.input_edge(instance, raw["attrs"]["name"]) if instance in up else None
            if e is None:
                return None
            graph, prefix, node_id, port, outer = up, up_prefix, e.src, e.src_port, outer[:-1]
        elif spec.is_output and graph.definition is not None:
            e = graph.input_edge(node_id, "x")
            if e is None:
                return None
            node_id, port = e.src, e.src_port
        else:
            return prefix + node_id
    return None


def canvas_ids(top: Graph, path) -> dict[str, str]:
    """{node id on the canvas: flat id} for the graph at ``path`` (navigation levels)."""
    levels: list[Level] = []
    graph, prefix = top, ""
    for lv in path:
        levels.append((graph, prefix, lv.instance))
        prefix = f"{prefix}{lv.instance}/"
        graph = top.blocks[lv.definition].graph
    out = {}
    for n in graph.node_ids():
        port = _first_output(graph, n)
        flat = value_id(graph, prefix, n, port, tuple(levels))
        if flat is not None:
            out[n] = flat
    return out


class CanvasFrame:
    """A frame read by the canvas's node ids; everything else is the frame's own."""

    def __init__(self, flat, ids: dict[str, str]) -> None:
        self.flat = flat
        self._ids = ids
        where = {f: i for i, f in enumerate(flat.node_ids)}
        shown = [n for n, f in ids.items() if f in where]
        self.node_ids = tuple(sorted(shown, key=lambda n: where[ids[n]]))

    def __getattr__(self, name):
        return getattr(self.flat, name)

    def value_stats(self, node_id: str):
        f = self._ids.get(node_id)
        return self.flat.value_stats(f) if f is not None else None

    def grad_stats(self, node_id: str):
        f = self._ids.get(node_id)
        return self.flat.grad_stats(f) if f is not None else None


def canvas_frame(frame, scene):
    """``frame`` as the canvas of ``scene`` reads it (unchanged without blocks)."""
    frame = getattr(frame, "flat", frame)
    if frame is None or not frame.has_stats:
        return frame
    nav = getattr(scene.editor, "nav", None)
    top = scene.editor.graph
    if nav is None or (not len(top.blocks)):
        return frame
    return CanvasFrame(frame, canvas_ids(top, nav.path))


def follow_navigation(window) -> None:
    """The canvas went into or out of a block: the live overlay is rebuilt for the
    graph now shown and the last frame shown again (still, no sweep)."""
    live = getattr(window, "live", None)
    if live is None:
        return
    a = live.animator
    last = a.last_shown
    a.stop()
    live.overlay.sync()
    live.overlay.clear()
    if last is not None and getattr(last, "has_stats", False):
        a.animate, was = False, a.animate
        try:
            a.show(last, replay=True)
        finally:
            a.animate = was


def canvas_node(flat_id: str, editor) -> str | None:
    """The canvas node that shows flat node ``flat_id`` (a step-through's step): the
    node itself, or the instance on the canvas whose inside holds it; None when it lies
    outside the block the canvas shows."""
    prefix = "".join(f"{lv.instance}/" for lv in editor.nav.path)
    if not flat_id.startswith(prefix):
        return None
    node = flat_id[len(prefix):].split("/", 1)[0]
    return node if node in editor.current else None


class _ByFlatId:
    """One of the overlay's per-node dicts, read by flat ids."""

    def __init__(self, items: dict, editor) -> None:
        self._items, self._editor = items, editor

    def __contains__(self, flat_id) -> bool:
        return canvas_node(flat_id, self._editor) in self._items

    def __getitem__(self, flat_id):
        return self._items[canvas_node(flat_id, self._editor)]

    def values(self):
        return self._items.values()

    def __len__(self) -> int:
        return len(self._items)


class StepOverlay:
    """The live overlay as the step-through sees it: its steps name flat nodes
    ("block1/fc1"); each lights the canvas node that holds it (the node itself inside
    its block, the block's node one level up, nothing outside the block shown). Without
    blocks every flat id is a canvas id and nothing changes."""

    def __init__(self, overlay, editor) -> None:
        self._overlay, self._editor = overlay, editor

    def __getattr__(self, name):
        return getattr(self._overlay, name)

    @property
    def halos(self):
        return _ByFlatId(self._overlay.halos, self._editor)

    @property
    def badges(self):
        return _ByFlatId(self._overlay.badges, self._editor)

    def wires_out(self, flat_id: str):
        return self._overlay.wires_out(canvas_node(flat_id, self._editor))

    def wires_in(self, flat_id: str):
        return self._overlay.wires_in(canvas_node(flat_id, self._editor))

    def set_node_tooltip(self, flat_id: str, text: str) -> None:
        n = canvas_node(flat_id, self._editor)
        if n is not None:
            self._overlay.set_node_tooltip(n, text)


def map_step_overlay(window) -> None:
    """Let the window's step-through light canvas nodes by flat ids."""
    panel = window.live.step_panel
    if not isinstance(panel.overlay, StepOverlay):
        panel.overlay = StepOverlay(panel.overlay, window.editor)
