"""``import_onnx``: an ONNX model as an editable graph with its weights.

Every node is tried; an import with any unsupported node is refused with the list of
all of them (op type, name and attribute), and nothing is written.
"""

from __future__ import annotations

from pathlib import Path

from graphlab.importers.builder import GraphBuilder, Imported, ImportRefused, clean_name
from graphlab.importers.onnx_convert import DTYPES, Convert, Refuse, describe
from graphlab.importers.onnx_fuse import prepare
from graphlab.importers.onnx_load import read
from graphlab.importers.onnx_ops import CONVERTERS


def import_onnx(source, name: str | None = None) -> Imported:
    """The graph of an ONNX model (a path or an ``onnx.ModelProto``) and its weights."""
    where = str(source) if isinstance(source, str | Path) else "the ONNX model"
    problems: list[str] = []
    m = read(source, problems)
    if m is None:
        raise ImportRefused(where, problems)
    b = GraphBuilder(name or m.name)
    for vi in m.proto.graph.input:
        if vi.name not in m.constants:
            _input(b, m, vi)
    prepare(m, b)  # recurrent layers and attention: many ONNX nodes, one graphlab op
    failed: set[str] = set()  # outputs of refused nodes: their readers are not listed too
    for node in m.nodes:
        if id(node) in b.skip:
            continue
        convert = CONVERTERS.get(node.op_type)
        if any(i in failed for i in node.input):  # downstream of a refusal: an unknown
            failed.update(node.output)  # op is still listed, a known one is not tried
            if convert is None:
                b.refuse(f"{describe(node)}: the ONNX operator {node.op_type} is not "
                         "supported")
            continue
        before = len(b.problems)
        if convert is None:
            b.refuse(f"{describe(node)}: the ONNX operator {node.op_type} is not supported")
        else:
            try:
                convert(Convert(m, b, node))
            except Refuse as why:
                b.refuse(f"{describe(node)}: {why}")
        if len(b.problems) > before:
            failed.update(node.output)
    taken: set[str] = set()
    for out in m.outputs:
        label = _unique(clean_name(out, "y"), taken)
        if out in m.constants and out not in b.values:
            b.add("Constant" if m.constants[out].size == 1 else "Parameter",
                  _const_attrs(m.constants[out]), f"{label}_value", {}, {"y": out},
                  None if m.constants[out].size == 1 else {"value": m.constants[out]})
        b.add("Output", {"name": label}, label if label != "y" else "out", {"x": out},
              what=f"output {out[:40]!r}")
    return b.finish(where)


def _unique(name: str, taken: set[str]) -> str:
    base, i = name, 2
    while name in taken:
        name, i = f"{base}{i}", i + 1
    taken.add(name)
    return name


def _const_attrs(arr) -> dict:
    if arr.size == 1:
        return {"value": float(arr.flat[0]), "shape": list(arr.shape)}
    return {"shape": list(arr.shape), "init": "normal"}


def _input(b: GraphBuilder, m, vi) -> None:
    name = clean_name(vi.name, "x")
    dtype = DTYPES.get(m.dtypes.get(vi.name))
    shape = m.shapes.get(vi.name)
    if dtype not in ("float32", "int64"):
        b.refuse(f"input {vi.name[:40]!r}: element type {m.dtypes.get(vi.name)} is not "
                 "supported (a model input is float32 or int64)")
        return
    if shape is None or any(d is None for d in shape[1:]):
        b.refuse(f"input {vi.name[:40]!r}: every dimension but the first (the batch) needs "
                 f"a fixed size, got {shape}; re-export with a fixed input shape")
        return
    dims = [-1 if shape and shape[0] is None else shape[0]] + list(shape[1:]) if shape else []
    b.add("Input", {"name": name, "shape": dims, "dtype": dtype}, name, {}, {"y": vi.name},
          what=f"input {vi.name[:40]!r}")
