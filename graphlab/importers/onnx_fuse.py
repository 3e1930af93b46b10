"""Pattern recognisers that run over the whole ONNX node list before the converters.

A recurrent layer or torch's exported attention is many ONNX nodes around one graphlab
op (an entry Transpose, zero states built from the batch size, Squeeze/Transpose exits,
the shape arithmetic of ``[T, N*H, d]``). A recogniser finds the pattern, puts the nodes
it covers in ``GraphBuilder.skip`` and stands a :class:`FusedNode` in the node list where
the op is to be added; the converter of that node reads the recogniser's plan. A plan is
only ever made here, never read from the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


class FusedNode:
    """Stands in the node list for a recognised pattern: the first (or anchor) node's
    name, type and attributes, plus ``plan`` (what the recogniser found)."""

    def __init__(self, node, plan, op_type: str | None = None, inputs=None, outputs=None):
        self.op_type = op_type or node.op_type
        self.name = node.name
        self.input = list(node.input if inputs is None else inputs)
        self.output = list(node.output if outputs is None else outputs)
        self.attribute = list(node.attribute)
        self.plan = plan


@dataclass
class Index:
    """Who makes and who reads each tensor (graph outputs count as a reader: None)."""

    producer: dict = field(default_factory=dict)
    readers: dict = field(default_factory=dict)

    def reads(self, tensor: str) -> list:
        """The (node, input position) pairs reading ``tensor``; (None, -1) for an output."""
        return self.readers.get(tensor, [])

    def only_reader(self, tensor: str, op_type: str | None = None):
        """The one node reading ``tensor`` (of ``op_type``), else None."""
        rs = self.reads(tensor)
        if len(rs) != 1 or rs[0][0] is None:
            return None
        node = rs[0][0]
        return node if op_type is None or node.op_type == op_type else None


def index(m) -> Index:
    ix = Index()
    for node in m.nodes:
        for o in node.output:
            if o:
                ix.producer[o] = node
        for pos, i in enumerate(node.input):
            if i:
                ix.readers.setdefault(i, []).append((node, pos))
    for o in m.outputs:
        ix.readers.setdefault(o, []).append((None, -1))
    return ix


def attr(node, name: str, default=None):
    from onnx import helper

    for a in node.attribute:
        if a.name == name:
            v = helper.get_attribute_value(a)
            return v.decode() if isinstance(v, bytes) else v
    return default


def axes(m, node) -> list[int] | None:
    """A Squeeze/Unsqueeze's axes (attribute before opset 13, constant input after)."""
    given = attr(node, "axes")
    if given is None and len(node.input) > 1 and node.input[1]:
        arr = m.constants.get(node.input[1])
        if arr is None:
            return None
        given = np.atleast_1d(arr).tolist()
    return [int(a) for a in given] if given is not None else None


def prepare(m, b) -> None:
    """Run every recogniser over ``m.nodes`` (in place)."""
    from graphlab.importers import onnx_attention, onnx_rnn

    onnx_rnn.prepare(m, b, index(m))
    onnx_attention.prepare(m, b, index(m))
