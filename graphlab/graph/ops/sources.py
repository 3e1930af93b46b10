"""Ops with no inputs (Input, Constant, Parameter) and the Output marker."""

from __future__ import annotations

from graphlab.graph.ops._rules import fs
from graphlab.graph.ops.spec import (
    INPUT,
    KIND_ANY,
    OUTPUT,
    PARAMETER,
    Attr,
    OpSpec,
    ParamSpec,
    Port,
    ShapeError,
)
from graphlab.graph.tensor_type import DTYPES, TensorType


def _input_rule(ctx):
    shape = list(ctx.attrs["shape"])
    if -1 in shape[1:]:
        raise ShapeError(None, f"only the first (batch) dimension may be -1, got {fs(shape)}")
    if shape and shape[0] == -1:
        shape[0] = ctx.batch_size
    return {"y": TensorType(tuple(shape), ctx.attrs["dtype"])}


def _const_rule(ctx):
    return {"y": TensorType(tuple(ctx.attrs["shape"]), "float32")}


def _param_rule(ctx):
    return {"y": TensorType(tuple(ctx.attrs["shape"]), "float32")}


def _param_params(attrs, inputs):
    init = {"constant": "constant", "zeros": "zeros", "ones": "ones", "normal": "normal",
            "uniform": "kaiming_uniform"}[attrs["init"]]
    return [ParamSpec("value", tuple(attrs["shape"]), init, fan_in=1)]


def _output_rule(ctx):
    return {}


INPUT = OpSpec(
    name="Input",
    category="source",
    doc="A tensor fed to the model from the data set. `shape` includes the batch dimension, "
    "written -1 and replaced by the batch size. role `feature` feeds the model; role `target` "
    "feeds only the loss (the labels).",
    inputs=(),
    outputs=(Port("y", kind=KIND_ANY, doc="the fed tensor"),),
    attrs=(
        Attr("name", "str", "x", "name of the argument in the generated code"),
        Attr("shape", "shape", [-1, 10], "shape with the batch dimension first (-1)"),
        Attr("dtype", "choice", "float32", "element type; int64 for class indices", choices=DTYPES),
        Attr("role", "choice", "feature", "feature: model input; target: labels for the loss",
             choices=("feature", "target")),
    ),
    infer=_input_rule,
    flops=lambda a, i, o: 0,
    label_prefix="x",
    elementwise=False,
    role=INPUT,
)

CONSTANT = OpSpec(
    name="Constant",
    category="source",
    doc="A fixed tensor filled with `value`; not trained.",
    inputs=(),
    outputs=(Port("y", doc="the constant"),),
    attrs=(
        Attr("value", "float", 1.0, "value of every element"),
        Attr("shape", "shape", [], "shape; [] is a scalar"),
    ),
    infer=_const_rule,
    flops=lambda a, i, o: 0,
    label_prefix="const",
    elementwise=False,
)

PARAMETER = OpSpec(
    name="Parameter",
    category="source",
    doc="A learnable tensor that is not part of a layer, e.g. the scalars of a micrograd-style "
    "teaching graph. `init` chooses how it starts; `constant` uses `value`.",
    inputs=(),
    outputs=(Port("y", doc="the parameter"),),
    attrs=(
        Attr("shape", "shape", [], "shape; [] is a scalar"),
        Attr("init", "choice", "constant", "initial values",
             choices=("constant", "zeros", "ones", "normal", "uniform")),
        Attr("value", "float", 1.0, "initial value when init is constant"),
    ),
    infer=_param_rule,
    params=_param_params,
    flops=lambda a, i, o: 0,
    label_prefix="p",
    elementwise=False,
    role=PARAMETER,
)

OUTPUT = OpSpec(
    name="Output",
    category="output",
    doc="Marks a value the model returns, under `name`.",
    inputs=(Port("x", kind=KIND_ANY, doc="the value to return"),),
    outputs=(),
    attrs=(Attr("name", "str", "y", "name of the output"),),
    infer=_output_rule,
    flops=lambda a, i, o: 0,
    label_prefix="out",
    elementwise=False,
    role=OUTPUT,
)

OPS = (INPUT, CONSTANT, PARAMETER, OUTPUT)
