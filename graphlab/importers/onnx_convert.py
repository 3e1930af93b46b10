"""What an ONNX converter sees of one node (:class:`Convert`: its attributes, which inputs
are constants, the inferred shapes, the builder it adds to), how it refuses
(:class:`Refuse`) and how nodes are named. The converters are in ``onnx_ops``."""

from __future__ import annotations

from typing import Any

import numpy as np

from graphlab.importers.builder import GraphBuilder, clean_name
from graphlab.importers.onnx_load import OnnxModel

# ONNX TensorProto element types graphlab has
DTYPES = {1: "float32", 6: "int32", 7: "int64", 9: "bool", 11: "float32"}


class Refuse(Exception):
    """This node cannot be imported; the message says which attribute or input and why."""


class Convert:
    """What a converter sees of one node, and the builder it adds to."""

    def __init__(self, model: OnnxModel, b: GraphBuilder, node) -> None:
        from onnx import helper

        self.m, self.b, self.node = model, b, node
        self.attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        self.label = node_label(node)

    def attr(self, name: str, default: Any = None) -> Any:
        v = self.attrs.get(name, default)
        return v.decode() if isinstance(v, bytes) else v

    def only(self, allowed: dict[str, Any]) -> None:
        """Refuse attribute values graphlab cannot express (allowed: name -> predicate)."""
        for name, value in self.attrs.items():
            ok = allowed.get(name)
            v = value.decode() if isinstance(value, bytes) else value
            if ok is None or not ok(v):
                raise Refuse(f"attribute {name}={short(v)} is not supported")

    def input(self, i: int) -> str:
        ins = self.node.input
        return ins[i] if i < len(ins) else ""

    def const(self, i: int) -> np.ndarray | None:
        return self.m.constants.get(self.input(i))

    def shape(self, tensor: str) -> tuple | None:
        if tensor in self.m.constants:
            return tuple(self.m.constants[tensor].shape)
        return self.m.shapes.get(tensor)

    def value(self, i: int) -> str:
        """The input as a graph value: a constant operand becomes a Constant (one value)
        or a Parameter holding it (noted: it will train)."""
        name = self.input(i)
        if name in self.b.values or name in self.b.pending:  # pending: made when read
            return name
        arr = self.m.constants.get(name)
        if arr is None:
            raise Refuse(f"input {i} ({name[:40]!r}) has no value")
        if arr.dtype.kind not in "fc":
            raise Refuse(f"input {i} is a constant integer tensor, which graphlab cannot hold")
        label = clean_name(name, "const")
        # named as a constant of the reader's module (blocks of equal modules stay equal)
        origin = self.node.name.rsplit("/", 1)[0] + "/const"
        if arr.size == 1 or (arr.size and np.all(arr == arr.flat[0])):
            self.b.add("Constant", {"value": float(arr.flat[0]), "shape": list(arr.shape)},
                       label, {}, {"y": name}, origin=origin)
        else:
            self.b.add("Parameter", {"shape": list(arr.shape), "init": "normal"}, label, {},
                       {"y": name}, {"value": arr}, origin=origin)
            self.b.notes.append(f"constant {name[:40]!r} became a Parameter (it will train)")
        return name

    def add(self, op: str, attrs: dict, inputs: dict[str, str], params=None,
            outputs: dict[str, str] | None = None, label: str | None = None) -> str | None:
        outputs = outputs if outputs is not None else {"y": self.node.output[0]}
        return self.b.add(op, attrs, label or self.label, inputs, outputs, params,
                          what=describe(self.node), origin=self.node.name)


def node_label(node) -> str:
    """A readable label: the module path torch gives (/layer1/conv1/Conv -> layer1_conv1),
    else the node's name, else its op type."""
    parts = [p for p in node.name.split("/") if p]
    if len(parts) > 1:
        parts = parts[:-1]
    fallback = node.op_type.lower()
    return clean_name("_".join(parts), fallback) if parts else fallback


def describe(node) -> str:
    return f"{node.op_type} {node.name[:60]!r}" if node.name else node.op_type


def short(v) -> str:
    text = repr(v)
    return text if len(text) <= 40 else text[:37] + "..."


def written(v) -> float:
    """A float attribute as written (ONNX stores float32: 1e-5 reads 9.99999974e-06)."""
    return float(f"{float(v):.7g}")


def one_of(*values):
    return lambda v: v in values


def any_value(v):
    return True
