"""PyTorch lowerings of the ops in graphlab/graph/ops/tensor_ops.py and the elementwise and
reduction ops of math_ops.py that came with them (Clip, Abs, Sqrt, Maximum, Minimum,
ReduceMax). Every value is written out; each reads the derived, explicit attributes."""

from __future__ import annotations

from graphlab.compile.escape import literal
from graphlab.compile.source_writer import lit
from graphlab.compile.torch_lowering_base import Lowering, TorchLowered, from_template

TORCH_DTYPES = {"float32": "torch.float32", "int64": "torch.int64", "int32": "torch.int32",
                "bool": "torch.bool"}


def _flatten(s, x):
    a, rank = s.attrs, s.in_types["x"].rank
    if a["end_dim"] == rank - 1:
        return TorchLowered(f"torch.flatten({x['x']}, {a['start_dim']})")
    return TorchLowered(f"torch.flatten({x['x']}, {a['start_dim']}, {a['end_dim']})")


def _reshape(s, x):
    if s.attrs["keep_batch"]:
        return TorchLowered(f"{x['x']}.reshape(-1, {', '.join(str(d) for d in s.attrs['shape'])})")
    return TorchLowered(f"{x['x']}.reshape({lit(tuple(s.attrs['shape']))})")


def torch_pad_widths(pads: list[list[int]], mode: str) -> tuple[int, ...]:
    """F.pad's widths: (before, after) pairs from the last dimension back to the first
    padded one. Reflect and replicate cover at least the last rank - 2 dimensions
    (PyTorch's kernels take 1 to 3 of them on a tensor with 1 or 2 more; the shape rule
    keeps within that), widened with (0, 0) pairs."""
    rank = len(pads)
    first = next((d for d, (b, a) in enumerate(pads) if b or a), rank - 1)
    if mode != "constant":
        first = min(first, 2, rank - 1)
    out: list[int] = []
    for b, a in reversed(pads[first:]):
        out += [b, a]
    return tuple(out)


def _pad(s, x):
    a = s.attrs
    widths = lit(torch_pad_widths(a["pads"], a["mode"]))
    if a["mode"] == "constant":
        return TorchLowered(f"F.pad({x['x']}, {widths}, value={float(a['value'])!r})")
    return TorchLowered(f"F.pad({x['x']}, {widths}, mode={literal(a['mode'])})")


def slice_text(s) -> str:
    """``[:, 1:3, ::2]``: one entry per dimension up to the last sliced one, with the
    bounds that are the defaults left out."""
    a, shape = s.attrs, s.in_types["x"].shape
    parts = [":"] * (max(a["axes"]) + 1)
    for ax, start, stop, step in zip(a["axes"], a["starts"], a["ends"], a["steps"], strict=True):
        text = f"{start or ''}:{stop if stop != shape[ax] else ''}"
        parts[ax] = text + (f":{step}" if step != 1 else "")
    return "[" + ", ".join(parts) + "]"


def _unsqueeze(s, x):
    expr = x["x"]
    for a in s.attrs["axes"]:
        expr += f".unsqueeze({a})"
    return TorchLowered(expr)


def _squeeze(s, x):
    """One squeeze per axis, the last first (the ONNX exporter takes no tuple of dims)."""
    expr = x["x"]
    for a in sorted(s.attrs["axes"], reverse=True):
        expr += f".squeeze({a})"
    return TorchLowered(expr)


def _gather(s, x):
    return TorchLowered(f"{x['x']}[{':, ' * s.attrs['axis']}{x['indices']}]")


def _cast(s, x):
    to = s.attrs["to"]  # a choice; any other text stays a quoted literal
    return TorchLowered(f"{x['x']}.to({TORCH_DTYPES.get(to) or f'torch.__dict__[{literal(to)}]'})")


def _reduce_max(s, x):
    return TorchLowered(f"torch.amax({x['x']}, dim={lit(tuple(s.attrs['axes']))}, "
                        f"keepdim={s.attrs['keepdims']})")


LOWERINGS: dict[str, Lowering] = {
    "Flatten": _flatten,
    "Reshape": _reshape,
    "Pad": _pad,
    "Slice": lambda s, x: TorchLowered(x["x"] + slice_text(s)),
    "Split": lambda s, x: TorchLowered(f"torch.split({x['x']}, {list(s.attrs['sizes'])}, "
                                       f"dim={s.attrs['axis']})"),
    "Squeeze": _squeeze,
    "Unsqueeze": _unsqueeze,
    "Gather": _gather,
    "Where": from_template("torch.where({cond}, {a}, {b})"),
    "Cast": _cast,
    "Clip": from_template("torch.clamp({x}, min={min}, max={max})"),
    "Abs": from_template("torch.abs({x})"),
    "Sqrt": from_template("torch.sqrt({x})"),
    "Maximum": from_template("torch.maximum({a}, {b})"),
    "Minimum": from_template("torch.minimum({a}, {b})"),
    "ReduceMax": _reduce_max,
}
