"""Number fields that keep the value they are given: for learning rates, weight decays,
momenta and float attributes of ops.

A plain ``QDoubleSpinBox`` has a fixed number of decimals: with 5, a learning rate of
5e-6 read from a file shows as 0.00001, and the next unrelated edit in the dock wrote
that back, changing the run without a word. This field keeps the value exactly (shown
as ``%g``: 0.001, 5e-06) and its arrows walk the 1-2-5 ladder (0.001, 0.002, 0.005,
0.01), the steps people try a learning rate in.
"""

from __future__ import annotations

import math

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox

LADDER = (1.0, 2.0, 5.0)


class SciSpinBox(QDoubleSpinBox):
    def __init__(self, minimum: float, maximum: float, parent=None) -> None:
        super().__init__(parent)
        self.setDecimals(15)  # storage precision; the text is %g
        self.setRange(minimum, maximum)
        self._floor = 1e-8  # the smallest rung the arrows step to from zero

    def textFromValue(self, value: float) -> str:  # noqa: N802 (Qt's name)
        return f"{value:g}"

    def valueFromText(self, text: str) -> float:  # noqa: N802
        try:
            return float(text)
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int):
        if text.strip() in ("", ".", "-", "e", "E") or text.strip().lower().endswith(
                ("e", "e-", "e+")):
            return QValidator.State.Intermediate, text, pos
        try:
            value = float(text)
        except ValueError:
            return QValidator.State.Invalid, text, pos
        ok = self.minimum() <= value <= self.maximum()
        return (QValidator.State.Acceptable if ok else QValidator.State.Intermediate), text, pos

    def stepBy(self, steps: int) -> None:  # noqa: N802
        value = self.value()
        for _ in range(abs(steps)):
            value = rung(value, up=steps > 0, floor=max(self._floor, self.minimum()))
        self.setValue(min(max(value, self.minimum()), self.maximum()))


class FineSpinBox(SciSpinBox):
    """The same exact, %g-shown field with plain linear arrows (momentum, betas, alpha):
    0.9999 stays 0.9999 instead of rounding to the field's decimals."""

    def __init__(self, minimum: float, maximum: float, step: float = 0.01, parent=None):
        super().__init__(minimum, maximum, parent)
        self.setSingleStep(step)

    def stepBy(self, steps: int) -> None:  # noqa: N802
        QDoubleSpinBox.stepBy(self, steps)
        self.setValue(tidy(self.value()))


def rung(value: float, up: bool, floor: float = 1e-8) -> float:
    """The next value of the 1-2-5 ladder above (or below) ``value``; from 0 up it is the
    ``floor`` rung, below the floor it is 0."""
    if value <= 0:
        return tidy(floor) if up else 0.0
    exp = math.floor(math.log10(value))
    rungs = [m * 10.0 ** e for e in (exp - 1, exp, exp + 1) for m in LADDER]
    if up:
        nxt = min(r for r in rungs if r > value * (1 + 1e-9))
    else:
        lower = [r for r in rungs if r < value * (1 - 1e-9)]
        nxt = max(lower) if lower else 0.0
        if nxt < floor * (1 - 1e-9):
            return 0.0
    return tidy(nxt)


def tidy(v: float) -> float:
    """A value without binary noise (2 * 10**-4 is 0.00019999...; 0.002 not
    0.0020000000000000000416), as the fields write it to the training section."""
    return float(f"{v:.12g}")
