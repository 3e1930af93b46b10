"""The parts of a class body both backends build the same way for a graph with blocks:
which nodes a body holds, how a statement reads a value, the flat step behind an inner
node (with the class's own names), and the classes of every definition in order."""

from __future__ import annotations

import dataclasses

import networkx as nx

from graphlab.compile.block_classes import (
    ClassCode,
    Ctor,
    Merger,
    Site,
    Sites,
    param_hints,
)
from graphlab.compile.block_names import BlockNames
from graphlab.compile.plan import MODEL, Plan, Step


class BlockBodies:
    """One compile's view of a plan with blocks, shared by the body builders."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.flat = plan.flat
        self.source = plan.source
        self.names = BlockNames(self.source)
        self.steps: dict[tuple, Step] = {}
        for s in plan.steps:
            insts, inner = self.flat.origin(s.id)
            self.steps[(tuple(insts), inner)] = s
        self.ctors: dict[tuple[str, ...], Ctor] = {}
        top = self.source
        used = {tuple(self.flat.origin(s.id)[0])[:1] for s in plan.model_steps}
        returned: set[str] = set()
        for o in plan.output_ids:
            returned |= nx.ancestors(top.nx, o)
        # the instances forward calls: those computing a model value, and those with
        # no node inside (an input passed straight to an output) that an Output needs
        self.top_instances = {n for n in top.node_ids() if top.is_instance(n)
                              and ((n,) in used or (n in returned and not self._has_steps(n)))}
        self.sites = Sites(plan, self.names, self.top_instances)

    def _has_steps(self, inst: str) -> bool:
        return any(k[0][:1] == (inst,) for k in self.steps)

    def top_site(self) -> Site:
        names = {s.id: s.name for s in self.plan.steps if not self.flat.origin(s.id)[0]}
        names.update(self.plan.instance_names)
        return Site(self.source, (), names, {}, None, "")

    def top_nodes(self) -> list[str]:
        """The top graph's nodes forward computes, in order (no Inputs, no Outputs)."""
        out = []
        for n in self.source.topo_order():
            if self.source.is_instance(n):
                if n in self.top_instances:
                    out.append(n)
                continue
            s = self.plan.by_id.get(n)
            if s is not None and s.side == MODEL and not s.spec.is_input:
                out.append(n)
        return out

    def body_nodes(self, site: Site) -> list[str]:
        if site.definition is None:
            return self.top_nodes()
        g = site.graph
        return [n for n in g.topo_order()
                if not g.node(n).spec.is_input and not g.node(n).spec.is_output]

    def output_nodes(self, site: Site) -> list[str]:
        if site.definition is None:
            return list(self.plan.output_ids)
        return self.source.blocks[site.definition].output_nodes()

    def input_names(self, site: Site) -> list[str]:
        if site.definition is None:
            return [s.name for s in self.plan.feature_steps()]
        return [site.names[n] for n in self.source.blocks[site.definition].input_nodes()]

    def ref(self, site: Site, src: str, port: str | None) -> str:
        """How a statement of this body reads output ``port`` of node ``src``."""
        g = site.graph
        name = site.names[src]
        spec = g.node(src).spec
        ports = [p.name for p in spec.outputs]
        if len(ports) <= 1 or spec.is_input:
            return name
        return f"{name}[{ports.index(port) if port in ports else 0}]"

    def local_step(self, site: Site, n: str) -> Step:
        """The flat step of inner node ``n`` here, named and wired as in the class."""
        fs = self.steps[(site.prefix, n)]
        g = site.graph
        wired = {e.dst_port: (e.src, e.src_port) for e in g.in_edges(n)}
        inputs = {p: wired[p] for p in fs.inputs if p in wired}
        return dataclasses.replace(fs, id=n, name=site.names[n], path=site.names[n],
                                   inputs=inputs, where="", inner_label="")

    def flat_step(self, site: Site, n: str) -> Step:
        return self.steps[(site.prefix, n)]

    def hints(self, site: Site, n: str) -> dict[str, str]:
        if site.definition is None:
            return {}
        return param_hints(site.graph, n)

    def ctor_hints(self, site: Site, n: str) -> dict[str, str]:
        """keyword -> this block's parameter, for an inner instance's parameters that
        refer to one (``self.block = Inner(channels=channels)``)."""
        if site.definition is None:
            return {}
        inner = self.names.of(site.graph.node(n).op)
        from graphlab.compile.block_names import PARAM

        return {inner[PARAM + k]: v for k, v in param_hints(site.graph, n).items()
                if PARAM + k in inner}

    def instance_dims(self, site: Site, n: str):
        """The shape comment of an instance's (first) output: the inner node it returns."""
        prefix, g = (*site.prefix, n), self.source.blocks[site.graph.node(n).op].graph
        for _ in range(64):
            outs = self.source.blocks[g.definition].output_nodes() if g.definition else []
            if not outs:
                return None
            e = g.input_edge(outs[0], "x")
            if e is None:
                return None
            if g.is_instance(e.src):
                prefix, g = (*prefix, e.src), self.source.blocks[g.node(e.src).op].graph
                continue
            s = self.steps.get((prefix, e.src))
            return s.dims if s is not None else None
        return None

    def classes(self, body_of) -> list[ClassCode]:
        """Every definition's classes, used ones first; ``body_of(site)`` builds one
        instance's body (the ctors of the instances inside it are known by then)."""
        out: list[ClassCode] = []
        taken = {self.plan.class_name}
        for definition, sites in self.sites.by_def.items():
            if not sites:
                continue
            defn = self.source.blocks[definition]
            bodies = [body_of(site) for site in sites]
            merger = Merger(definition, defn, self.names.of(definition),
                            self.names.classes[definition], taken)
            classes, ctors = merger.merge(sites, bodies)
            out.extend(classes)
            for site, ctor in zip(sites, ctors, strict=True):
                self.ctors[site.prefix] = ctor
        return out
