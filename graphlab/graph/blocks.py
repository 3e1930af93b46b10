"""Blocks: named graph definitions used as nodes (a ResBlock drawn once, used three times).

A :class:`BlockDef` is an ordinary :class:`~graphlab.graph.graph.Graph` (the inside)
whose Input nodes are the block's input ports and whose Output nodes are its output
ports, each port named by the node's ``name`` attribute, in creation order. Block
parameters (:class:`BlockParam`) are attributes every instance carries; an inside
attribute refers to one with a :class:`ParamRef`, so one definition serves every stage
of a network. An instance is a node whose op is the definition's name; its op spec
(:meth:`BlockDef.spec`) is built from the inside, and its shape rule evaluates the
inside for the instance's input types and parameter values.

The :class:`BlockLibrary` holds a file's definitions; the top graph and every
definition's inside share one. Nothing here executes anything from a file: names are
checked to be identifiers, and they become Python names only through
``graphlab/compile/names.py``.
"""

from __future__ import annotations

import keyword
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graphlab.graph.ops import REGISTRY
from graphlab.graph.ops.spec import KIND_ANY, Attr, OpSpec, ParamSpec, Port, ShapeError
from graphlab.graph.tensor_type import TensorType

if TYPE_CHECKING:
    from graphlab.graph.graph import Graph

PARAM_KINDS = ("int", "float", "bool")
BLOCK_CATEGORY = "block"
NAME_LIMIT = 64


@dataclass(frozen=True)
class BlockParam:
    """An attribute every instance of a block carries (``channels``); inside attributes
    refer to it by :class:`ParamRef`."""

    name: str
    kind: str
    default: Any
    doc: str = ""

    def attr(self) -> Attr:
        return Attr(self.name, self.kind, self.default, self.doc or "block parameter")


@dataclass(frozen=True)
class ParamRef:
    """An inside attribute's value that is the instance's block parameter ``param``.
    Written to files as ``{"$param": "channels"}``."""

    param: str

    def to_json(self) -> dict[str, str]:
        return {"$param": self.param}


def name_problem(name: Any, what: str = "a block's name") -> str | None:
    """Why ``name`` cannot name a block or a block parameter (None: it can)."""
    if not isinstance(name, str) or not name:
        return f"{what} must be non-empty text"
    if len(name) > NAME_LIMIT:
        return f"{what} must be at most {NAME_LIMIT} characters"
    if not name.isidentifier() or not name.isascii() or keyword.iskeyword(name):
        return (f"{what} {name[:40]!r} must be a plain identifier (letters, digits and _, "
                "not starting with a digit)")
    return None


def param_value_ok(param: BlockParam, value: Any) -> bool:
    if param.kind == "bool":
        return isinstance(value, bool)
    if param.kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, int | float) and not isinstance(value, bool)


def ref_fits(param: BlockParam, attr: Attr) -> bool:
    """May an attribute of kind ``attr.kind`` take this parameter's values?"""
    if attr.kind in ("padding", "padding1d", "pair"):  # an int is one of their forms
        return param.kind == "int"
    if attr.kind == "float":
        return param.kind in ("int", "float")
    return attr.kind == param.kind


class BlockDef:
    """One definition: its inside graph, parameters and doc line."""

    def __init__(self, name: str, graph: Graph, params: tuple[BlockParam, ...] = (),
                 doc: str = "") -> None:
        self.name = name
        self.graph = graph
        self.params = tuple(params)
        self.doc = doc
        self.revision = 0  # bumped on every edit of the inside (evaluation cache key)
        self._spec: OpSpec | None = None
        self._cache: dict[Any, dict] = {}

    def param(self, name: str) -> BlockParam | None:
        return next((p for p in self.params if p.name == name), None)

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}

    def input_nodes(self) -> list[str]:
        return [n for n in self.graph.node_ids() if self.graph.spec_of(
            self.graph.raw(n)["op"]).is_input]

    def output_nodes(self) -> list[str]:
        return [n for n in self.graph.node_ids() if self.graph.spec_of(
            self.graph.raw(n)["op"]).is_output]

    def port_names(self) -> tuple[list[str], list[str]]:
        g = self.graph
        return ([g.raw(n)["attrs"]["name"] for n in self.input_nodes()],
                [g.raw(n)["attrs"]["name"] for n in self.output_nodes()])

    def changed(self) -> None:
        """The inside changed: forget the spec and every cached evaluation."""
        self.revision += 1
        self._spec = None
        self._cache.clear()

    def spec(self) -> OpSpec:
        """The op spec of an instance (rebuilt after the inside changes)."""
        if self._spec is None:
            ins, outs = self.port_names()
            self._spec = OpSpec(
                name=self.name, category=BLOCK_CATEGORY,
                doc=self.doc or f"Block {self.name}: {len(self.graph)} nodes inside.",
                inputs=tuple(Port(n, kind=KIND_ANY, doc="block input") for n in ins),
                outputs=tuple(Port(n, kind=KIND_ANY, doc="block output") for n in outs),
                attrs=tuple(p.attr() for p in self.params),
                infer=self._infer, params=self._params, flops=self._flops,
                label_prefix=self.name.lower(), elementwise=False,
                extra={"block": True})
        return self._spec

    # ----- evaluating the inside for one instance ------------------------------------
    def evaluate(self, inputs: dict[str, TensorType], values: dict[str, Any],
                 batch_size: int) -> dict:
        """{"outputs", "params", "flops", "error", "error_node"} of the inside for these
        input types and parameter values (cached until the inside changes; the batch size
        is the inputs' own)."""
        from graphlab.graph.inference import Analysis

        key = (tuple(sorted((k, t.shape, t.dtype) for k, t in inputs.items())),
               tuple(sorted((k, repr(v)) for k, v in values.items())))
        if key in self._cache:
            return self._cache[key]
        a = Analysis(self.graph, batch_size, context=BlockContext(inputs, values))
        a.run()
        result: dict[str, Any] = {"outputs": {}, "params": [], "flops": 0, "error": None,
                                  "error_node": None}
        errors = a.errors()
        if errors:
            d = errors[0]
            result["error"] = d.message
            result["error_node"] = d.node
        else:
            g = self.graph
            for n in self.output_nodes():
                e = g.input_edge(n, "x")
                t = a.edge_type(e) if e is not None else None
                if t is not None:
                    result["outputs"][g.raw(n)["attrs"]["name"]] = t
            for n in g.node_ids():
                info = a.node_info(n)
                label = g.raw(n)["label"]
                result["params"].extend(
                    ParamSpec(f"{label}.{p.name}", p.shape, p.init, p.fan_in, p.trainable)
                    for p in info.params)
                result["flops"] += info.flops
        if len(self._cache) > 64:
            self._cache.clear()
        self._cache[key] = result
        return result

    def _infer(self, ctx) -> dict[str, TensorType]:
        r = self.evaluate(ctx.inputs, ctx.attrs, _batch_of(ctx.inputs, ctx.batch_size))
        if r["error"]:
            raise ShapeError(None, r["error"])
        ins, outs = self.port_names()
        missing = [o for o in outs if o not in r["outputs"]]
        if missing:
            raise ShapeError(None, f"its Output {missing[0]!r} is not connected; wire a value "
                             "into it")
        return r["outputs"]

    def _params(self, attrs, inputs) -> list[ParamSpec]:
        return self.evaluate(inputs, attrs, _batch_of(inputs))["params"]

    def _flops(self, attrs, inputs, outputs) -> int:
        return self.evaluate(inputs, attrs, _batch_of(inputs))["flops"]


def _batch_of(inputs: dict[str, TensorType], default: int = 1) -> int:
    """The batch size the inside sees: its inputs' (they carry it); it only matters to
    an inside Input that has no instance input, which a used block never has."""
    for t in inputs.values():
        if t.rank:
            return t.shape[0]
    return default


@dataclass(frozen=True)
class BlockContext:
    """What one instance feeds the inside: its input types and parameter values."""

    inputs: dict[str, TensorType]
    values: dict[str, Any]


class BlockLibrary:
    """A file's block definitions by name, shared by the top graph and every inside."""

    def __init__(self, top: Graph) -> None:
        self.top = top
        self._defs: dict[str, BlockDef] = {}
        self._unsubscribe: dict[str, Any] = {}

    def __contains__(self, name: object) -> bool:
        return name in self._defs

    def __iter__(self) -> Iterator[str]:
        return iter(self._defs)

    def __len__(self) -> int:
        return len(self._defs)

    def __getitem__(self, name: str) -> BlockDef:
        return self._defs[name]

    def get(self, name: str) -> BlockDef | None:
        return self._defs.get(name)

    def spec(self, name: str) -> OpSpec | None:
        d = self._defs.get(name)
        return d.spec() if d is not None else None

    def uses(self, name: str) -> set[str]:
        """Definitions ``name``'s inside uses, directly or through others."""
        out: set[str] = set()
        stack = [name]
        while stack:
            d = self._defs.get(stack.pop())
            if d is None:
                continue
            for n in d.graph.node_ids():
                op = d.graph.raw(n)["op"]
                if op in self._defs and op not in out:
                    out.add(op)
                    stack.append(op)
        return out

    def chain(self, outer: str, inner: str) -> list[str] | None:
        """The path of definitions from ``inner`` back to ``outer`` if ``inner`` uses it."""
        def walk(name, path):
            if name == outer:
                return path + [name]
            d = self._defs.get(name)
            for n in d.graph.node_ids() if d else ():
                op = d.graph.raw(n)["op"]
                if op in self._defs and op not in path:
                    found = walk(op, path + [name])
                    if found:
                        return found
            return None
        return walk(inner, [])

    def used_by(self, name: str) -> list[tuple[str | None, str]]:
        """(definition or None for the top graph, node id) of every instance of ``name``."""
        out = [(None, n) for n in self.top.node_ids() if self.top.raw(n)["op"] == name]
        for dname, d in self._defs.items():
            out.extend((dname, n) for n in d.graph.node_ids() if d.graph.raw(n)["op"] == name)
        return out

    def order(self) -> list[str]:
        """Definitions, each after the ones it uses (file and code order)."""
        done: list[str] = []

        def visit(name):
            if name in done:
                return
            for used in sorted(self.uses(name) - {name}, key=list(self._defs).index):
                if name not in self.uses(used):
                    visit(used)
            done.append(name)
        for name in self._defs:
            visit(name)
        return done

    def problem(self, name: str) -> str | None:
        """Why a new definition may not be called ``name``."""
        if (why := name_problem(name)) is not None:
            return why
        if name in REGISTRY:
            return f"{name!r} is the name of a built-in op; choose another block name"
        if name in self._defs:
            return f"a block named {name!r} already exists"
        return None

    # ----- changes (the top graph's events say what changed) ---------------------------
    def define(self, defn: BlockDef) -> None:
        from graphlab.graph.graph import GraphError

        if (why := self.problem(defn.name)) is not None:
            raise GraphError(why)
        defn.graph.adopt_into(self, defn.name)
        self._defs[defn.name] = defn
        self._unsubscribe[defn.name] = defn.graph.subscribe(
            lambda ev, name=defn.name: self._inside_changed(name, ev))
        self.top.blocks_changed(defn.name)

    def remove(self, name: str) -> BlockDef:
        from graphlab.graph.graph import GraphError

        users = self.used_by(name)
        if users:
            raise GraphError(f"block {name!r} is used by {len(users)} node(s); delete or "
                             "ungroup them first")
        defn = self._defs.pop(name)
        self._unsubscribe.pop(name)()
        self.top.blocks_changed(name)
        return defn

    def rename(self, old: str, new: str) -> None:
        from graphlab.graph.graph import GraphError

        if (why := self.problem(new)) is not None:
            raise GraphError(why)
        defn = self._defs[old]
        users = self.used_by(old)
        self._unsubscribe.pop(old)()
        defn.name = new
        defn.graph.definition = new
        self._defs = {(new if k == old else k): v for k, v in self._defs.items()}
        self._unsubscribe[new] = defn.graph.subscribe(
            lambda ev, name=new: self._inside_changed(name, ev))
        defn.changed()
        for where, nid in users:
            g = self.top if where is None else self._defs[new if where == old else where].graph
            g.replace_op(nid, new)
        self.top.blocks_changed(new)

    def set_params(self, name: str, params: tuple[BlockParam, ...]) -> None:
        self._defs[name].params = tuple(params)
        self._defs[name].changed()
        self.top.blocks_changed(name)

    def _inside_changed(self, name: str, ev) -> None:
        if ev.kind in ("node_moved", "shapes_changed"):
            return
        if ev.kind == "node_renamed" or ev.kind == "meta_changed":
            self._defs[name].changed()
            return
        self.top.blocks_changed(name)

    def clear(self) -> None:
        for unsub in self._unsubscribe.values():
            unsub()
        self._defs.clear()
        self._unsubscribe.clear()
