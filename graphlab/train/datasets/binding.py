"""Fitting a dataset to a graph: which Input gets what, with which dtype and shape.

The feature Input gets ``x``; the target Input (role ``target``) gets ``y`` shaped as
the loss wants it: int64 class indices ``[N]`` for CrossEntropyLoss, float32 ``[N, 1]``
for BCE and MSE. Every mismatch is reported before training starts, naming the Input
(or loss) and both shapes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import prod

import numpy as np

from graphlab.graph.diagnostics import node_title
from graphlab.graph.ops.spec import BINARY_METRICS, CLASS_INDICES
from graphlab.train.datasets import generators as gen
from graphlab.train.datasets.registry import CLASSIFICATION, NONE, Dataset, DatasetError


class DatasetMismatch(DatasetError):
    """The dataset does not fit the graph; ``problems`` lists one message per Input."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Binding:
    """How a dataset feeds a graph: Input ids and how to shape the arrays for them."""

    feature_id: str | None
    target_id: str | None
    feature_shape: tuple[int, ...] = ()
    target_kind: str = "same"  # see generators.shape_targets
    task: str = NONE
    n_classes: int | None = None
    notes: list[str] = field(default_factory=list)
    feature_dtype: str = "float32"  # the feature Input's; int64: token ids for an Embedding

    def features(self, x: np.ndarray) -> np.ndarray:
        return x.reshape((len(x), *self.feature_shape)).astype(self.feature_dtype)

    def targets(self, y: np.ndarray) -> np.ndarray:
        return gen.shape_targets(y, self.target_kind)


def _fs(shape) -> str:
    return "[" + ", ".join(str(d) for d in shape) + "]"


def inputs_by_role(graph) -> tuple[list[str], list[str]]:
    feats, targets = [], []
    for nid in graph.topo_order():
        v = graph.node(nid)
        if v.spec.is_input:
            (targets if v.attrs.get("role") == "target" else feats).append(nid)
    return feats, targets


def bind(graph, data: Dataset) -> Binding:
    """Check ``data`` against the graph's Inputs; raise :class:`DatasetMismatch` if unfit."""
    feats, targets = inputs_by_role(graph)
    problems: list[str] = []
    if data.task == NONE:
        if feats or targets:
            named = ", ".join(node_title(graph.node(n).op, graph.node(n).label)
                              for n in feats + targets)
            raise DatasetMismatch([f"the graph has Inputs ({named}) but the dataset is "
                                   "'none'; choose a dataset"])
        return Binding(None, None)
    if len(feats) != 1:
        what = "no feature Input" if not feats else f"{len(feats)} feature Inputs"
        raise DatasetMismatch([f"the graph has {what}; a dataset feeds exactly one (set "
                               "role=target on label Inputs)"])
    if len(targets) > 1:
        raise DatasetMismatch([f"the graph has {len(targets)} target Inputs; a dataset "
                               "provides one target"])
    fid = feats[0]
    fv = graph.node(fid)
    want = tuple(int(d) for d in fv.attrs["shape"][1:])
    got = data.sample_shape
    b = Binding(fid, targets[0] if targets else None, want, task=data.task,
                n_classes=data.n_classes, feature_dtype=fv.attrs["dtype"])
    problems.extend(_bind_ids(graph, fv, data))
    if fv.attrs["shape"][:1] != [-1]:
        problems.append(f'Input "{fv.label}": its shape {_fs(fv.attrs["shape"])} must start '
                        "with -1 (the batch dimension) to be fed from a dataset")
    elif want != got:
        if prod(want) == prod(got):
            b.notes.append(f'Input "{fv.label}": samples of shape {_fs(got)} are reshaped to '
                           f"{_fs(want)}")
        elif not got:  # x is [N]: one number per sample
            problems.append(
                f'Input "{fv.label}": dataset {data.name} gives one number per sample (its x '
                f"has shape [{data.n_samples}]), the Input expects samples of shape "
                f"{_fs(want)}; save x with {prod(want)} values per row, or set the Input's "
                "shape to [-1, 1]")
        elif data.builder == "image_folder" and len(want) == 3 and want[0] in (1, 3):
            color, size = ("grey" if want[0] == 1 else "rgb"), list(want[1:])
            problems.append(
                f'Input "{fv.label}": image folder {data.name} gives samples of shape '
                f"{_fs(got)}, the Input expects {_fs(want)}; set the dataset to "
                f'{{"path": ..., "size": {size}, "color": "{color}"}} or the Input\'s shape '
                f"to {_fs([-1, *got])}")
        else:
            problems.append(
                f'Input "{fv.label}": dataset {data.name} gives samples of shape {_fs(got)}, '
                f"the Input expects {_fs(want)}; set the Input's shape to "
                f"{_fs([-1, *got])} or choose a dataset with samples of shape {_fs(want)}")
    if b.target_id is not None:
        problems.extend(_bind_target(graph, data, b))
    if problems:
        raise DatasetMismatch(problems)
    return b


def _bind_ids(graph, fv, data: Dataset) -> list[str]:
    """An int64 feature Input takes integer data (token ids), each below the bound of
    the port that reads it (an Embedding's num_embeddings)."""
    if fv.attrs["dtype"] != "int64":
        return []
    if data.x.dtype.kind not in "iu":
        return [f'Input "{fv.label}" takes int64 ids but dataset {data.name} gives '
                f"{data.x.dtype} values; set its dtype to float32 or choose a dataset of "
                "token ids (text_chars or a .txt file)"]
    top = int(data.x.max()) if data.x.size else 0
    for e in graph.out_edges(fv.id):
        v = graph.node(e.dst)
        port = v.spec.input_port(v.attrs, e.dst_port)
        if port is not None and port.bound and top >= int(v.attrs[port.bound]):
            return [f'{v.op} "{v.label}": dataset {data.name} has ids up to {top} but '
                    f"{port.bound} is {v.attrs[port.bound]}; set {port.bound} to at "
                    f"least {top + 1}"]
    return []


def _loss_reading(graph, target_id: str):
    for e in graph.out_edges(target_id):
        v = graph.node(e.dst)
        if v.spec.category == "loss":
            return v
    return None


def _bind_target(graph, data: Dataset, b: Binding) -> list[str]:
    tv = graph.node(b.target_id)
    shape = list(tv.attrs["shape"])
    dtype = tv.attrs["dtype"]
    label = tv.label
    y_shape = tuple(data.y.shape[1:])
    loss = _loss_reading(graph, b.target_id)
    if dtype == "int64":
        if data.task != CLASSIFICATION:
            return [f'Input "{label}" takes class indices (int64) but dataset {data.name} is '
                    "a regression set; choose a classification dataset or make the target "
                    "float32"]
        if shape != [-1] or y_shape:
            return [f'Input "{label}": class indices have shape [N]; the Input expects '
                    f"{_fs(shape)}; set its shape to [-1]"]
        b.target_kind = "index"
        if loss is not None and loss.spec.target_port.takes == CLASS_INDICES:
            logits = graph.input_edge(loss.id, loss.spec.prediction_port.name)
            t = graph.analysis.edge_type(logits) if logits else None
            if t is not None and t.shape and data.n_classes and t.shape[-1] < data.n_classes:
                return [f'{loss.op} "{loss.label}": dataset {data.name} has '
                        f"{data.n_classes} classes but the logits have {t.shape[-1]} "
                        f"columns; make the last layer output {data.n_classes}"]
        return []
    per = shape[1:]
    if data.task == CLASSIFICATION and loss is not None and \
            loss.spec.metric in BINARY_METRICS and (data.n_classes or 0) > 2:
        return [f'{loss.op} "{loss.label}": dataset {data.name} has {data.n_classes} classes '
                "but binary cross-entropy needs 2; use CrossEntropyLoss with int64 labels"]
    if data.task == CLASSIFICATION and not y_shape:
        ok = per in ([1], [])
        b.target_kind = "column" if per == [1] else "flat"
    else:
        ok = tuple(per) == y_shape or (per == [1] and not y_shape) or (not per and y_shape == (1,))
        b.target_kind = "column" if per == [1] else ("flat" if not per else "same")
    if not ok:
        return [f'Input "{label}": dataset {data.name} gives targets of shape '
                f"{_fs(y_shape)}, the Input expects {_fs(per)}; set its shape to "
                f"{_fs([-1, *y_shape]) if y_shape else '[-1, 1]'}"]
    return []
