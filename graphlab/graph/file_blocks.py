"""The ``blocks`` section of a graph file (format 4): block definitions, written in the
order they use each other and read back with every name and reference checked.

A definition is ``{"name", "doc", "params": [{"name", "kind", "default", "doc"}],
"nodes": [...], "edges": [...]}``, nodes and edges as at the top level; an inside
attribute that is a block parameter is written ``{"$param": "channels"}``. Loading
refuses (with the JSON path) a name that is not an identifier, a loop of definitions
using each other, and definitions that would flatten to more than
:data:`MAX_FLAT_NODES` nodes (a few kilobytes of nesting could otherwise ask for
billions).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphlab.graph.blocks import (
    PARAM_KINDS,
    BlockDef,
    BlockParam,
    ParamRef,
    name_problem,
    param_value_ok,
)
from graphlab.graph.file_limits import entry_problem, show
from graphlab.graph.graph import Graph

MAX_FLAT_NODES = 1_000_000
BLOCK_KEYS = ("name", "doc", "params", "nodes", "edges")
PARAM_KEYS = ("name", "kind", "default", "doc")


def blocks_to_list(graph: Graph, nodes_edges: Callable[[Graph], tuple[list, list]],
                   jsonable: Callable[[Any], Any]) -> list[dict[str, Any]]:
    lib = graph.parent.blocks
    out = []
    for name in lib.order():
        d = lib[name]
        nodes, edges = nodes_edges(d.graph)
        out.append({"name": name, "doc": d.doc,
                    "params": [{"name": p.name, "kind": p.kind, "default": jsonable(p.default),
                                "doc": p.doc} for p in d.params],
                    "nodes": nodes, "edges": edges})
    return out


def param_value(value: Any) -> Any:
    """A node attribute read from a file: ``{"$param": name}`` becomes a ParamRef (the
    graph then checks the parameter exists and fits)."""
    if isinstance(value, dict) and set(value) == {"$param"} and isinstance(value["$param"], str):
        return ParamRef(value["$param"])
    return value


def build_blocks(graph: Graph, blocks: Any, problems: list[str],
                 fill: Callable[[Graph, dict, str, list[str]], None]) -> dict[str, int]:
    """Define every block of the file's ``blocks`` list in ``graph``'s library; ``fill``
    adds one definition's nodes and edges to its inside graph. Returns each
    definition's flattened node count."""
    if not isinstance(blocks, list):
        problems.append("$.blocks: expected a list of block definitions")
        return {}
    entries: dict[str, tuple[int, dict]] = {}
    for i, b in enumerate(blocks):
        path = f"$.blocks[{i}]"
        if why := entry_problem(b, path, BLOCK_KEYS, "a block definition"):
            problems.append(why)
            continue
        name = b.get("name")
        why = graph.blocks.problem(name) if isinstance(name, str) else name_problem(name)
        if why is None and name in entries:
            why = f"a block named {name!r} is defined twice"
        if why is not None:
            problems.append(f"{path}.name: {why}")
            continue
        entries[name] = (i, b)
    params = {}
    for name, (i, b) in entries.items():
        params[name] = _params(b.get("params", []), f"$.blocks[{i}].params", problems)
    if problems:
        return {}
    uses = {name: _ops(b) & set(entries) for name, (_, b) in entries.items()}
    order = _order(uses, problems)
    if order is None:
        return {}
    sizes: dict[str, int] = {}
    for name in order:
        _, b = entries[name]
        nodes = b.get("nodes") if isinstance(b.get("nodes"), list) else []
        sizes[name] = sum(sizes.get(op_of(n), 1)
                          for n in nodes)
        if sizes[name] > MAX_FLAT_NODES:
            problems.append(f"$.blocks[{entries[name][0]}]: block {name!r} would flatten "
                            f"to {sizes[name]:,} nodes (at most {MAX_FLAT_NODES:,})")
            return {}
    lib = graph.blocks
    for name in order:  # a definition's inside is filled once those it uses exist
        i, b = entries[name]
        inside = Graph(name, blocks=lib, definition=name)
        defn = BlockDef(name, inside, params[name], _doc(b, f"$.blocks[{i}]", problems))
        lib._defs[name] = defn  # parameters must be known while the inside is read
        fill(inside, b, f"$.blocks[{i}]", problems)
        lib._defs.pop(name)
        lib.define(defn)
    return sizes


def _doc(b: dict, path: str, problems: list[str]) -> str:
    doc = b.get("doc", "")
    if not isinstance(doc, str):
        problems.append(f"{path}.doc: expected text, got {show(doc)}")
        return ""
    return doc


def _params(items: Any, path: str, problems: list[str]) -> tuple[BlockParam, ...]:
    if not isinstance(items, list):
        problems.append(f"{path}: expected a list of parameters")
        return ()
    out: list[BlockParam] = []
    for j, p in enumerate(items):
        at = f"{path}[{j}]"
        if not isinstance(p, dict) or any(k not in PARAM_KEYS for k in p):
            problems.append(f"{at}: expected an object with {', '.join(PARAM_KEYS)}")
            continue
        why = name_problem(p.get("name"), "a block parameter's name")
        if why is None and any(q.name == p["name"] for q in out):
            why = f"parameter {p['name']!r} is defined twice"
        if why is not None:
            problems.append(f"{at}.name: {why}")
            continue
        kind = p.get("kind")
        if kind not in PARAM_KINDS:
            problems.append(f"{at}.kind: expected one of {', '.join(PARAM_KINDS)}, got "
                            f"{show(kind)}")
            continue
        param = BlockParam(p["name"], kind, p.get("default"), p.get("doc", ""))
        if not param_value_ok(param, param.default):
            problems.append(f"{at}.default: expected a {kind} value, got {show(param.default)}")
            continue
        if not isinstance(param.doc, str):
            problems.append(f"{at}.doc: expected text")
            continue
        out.append(param)
    return tuple(out)


def _ops(b: dict) -> set[str]:
    nodes = b.get("nodes") if isinstance(b.get("nodes"), list) else []
    return {n["op"] for n in nodes if isinstance(n, dict) and isinstance(n.get("op"), str)}


def _order(uses: dict[str, set[str]], problems: list[str]) -> list[str] | None:
    """Definitions after those they use; a loop is refused, naming it."""
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(name: str, path: list[str]) -> bool:
        if state.get(name) == 2:
            return True
        if state.get(name) == 1:
            loop = path[path.index(name):] + [name]
            problems.append(f"$.blocks: blocks use each other in a loop: "
                            f"{' uses '.join(loop)}")
            return False
        state[name] = 1
        for used in sorted(uses[name]):
            if not visit(used, path + [name]):
                return False
        state[name] = 2
        order.append(name)
        return True

    for name in uses:
        if not visit(name, []):
            return None
    return order


def op_of(node) -> str | None:
    op = node.get("op") if isinstance(node, dict) else None
    return op if isinstance(op, str) else None
