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


def transposed_reader(ix: Index, tensor: str):
    """The Transpose [1, 0, 2] among the readers of ``tensor`` (torch's exit to
    batch-first), or None."""
    from onnx import helper

    for r, _ in ix.reads(tensor):
        if r is not None and r.op_type == "Transpose" and any(
                a.name == "perm" and list(helper.get_attribute_value(a)) == [1, 0, 2]
                for a in r.attribute):
            return r
    return None


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


@dataclass
class Views:
    """Sequence-first tensors a recogniser stands for by a batch-first one.

    torch's constant folding cancels the exit Transpose of one recurrent layer or
    attention against the entry Transpose of the next, so one pattern's ``[T, N, F]``
    output is the next one's input. The producing op's value is batch-first ``name``;
    a consumer that covers its readers takes that name instead. A reader nobody covers
    gets the sequence-first value back through a Transpose (``materialize``)."""

    batch_first: dict = field(default_factory=dict)  # [T, N, F] tensor -> [N, T, F] name
    plans: dict = field(default_factory=dict)  # [T, N, F] tensor -> the producing plan
    covered: dict = field(default_factory=dict)  # [T, N, F] tensor -> reader node ids
    shapes: dict = field(default_factory=dict)  # batch-first name -> its [N, T, F]

    def add(self, seq_first: str, plan, shape, name: str = "") -> str:
        name = name or f"{seq_first}#batch_first"
        self.batch_first[seq_first] = name
        self.plans[seq_first] = plan
        self.shapes[name] = tuple(shape) if shape is not None else None
        return name

    def shape(self, m, tensor: str):
        """A tensor's inferred shape, or a batch-first name's."""
        return self.shapes[tensor] if tensor in self.shapes else m.shapes.get(tensor)

    def cover(self, seq_first: str, nodes) -> None:
        self.covered.setdefault(seq_first, set()).update(id(n) for n in nodes)


def prepare(m, b) -> None:
    """Run the recognisers over ``m.nodes`` (in place), anchors in node order so that a
    pattern's output is known before the pattern reading it."""
    from graphlab.importers import onnx_attention, onnx_rnn

    ix, views = index(m), Views()
    order = {id(n): i for i, n in enumerate(m.nodes)}
    covered: set[int] = set()
    for node in list(m.nodes):
        if node.op_type in onnx_rnn.GATES and id(node) not in covered:
            covered.update(onnx_rnn.plan_at(m, b, ix, order, node, views))
        elif node.op_type == "Softmax" and id(node) not in b.skip:
            onnx_attention.plan_at(m, b, ix, order, node, views)
    for t, plan in views.plans.items():
        done = views.covered.get(t, set())
        plan.materialize = any(r is None or (id(r) not in done and id(r) not in b.skip)
                               for r, _ in ix.reads(t))
