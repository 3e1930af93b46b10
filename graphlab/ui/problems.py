"""Every problem that would stop the document compiling or training, before Run.

Shape inference finds the local mistakes; the compiler's plan finds the structural ones
(no Output node, a target feeding the model, a loss reading a value the model does not
return); a backend whose framework is not installed and a run too big for this machine's
memory are named; the dataset binding finds
a dataset that does not fit the Inputs. The Problems dock lists them all and the canvas
badges their nodes, so "No problems" means Run gets past its checks. Where one value
mends it there is a fix: a feature Input's shape from the dataset's samples, the layer
that sets the logits' number to the dataset's classes.
"""

from __future__ import annotations

import os

from graphlab.graph.diagnostics import Diagnostic, Fix, node_title
from graphlab.graph.graph import Graph

PLAN_NODES = 2_000  # above this the plan waits for Run (as the code view waits for Generate)
# (dataset name or path, options, file mtime, seed) -> Dataset, or the DatasetError
_DATA_CACHE: dict[tuple, object] = {}


def document_problems(graph: Graph, dataset: bool = True) -> list[Diagnostic]:
    """Shape problems, then what blocks compiling, then what blocks training; the
    dataset is checked only when ``dataset`` (loading one may take seconds: see
    :func:`dataset_loaded`)."""
    out = graph.analysis.diagnostics()
    if len(graph) == 0 or graph.analysis.errors():
        return out
    out += _plan_problems(graph)
    out += _backend_problems(graph)
    out += _memory_problems(graph)
    if dataset:
        out += _dataset_problems(graph)
    return out


def dataset_loaded(graph: Graph) -> bool:
    """Whether the graph's dataset is in memory (checking it then costs milliseconds; the
    first load of a scikit-learn set imports scikit-learn, seconds on a busy machine)."""
    return _key(graph)[0] in _DATA_CACHE


def load_dataset_now(graph: Graph) -> None:
    """Load (and cache) the graph's dataset, so the next check includes it."""
    _load(graph)


def _backend_problems(graph: Graph) -> list[Diagnostic]:
    from graphlab.frameworks import BACKENDS, available, missing_message

    backend = graph.training.get("backend")
    if backend in BACKENDS and not available(backend):
        return [Diagnostic("", None, f"training: {missing_message(backend)}")]
    return []


def _memory_problems(graph: Graph) -> list[Diagnostic]:
    """A run that cannot fit in this machine's memory (the check Run makes first)."""
    from graphlab.train.memory import refusal

    why = refusal(graph, graph.batch_size, None, str(graph.training.get("device", "auto")))
    return [Diagnostic("", None, f"training: {why}")] if why else []


def _plan_problems(graph: Graph) -> list[Diagnostic]:
    if len(graph) > PLAN_NODES:
        if not any(v.spec.is_output for v in graph.nodes()):
            return [Diagnostic("", None, f'graph "{graph.name}" has no Output node; wire the '
                               "value the model should return into an Output")]
        return []
    from graphlab.compile.errors import CompileError
    from graphlab.compile.plan import build_plan

    try:
        build_plan(graph)
    except CompileError as err:
        return err.diagnostics or [Diagnostic("", None, str(err))]
    except Exception:  # noqa: BLE001 - the list must never break; Run reports it in full
        return []
    return []


def _key(graph: Graph) -> tuple[tuple, str, dict]:
    from graphlab.train.datasets.registry import split_spec

    name, opts = split_spec(graph.training.get("dataset"), graph.folder)
    try:
        mtime = os.stat(name).st_mtime_ns if os.path.lexists(name) else None
    except OSError:
        mtime = None
    return (name, repr(sorted(opts.items())), mtime, graph.seed), name, opts


def _load(graph: Graph):
    from graphlab.train.datasets.registry import DatasetError, is_folder_spec, load_dataset

    key, name, opts = _key(graph)
    if key not in _DATA_CACHE:
        if len(_DATA_CACHE) > 8:
            _DATA_CACHE.clear()
        try:
            if is_folder_spec(name):  # listed, not decoded: this runs on the GUI thread
                from graphlab.train.datasets.image_folder import listed_dataset

                _DATA_CACHE[key] = listed_dataset(name, **opts)
            else:
                _DATA_CACHE[key] = load_dataset(name, graph.seed, **opts)
        except (DatasetError, OSError, ValueError) as err:
            _DATA_CACHE[key] = DatasetError(str(err))
    return _DATA_CACHE[key]


def _dataset_problems(graph: Graph) -> list[Diagnostic]:
    from graphlab.train.datasets.binding import DatasetMismatch, bind, inputs_by_role
    from graphlab.train.datasets.registry import DatasetError

    data = _load(graph)
    if isinstance(data, DatasetError):
        return [Diagnostic("", None, f"dataset: {data}")]
    try:
        bind(graph, data)
    except DatasetMismatch as err:
        feats, targets = inputs_by_role(graph)
        return [_pinned(graph, text, feats, targets, data) for text in err.problems]
    except DatasetError as err:
        return [Diagnostic("", None, f"dataset: {err}")]
    return []


def _pinned(graph: Graph, text: str, feats, targets, data) -> Diagnostic:
    """One binding problem on the node it names, with the fix where there is one."""
    for nid in targets + feats + [v.id for v in graph.nodes() if v.spec.is_loss]:
        v = graph.node(nid)
        if text.startswith((f'Input "{v.label}"', f'{node_title(v.op, v.label)}')):
            break
    else:
        return Diagnostic(feats[0] if len(feats) == 1 else "", None, text)
    fix = None
    if nid in feats and data.x is not None:
        shape = [-1, *(int(d) for d in data.sample_shape)] if data.sample_shape else [-1, 1]
        if shape != list(v.attrs["shape"]):
            fix = Fix(nid, "shape", shape, f'set Input "{v.label}"\'s shape to {shape} '
                      f"(the dataset's samples)")
    elif v.spec.is_loss and data.n_classes:
        text, fix = _classes_origin(graph, v, text, data.n_classes)
    return Diagnostic(nid, None, text, fix=fix)


def _classes_origin(graph: Graph, loss, text: str, n_classes: int):
    """Too few logits for the dataset's classes: name the layer that sets their number
    and offer to make it ``n_classes``."""
    from graphlab.graph.diagnostics_origin import size_origin

    pred = loss.spec.prediction_port
    edge = graph.input_edge(loss.id, pred.name) if pred is not None else None
    t = graph.analysis.edge_type(edge) if edge is not None else None
    if t is None or t.rank != 2 or t.shape[1] >= n_classes:
        return text, None
    found = size_origin(graph.analysis, loss.id, pred.name, 1, n_classes)
    if found is None:
        return text, None
    clause, fix = found
    return f"{text}; {clause}", fix
