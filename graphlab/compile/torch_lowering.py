"""How each op becomes PyTorch: one entry per registry op (checked by
:func:`graphlab.graph.ops.lowering_table`; the op table test fails on a missing one).

A lowering takes the plan step and the Python expressions of its inputs (by port) and
returns a :class:`TorchLowered`: the line that builds its submodule in ``__init__``
(if it owns weights) and the expression of its value in ``forward``. Every
hyperparameter is written out, including the ones torch would default.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from graphlab.compile.escape import literal
from graphlab.compile.plan import Step
from graphlab.compile.source_writer import lit
from graphlab.graph.ops import lowering_table


@dataclass
class TorchLowered:
    expr: str
    init: str | None = None
    # state_dict() entries of the submodule that are not weights (BatchNorm's counter)
    not_weights: tuple[str, ...] = ()


Lowering = Callable[[Step, dict[str, str]], TorchLowered]


def _self(s: Step) -> str:
    return f"self.{s.name}"


def _float(s: Step, port: str, expr: str) -> str:
    """Cast an integer input to float where torch would refuse mixed dtypes."""
    t = s.in_types.get(port)
    return f"{expr}.float()" if t is not None and t.dtype == "int64" else expr


def _constant(s, x):
    if s.side != "model":
        return TorchLowered(f"torch.full({lit(tuple(s.attrs['shape']))}, {s.attrs['value']!r})")
    return TorchLowered(
        _self(s),
        f'self.register_buffer({literal(s.name)}, torch.full({lit(tuple(s.attrs["shape"]))}, '
        f'{float(s.attrs["value"])!r}), persistent=False)')


def _parameter(s, x):
    return TorchLowered(_self(s), f"{_self(s)} = nn.Parameter(torch.empty("
                        f"{lit(tuple(s.attrs['shape']))}))")


def _linear(s, x):
    a = s.attrs
    return TorchLowered(f"{_self(s)}({x['x']})",
                        f"{_self(s)} = nn.Linear({a['in_features']}, {a['out_features']}, "
                        f"bias={a['bias']})")


def _conv(s, x):
    a = s.attrs
    (t, b), (left, r) = a["pads"]
    arg = x["x"]
    if t == b and left == r:
        padding = lit((t, left))
    else:
        padding = "0"
        arg = f"F.pad({arg}, {lit((left, r, t, b))})"
    return TorchLowered(
        f"{_self(s)}({arg})",
        f"{_self(s)} = nn.Conv2d({a['in_channels']}, {a['out_channels']}, "
        f"kernel_size={a['kernel_size']}, stride={a['stride']}, padding={padding}, "
        f"dilation={a['dilation']}, bias={a['bias']})")


def _pool(fn, extra=""):
    def lower(s, x):
        a = s.attrs
        return TorchLowered(f"F.{fn}({x['x']}, kernel_size={a['kernel_size']}, "
                            f"stride={a['stride']}, padding={a['padding']}{extra})")
    return lower


def _batch_norm(s, x):
    a = s.attrs
    kind = "BatchNorm2d" if s.in_types["x"].rank == 4 else "BatchNorm1d"
    return TorchLowered(f"{_self(s)}({x['x']})",
                        f"{_self(s)} = nn.{kind}({a['num_features']}, eps={a['eps']!r}, "
                        f"momentum={a['momentum']!r}, affine={a['affine']})",
                        not_weights=("num_batches_tracked",))


def _layer_norm(s, x):
    a = s.attrs
    d = s.in_types["x"].shape[-1]
    return TorchLowered(f"{_self(s)}({x['x']})",
                        f"{_self(s)} = nn.LayerNorm({d}, eps={a['eps']!r}, "
                        f"elementwise_affine={a['affine']})")


def _embedding(s, x):
    a = s.attrs
    return TorchLowered(f"{_self(s)}({x['indices']})",
                        f"{_self(s)} = nn.Embedding({a['num_embeddings']}, {a['embedding_dim']})")


def _fn(template: str) -> Lowering:
    """A lowering that is just an expression; ``template`` uses ports and attrs by name."""
    def lower(s, x):
        return TorchLowered(template.format(**x, **{k: _fmt(v) for k, v in s.attrs.items()}))
    return lower


def _fmt(v):
    if isinstance(v, str):
        return literal(v)
    if isinstance(v, (list, tuple)):
        return lit(v)
    return repr(v)


def _binary(op: str) -> Lowering:
    def lower(s, x):
        return TorchLowered(f"{x['a']} {op} {x['b']}")
    return lower


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


def _reshape(s, x):
    return TorchLowered(f"{x['x']}.reshape(-1, {', '.join(str(d) for d in s.attrs['shape'])})")


def _pair_loss(fn):
    def lower(s, x):
        return TorchLowered(f"F.{fn}({x['pred']}, {_float(s, 'target', x['target'])}, "
                            f"reduction={literal(s.attrs['reduction'])})")
    return lower


LOWERINGS: dict[str, Lowering] = lowering_table("torch", {
    "Input": lambda s, x: TorchLowered(s.name),
    "Constant": _constant,
    "Parameter": _parameter,
    "Output": lambda s, x: TorchLowered(x["x"]),
    "Linear": _linear,
    "Conv2d": _conv,
    "MaxPool2d": _pool("max_pool2d"),
    "AvgPool2d": _pool("avg_pool2d", ", count_include_pad=True"),
    "GlobalAvgPool": _fn("torch.mean({x}, dim=(2, 3))"),
    "BatchNorm": _batch_norm,
    "LayerNorm": _layer_norm,
    "Dropout": _fn("F.dropout({x}, p={p}, training=self.training)"),
    "Embedding": _embedding,
    "Flatten": _fn("torch.flatten({x}, 1)"),
    "Reshape": _reshape,
    "ReLU": _fn("torch.relu({x})"),
    "LeakyReLU": _fn("F.leaky_relu({x}, negative_slope={negative_slope})"),
    "Sigmoid": _fn("torch.sigmoid({x})"),
    "Tanh": _fn("torch.tanh({x})"),
    "GELU": _fn("F.gelu({x}, approximate={approximate})"),
    "Softmax": _fn("torch.softmax({x}, dim={axis})"),
    "LogSoftmax": _fn("torch.log_softmax({x}, dim={axis})"),
    "Add": _binary("+"),
    "Sub": _binary("-"),
    "Mul": _binary("*"),
    "Div": _div,
    "Pow": _fn("torch.pow({x}, {exponent})"),
    "Exp": _fn("torch.exp({x})"),
    "Log": _fn("torch.log({x})"),
    "Neg": _fn("torch.neg({x})"),
    "MatMul": _fn("torch.matmul({a}, {b})"),
    "Concat": _concat,
    "Sum": _reduce("sum"),
    "Mean": _reduce("mean"),
    "Transpose": _fn("{x}.permute{perm}"),
    "MSELoss": _pair_loss("mse_loss"),
    "BCELoss": _pair_loss("binary_cross_entropy"),
    "BCEWithLogitsLoss": _pair_loss("binary_cross_entropy_with_logits"),
    "CrossEntropyLoss": _fn('F.cross_entropy({logits}, {target}, reduction={reduction})'),
})
