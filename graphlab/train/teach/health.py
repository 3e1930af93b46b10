"""Health cues read from probe frames: what a teacher would point at on the canvas.

- dead ReLU (an op with ``OpSpec.dead_units``): the share of its outputs that were
  exactly zero, averaged over the recent probe frames, is at least ``DEAD_SHARE``;
- saturated Sigmoid/Tanh (an op with ``OpSpec.saturation``): most outputs sit in the
  flat ends, estimated from the value histogram;
- vanishing / exploding gradients: a node's gradient RMS is far below / above the
  gradient at the loss end of the network, or above an absolute bound;
- first NaN: the first node in topological order whose value is non-finite, else the
  first in backward order whose gradient is non-finite.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from graphlab.graph.ops import REGISTRY
from graphlab.graph.ops.spec import OpSpec
from graphlab.train.stats_layout import BINS, COL, HIST0, SAMPLE0

DEAD = "dead_relu"
SATURATED = "saturated"
VANISHING = "vanishing"
EXPLODING = "exploding"
NAN = "first_nan"

DEAD_SHARE = 0.9
SATURATED_SHARE = 0.8
VANISH_RATIO = 1e-3
EXPLODE_RATIO = 1e3
EXPLODE_ABS = 1e3


@dataclass(frozen=True)
class Cue:
    kind: str
    node_id: str
    text: str
    severity: float  # 0..1, for colour


def rms(row: np.ndarray) -> float:
    """Root mean square of a tensor from its stats row (mean² + std²)."""
    m, s = float(row[COL["mean"]]), float(row[COL["std"]])
    return float(np.sqrt(m * m + s * s))


def mean_abs(row: np.ndarray) -> float:
    """Mean |x| from the stats row's histogram (bin centres weighted by counts)."""
    lo, hi = float(row[COL["min"]]), float(row[COL["max"]])
    hist = row[HIST0:SAMPLE0]
    total = float(np.nansum(hist))
    if not np.isfinite(lo) or not np.isfinite(hi) or total <= 0:
        return float("nan")
    if hi == lo:
        return abs(lo)
    centres = lo + (np.arange(BINS) + 0.5) * (hi - lo) / BINS
    return float(np.nansum(np.abs(centres) * hist) / total)


def _spec(op: str | None) -> OpSpec | None:
    return REGISTRY.get(op) if op else None


def saturated_share(row: np.ndarray, op: str) -> float:
    """Share of the outputs (from the histogram) beyond the op's saturation range."""
    low, high = REGISTRY[op].saturation
    lo, hi = float(row[COL["min"]]), float(row[COL["max"]])
    hist = row[HIST0:SAMPLE0]
    total = float(np.nansum(hist))
    if not np.isfinite(lo) or total <= 0:
        return 0.0
    if hi == lo:
        return 1.0 if (lo <= low or lo >= high) else 0.0
    centres = lo + (np.arange(BINS) + 0.5) * (hi - lo) / BINS
    return float(np.nansum(hist[(centres <= low) | (centres >= high)]) / total)


def cues(frames: list, order: list[str], ops: dict[str, str],
         outputs: frozenset[str] = frozenset()) -> list[Cue]:
    """Cues for the newest frames (oldest first); ``ops`` maps node id -> op name.

    ``outputs``: nodes whose value is the prediction itself (feeding only Outputs and
    losses); a confident output Sigmoid is saturated by design, so it gets no cue.
    """
    frames = [f for f in frames if f is not None and f.has_stats]
    if not frames:
        return []
    last = frames[-1]
    out: list[Cue] = []
    idx = {n: i for i, n in enumerate(last.node_ids)}
    nan = first_nonfinite(last, order)
    if nan is not None:
        out.append(Cue(NAN, nan[0], f"the first non-finite {nan[1]} appeared here", 1.0))
    for n in order:
        if n not in idx:
            continue
        i = idx[n]
        op = ops.get(n)
        spec = _spec(op)
        if spec is None:
            continue
        if spec.dead_units:
            zeros = [float(f.values[i, COL["zero_fraction"]]) for f in frames
                     if n in f.node_ids]
            share = float(np.nanmean(zeros)) if zeros else 0.0
            if share >= DEAD_SHARE:
                out.append(Cue(DEAD, n, f"{share:.0%} of outputs were zero over the last "
                               f"{len(zeros)} probes (dead ReLUs)", share))
        elif spec.saturation is not None and n not in outputs:
            share = saturated_share(last.values[i], op)
            if share >= SATURATED_SHARE:
                out.append(Cue(SATURATED, n, f"{share:.0%} of outputs are saturated: its "
                               "local derivative is near zero", share))
    out += _gradient_cues(last, order, ops)
    return out


def _gradient_cues(frame, order: list[str], ops: dict[str, str]) -> list[Cue]:
    idx = {n: i for i, n in enumerate(frame.node_ids)}
    scale = {n: rms(frame.grads[idx[n]]) for n in order if n in idx
             and np.isfinite(frame.grads[idx[n], COL["count"]])
             and not _is_source(ops.get(n))}
    # A gradient that overflowed float32 (inf or NaN in it, or an RMS past any float)
    # while the node's value is finite exploded most: it gets the cue, not dropped.
    col = COL["nonfinite_fraction"]
    over = {n for n, v in scale.items() if not _is_loss(ops.get(n))
            and frame.values[idx[n], col] == 0
            and (not np.isfinite(v) or frame.grads[idx[n], col] > 0)}
    scale = {n: v for n, v in scale.items() if np.isfinite(v) and n not in over}
    overflowed = [Cue(EXPLODING, n, _overflow_text(frame.grads[idx[n]]), 1.0)
                  for n in order if n in over]
    if not scale:
        return overflowed
    # The reference is the gradient at the last layer (Linear, Conv2d, ...) before the
    # loss: an output activation's gradient (e.g. BCE through a Sigmoid, 1/(p(1-p))) can
    # be huge for a few confident samples and would make every healthy layer look small.
    ref_nodes = [n for n in order if n in scale and not _is_loss(ops.get(n))]
    if not ref_nodes:
        return overflowed
    layers = [n for n in ref_nodes if _is_layer(ops.get(n))]
    ref_node = layers[-1] if layers else ref_nodes[-1]
    ref = scale[ref_node]
    out = list(overflowed)
    for n in ref_nodes[:ref_nodes.index(ref_node)]:
        v = scale[n]
        if ref > 0 and v == 0:
            out.append(Cue(VANISHING, n, "no gradient reaches this node (exactly zero): "
                           "the units after it are dead or cut off", 0.8))
        elif ref > 0 and v < ref * VANISH_RATIO:
            out.append(Cue(VANISHING, n, f"gradient RMS {v:.2g} is {ref / max(v, 1e-30):.0e}× "
                           "smaller than at the output: vanishing gradient", 0.8))
        elif v > EXPLODE_ABS or (ref > 0 and v > ref * EXPLODE_RATIO):
            out.append(Cue(EXPLODING, n, f"gradient RMS {v:.2g} is very large: exploding "
                           "gradient; lower the learning rate or clip gradients", 0.9))
    at = {n: i for i, n in enumerate(order)}
    return sorted(out, key=lambda c: at[c.node_id])


def _overflow_text(row: np.ndarray) -> str:
    share = float(row[COL["nonfinite_fraction"]])
    what = (f"{share:.0%} of its gradient is inf or NaN" if share > 0
            else "its gradient's RMS is past float range")
    return (f"{what} (overflowed float32): exploding gradient; lower the learning rate "
            "or clip gradients")


def _is_layer(op: str | None) -> bool:
    spec = _spec(op)
    return spec is not None and spec.category == "layer"


def _is_source(op: str | None) -> bool:
    spec = _spec(op)
    return spec is not None and spec.is_source


def _is_loss(op: str | None) -> bool:
    spec = _spec(op)
    return spec is not None and spec.is_loss


def first_nonfinite(frame, order: list[str]) -> tuple[str, str] | None:
    """(node id, "value" | "gradient") where a NaN/Inf first shows, or None."""
    if not frame.has_stats:
        return None
    idx = {n: i for i, n in enumerate(frame.node_ids)}
    col = COL["nonfinite_fraction"]
    for n in order:
        if n in idx and frame.values[idx[n], col] > 0:
            return n, "value"
    for n in reversed(order):
        if n in idx and frame.grads[idx[n], col] > 0:
            return n, "gradient"
    return None
