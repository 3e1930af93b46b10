"""Keeping a document with blocks consistent: re-inferring the instances of a changed
definition everywhere, and putting a whole document back in place (undo of grouping).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from graphlab.graph.events import GraphEvent

if TYPE_CHECKING:
    from graphlab.graph.graph import Graph


def dependents(top: Graph, name: str) -> set[str]:
    """``name`` and every definition whose inside uses it, directly or not."""
    lib = top.blocks
    return {name} | {d for d in lib if name in lib.uses(d)}


def reinfer_users(top: Graph, name: str) -> None:
    """Forget the evaluations of ``name`` and what uses it, re-infer their instances in
    every graph of the document, then tell the top graph's listeners (``block_changed``
    and ``shapes_changed``)."""
    lib = top.blocks
    affected = dependents(top, name)
    for d in affected:
        if d in lib:
            lib[d].changed()
    for d in list(lib):
        _reinfer_instances(lib[d].graph, affected, emit=True)
    if top._bulk:  # the bulk edit's end infers everything
        return
    changed = _reinfer_instances(top, affected, emit=False)
    top.events.emit(GraphEvent("block_changed", name=name))
    top.events.emit(GraphEvent("shapes_changed", nodes=frozenset(changed)))


def _reinfer_instances(g: Graph, ops: set[str], emit: bool) -> set[str]:
    ids = [n for n in g.node_ids() if g.raw(n)["op"] in ops]
    if not ids or g._bulk:
        return set()
    todo: set[str] = set()
    for n in ids:
        todo |= g._descendants_and_self(n)
    changed = g.analysis.run(todo)
    if emit:
        g.events.emit(GraphEvent("shapes_changed", nodes=frozenset(changed)))
    return changed


def restore_document(top: Graph, data: dict[str, Any]) -> None:
    """Replace ``top``'s document by ``data`` (graph_to_dict's), keeping the Graph
    objects of the top and of every definition that exists in both, so views showing
    them stay valid; one ``graph_reset`` on each graph that changed."""
    from graphlab.graph.fileformat import graph_from_dict

    other = graph_from_dict(data)
    lib, new_lib = top.blocks, other.blocks
    keep = {n: lib[n] for n in lib if n in new_lib}
    for n in list(lib):
        if n not in keep:
            lib._unsubscribe.pop(n)()
            lib._defs.pop(n)
    fresh = {}
    for n in new_lib.order():
        src = new_lib[n]
        if n in keep:
            _take_content(keep[n].graph, src.graph, lib)
            keep[n].params, keep[n].doc = src.params, src.doc
            fresh[n] = keep[n]
        else:
            _take_content(src.graph, src.graph, lib)
            fresh[n] = src
            lib._unsubscribe[n] = src.graph.subscribe(
                lambda ev, name=n: lib._inside_changed(name, ev))
    lib._defs = {n: fresh[n] for n in new_lib.order()}
    for d in lib._defs.values():
        d.changed()
    new_lib.clear()
    _take_content(top, other, lib)
    top.name, top.seed, top.training = other.name, other.seed, other.training
    top.file_extra = getattr(other, "file_extra", None)
    for d in lib._defs.values():
        d.graph.analysis.run()
        d.graph.events.emit(GraphEvent("graph_reset"))
    top.analysis.run()
    top.events.emit(GraphEvent("graph_reset"))


def _take_content(dst: Graph, src: Graph, lib) -> None:
    """Move ``src``'s nodes, wires and label bookkeeping into ``dst`` (same library)."""
    if dst is not src:
        dst._g = src._g
        dst._counter, dst._labels = src._counter, src._labels
        dst._taken_below, dst._seq = src._taken_below, src._seq
        dst._structure_changed()
    dst.blocks = lib
