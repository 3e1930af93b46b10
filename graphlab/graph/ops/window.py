"""Sliding-window geometry shared by convolution and pooling, 1-D and 2-D.

An attribute may give one number for every spatial axis or one per axis; padding may be
a number, "valid", "same", one number per axis, or explicit (before, after) pairs. The
derive hooks turn all of it into one explicit :class:`Window` (``kernel``, ``strides``,
``dilations``, ``pads`` and, for pooling with ``ceil_mode``, ``ceil_pads``), written
into the step's attributes so both lowerings and the references read the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphlab.graph.ops._rules import same_pads
from graphlab.graph.ops.spec import ShapeError


def per_axis(value, n: int) -> tuple[int, ...]:
    """An int (every axis) or a list of ``n`` ints, as an ``n``-tuple."""
    if isinstance(value, int):
        return (value,) * n
    return tuple(int(v) for v in value)


def explicit_pads(padding, sizes, kernel, strides, dilations) -> tuple[tuple[int, int], ...]:
    """(before, after) per spatial axis. A list of 2 on a 2-D op is per axis ([h, w]); a
    list of 2n is explicit: [top, bottom, left, right] (2-D) or [left, right] (1-D)."""
    n = len(sizes)
    if padding == "same":
        return tuple(same_pads(sizes[i], kernel[i], strides[i], dilations[i]) for i in range(n))
    if padding == "valid":
        return ((0, 0),) * n
    if isinstance(padding, int):
        return ((padding, padding),) * n
    p = [int(v) for v in padding]
    if len(p) == 2 * n:
        return tuple((p[2 * i], p[2 * i + 1]) for i in range(n))
    return tuple((v, v) for v in p)


@dataclass(frozen=True)
class Window:
    kernel: tuple[int, ...]
    strides: tuple[int, ...]
    dilations: tuple[int, ...]
    pads: tuple[tuple[int, int], ...]  # declared padding, (before, after) per axis
    ceil_pads: tuple[int, ...]  # extra cells after the end that ceil_mode's last window reads
    out: tuple[int, ...]

    def attrs(self) -> dict:
        return {"kernel": self.kernel, "strides": self.strides, "dilations": self.dilations,
                "pads": self.pads, "ceil_pads": self.ceil_pads}


def window(attrs, sizes: tuple[int, ...], pooling: bool = False) -> Window:
    """The explicit window of a conv or pool node over spatial ``sizes``.

    Pool strides default to the kernel. ``ceil_mode`` follows torch: the output size is
    rounded up, but the last window must start inside the input or its leading padding.
    """
    n = len(sizes)
    kernel = per_axis(attrs["kernel_size"], n)
    stride = attrs.get("stride")
    strides = kernel if stride is None else per_axis(stride, n)
    dilations = per_axis(attrs.get("dilation", 1), n)
    pads = explicit_pads(attrs["padding"], sizes, kernel, strides, dilations)
    out, extra = [], []
    for i in range(n):
        eff = dilations[i] * (kernel[i] - 1) + 1
        total = sizes[i] + sum(pads[i])
        o = (total - eff) // strides[i] + 1
        if pooling and attrs.get("ceil_mode") and total >= eff:
            o = -(-(total - eff) // strides[i]) + 1
            if (o - 1) * strides[i] >= sizes[i] + pads[i][0]:
                o -= 1
        out.append(o)
        extra.append(max((o - 1) * strides[i] + eff - total, 0))
    return Window(kernel, strides, dilations, pads, tuple(extra), tuple(out))


def check_window(w: Window, sizes, port: str = "x", pooling: bool = False) -> None:
    """Refuse a window that does not fit, or (pooling) padding a window could lie in."""
    if min(w.out) < 1:
        raise ShapeError(port, f"the window {_span(w)} is larger than the input "
                         f"{_dims(sizes)} with its padding; use a smaller kernel_size or "
                         "dilation, or more padding")
    if pooling:
        for i, (before, after) in enumerate(w.pads):
            eff = w.dilations[i] * (w.kernel[i] - 1) + 1
            if 2 * max(before, after) > eff:
                raise ShapeError(port, f"padding {max(before, after)} is more than half the "
                                 f"window ({eff}): a window could hold only padding; use "
                                 "less padding")


def _span(w: Window) -> str:
    return "x".join(str(d * (k - 1) + 1) for k, d in zip(w.kernel, w.dilations, strict=True))


def _dims(sizes) -> str:
    return "x".join(str(s) for s in sizes)


def derive_window(pooling: bool):
    """Derive hook of a conv or pool op: stride filled (pools: the kernel) and the
    :class:`Window` written out."""

    def derive(attrs, inputs, output):
        x = inputs["x"]
        w = window(attrs, tuple(x.shape[2:]), pooling)
        if attrs.get("stride") is None:
            attrs["stride"] = attrs["kernel_size"]
        attrs.update(w.attrs())
        return attrs

    return derive
