"""A graph file's trained weights: ``NAME.weights.npz`` beside it, named in ``training``.

A graph file is untrusted input (``docs/security.md``): the reference must be a plain
relative path that stays inside the graph's folder (no absolute path, no ``..``, no
symlink out of it), the file is read with ``allow_pickle=False`` and checked against
the graph (every name known, every shape the node's). A bad reference or file never
stops the graph from opening: :func:`read` says what is wrong, naming the node, and
the graph starts from its seed. Keys are the generated attribute path (``fc1.weight``).
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path, PurePosixPath, PureWindowsPath

import numpy as np

from graphlab.graph.file_limits import MAX_FILE_BYTES, show

KEY = "weights"  # the training section's key
WEIGHTS_SUFFIX = ".weights.npz"


class WeightsProblem(ValueError):
    """The weights a graph file names cannot be used; the message says why and what to do."""


def file_name(graph_path: str | os.PathLike) -> str:
    """``digits.graphlab.json`` -> ``digits.weights.npz`` (the name saves write)."""
    name = Path(graph_path).name
    for suffix in (".graphlab.json", ".json"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)] + WEIGHTS_SUFFIX
    return name + WEIGHTS_SUFFIX


def ref_problem(ref) -> str | None:
    """Why ``ref`` is not a relative path inside the graph's folder (None if it is)."""
    if not isinstance(ref, str) or not ref:
        return f"expected the relative path of a .npz file, got {show(ref)}"
    pure, win = PurePosixPath(ref), PureWindowsPath(ref)
    if pure.is_absolute() or win.is_absolute() or win.drive or ref.startswith(("/", "\\")):
        return (f"{show(ref)} is an absolute path; a graph file may only name a weights "
                "file inside its own folder")
    if ".." in pure.parts or ".." in win.parts:
        return (f"{show(ref)} leaves the graph's folder (..); a graph file may only name a "
                "weights file inside its own folder")
    if not ref.endswith(".npz"):
        return f"{show(ref)} is not a .npz file"
    return None


def expected(graph) -> tuple[dict[str, tuple[int, ...]], dict[str, str]]:
    """({weight key: shape}, {weight key: the node's title}) for ``graph``."""
    from graphlab.train.weights_store import flat_graph, param_shapes, weight_keys

    keys, shapes = weight_keys(graph), param_shapes(graph)
    flat = flat_graph(graph)
    out, owner = {}, {}
    for nid, by_param in keys.items():
        v = flat.node(nid)
        title = f"{v.op} {show(v.label or nid)}"
        for p, shape in shapes.get(nid, {}).items():
            out[by_param[p]] = shape
            owner[by_param[p]] = title
    return out, owner


def resolve(folder: str | os.PathLike | None, ref: str) -> Path:
    """The weights file ``ref`` names, refused when it is not inside ``folder``."""
    if (why := ref_problem(ref)) is not None:
        raise WeightsProblem(why)
    if folder is None:
        raise WeightsProblem(f"{show(ref)} is relative to the graph's folder, and this "
                             "graph has none (save it first)")
    base = Path(folder).resolve()
    path = (base / ref).resolve()
    if not path.is_relative_to(base):  # a symlink pointing out of the folder
        raise WeightsProblem(f"{show(ref)} leads out of the graph's folder (a symlink); a "
                             "graph file may only name a weights file inside its own folder")
    return path


def read(graph, folder, ref: str) -> dict[str, np.ndarray]:
    """The weights ``ref`` names, checked against ``graph``; :class:`WeightsProblem`."""
    path = resolve(folder, ref)
    if not path.exists():
        raise WeightsProblem(f"the weights file {show(ref)} is missing from {path.parent}")
    if not path.is_file():
        raise WeightsProblem(f"the weights file {show(ref)} is not a regular file")
    if path.stat().st_size > MAX_FILE_BYTES or not zipfile.is_zipfile(path):
        raise WeightsProblem(f"the weights file {show(ref)} is not a .npz file of at most "
                             f"{MAX_FILE_BYTES // 2**20} MB")
    try:
        with np.load(path, allow_pickle=False) as f:
            weights = {k: f[k] for k in f.files if not k.startswith("__")}
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as err:
        text = "it holds Python objects, not arrays" if "pickle" in str(err) else str(err)
        raise WeightsProblem(f"cannot read the weights file {show(ref)}: {text}") from None
    check(graph, weights, show(ref))
    return weights


def check(graph, weights: dict, source: str) -> None:
    """WeightsProblem naming the first nodes whose weights are missing, unknown or of
    the wrong shape or kind."""
    shapes, owner = expected(graph)
    problems = []
    for key, shape in shapes.items():
        if key not in weights:
            problems.append(f"{owner[key]} has no {key}")
        elif weights[key].dtype.kind not in "fiu":
            problems.append(f"{owner[key]}: {key} is not an array of numbers")
        elif tuple(weights[key].shape) != shape:
            problems.append(f"{owner[key]}: {key} is {list(weights[key].shape)}, the node's "
                            f"is {list(shape)}")
    unknown = [k for k in weights if k not in shapes]
    if unknown:  # first: a renamed or removed layer explains the missing names after it
        problems.insert(0, f"{', '.join(show(k) for k in unknown[:4])} "
                        f"{'is' if len(unknown) == 1 else 'are'} no weight of this graph")
    if problems:
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise WeightsProblem(f"the weights in {source} do not fit the graph: "
                             + "; ".join(problems[:3]) + more)


def write(path: str | os.PathLike, weights: dict[str, np.ndarray]) -> Path:
    """Write ``weights`` atomically (a temporary file renamed over ``path``)."""
    from graphlab.train.checkpoints import save_checkpoint

    return save_checkpoint(path, {k: np.asarray(v) for k, v in weights.items()})
