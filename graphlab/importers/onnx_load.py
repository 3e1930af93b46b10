"""Reading an ONNX file as untrusted input: protobuf only (nothing in it runs), external
data only from plain relative paths inside the model's folder, opset 13 or later (older
ones converted with onnx's own version converter), shapes inferred, and every node whose
inputs are all constants evaluated once by onnx's numpy reference (constant folding),
unless its output would hold more than FOLD_LIMIT elements (told from the inputs before
anything is allocated).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from graphlab.importers import shape_math

MIN_OPSET = 13
MAX_BYTES = 2 * 1024**3  # protobuf's own limit
# ops whose value is random or that carry a subgraph: never folded
NOT_FOLDED = {"RandomNormal", "RandomUniform", "RandomNormalLike", "RandomUniformLike",
              "Multinomial", "Bernoulli", "If", "Loop", "Scan", "Dropout"}


@dataclass
class OnnxModel:
    """What the converters read: nodes in order, constants, inferred types, consumers."""

    proto: Any
    name: str
    nodes: list = field(default_factory=list)
    constants: dict[str, np.ndarray] = field(default_factory=dict)
    shapes: dict[str, tuple] = field(default_factory=dict)  # None for unknown dims
    dtypes: dict[str, int] = field(default_factory=dict)
    consumers: dict[str, int] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)
    # shape vectors computed from a tensor's shape (Shape -> Gather -> Concat ...): ints,
    # and BATCH where the batch size is (the only dimension not fixed)
    symbolic: dict[str, list] = field(default_factory=dict)
    scalars: set[str] = field(default_factory=set)  # which of them are 0-d


class OnnxProblem(ValueError):
    pass


def read(source, problems: list[str]) -> OnnxModel | None:
    import onnx

    if isinstance(source, onnx.ModelProto):
        model, folder, name = source, None, source.graph.name or "imported"
    else:
        path = Path(source)
        if not path.is_file():
            problems.append(f"{path}: not a file")
            return None
        if path.stat().st_size > MAX_BYTES:
            problems.append(f"{path}: larger than 2 GB, which ONNX cannot hold in one file")
            return None
        try:
            model = onnx.load(str(path), load_external_data=False)
        except Exception as err:  # protobuf's DecodeError and friends
            problems.append(f"{path}: not an ONNX model ({type(err).__name__})")
            return None
        folder, name = path.resolve().parent, path.name.split(".")[0]
    if not _external_data(model, folder, problems):
        return None
    model = _opset(model, problems)
    if model is None:
        return None
    try:
        model = onnx.shape_inference.infer_shapes(model)
    except Exception as err:
        problems.append(f"shape inference failed: {str(err).splitlines()[0][:200]}")
        return None
    return _index(model, name, problems)


def _external_data(model, folder: Path | None, problems: list[str]) -> bool:
    """Load external tensor data only from plain relative paths inside ``folder``."""
    from onnx import TensorProto, external_data_helper

    tensors = [t for t in external_data_helper._get_all_tensors(model)
               if t.HasField("data_location") and t.data_location == TensorProto.EXTERNAL]
    if not tensors:
        return True
    if folder is None:
        problems.append("the model keeps its weights in external files; import it from its "
                        "file so they can be found beside it")
        return False
    bad = []
    for t in tensors:
        loc = next((e.value for e in t.external_data if e.key == "location"), "")
        target = (folder / loc).resolve()
        if (not loc or os.path.isabs(loc) or ".." in Path(loc).parts
                or folder not in target.parents or not target.is_file()):
            bad.append(f"tensor {t.name[:60]!r}: external data {loc[:80]!r} is not a file "
                       "inside the model's folder")
    if bad:
        problems.extend(bad)
        return False
    external_data_helper.load_external_data_for_model(model, str(folder))
    return True


def _opset(model, problems: list[str]):
    import onnx

    version = next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), 0)
    others = sorted({n.domain for n in model.graph.node if n.domain not in ("", "ai.onnx")})
    if others:
        problems.append(f"uses operators from other domains ({', '.join(others)}); only the "
                        "standard ONNX operators can be imported")
        return None
    if version >= MIN_OPSET:
        return model
    try:
        return onnx.version_converter.convert_model(model, MIN_OPSET)
    except Exception:
        problems.append(f"opset {version} is older than {MIN_OPSET} and could not be "
                        "converted; re-export with opset 13 or later "
                        "(torch.onnx.export(..., opset_version=17))")
        return None


def _index(model, name: str, problems: list[str]) -> OnnxModel:
    from onnx import numpy_helper

    g = model.graph
    m = OnnxModel(model, name)
    for t in g.initializer:
        m.constants[t.name] = numpy_helper.to_array(t)
    for vi in list(g.input) + list(g.value_info) + list(g.output):
        tt = vi.type.tensor_type
        if tt.HasField("shape"):
            m.shapes[vi.name] = tuple(d.dim_value if d.HasField("dim_value") else None
                                      for d in tt.shape.dim)
        m.dtypes[vi.name] = tt.elem_type
    for node in g.node:
        for i in node.input:
            if i:
                m.consumers[i] = m.consumers.get(i, 0) + 1
    for o in g.output:
        m.consumers[o.name] = m.consumers.get(o.name, 0) + 1
    m.outputs = [o.name for o in g.output]
    for node in g.node:
        if node.op_type == "Constant":
            value = _constant_value(node, problems)
            if value is not None:
                m.constants[node.output[0]] = value
            continue
        if (node.op_type not in NOT_FOLDED and node.input
                and all((not i) or i in m.constants for i in node.input)
                and not any(o in m.outputs for o in node.output)):
            folded = _fold(node, m.constants)
            if folded is not None:
                m.constants.update(folded)
                continue
        if node.op_type in shape_math.OPS and _shape_math(m, node):
            continue
        m.nodes.append(node)
    return m


def _shape_math(m: OnnxModel, node) -> bool:
    """Evaluate a node of shape arithmetic with the batch size symbolic (True: done)."""
    if any(o in m.outputs for o in node.output):
        return False
    value = shape_math.evaluate(node, m.constants, m.symbolic, m.shapes)
    if value is None:
        return False
    scalar = shape_math.is_scalar(node, m.constants, m.scalars)
    if shape_math.BATCH in value:
        m.symbolic[node.output[0]] = value
        if scalar:
            m.scalars.add(node.output[0])
    else:
        m.constants[node.output[0]] = np.array(value, dtype=np.int64).reshape(
            () if scalar else (-1,))
    return True


def _constant_value(node, problems: list[str]) -> np.ndarray | None:
    from onnx import helper, numpy_helper

    for a in node.attribute:
        if a.name == "value":
            return numpy_helper.to_array(a.t)
        if a.name in ("value_float", "value_int", "value_floats", "value_ints"):
            return np.array(helper.get_attribute_value(a))
    problems.append(f"Constant {node.name[:60]!r}: attribute "
                    f"{node.attribute[0].name if node.attribute else '?'} is not supported")
    return None


FOLD_LIMIT = 1 << 26  # elements one folded constant may hold (256 MB of float32)
# ops whose output may be far larger than their inputs in a way not modelled below:
# never folded (the converters see them, and refuse what they cannot take)
UNBOUNDED = {"Resize", "Upsample", "Pad", "Einsum", "Col2Im", "CenterCropPad", "Unique",
             "NonZero", "Compress", "ScatterND", "ScatterElements", "Scatter"}


def _fold_elements(node, constants: dict[str, np.ndarray]) -> int | None:
    """How many elements folding ``node`` would allocate, from its constant inputs and
    before anything is allocated (a hostile file's ConstantOfShape can ask for
    terabytes); None when that cannot be told."""
    ins = [constants[i] if i else None for i in node.input]
    op = node.op_type
    if op in UNBOUNDED:
        return None

    def ints(a) -> list[int]:
        return [int(v) for v in np.asarray(a).reshape(-1)]

    try:
        if op == "ConstantOfShape":
            return math.prod(ints(ins[0]))
        if op == "Expand":
            return math.prod(np.broadcast_shapes(ins[0].shape, tuple(ints(ins[1]))))
        if op == "Tile":
            return math.prod(d * r for d, r in zip(ins[0].shape, ints(ins[1]), strict=True))
        if op == "Range":
            start, limit, delta = (float(np.asarray(x).reshape(-1)[0]) for x in ins[:3])
            return max(0, math.ceil((limit - start) / delta))
        if op == "OneHot":
            return ins[0].size * ints(ins[1])[0]
        if op == "Gather":
            axis = next((a.i for a in node.attribute if a.name == "axis"), 0)
            shape = list(ins[0].shape)
            del shape[axis]
            return math.prod(shape) * ins[1].size
        if op in ("MatMul", "Gemm"):
            a, b = (x.shape if x.ndim > 1 else (1, *x.shape) for x in ins[:2])
            return math.prod(np.broadcast_shapes(a[:-2], b[:-2])) * max(a[-2:]) * max(b[-2:])
        try:  # elementwise, with numpy's broadcasting
            return math.prod(np.broadcast_shapes(*(x.shape for x in ins if x is not None)))
        except ValueError:  # Concat, Reshape, Slice...: no larger than their inputs
            return sum(x.size for x in ins if x is not None)
    except (ValueError, TypeError, OverflowError, IndexError, ZeroDivisionError):
        return None


def _fold(node, constants: dict[str, np.ndarray]) -> dict[str, np.ndarray] | None:
    """The outputs of a node whose inputs are all constants, by onnx's reference; None
    (left as a node) when they would be too large to hold."""
    from onnx.reference import ReferenceEvaluator

    n = _fold_elements(node, constants)
    if n is None or n > FOLD_LIMIT:
        return None
    try:
        ev = ReferenceEvaluator(node)
        feeds = {i: constants[i] for i in node.input if i}
        outs = ev.run(None, feeds)
    except Exception:
        return None
    return {name: np.asarray(v) for name, v in zip(node.output, outs, strict=False) if name}
