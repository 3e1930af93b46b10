"""The ``.graphlab.json`` file format: validation, migration, atomic save.

A file is plain JSON data; loading never executes anything from it. Every problem
found while loading is reported with the JSON path where it is, e.g.
``$.nodes[3].attrs.out_features: must be at least 1, got 0``. Files written by older
versions of graphlab are migrated step by step to :data:`FORMAT_VERSION`; keys this
graphlab does not know are kept (:mod:`graphlab.graph.file_extras`). A file is untrusted
input: :mod:`graphlab.graph.file_limits` refuses hostile ones before they are read.
See ``docs/format.md`` and ``docs/security.md``.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from graphlab.graph import file_blocks, file_extras, file_frames, file_limits, file_weights
from graphlab.graph.blocks import ParamRef
from graphlab.graph.file_limits import SEED_LIMIT, FileProblem, key_path, show
from graphlab.graph.file_save import write_text_atomic
from graphlab.graph.graph import DEFAULT_TRAINING, Graph, GraphError
from graphlab.graph.ops import REGISTRY, unknown_op_message
from graphlab.graph.optimizer_settings import problems as optimizer_problems
from graphlab.graph.training_settings import problems as training_problems

FORMAT_VERSION = 5
SUFFIX = ".graphlab.json"


class LoadError(ValueError):
    """A file could not be read as a graph. ``problems`` are 'path: message' lines (the
    place in the document, ``$`` its root), or one plain line when the file itself could
    not be read."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        shown = problems[:12]
        more = f"\n  ... and {len(problems) - 12} more" if len(problems) > 12 else ""
        super().__init__(f"cannot load {source}:\n  " + "\n  ".join(shown) + more)


class SaveError(OSError, ValueError):
    """The graph holds something a graph file cannot (NaN, a control character); the
    message names the JSON path. An OSError so every save caller reports it."""




# ----- writing -------------------------------------------------------------------------

def graph_to_dict(graph: Graph, weights_ref: str | None = None) -> dict[str, Any]:
    """Plain data of ``graph``; ``weights_ref`` names the weights file saved beside it."""
    nodes, edges = nodes_and_edges(graph)
    d = {"format": FORMAT_VERSION, "name": graph.name, "seed": graph.seed,
         "blocks": file_blocks.blocks_to_list(graph, nodes_and_edges, jsonable), "nodes": nodes,
         "edges": edges, "training": jsonable(graph.training)}
    if graph.frames():  # editor-only (file_frames.py): written only when there are some
        d["frames"] = file_frames.frames_to_list(graph)
    if weights_ref is not None:
        d["training"][file_weights.KEY] = weights_ref
    return file_extras.merge_into(d, getattr(graph, "file_extra", None))


def nodes_and_edges(graph: Graph) -> tuple[list, list]:
    nodes = []
    for nid in graph.node_ids():
        v = graph.node(nid)
        nodes.append({
            "id": v.id, "op": v.op, "version": v.spec.version, "label": v.label,
            "attrs": jsonable(v.attrs), "pos": [round(v.pos[0], 2), round(v.pos[1], 2)],
        })
    edges = []
    for e in sorted(graph.edges(), key=lambda e: (e.dst, e.dst_port)):
        edges.append({"src": [e.src, e.src_port], "dst": [e.dst, e.dst_port]})
        if via := file_frames.via_entry(graph, e):
            edges[-1]["via"] = via
    return nodes, edges


def dumps(graph: Graph, weights_ref: str | None = None) -> str:
    """Standard JSON (no NaN or Infinity) that :func:`loads` reads back, or SaveError."""
    d = graph_to_dict(graph, weights_ref)
    try:
        text = json.dumps(d, indent=2, allow_nan=False) + "\n"
    except (TypeError, ValueError, RecursionError) as err:
        found = file_limits.problems_in(d) or [str(err)]
        raise SaveError(f"cannot save {show(graph.name)}: {found[0]}") from None
    found = file_limits.problems_in(d) if file_limits.may_hold_bad_text(text) else []
    if not found:  # what loading would refuse, refused now: a saved file always opens
        if not (isinstance(graph.seed, int) and 0 <= graph.seed <= SEED_LIMIT):
            found = [f"$.seed: expected a whole number from 0 to {SEED_LIMIT}, got "
                     f"{show(graph.seed)}"]
        else:
            _check_training({k: v for k, v in d["training"].items()
                             if k != file_weights.KEY}, found)
    if found:
        raise SaveError(f"cannot save {show(graph.name)}: {found[0]}")
    return text


def save(graph: Graph, path: str | os.PathLike, weights: dict | None = None) -> Path:
    """Write atomically (see :mod:`graphlab.graph.file_save`): a symlink keeps pointing at
    the file, the file keeps its mode, a killed save's temporary file is cleaned next time.
    ``weights`` (keyed ``fc1.weight``) go to ``NAME.weights.npz`` beside it, first, and
    the file names them; without them the file names none."""
    ref = None
    text = dumps(graph)  # refused before anything is written
    if weights:
        ref = file_weights.file_name(path)
        target = Path(os.path.realpath(path))
        file_weights.write(target.parent / ref, weights)
        text = dumps(graph, ref)
    return write_text_atomic(path, text)


def jsonable(v):
    """A plain-JSON copy of attribute values and settings (tuples become lists)."""
    if isinstance(v, ParamRef):
        return v.to_json()
    if isinstance(v, Mapping):
        return {k: jsonable(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [jsonable(x) for x in v]
    return v


# ----- reading -------------------------------------------------------------------------

def load(path: str | os.PathLike) -> Graph:
    """A graph from a file; refuses non-regular files and files over 256 MB unread."""
    path = Path(path)
    try:
        text = file_limits.decode(file_limits.read_bytes(path))
    except FileProblem as err:
        raise LoadError(str(path), err.problems) from None
    graph = loads(text, str(path))
    graph.folder = path.resolve().parent
    read_weights(graph)
    return graph


def read_weights(graph: Graph) -> None:
    """Load the weights the file names into ``graph.saved_weights`` (keyed ``fc1.weight``);
    what keeps them from loading goes to ``graph.weights_problem`` (the graph still opens,
    from its seed)."""
    graph.saved_weights, graph.weights_problem = None, None
    ref = getattr(graph, "weights_ref", None)
    if ref is None:
        return
    try:
        graph.saved_weights = file_weights.read(graph, graph.folder, ref)
    except file_weights.WeightsProblem as err:
        graph.weights_problem = f"$.training.{file_weights.KEY}: {err}"


def loads(text: str, source: str = "<text>") -> Graph:
    """A graph from the text of a file: standard JSON, every string and number checked."""
    try:
        data, suspect = file_limits.parse(text)
    except FileProblem as err:
        raise LoadError(source, err.problems) from None
    if not isinstance(data, dict):
        raise LoadError(source, [f"$: expected a JSON object, got {_tname(data)}"])
    _check_version(data.get("format"), source)  # a newer file is refused by name first
    if suspect and (found := file_limits.problems_in(data)):
        raise LoadError(source, found)
    return graph_from_dict(data, source)


def graph_from_dict(data: Any, source: str = "<data>") -> Graph:
    """A graph from plain data. Unknown keys are kept on ``graph.file_extra`` and named
    in ``graph.load_warnings``."""
    if not isinstance(data, dict):
        raise LoadError(source, [f"$: expected a JSON object, got {_tname(data)}"])
    data = migrate(data, source)
    ref = None
    t = data.get("training")
    if isinstance(t, dict) and file_weights.KEY in t:  # read by load(), beside the file
        ref = t[file_weights.KEY]
        data = {**data, "training": {k: v for k, v in t.items() if k != file_weights.KEY}}
        if (why := file_weights.ref_problem(ref)) is not None:
            raise LoadError(source, [f"$.training.{file_weights.KEY}: {why}"])
    data, extra, warnings = file_extras.split(data, DEFAULT_TRAINING)
    t = data.get("training")
    if isinstance(t, dict) and "optimizer" in t and "optimizer_params" not in t:
        # the defaults' parameters are adam's: another optimizer starts from its own
        data["training"] = {**t, "optimizer_params": {}}
    file_extras.collect_items(data, extra, warnings)
    problems: list[str] = []
    graph = _build(data, problems)
    if problems:
        raise LoadError(source, _without_echoes(data, problems))
    graph.file_extra = extra
    graph.load_warnings = warnings
    graph.weights_ref = ref
    return graph


def _without_echoes(data: dict, problems: list[str]) -> list[str]:
    """Drop 'dangling edge' for wires of a node that is in the file but was refused: the
    node's own problem says what to fix."""
    nodes = data.get("nodes") if isinstance(data.get("nodes"), list) else []
    in_file = {repr(n["id"]) for n in nodes if isinstance(n, dict) and isinstance(n.get("id"),
                                                                                   str)}
    kept = [p for p in problems
            if not ((m := _DANGLING.search(p)) and m.group(1) in in_file)]
    return kept or problems


_DANGLING = re.compile(r": no node with id (.*) \(dangling edge\)$")


def load_warnings(graph: Graph) -> list[str]:
    """What loading ``graph`` warned about (unknown keys kept as they are)."""
    return list(getattr(graph, "load_warnings", []))


# ----- migration -------------------------------------------------------------------------

def _migrate_1_to_2(d: dict) -> dict:
    """Format 1 wrote edges as "node:port" strings under ``links`` and had no training."""
    d = dict(d)
    links = d.pop("links", [])
    edges = []
    if isinstance(links, list):
        for link in links:
            if isinstance(link, dict) and isinstance(link.get("from"), str) \
                    and isinstance(link.get("to"), str):
                edges.append({"src": link["from"].split(":", 1), "dst": link["to"].split(":", 1)})
            else:
                edges.append(link)
    d["edges"] = edges
    d.setdefault("training", {})
    d["format"] = 2
    return d


def _migrate_2_to_3(d: dict) -> dict:
    """Format 3 lets ``training`` name a weights file (``weights``); 2 had none."""
    return {**d, "format": 3}


def _migrate_3_to_4(d: dict) -> dict:
    """Format 4 adds block definitions (``blocks``); a format 3 file has none."""
    return {**d, "blocks": d.get("blocks", []), "format": 4}


def _migrate_4_to_5(d: dict) -> dict:
    """Format 5 adds reroute points (an edge's ``via``) and comment ``frames``; a
    format 4 file has neither."""
    return {**d, "format": 5}


MIGRATIONS = {1: _migrate_1_to_2, 2: _migrate_2_to_3, 3: _migrate_3_to_4, 4: _migrate_4_to_5}


def _check_version(version: Any, source: str) -> None:
    if not isinstance(version, int) or isinstance(version, bool):
        raise LoadError(source, [f"$.format: expected a whole number, got {_tname(version)}"])
    if version > FORMAT_VERSION:
        raise LoadError(source, [f"$.format: made by a newer graphlab (format {show(version)})"
                                 f"; this graphlab reads format {FORMAT_VERSION} and older"])


def migrate(data: dict, source: str = "<data>") -> dict:
    version = data.get("format")
    _check_version(version, source)
    while version < FORMAT_VERSION:
        if version not in MIGRATIONS:
            raise LoadError(source, [f"$.format: unknown version {version}"])
        data = MIGRATIONS[version](data)
        version = data["format"]
    return data


# ----- validation and building -------------------------------------------------------------

def _tname(v) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false",
            type(None): "null", int: "a number", float: "a number"}.get(type(v)) or show(v)


def _build(d: dict, problems: list[str]) -> Graph | None:
    name = d.get("name", "untitled")
    if not isinstance(name, str):
        problems.append(f"$.name: expected text, got {_tname(name)}")
        name = "untitled"
    seed = d.get("seed", 0)
    if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed <= SEED_LIMIT:
        problems.append(f"$.seed: expected a whole number from 0 to {SEED_LIMIT}, got "
                        f"{show(seed)}")
        seed = 0
    training = d.get("training", {})
    if not isinstance(training, dict):
        problems.append(f"$.training: expected an object, got {_tname(training)}")
        training = {}
    _check_training(training, problems)
    graph = Graph(name, seed, training)
    nodes = d.get("nodes")
    edges = d.get("edges", [])
    if not isinstance(nodes, list):
        problems.append(f"$.nodes: expected a list, got {_tname(nodes)}")
        return None
    if not isinstance(edges, list):
        problems.append(f"$.edges: expected a list, got {_tname(edges)}")
        edges = []
    with graph.bulk_edit():
        before = len(problems)
        sizes = file_blocks.build_blocks(graph, d.get("blocks", []), problems, fill_graph)
        if len(problems) > before:
            return None
        flat = sum(sizes.get(file_blocks.op_of(n), 1) for n in nodes)
        if flat > file_blocks.MAX_FLAT_NODES:
            problems.append(f"$.nodes: the graph would flatten to {flat:,} nodes (at most "
                            f"{file_blocks.MAX_FLAT_NODES:,})")
            return None
        fill_graph(graph, {"nodes": nodes, "edges": edges}, "$", problems)
        if "frames" in d:
            file_frames.read_frames(graph, d["frames"], problems)
    return graph


def fill_graph(graph: Graph, d: dict, path: str, problems: list[str]) -> None:
    """Add the nodes and edges of ``d`` (the file, or one block definition) to ``graph``."""
    nodes, edges = d.get("nodes"), d.get("edges", [])
    for key, value in (("nodes", nodes), ("edges", edges)):
        if not isinstance(value, list):
            problems.append(f"{path}.{key}: expected a list, got {_tname(value)}")
            return
    with graph.bulk_edit():
        for i, node in enumerate(nodes):
            _add_node(graph, node, f"{path}.nodes[{i}]", problems)
        for i, edge in enumerate(edges):
            _add_edge(graph, edge, f"{path}.edges[{i}]", problems)


def _add_node(graph: Graph, node: Any, path: str, problems: list[str]) -> None:
    if not isinstance(node, dict):
        problems.append(f"{path}: expected an object, got {_tname(node)}")
        return
    nid, op = node.get("id"), node.get("op")
    if not isinstance(nid, str) or not nid:
        problems.append(f"{path}.id: expected non-empty text, got {_tname(nid)}")
        return
    if nid in graph:
        problems.append(f"{path}.id: duplicate id {nid!r}")
        return
    if not isinstance(op, str):
        problems.append(f"{path}.op: expected an op name, got {_tname(op)}")
        return
    if op not in REGISTRY and op not in graph.blocks:
        problems.append(f"{path}.op: {unknown_op_message(op)}")
        return
    spec = graph.spec_of(op)
    version = node.get("version", 1)
    if version != spec.version:
        problems.append(f"{path}.version: {op} version {version!r} is not known "
                        f"(this graphlab has version {spec.version})")
        return
    attrs = node.get("attrs", {})
    if not isinstance(attrs, dict):
        problems.append(f"{path}.attrs: expected an object, got {_tname(attrs)}")
        return
    clean = {}
    ok = True
    for key, value in attrs.items():
        try:
            a = spec.attr(key)
        except KeyError:
            problems.append(f"{path}.attrs.{key}: {op} has no attribute {key!r}")
            ok = False
            continue
        value, reason = graph.checked_attr(a, file_blocks.param_value(value))
        if reason:
            problems.append(f"{path}.attrs.{key}: {reason}")
            ok = False
        clean[key] = value
    pos = node.get("pos", [0, 0])
    if not (isinstance(pos, list) and len(pos) == 2 and all(
            isinstance(p, int | float) and not isinstance(p, bool) for p in pos)):
        problems.append(f"{path}.pos: expected [x, y] numbers, got {pos!r}")
        pos = [0, 0]
    label = node.get("label")
    if label is not None and (not isinstance(label, str) or not label.strip()):
        problems.append(f"{path}.label: expected non-empty text, got {label!r}")
        label = None
    if not ok:
        return
    if label is not None and graph.has_label(label):
        problems.append(f"{path}.label: duplicate label {label!r}")
        return
    try:
        graph.add_node(op, clean, label, tuple(pos), node_id=nid)
    except GraphError as err:
        problems.append(f"{path}: {err}")


def _add_edge(graph: Graph, edge: Any, path: str, problems: list[str]) -> None:
    if not isinstance(edge, dict):
        problems.append(f"{path}: expected an object, got {_tname(edge)}")
        return
    ends = []
    for end in ("src", "dst"):
        v = edge.get(end)
        if not (isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) for x in v)):
            problems.append(f"{path}.{end}: expected [node id, port name], got {v!r}")
            return
        if v[0] not in graph:
            problems.append(f"{path}.{end}: no node with id {v[0]!r} (dangling edge)")
            return
        ends.append(v)
    (s, sp), (t, tp) = ends
    try:
        made = graph.connect(s, sp, t, tp)
    except GraphError as err:
        problems.append(f"{path}: {err}")
        return
    file_frames.read_via(graph, made, edge, path, problems)


def _folder_options(ds: dict) -> list[str]:
    """An image folder's size (a side or [height, width], 1 to 1024) and color."""
    def side(v):
        return isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 1024

    size, out = ds.get("size"), []
    if "size" in ds and not (side(size) or (isinstance(size, list) and len(size) == 2
                                            and all(side(v) for v in size))):
        out.append(f"$.training.dataset.size: expected a whole number from 1 to 1024 or "
                   f"[height, width], got {show(size)}")
    if "color" in ds and ds["color"] not in ("grey", "rgb"):
        out.append(f"$.training.dataset.color: expected grey or rgb, got {show(ds['color'])}")
    return out


def _check_training(t: dict, problems: list[str]) -> None:
    for key, why in training_problems(t):  # graphlab/graph/training_settings.py
        got = _tname(t[key]) if key in ("dataset", "optimizer_params") else show(t[key])
        problems.append(f"$.training.{key}: {why}, got {got}")
    ds = t.get("dataset")
    if isinstance(ds, dict):
        if not isinstance(ds.get("path"), str) or not ds.get("path"):
            problems.append("$.training.dataset.path: expected the path of a .csv or .npz "
                            "file or of an image folder")
        target = ds.get("target")
        if "target" in ds and (isinstance(target, bool) or not isinstance(target, str | int)):
            problems.append(f"$.training.dataset.target: expected a column name or index, "
                            f"got {target!r}")
        if "task" in ds and ds["task"] not in ("auto", "classification", "regression"):
            problems.append(f"$.training.dataset.task: expected auto, classification or "
                            f"regression, got {ds['task']!r}")
        problems.extend(_folder_options(ds))
        for key in ds:
            if key not in ("path", "target", "task", "size", "color"):
                problems.append(f"$.training.dataset.{key}: unknown setting (path, target, "
                                "task, size and color are known)")
    params = t.get("optimizer_params", {})
    if isinstance(params, dict):  # what train and export would refuse, so check does too
        for key, why in optimizer_problems(t.get("optimizer", "adam"), params):
            problems.append(f"{key_path('$.training.optimizer_params', key)}: {why}")
