"""PyTorch lowerings of convolution, pooling, resampling and normalisation (the ops of
graphlab/graph/ops/spatial.py and layers.py's Conv2d, pools and LayerNorm).

Each reads the explicit window the derive hook wrote (``kernel``, ``strides``,
``dilations``, ``pads``, ``ceil_pads``). Symmetric padding goes to torch's own argument;
padding torch cannot express (asymmetric, "same" with an odd total) is an ``F.pad`` in
front, so the module keeps torch's layout and the export stays readable.
"""

from __future__ import annotations

from graphlab.compile.escape import literal
from graphlab.compile.source_writer import lit
from graphlab.compile.torch_lowering_base import Lowering, TorchLowered, self_ref


def one(values) -> str:
    """A per-axis value as torch takes it: one number when every axis agrees."""
    values = tuple(values)
    return str(values[0]) if len(set(values)) == 1 else lit(values)


def pad_arg(pads, extra=None) -> str:
    """F.pad's argument (last axis first) for (before, after) pairs plus trailing cells."""
    extra = extra or (0,) * len(pads)
    flat: list[int] = []
    for (before, after), more in reversed(list(zip(pads, extra, strict=True))):
        flat += [before, after + more]
    return lit(tuple(flat))


def symmetric(pads) -> bool:
    return all(before == after for before, after in pads)


def _conv(n: int) -> Lowering:
    def lower(s, x):
        a = s.attrs
        arg = x["x"]
        if symmetric(a["pads"]):
            padding = lit(tuple(before for before, _ in a["pads"]))
        else:
            padding = "0"
            arg = f"F.pad({arg}, {pad_arg(a['pads'])})"
        return TorchLowered(
            f"{self_ref(s)}({arg})",
            f"{self_ref(s)} = nn.Conv{n}d({a['in_channels']}, {a['out_channels']}, "
            f"kernel_size={one(a['kernel'])}, stride={one(a['strides'])}, padding={padding}, "
            f"dilation={one(a['dilations'])}, groups={a['groups']}, bias={a['bias']})")
    return lower


def _conv_transpose(s, x):
    a = s.attrs
    return TorchLowered(
        f"{self_ref(s)}({x['x']})",
        f"{self_ref(s)} = nn.ConvTranspose2d({a['in_channels']}, {a['out_channels']}, "
        f"kernel_size={one(a['kernel'])}, stride={one(a['strides'])}, "
        f"padding={lit(tuple(p for p, _ in a['pads']))}, "
        f"output_padding={lit(tuple(a['output_pads']))}, groups={a['groups']}, "
        f"bias={a['bias']}, dilation={one(a['dilations'])})")


def _window_args(a, padding: str) -> str:
    return f"kernel_size={one(a['kernel'])}, stride={one(a['strides'])}, padding={padding}"


def _max_pool(n: int) -> Lowering:
    def lower(s, x):
        a = s.attrs
        fn = f"F.max_pool{n}d"
        # torch pads itself only up to half the kernel (not the dilated window)
        if symmetric(a["pads"]) and all(2 * p <= k for (p, _), k in zip(a["pads"], a["kernel"],
                                                                         strict=True)):
            pads = lit(tuple(before for before, _ in a["pads"]))
            return TorchLowered(f"{fn}({x['x']}, {_window_args(a, pads)}, "
                                f"dilation={one(a['dilations'])}, ceil_mode={a['ceil_mode']})")
        # padded (and ceil_mode's trailing) cells are -inf: they never win
        arg = f"F.pad({x['x']}, {pad_arg(a['pads'], a['ceil_pads'])}, value=-np.inf)"
        return TorchLowered(f"{fn}({arg}, {_window_args(a, '0')}, "
                            f"dilation={one(a['dilations'])}, ceil_mode=False)")
    return lower


def _avg_pool(n: int) -> Lowering:
    def lower(s, x):
        a = s.attrs
        fn = f"F.avg_pool{n}d"
        if symmetric(a["pads"]):
            pads = lit(tuple(before for before, _ in a["pads"]))
            return TorchLowered(f"{fn}({x['x']}, {_window_args(a, pads)}, "
                                f"ceil_mode={a['ceil_mode']}, "
                                f"count_include_pad={a['count_include_pad']})")
        window = _window_args(a, "0")
        total = f"{fn}(F.pad({x['x']}, {pad_arg(a['pads'], a['ceil_pads'])}), {window})"
        if a["count_include_pad"] and not any(a["ceil_pads"]):
            return TorchLowered(total)
        # Each window's mean over the cells that count: padding when count_include_pad,
        # never ceil_mode's trailing cells. The divisor is a constant torch folds.
        sizes = ", ".join(str(d) for d in s.in_types["x"].shape[2:])
        fill = "1.0" if a["count_include_pad"] else "0.0"
        ones = (f"F.pad(F.pad({x['x']}.new_ones(1, 1, {sizes}), {pad_arg(a['pads'])}, "
                f"value={fill}), {pad_arg(((0, 0),) * n, a['ceil_pads'])})")
        return TorchLowered(f"{total} / {fn}({ones}, {window})")
    return lower


def _upsample(s, x):
    a = s.attrs
    size = lit(tuple(a["size"]))
    if a["mode"] == "nearest":
        return TorchLowered(f'F.interpolate({x["x"]}, size={size}, mode="nearest")')
    return TorchLowered(f'F.interpolate({x["x"]}, size={size}, mode={literal(a["mode"])}, '
                        f'align_corners={a["align_corners"]})')


def _group_norm(s, x):
    a = s.attrs
    return TorchLowered(f"{self_ref(s)}({x['x']})",
                        f"{self_ref(s)} = nn.GroupNorm({a['num_groups']}, {a['num_channels']}, "
                        f"eps={a['eps']!r}, affine={a['affine']})")


def _layer_norm(s, x):
    a = s.attrs
    k = a["last_dims"]
    dims = s.in_types["x"].shape[-k:]
    shape = str(dims[0]) if k == 1 else lit(tuple(dims))
    return TorchLowered(f"{self_ref(s)}({x['x']})",
                        f"{self_ref(s)} = nn.LayerNorm({shape}, eps={a['eps']!r}, "
                        f"elementwise_affine={a['affine']})")


LOWERINGS: dict[str, Lowering] = {
    "Conv1d": _conv(1),
    "Conv2d": _conv(2),
    "ConvTranspose2d": _conv_transpose,
    "MaxPool1d": _max_pool(1),
    "MaxPool2d": _max_pool(2),
    "AvgPool1d": _avg_pool(1),
    "AvgPool2d": _avg_pool(2),
    "Upsample": _upsample,
    "GroupNorm": _group_norm,
    "LayerNorm": _layer_norm,
}
