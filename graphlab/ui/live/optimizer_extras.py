"""The rest of an optimizer's hyperparameters in the train dock: betas, eps, alpha,
dampening, nesterov, amsgrad, centered.

Learning rate, momentum and weight decay have fields of their own in the dock; this
widget holds the others, built from the settings table
(:mod:`graphlab.graph.optimizer_settings`) for whichever optimizer is chosen, so every
parameter a training section may hold can be set without editing the file.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QWidget,
)

from graphlab.graph.optimizer_settings import DEFAULTS
from graphlab.ui.i18n import QT_TRANSLATE_NOOP, translate
from graphlab.ui.number_fields import FineSpinBox, tidy

OWN_FIELDS = ("momentum", "weight_decay")  # the dock shows these itself
HINTS = {
    "betas": QT_TRANSLATE_NOOP(
        "Settings", "decay rates of Adam's running averages of the gradient and its square"),
    "eps": QT_TRANSLATE_NOOP("Settings", "added to the denominator for numerical stability"),
    "amsgrad": QT_TRANSLATE_NOOP(
        "Settings", "use the maximum of past squared-gradient averages (AMSGrad)"),
    "alpha": QT_TRANSLATE_NOOP(
        "Settings", "smoothing constant of RMSprop's running average of squared gradients"),
    "centered": QT_TRANSLATE_NOOP(
        "Settings", "normalise by the gradient's estimated variance instead of its square"),
    "dampening": QT_TRANSLATE_NOOP("Settings", "dampening of the momentum buffer"),
    "nesterov": QT_TRANSLATE_NOOP(
        "Settings", "Nesterov momentum (needs momentum > 0 and dampening 0)"),
}


class OptimizerExtras(QWidget):
    edited = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.name = ""
        self.fields: dict[str, object] = {}

    def show_for(self, name: str, params: dict) -> None:
        """Fields for optimizer ``name``'s other parameters, showing ``params`` (a
        missing one shows its default). Nothing is emitted."""
        while self.form.rowCount():
            self.form.removeRow(0)
        self.name, self.fields = name, {}
        for key, default in DEFAULTS.get(name, {}).items():
            if key in OWN_FIELDS:
                continue
            value = params.get(key, default)
            field = self._field(key, value)
            self.fields[key] = field
            self.form.addRow(key, field)

    def values(self) -> dict:
        """The parameters as the fields show them."""
        out = {}
        for key, field in self.fields.items():
            if isinstance(field, QCheckBox):
                out[key] = field.isChecked()
            elif isinstance(field, QLineEdit):
                out[key] = _float(field.text(), DEFAULTS[self.name][key])
            elif key == "betas":
                out[key] = [tidy(b.value()) for b in field.findChildren(QDoubleSpinBox)]
            else:
                out[key] = tidy(field.value())
        return out

    def _field(self, key: str, value):
        if isinstance(value, bool):
            field = QCheckBox()
            field.setChecked(value)
            field.toggled.connect(self.edited)
        elif key == "eps":  # spans orders of magnitude: typed, not spun
            field = QLineEdit(f"{float(value):g}")
            field.setValidator(QDoubleValidator(0.0, 1.0, 12))
            field.editingFinished.connect(self.edited)
        elif key == "betas":
            field = QWidget()
            row = QHBoxLayout(field)
            row.setContentsMargins(0, 0, 0, 0)
            for b in value:
                row.addWidget(self._spin(float(b), 0.999999))
        else:
            field = self._spin(float(value), 1.0)
        field.setToolTip(translate("Settings", HINTS[key]) if key in HINTS else "")
        return field

    def _spin(self, value: float, top: float) -> QDoubleSpinBox:
        spin = FineSpinBox(0.0, top, step=0.01)  # exact: 0.99999 stays itself
        spin.setValue(value)
        spin.editingFinished.connect(self.edited)
        return spin


def _float(text: str, default: float) -> float:
    try:
        return float(text)
    except ValueError:
        return float(default)
