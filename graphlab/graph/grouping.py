"""Group nodes into a block, ungroup an instance, fork a definition: the model side of
the editor's Ctrl+G, Ctrl+Shift+G and "Make unique". Each is one bulk edit of the graph
it acts on; the editor undoes them with the document's snapshot.
"""

from __future__ import annotations

from typing import Any

from graphlab.graph.blocks import BlockDef, BlockParam, ParamRef
from graphlab.graph.graph import Edge, Graph, GraphError

GAP = 180.0  # how far left/right of the grouped nodes the inside's Inputs/Outputs sit


def _identifier(text: str, taken: set[str]) -> str:
    base = "".join(c if c.isalnum() or c == "_" else "_" for c in text).strip("_") or "x"
    if base[0].isdigit():
        base = f"v{base}"
    name, i = base, 2
    while name in taken:
        name, i = f"{base}{i}", i + 1
    taken.add(name)
    return name


def free_block_name(graph: Graph, stem: str = "Block") -> str:
    """``stem`` or the first ``stem<i>`` no definition or op uses."""
    i, name = 1, stem
    while graph.blocks.problem(name) is not None:
        i += 1
        name = f"{stem}{i}"
    return name


def group(graph: Graph, node_ids, name: str, positional: bool = False) -> str:
    """Replace ``node_ids`` by one instance of a new block ``name`` made of them; the wires
    that cross the selection become its ports, named after what feeds them (or, with
    ``positional``, x / y, x0, x1 ... in order, so equal blocks get equal ports).
    Returns the instance's id."""
    sel = [n for n in graph.node_ids() if n in set(node_ids)]
    if not sel:
        raise GraphError("select the nodes to group first")
    if (why := graph.blocks.problem(name)) is not None:
        raise GraphError(why)
    for n in sel:
        spec = graph.node(n).spec
        if spec.is_input or spec.is_output or spec.is_loss:
            v = graph.node(n)
            raise GraphError(f'{v.op} "{v.label}" stays outside a block: Inputs, Outputs and '
                             "losses belong to the whole model; select the nodes between them")
    inside = set(sel)
    edges = graph.edges()
    crossing_in = [e for e in edges if e.dst in inside and e.src not in inside]
    crossing_out = [e for e in edges if e.src in inside and e.dst not in inside]
    params = _params_used(graph, sel)
    inner = Graph(name, blocks=graph.blocks, definition=name)
    defn = BlockDef(name, inner, params)
    graph.blocks._defs[name] = defn  # its parameters are known while the inside is built
    try:
        port_of_in, port_of_out = _build_inside(graph, inner, sel, crossing_in, crossing_out,
                                                positional)
    finally:
        graph.blocks._defs.pop(name)
    graph.blocks.define(defn)
    xs = [graph.node(n).pos[0] for n in sel]
    ys = [graph.node(n).pos[1] for n in sel]
    with graph.bulk_edit():
        for n in sel:
            graph.remove_node(n)
        inst = graph.add_node(name, {p.name: ParamRef(p.name) for p in params},
                              label=name.lower(), pos=(sum(xs) / len(xs), sum(ys) / len(ys)))
        for e in crossing_in:
            key = (e.src, e.src_port)
            if graph.input_edge(inst, port_of_in[key]) is None:
                graph.connect(e.src, e.src_port, inst, port_of_in[key])
        for e in crossing_out:
            graph.connect(inst, port_of_out[(e.src, e.src_port)], e.dst, e.dst_port)
    return inst


def _params_used(graph: Graph, sel: list[str]) -> tuple[BlockParam, ...]:
    """Grouping inside a block: the outer parameters the selection refers to carry over."""
    if graph.definition is None:
        return ()
    outer = graph.blocks[graph.definition]
    used = {v.param for n in sel for v in graph.raw(n)["attrs"].values()
            if isinstance(v, ParamRef)}
    return tuple(p for p in outer.params if p.name in used)


def _build_inside(graph: Graph, inner: Graph, sel: list[str], crossing_in: list[Edge],
                  crossing_out: list[Edge], positional: bool):
    taken: set[str] = set()
    n_in = len({(e.src, e.src_port) for e in crossing_in})
    n_out = len({(e.src, e.src_port) for e in crossing_out})

    def name(e: Edge, stem: str, count: int, seen: dict) -> str:
        if positional:
            return stem if count == 1 else f"{stem}{len(seen)}"
        src = graph.node(e.src)
        return _identifier(src.label if e.src_port == "y" else f"{src.label}_{e.src_port}",
                           taken)

    port_of_in: dict[tuple[str, str], str] = {}
    port_of_out: dict[tuple[str, str], str] = {}
    xs = [graph.node(n).pos[0] for n in sel]
    with inner.bulk_edit():
        for n in sel:
            v = graph.node(n)
            inner.add_node(v.op, dict(v.attrs), v.label, v.pos, node_id=n)
        for e in graph.edges():
            if e.src in inner and e.dst in inner:
                inner.connect(*e)
                if via := graph.via(e):  # the inside keeps the positions: and the points
                    inner.set_via(e, via)
        for e in crossing_in:
            key = (e.src, e.src_port)
            if key not in port_of_in:
                port = name(e, "x", n_in, port_of_in)
                port_of_in[key] = port
                inner.add_node("Input", _input_attrs(graph, e, port), label=port,
                               pos=(min(xs) - GAP, graph.node(e.dst).pos[1]),
                               node_id=f"in_{port}")
            inner.connect(f"in_{port_of_in[key]}", "y", e.dst, e.dst_port)
        for e in crossing_out:
            key = (e.src, e.src_port)
            if key not in port_of_out:
                src = graph.node(e.src)
                port = name(e, "y", n_out, port_of_out)
                port_of_out[key] = port
                out = inner.add_node("Output", {"name": port}, label=f"out_{port}",
                                     pos=(max(xs) + GAP, src.pos[1]), node_id=f"out_{port}")
                inner.connect(e.src, e.src_port, out, "x")
    return port_of_in, port_of_out


def _input_attrs(graph: Graph, e: Edge, port: str) -> dict[str, Any]:
    t = graph.analysis.edge_type(e)
    if t is None:
        return {"name": port}
    shape = list(t.shape)
    if shape and shape[0] == graph.batch_size:
        shape[0] = -1
    return {"name": port, "shape": shape, "dtype": t.dtype}


def ungroup(graph: Graph, instance_id: str) -> list[str]:
    """Replace an instance by a copy of its definition's inside (parameter references
    become the instance's values). The definition stays in the file. Returns the ids of
    the new nodes."""
    if not graph.is_instance(instance_id):
        raise GraphError(f'"{graph.node(instance_id).label}" is not a block instance')
    inst = graph.node(instance_id)
    defn = graph.blocks[inst.op]
    values = {**defn.defaults(), **inst.attrs}
    inner = defn.graph
    ins = {inner.raw(n)["attrs"]["name"]: n for n in defn.input_nodes()}
    outs = {inner.raw(n)["attrs"]["name"]: n for n in defn.output_nodes()}
    wired_in = graph.wired_inputs(instance_id)
    out_edges = graph.out_edges(instance_id)
    body = [n for n in inner.node_ids() if n not in ins.values() and n not in outs.values()]
    if body:
        cx = sum(inner.node(n).pos[0] for n in body) / len(body)
        cy = sum(inner.node(n).pos[1] for n in body) / len(body)
    new: dict[str, str] = {}
    with graph.bulk_edit():
        graph.remove_node(instance_id)
        for n in body:
            v = inner.node(n)
            attrs = {k: values.get(x.param) if isinstance(x, ParamRef) else x
                     for k, x in v.attrs.items()}
            pos = (inst.pos[0] + v.pos[0] - cx, inst.pos[1] + v.pos[1] - cy)
            new[n] = graph.add_node(v.op, attrs, v.label, pos)

        def source(e: Edge) -> tuple[str, str] | None:
            if e.src in new:
                return new[e.src], e.src_port
            port = inner.raw(e.src)["attrs"]["name"]
            outer = wired_in.get(port)
            return (outer.src, outer.src_port) if outer is not None else None

        dx, dy = inst.pos[0] - cx if body else 0.0, inst.pos[1] - cy if body else 0.0
        for e in inner.edges():
            if e.dst in new and (src := source(e)) is not None:
                made = graph.connect(src[0], src[1], new[e.dst], e.dst_port)
                if e.src in new and (via := inner.via(e)):  # moved with the nodes
                    graph.set_via(made, [(x + dx, y + dy) for x, y in via])
        for e in out_edges:
            inner_e = inner.input_edge(outs[e.src_port], "x")
            if inner_e is not None and (src := source(inner_e)) is not None:
                graph.connect(src[0], src[1], e.dst, e.dst_port)
    return list(new.values())


def make_unique(graph: Graph, instance_id: str, new_name: str | None = None) -> str:
    """Give this instance its own copy of its definition (named ``new_name`` or the
    first free ``<Name><i>``), so editing it leaves the other instances as they are."""
    from graphlab.graph.fileformat import fill_graph, nodes_and_edges

    if not graph.is_instance(instance_id):
        raise GraphError(f'"{graph.node(instance_id).label}" is not a block instance')
    old = graph.blocks[graph.raw(instance_id)["op"]]
    name = new_name or free_block_name(graph, old.name.rstrip("0123456789") or old.name)
    if (why := graph.blocks.problem(name)) is not None:
        raise GraphError(why)
    inner = Graph(name, blocks=graph.blocks, definition=name)
    copy = BlockDef(name, inner, old.params, old.doc)
    nodes, edges = nodes_and_edges(old.graph)
    problems: list[str] = []
    graph.blocks._defs[name] = copy
    try:
        fill_graph(inner, {"nodes": nodes, "edges": edges}, f"$.blocks.{name}", problems)
    finally:
        graph.blocks._defs.pop(name)
    if problems:
        raise GraphError(f"cannot copy block {old.name!r}: {problems[0]}")
    graph.blocks.define(copy)
    graph.replace_op(instance_id, name)
    return name
