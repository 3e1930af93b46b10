"""TensorFlow for a graph with blocks: one tf.Module class per definition (see
:mod:`graphlab.compile.block_classes`). A block's ``__call__`` takes and returns the
graph's layout (NCHW), so any caller can use it; inside, the layout pass keeps conv
stacks NHWC as in a flat model."""

from __future__ import annotations

from graphlab.compile.block_classes import Body, Line, Site
from graphlab.compile.block_render import ClassWriter
from graphlab.compile.tf_emit import NCHW, NHWC, LayoutPass, _convert, init_statement


class _LocalPlan:
    """What the layout pass reads of a plan, for one body: its steps and how a
    statement reads a value (an instance's output or a block input is NCHW)."""

    def __init__(self, steps, names) -> None:
        self.steps = steps
        self.by_id = {s.id: s for s in steps}
        self.names = names

    def ref(self, node_id, port=None, names=None) -> str:
        name = (names or self.names)[node_id]
        s = self.by_id.get(node_id)
        ports = [p.name for p in s.spec.outputs] if s is not None else []
        if len(ports) <= 1:
            return name
        return f"{name}[{ports.index(port) if port in ports else 0}]"


class TFBlocks(ClassWriter):
    tf = True

    def body(self, site: Site) -> Body:
        bb, g = self.bb, site.graph
        top = site.definition is None
        nodes = bb.body_nodes(site)
        refs = dict(site.names)  # value id -> expression (several outputs: name[i])
        locals_ = {}
        for n in nodes:
            if not g.is_instance(n):
                local = bb.local_step(site, n)
                inputs = {}
                for p, (src, port) in local.inputs.items():
                    vid = f"{src}\x00{port}"
                    refs[vid] = bb.ref(site, src, port)
                    inputs[p] = (vid, port) if not _is_step(g, src, nodes) else (src, port)
                local.inputs = inputs
                locals_[n] = local
        lp = LayoutPass(_LocalPlan(list(locals_.values()), refs), logical=False, names=refs)
        init, fwd = [], []
        for n in nodes:
            node = n if top else None
            name = site.names[n]
            if g.is_instance(n):
                ctor = bb.ctors[(*site.prefix, n)]
                kw = ", ".join(f"{k}={v}" for k, v in ctor.kwargs)
                init.append(Line(f"self.{name} = {ctor.cls}({kw})", bb.ctor_hints(site, n),
                                 local=name, node=node))
                wired = {e.dst_port: e for e in g.in_edges(n)}
                args = [self._nchw(lp, site, wired[p.name].src, wired[p.name].src_port)
                        for p in g.node(n).spec.inputs if p.name in wired]
                fwd.append(Line(f"{name} = self.{name}({''.join(a + ', ' for a in args)}"
                                "training=training)", local=name,
                                dims=bb.instance_dims(site, n), node=node))
                continue
            local, fs = locals_[n], bb.flat_step(site, n)
            lo = lp.lower(local)
            hints = bb.hints(site, n)
            line = _init_line(local, lo.variables)
            if line:
                init.append(Line(line, hints, fs.attrs, name, node=node))
            fwd.append(Line(f"{name} = {lo.expr}", hints, fs.attrs, name, fs.dims,
                            nhwc=lp.layout.get(n) == NHWC, note=lo.note,
                            warnings=list(fs.warnings), node=node))
        outs = []
        for o in bb.output_nodes(site):
            e = g.input_edge(o, "x")
            outs.append(self._nchw(lp, site, e.src, e.src_port))
        return Body(init, fwd, Line("return " + ", ".join(outs)))

    def _nchw(self, lp, site, src, port) -> str:
        return _convert(self.bb.ref(site, src, port), lp.layout.get(src, NCHW), NCHW)


def _is_step(g, src, nodes) -> bool:
    """Is ``src`` a node lowered in this body (not an input or an instance)?"""
    return src in nodes and not g.is_instance(src)


def _init_line(s, found) -> str:
    """The ``__init__`` statement making the node's variables (as the flat emitter's)."""
    return init_statement(s, found) if found else ""
