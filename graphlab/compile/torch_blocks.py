"""PyTorch for a graph with blocks: one nn.Module class per definition (see
:mod:`graphlab.compile.block_classes`), the top class building its instances."""

from __future__ import annotations

from graphlab.compile.block_classes import Body, Line, Site
from graphlab.compile.block_render import ClassWriter
from graphlab.compile.torch_lowering import LOWERINGS


class TorchBlocks(ClassWriter):
    def body(self, site: Site) -> Body:
        bb, g = self.bb, site.graph
        top = site.definition is None
        init, fwd = [], []
        for n in bb.body_nodes(site):
            node = n if top else None
            name = site.names[n]
            if g.is_instance(n):
                ctor = bb.ctors[(*site.prefix, n)]
                kw = ", ".join(f"{k}={v}" for k, v in ctor.kwargs)
                init.append(Line(f"self.{name} = {ctor.cls}({kw})", bb.ctor_hints(site, n),
                                 local=name, node=node))
                wired = {e.dst_port: e for e in g.in_edges(n)}
                args = ", ".join(bb.ref(site, wired[p.name].src, wired[p.name].src_port)
                                 for p in g.node(n).spec.inputs if p.name in wired)
                fwd.append(Line(f"{name} = self.{name}({args})", local=name,
                                dims=bb.instance_dims(site, n), node=node))
                continue
            local, fs = bb.local_step(site, n), bb.flat_step(site, n)
            lo = LOWERINGS[local.op](local, {p: bb.ref(site, src, port)
                                             for p, (src, port) in local.inputs.items()})
            hints = bb.hints(site, n)
            if lo.init:
                init.append(Line(lo.init, hints, fs.attrs, name, node=node))
            fwd.append(Line(f"{name} = {lo.expr}", hints, fs.attrs, name, fs.dims,
                            warnings=list(fs.warnings), node=node))
        outs = []
        for o in bb.output_nodes(site):
            e = g.input_edge(o, "x")
            outs.append(bb.ref(site, e.src, e.src_port))
        return Body(init, fwd, Line("return " + ", ".join(outs)))
