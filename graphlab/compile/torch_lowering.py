"""How each op becomes PyTorch: one entry per registry op (checked by
:func:`graphlab.graph.ops.lowering_table`; the op table test fails on a missing one).

A lowering takes the plan step and the Python expressions of its inputs (by port) and
returns a :class:`TorchLowered`: the line that builds its submodule in ``__init__``
(if it owns weights) and the expression of its value in ``forward``. Every
hyperparameter is written out, including the ones torch would default.
"""

from __future__ import annotations

from graphlab.compile import torch_lowering_sequence, torch_lowering_spatial, torch_lowering_tensor
from graphlab.compile.escape import literal
from graphlab.compile.source_writer import lit
from graphlab.compile.torch_lowering_base import (
    Lowering,
    TorchLowered,
    as_float,
    binary,
    from_template,
    self_ref,
)
from graphlab.graph.ops import lowering_table


def _constant(s, x):
    if s.side != "model":
        return TorchLowered(f"torch.full({lit(tuple(s.attrs['shape']))}, {s.attrs['value']!r})")
    return TorchLowered(
        self_ref(s),
        f'self.register_buffer({literal(s.name)}, torch.full({lit(tuple(s.attrs["shape"]))}, '
        f'{float(s.attrs["value"])!r}), persistent=False)')


def _parameter(s, x):
    return TorchLowered(self_ref(s), f"{self_ref(s)} = nn.Parameter(torch.empty("
                        f"{lit(tuple(s.attrs['shape']))}))")


def _linear(s, x):
    a = s.attrs
    return TorchLowered(f"{self_ref(s)}({x['x']})",
                        f"{self_ref(s)} = nn.Linear({a['in_features']}, {a['out_features']}, "
                        f"bias={a['bias']})")


def _batch_norm(s, x):
    a = s.attrs
    kind = "BatchNorm2d" if s.in_types["x"].rank == 4 else "BatchNorm1d"
    return TorchLowered(f"{self_ref(s)}({x['x']})",
                        f"{self_ref(s)} = nn.{kind}({a['num_features']}, eps={a['eps']!r}, "
                        f"momentum={a['momentum']!r}, affine={a['affine']})",
                        not_weights=("num_batches_tracked",))


def _embedding(s, x):
    a = s.attrs
    return TorchLowered(f"{self_ref(s)}({x['indices']})",
                        f"{self_ref(s)} = nn.Embedding({a['num_embeddings']}, {a['embedding_dim']})")


def _div(s, x):
    mode = s.attrs["rounding"]
    if mode == "true":
        return TorchLowered(f"torch.div({x['a']}, {x['b']})")
    return TorchLowered(f'torch.div({x["a"]}, {x["b"]}, rounding_mode={literal(mode)})')


def _concat(s, x):
    parts = ", ".join(x[f"x{i}"] for i in range(s.attrs["n"]))
    return TorchLowered(f"torch.cat([{parts}], dim={s.attrs['axis']})")


def _reduce(fn):
    def lower(s, x):
        return TorchLowered(f"torch.{fn}({x['x']}, dim={lit(tuple(s.attrs['axes']))}, "
                            f"keepdim={s.attrs['keepdims']})")
    return lower


def _pair_loss(fn):
    def lower(s, x):
        return TorchLowered(f"F.{fn}({x['pred']}, {as_float(s, 'target', x['target'])}, "
                            f"reduction={literal(s.attrs['reduction'])})")
    return lower


LOWERINGS: dict[str, Lowering] = lowering_table("torch", {
    "Input": lambda s, x: TorchLowered(s.name),
    "Constant": _constant,
    "Parameter": _parameter,
    "Output": lambda s, x: TorchLowered(x["x"]),
    "Linear": _linear,
    "GlobalAvgPool": from_template("torch.mean({x}, dim=(2, 3))"),
    "BatchNorm": _batch_norm,
    "Dropout": from_template("F.dropout({x}, p={p}, training=self.training)"),
    "Embedding": _embedding,
    "ReLU": from_template("torch.relu({x})"),
    "LeakyReLU": from_template("F.leaky_relu({x}, negative_slope={negative_slope})"),
    "Sigmoid": from_template("torch.sigmoid({x})"),
    "Tanh": from_template("torch.tanh({x})"),
    "GELU": from_template("F.gelu({x}, approximate={approximate})"),
    "Softmax": from_template("torch.softmax({x}, dim={axis})"),
    "LogSoftmax": from_template("torch.log_softmax({x}, dim={axis})"),
    "Add": binary("+"),
    "Sub": binary("-"),
    "Mul": binary("*"),
    "Div": _div,
    "Pow": from_template("torch.pow({x}, {exponent})"),
    "Exp": from_template("torch.exp({x})"),
    "Log": from_template("torch.log({x})"),
    "Neg": from_template("torch.neg({x})"),
    "MatMul": from_template("torch.matmul({a}, {b})"),
    "Concat": _concat,
    "Sum": _reduce("sum"),
    "Mean": _reduce("mean"),
    "Transpose": from_template("{x}.permute{perm}"),
    "MSELoss": _pair_loss("mse_loss"),
    "BCELoss": _pair_loss("binary_cross_entropy"),
    "BCEWithLogitsLoss": _pair_loss("binary_cross_entropy_with_logits"),
    "CrossEntropyLoss": from_template('F.cross_entropy({logits}, {target}, reduction={reduction})'),
    **torch_lowering_tensor.LOWERINGS,
    **torch_lowering_spatial.LOWERINGS,
    **torch_lowering_sequence.LOWERINGS,
})
