"""The Train dock's fields, made from the settings table (graph/training_settings.py).

One widget per :class:`~graphlab.graph.training_settings.Setting` kind, each with the
same small interface (``value()``, ``set_value()``, ``edited``), so a setting added to
the table appears in the dock, is loaded from a graph and written back without a line
here. The dataset (its own chooser) and the optimizer's hyperparameters (their own
table and rows) are the two kinds that need more than one widget.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QSpinBox

from graphlab.graph.training_settings import DEVICES, INT_LIMIT, Setting
from graphlab.ui.i18n.words import setting_doc, setting_label
from graphlab.ui.number_fields import FineSpinBox, SciSpinBox, tidy


def label(setting: Setting) -> str:
    """The row's label, in the UI's language (i18n/words.py names every setting)."""
    return setting_label(setting.name)


class SettingField(QObject):
    """A setting's widget; ``edited`` fires when the person has changed it (not when a
    graph is loaded into it)."""

    edited = Signal()

    def __init__(self, setting: Setting, widget, parent=None) -> None:
        super().__init__(parent)
        self.setting = setting
        self.widget = widget
        widget.setToolTip(setting_doc(setting.doc))
        if isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(lambda *_: self.edited.emit())
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(lambda *_: self.edited.emit())
        else:
            widget.editingFinished.connect(self.edited.emit)

    def value(self):
        w, kind = self.widget, self.setting.kind
        if isinstance(w, QComboBox):
            return w.currentText()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if kind == "count":
            return w.value()
        return tidy(w.value())

    def set_value(self, value) -> None:
        w = self.widget
        if isinstance(w, QComboBox):
            i = w.findText(str(value))
            if i < 0:  # e.g. cuda:1, kept as the file says
                w.addItem(str(value))
                i = w.count() - 1
            w.setCurrentIndex(i)
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif self.setting.kind == "count":
            w.setValue(int(value))
        else:
            w.setValue(float(value))


def field_for(setting: Setting) -> SettingField | None:
    """The field of a simple setting; None for the dataset and the optimizer's
    parameters, which the dock builds itself."""
    k = setting.kind
    if k == "choice":
        w = QComboBox()
        w.addItems(list(setting.choices))
    elif k == "device":
        w = QComboBox()
        w.addItems(list(DEVICES))
    elif k == "count":  # as large as a file may say: a smaller maximum would clamp it
        w = QSpinBox(minimum=1, maximum=INT_LIMIT)
    elif k == "number":
        w = SciSpinBox(1e-10, 100.0)
    elif k == "fraction":
        w = FineSpinBox(0.0, 0.99, step=0.05)
    elif k == "bool":
        w = QCheckBox()
    else:
        return None
    return SettingField(setting, w)
