"""Where a wrong size came from: the node and attribute that set it, and the fix.

A loss that finds ``pred [32, 10]`` where the target is ``[32, 1]`` is only where the
mistake shows; the cause is upstream (a last Linear left at ``out_features=10``). This
walks back from the loss's prediction through nodes that pass that axis on unchanged and
stops at the first node one of whose int attributes sets it: changing the attribute (in a
trial inference on a copy) changes that axis of the output. The fix is proven the same way:
with the new value the output has the wanted size.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graphlab.graph.diagnostics import Fix, node_title
from graphlab.graph.ops import REGISTRY
from graphlab.graph.ops.spec import InferContext, ShapeError

if TYPE_CHECKING:
    from graphlab.graph.inference import Analysis

MAX_HOPS = 10_000  # a chain longer than this is not walked (one mistake, one bounded search)


def _out_size(spec, attrs, inputs, batch: int, port: str, axis: int) -> int | None:
    try:
        out = spec.infer(InferContext(attrs, inputs, batch)).get(port)
    except (ShapeError, ValueError, TypeError, KeyError, IndexError, ZeroDivisionError):
        return None
    if out is None or out.rank <= axis:
        return None
    return out.shape[axis]


def _setting_attr(spec, attrs, inputs, batch, port, axis, size) -> str | None:
    """The int attribute of this node whose value decides ``axis`` of output ``port``."""
    for a in spec.attrs:
        value = attrs.get(a.name)
        if a.kind != "int" or not isinstance(value, int) or isinstance(value, bool):
            continue
        trial = dict(attrs, **{a.name: value + 1})
        if _out_size(spec, trial, inputs, batch, port, axis) not in (None, size):
            return a.name
    return None


def size_origin(analysis: Analysis, node_id: str, port: str, axis: int, want: int
                ) -> tuple[str, Fix | None] | None:
    """Trace axis ``axis`` of the tensor wired into ``node_id``'s input ``port`` back to
    the node that set it; return (a clause naming it, the fix giving it size ``want``)."""
    graph = analysis.graph
    edge = graph.input_edge(node_id, port)
    for _ in range(MAX_HOPS):
        if edge is None:
            return None
        nid, out_port = edge.src, edge.src_port
        info = analysis.node_info(nid)
        out = info.outputs.get(out_port)
        if out is None or out.rank <= axis:
            return None
        size = out.shape[axis]
        v = graph.raw(nid)
        spec, attrs = REGISTRY[v["op"]], v["attrs"]
        where = node_title(v["op"], v["label"])
        if spec.is_input and isinstance(attrs.get("shape"), list) and axis > 0:
            shape = list(attrs["shape"])
            shape[axis] = want
            return (f"the {size} in {port} comes from {where}'s shape {attrs['shape']}",
                    Fix(nid, "shape", shape, f"set {where}'s shape to {shape}"))
        name = _setting_attr(spec, attrs, info.inputs, analysis.batch_size, out_port, axis,
                             size)
        if name is not None:
            fixed = dict(attrs, **{name: want})
            ok = _out_size(spec, fixed, info.inputs, analysis.batch_size, out_port,
                           axis) == want
            fix = Fix(nid, name, want, f"set {where}'s {name} to {want}") if ok else None
            return f"the {size} in {port} comes from {where}'s {name}={attrs[name]}", fix
        # the axis passes through from an input of the same rank and size: follow it
        edge = next((graph.input_edge(nid, p) for p, t in info.inputs.items()
                     if t.rank == out.rank and t.shape[axis] == size), None)
    return None


def own_fix(spec, attrs: dict, inputs: dict, batch: int, where: str, advice: str
            ) -> Fix | None:
    """The one-click form of a rule's own advice "set ATTR to ..." (a Linear's
    in_features left at 10 when 5 come in): the one value, read off the input shapes,
    that makes the rule pass. None when the rule advises something else (add a Flatten),
    or no value or more than one does."""
    sizes = sorted({d for t in inputs.values() for d in t.shape[1:] if d > 0})
    found = []
    for a in spec.attrs:
        value = attrs.get(a.name)
        if a.kind != "int" or not isinstance(value, int) or isinstance(value, bool) or \
                f"set {a.name} " not in advice:
            continue
        for size in sizes:
            if size == value:
                continue
            try:
                spec.infer(InferContext(dict(attrs, **{a.name: size}), inputs, batch))
            except (ShapeError, ValueError, TypeError, KeyError, IndexError,
                    ZeroDivisionError):
                continue
            found.append((a.name, size))
    if len(found) != 1:
        return None
    name, size = found[0]
    return Fix("", name, size, f"set {where}'s {name} to {size}")
