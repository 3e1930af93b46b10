"""How numbers become pictures on the canvas: wire widths and colours, badge text.

Forward: a wire's width and colour come from the RMS magnitude of the value it
carries (dim teal for small, bright yellow for large). Backward: the width comes from
the log of the gradient's RMS magnitude, the colour from the sign of its mean (orange
positive, blue negative, as in TensorFlow Playground). Non-finite is magenta. The
legend draws from the same constants, so it cannot drift from the canvas.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtGui import QColor

from graphlab.train.stats_layout import TensorStats
from graphlab.ui import theme
from graphlab.ui.i18n import translate

VALUE_LOW, VALUE_HIGH = theme.VALUE_LOW, theme.VALUE_HIGH
GRAD_POS, GRAD_NEG, GRAD_NONE = theme.GRAD_POS, theme.GRAD_NEG, theme.GRAD_NONE
NONFINITE = theme.NONFINITE
FORWARD_GLOW = theme.FORWARD_GLOW
BACKWARD_GLOW = theme.BACKWARD_GLOW

VALUE_DECADES = (-2.0, 1.0)  # rms 0.01 -> thinnest, 10 -> widest
GRAD_DECADES = (-6.0, 0.0)  # |grad| 1e-6 -> thinnest, 1 -> widest
MIN_WIDTH, MAX_WIDTH = 1.2, 9.0
SPARK = "▁▂▃▄▅▆▇█"


def rms(s: TensorStats) -> float:
    return math.sqrt(s.mean * s.mean + s.std * s.std)


def norm(s: TensorStats) -> float:
    """L2 norm of the tensor, from its RMS and element count."""
    return rms(s) * math.sqrt(max(s.count, 1))


def _level(x: float, decades: tuple[float, float]) -> float:
    if not x > 0:
        return 0.0
    lo, hi = decades
    return min(1.0, max(0.0, (math.log10(x) - lo) / (hi - lo)))


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(int(a.red() + (b.red() - a.red()) * t), int(a.green() + (b.green() - a.green())
                  * t), int(a.blue() + (b.blue() - a.blue()) * t))


def value_pen(s: TensorStats | None) -> tuple[float, QColor]:
    """(width, colour) of a wire carrying a value with these stats."""
    if s is None:
        return MIN_WIDTH, GRAD_NONE
    if not s.finite:
        return MAX_WIDTH, NONFINITE
    t = _level(rms(s), VALUE_DECADES)
    return MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * t, _mix(VALUE_LOW, VALUE_HIGH, t)


def grad_pen(s: TensorStats | None) -> tuple[float, QColor]:
    """(width, colour) of a wire carrying this gradient backwards."""
    if s is None:
        return MIN_WIDTH, GRAD_NONE
    if not s.finite:
        return MAX_WIDTH, NONFINITE
    if rms(s) == 0:
        return MIN_WIDTH, GRAD_NONE  # no gradient flows here (e.g. behind dead ReLUs)
    t = _level(rms(s), GRAD_DECADES)
    c = QColor(GRAD_POS if s.mean >= 0 else GRAD_NEG)
    c.setAlpha(int(110 + 145 * t))
    return MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * t, c


def num(x: float) -> str:
    """Short, exact-looking number: 6 significant digits, no trailing noise."""
    if x is None or not np.isfinite(x):
        return "nan" if x is None or np.isnan(x) else ("inf" if x > 0 else "-inf")
    if x == 0:
        return "0"
    if 1e-3 <= abs(x) < 1e4:
        return f"{x:.4g}"
    return f"{x:.2e}"


def value_line(s: TensorStats | None) -> str:
    if s is None:
        return ""
    if s.count == 1:
        return f"= {num(s.mean)}"
    return f"μ {num(s.mean)} ± {num(s.std)}"


def grad_line(s: TensorStats | None) -> str:
    if s is None:
        return ""
    if s.count == 1:
        return f"∂L {num(s.mean)}"
    return f"‖∂L‖ {num(norm(s))}"


def sparkline(hist: np.ndarray) -> str:
    h = np.asarray(hist, dtype=np.float64)
    if h.size == 0 or not np.isfinite(h).all() or h.max() <= 0:
        return ""
    # 32 bins -> 16 characters
    h = h.reshape(-1, 2).sum(axis=1) if h.size % 2 == 0 else h
    levels = np.ceil(h / h.max() * (len(SPARK) - 1)).astype(int)
    return "".join(SPARK[i] if v > 0 else " " for i, v in zip(levels, h, strict=True))


def stats_tooltip(title: str, value: TensorStats | None, grad: TensorStats | None) -> str:
    """Hover text: histograms as sparklines, range, zeros and a few sample values."""
    lines = [title]
    for name, s in ((translate("Insights", "value"), value),
                    (translate("Insights", "gradient"), grad)):
        if s is None:
            continue
        lines.append(translate("Insights", "{name}: mean {mean}  std {std}  [{lo}, {hi}]  zeros "
                                           "{zeros}").format(
            name=name, mean=num(s.mean), std=num(s.std), lo=num(s.min), hi=num(s.max),
            zeros=f"{s.zero_fraction:.0%}")
            + (translate("Insights", "  non-finite {share}").format(
                share=f"{s.nonfinite_fraction:.0%}") if not s.finite else ""))
        spark = sparkline(s.histogram)
        if spark:
            lines.append(f"  {num(s.min)} {spark} {num(s.max)}")
        lines.append(translate("Insights", "  samples: {values}").format(
            values=", ".join(num(float(v)) for v in s.samples)))
    return "\n".join(lines)


def stats_of(array) -> TensorStats:
    """TensorStats of a numpy array, computed as the probes define them (step-through)."""
    from graphlab.train.stats_layout import BINS, SAMPLES, sample_positions

    x = np.asarray(array, dtype=np.float64).reshape(-1)
    fin = x[np.isfinite(x)]
    if fin.size:
        lo, hi = float(fin.min()), float(fin.max())
        span = hi - lo if hi > lo else 1.0
        b = np.clip(((fin - lo) / span * BINS).astype(int), 0, BINS - 1)
        hist = np.bincount(b, minlength=BINS).astype(np.float32)
        mean, std = float(fin.mean()), float(fin.std())
    else:
        lo = hi = mean = std = float("nan")
        hist = np.zeros(BINS, np.float32)
    n = x.size
    samples = x[sample_positions(n)][:min(n, SAMPLES)] if n else np.zeros(0)
    return TensorStats(mean, std, lo, hi, float(np.mean(x == 0)) if n else 0.0,
                       1.0 - fin.size / n if n else 0.0, n, hist, samples)
