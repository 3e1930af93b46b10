"""A traced PyTorch module's submodules as blocks.

torch's exporter names every node by the module it ran in (``/layer1/layer1.0/conv1/Conv``).
Each submodule that is not a leaf (a BasicBlock, a Sequential stage) and holds at least
two nodes is grouped into an instance of a block named after its class, deepest first;
a submodule whose inside is the same as an earlier one's (same ops, attributes, wiring
and names) reuses that definition, so ResNet-18's eight BasicBlocks share few classes.
Inside a block, nodes are named relative to it (``conv1``), so weights keep the module's
own path (``layer1.basicblock0.conv1.weight``). If anything does not line up, the import
stays flat and says so in its notes.
"""

from __future__ import annotations

import json

from graphlab.graph.fileformat import nodes_and_edges
from graphlab.graph.flatten import flatten
from graphlab.graph.graph import GraphError
from graphlab.graph.grouping import group
from graphlab.graph.layout import apply_layout
from graphlab.importers.builder import Imported, clean_name


def module_path(onnx_name: str) -> list[str]:
    """The module path components of a node name: "/layer1/layer1.0/conv1/Conv" ->
    ["layer1", "layer1.0", "layer1.0.conv1"] (each the full dotted path)."""
    parts = [p for p in onnx_name.split("/") if p][:-1]
    out: list[str] = []
    for p in parts:
        full = p if not out or p.startswith(out[-1] + ".") else f"{out[-1]}.{p}"
        out.append(full)
    return out


def blockify(imported: Imported, module) -> None:
    g = imported.graph
    modules = dict(module.named_modules())
    leaves = {n for n, m in modules.items() if n and not any(True for _ in m.children())}
    owner: dict[str, str] = {}  # node id -> the non-leaf module path it sits in ("" top)
    own_label: dict[str, str] = {}  # node id -> its name inside that module's block
    chains = {nid: [p for p in module_path(imported.origins.get(nid, "")) if p in modules]
              for nid in g.node_ids()}
    held: dict[str, int] = {}  # module path -> how many nodes sit in it or below
    for chain in chains.values():
        for p in chain:
            held[p] = held.get(p, 0) + 1
    for nid in g.node_ids():
        name = imported.origins.get(nid, "")
        chain = chains[nid]
        # a module that became one node (nn.MultiheadAttention) is that node, not a block
        if chain and (chain[-1] in leaves or held[chain[-1]] == 1):
            own_label[nid] = clean_name(chain[-1].rsplit(".", 1)[-1], g.raw(nid)["label"])
            chain.pop()
        elif name:
            own_label[nid] = clean_name(name.rsplit("/", 1)[-1].lower(), g.raw(nid)["label"])
        owner[nid] = chain[-1] if chain else ""
    if not any(owner.values()):
        return
    wanted = _expected_keys(imported, owner, own_label, modules)
    before = g.snapshot()
    why = ""
    try:
        _group_all(g, owner, own_label, modules)
        got = _keys(g)
    except GraphError as err:
        got, why = None, str(err)
    if got is None or sorted(got) != sorted(wanted.values()):
        g.restore(before)
        imported.notes.append("submodules kept flat: " + (
            why or "their names did not line up as block paths"))
        return
    imported.weights = {new: imported.weights[old] for old, new in wanted.items()}
    apply_layout(g)
    for name in g.blocks:
        apply_layout(g.blocks[name].graph)


def _parent(path: str) -> str:
    return path.rsplit(".", 1)[0] if "." in path else ""


def _instance_label(path: str, modules) -> str:
    last = path.rsplit(".", 1)[-1]
    if last.isdigit():
        return clean_name(f"{type(modules[path]).__name__.lower()}{last}", "block")
    return clean_name(last, "block")


def _expected_keys(imported: Imported, owner, own_label, modules) -> dict[str, str]:
    """Each weight's key once grouped: the instance labels down its module path, then
    the node's own name inside its block."""
    g = imported.graph
    by_label = {g.raw(n)["label"]: n for n in g.node_ids()}
    out = {}
    for key in imported.weights:
        label, param = key.rsplit(".", 1)
        nid = by_label[label]
        chain, path = [], owner[nid]
        while path:
            chain.append(_instance_label(path, modules))
            path = _parent(path)
        own = own_label.get(nid, label) if owner[nid] else label
        out[key] = ".".join(list(reversed(chain)) + [own, param])
    return out


def _block_paths(owner) -> list[str]:
    """Module paths that become blocks (every owner and its ancestors), deepest first."""
    out = set()
    for p in owner.values():
        while p:
            out.add(p)
            p = _parent(p)
    return sorted(out, key=lambda p: (-p.count("."), p))


def _group_all(g, owner, own_label, modules) -> None:
    signatures: dict[str, str] = {}
    member_of = dict(owner)
    relative: dict[str, str] = {}  # instance id -> its label inside its parent's block
    for path in _block_paths(owner):
        members = [n for n in g.node_ids() if member_of.get(n) == path]
        if not members:
            continue
        name = _free(g, _class_name(path, modules))
        inst = group(g, members, name, positional=True)
        g.rename(inst, clean_name(path, "block"))  # unique until its parent is grouped
        inside = g.blocks[name].graph
        for n in members:
            want = relative.get(n) or own_label.get(n)
            if want and inside.raw(n)["label"] != want:
                inside.rename(n, _free_label(inside, want))
        member_of[inst] = _parent(path)
        relative[inst] = _instance_label(path, modules)
        sig = _signature(g.blocks[name])
        same = next((other for other, s in signatures.items() if s == sig), None)
        if same is not None:
            g.replace_op(inst, same)
            g.blocks.remove(name)
        else:
            signatures[name] = sig
    for inst, label in relative.items():
        if inst in g and g.raw(inst)["label"] != label:
            g.rename(inst, label)


CONTAINERS = ("Sequential", "ModuleList", "ModuleDict")


def _class_name(path: str, modules) -> str:
    """The module's class, or for a container (Sequential) its attribute's name in
    CamelCase: layer1 -> Layer1, downsample -> Downsample."""
    cls = type(modules[path]).__name__
    if cls in CONTAINERS:
        last = next((p for p in reversed(path.split(".")) if not p.isdigit()), cls)
        cls = "".join(part[:1].upper() + part[1:] for part in last.split("_"))
    return clean_name(cls, "Block")


def _free_label(g, want: str) -> str:
    """``want`` or ``want_1``, ``want_2``... (a module used twice runs as two nodes)."""
    label, i = want, 1
    while g.has_label(label):
        label, i = f"{want}_{i}", i + 1
    return label


def _free(g, cls: str) -> str:
    name, i = cls, 2
    while g.blocks.problem(name) is not None:
        name, i = f"{cls}{i}", i + 1
    return name


def _signature(defn) -> str:
    nodes, edges = nodes_and_edges(defn.graph)
    ids = {n["id"]: i for i, n in enumerate(nodes)}
    shape = [(n["op"], n["label"], json.dumps(n["attrs"], sort_keys=True)) for n in nodes]
    wires = sorted((ids[e["src"][0]], e["src"][1], ids[e["dst"][0]], e["dst"][1])
                   for e in edges)
    return json.dumps([shape, wires, [p.name for p in defn.params]])


def _keys(g) -> list[str]:
    flat = flatten(g)
    out = []
    for fid in flat.graph.node_ids():
        for p in flat.graph.analysis.node_info(fid).params:
            out.append(".".join(flat.path(fid)) + "." + p.name)
    return out
