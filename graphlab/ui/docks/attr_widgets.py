"""One editor widget per attribute kind, built from the registry's :class:`Attr`.

Each widget reads and writes plain Python values. Text kinds (shape, ints, padding,
optional numbers) are parsed here; a value that cannot be parsed gives a reason
instead, so the inspector can refuse it and say why.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLineEdit, QSpinBox, QWidget

from graphlab.graph.ops.spec import Attr
from graphlab.ui.i18n import QT_TRANSLATE_NOOP, translate
from graphlab.ui.i18n.docs import attr_doc
from graphlab.ui.number_fields import FineSpinBox

# what a typed attribute must look like, by kind (the Inspector's message when it does not)
EXPECTED = {
    "shape": QT_TRANSLATE_NOOP("Inspector", "a list of whole numbers like 1, 28, 28"),
    "ints": QT_TRANSLATE_NOOP("Inspector", "a list of whole numbers like 0, 2, 1"),
    "pair": QT_TRANSLATE_NOOP("Inspector", "a whole number or two like 3, 2"),
    "padding": QT_TRANSLATE_NOOP(
        "Inspector", 'a whole number, "same", "valid", h, w or top, bottom, left, right'),
    "padding1d": QT_TRANSLATE_NOOP(
        "Inspector", 'a whole number, "same", "valid" or left, right'),
    "int": QT_TRANSLATE_NOOP("Inspector", "a whole number"),
    "float": QT_TRANSLATE_NOOP("Inspector", "a number"),
}

INT_LIMIT = 2_000_000_000


class ParseError(ValueError):
    pass


def parse_text(attr: Attr, text: str) -> Any:
    """Turn what was typed into a value of ``attr``'s kind (the model checks ranges)."""
    text = text.strip()
    if not text and attr.optional:
        return None
    kind = attr.kind
    try:
        if kind in ("shape", "ints"):
            body = text.strip("[]() ")
            if not body:
                return []
            return [int(p) for p in body.replace(",", " ").split()]
        if kind in ("pair", "padding", "padding1d"):
            if kind != "pair" and text.lower() in ("same", "valid"):
                return text.lower()
            parts = [int(p) for p in text.strip("[]() ").replace(",", " ").split()]
            if not parts:
                raise ValueError(text)
            return parts[0] if len(parts) == 1 else parts
        if kind == "int":
            return int(text)
        if kind == "float":
            return float(text)
    except ValueError:
        raise ParseError(translate("Inspector", "{attr} must be {what}, got {text}").format(
            attr=attr.name, what=translate("Inspector", EXPECTED[kind]), text=repr(text))
        ) from None
    return text


def format_value(attr: Attr, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


class AttrField(QObject):
    """Wraps the widget for one attribute; ``committed(value)`` or ``invalid(reason)``."""

    committed = Signal(object)
    invalid = Signal(str)

    def __init__(self, attr: Attr, parent: QWidget) -> None:
        super().__init__(parent)
        self.attr = attr
        self.widget = self._make(parent)
        self.widget.setToolTip(attr_doc(attr))

    def _make(self, parent: QWidget) -> QWidget:
        a = self.attr
        if a.kind == "bool":
            w = QCheckBox(parent)
            w.toggled.connect(lambda v: self.committed.emit(bool(v)))
            return w
        if a.kind == "choice":
            w = QComboBox(parent)
            for c in a.choices:
                w.addItem(str(c), c)
            w.activated.connect(lambda i: self.committed.emit(w.itemData(i)))
            return w
        if a.kind == "int" and not a.optional:
            w = QSpinBox(parent)
            w.setRange(int(a.min) if a.min is not None else -INT_LIMIT,
                       int(a.max) if a.max is not None else INT_LIMIT)
            w.setKeyboardTracking(False)
            w.valueChanged.connect(lambda v: self.committed.emit(int(v)))
            return w
        if a.kind == "float" and not a.optional:
            # exact and shown as %g: an eps of 1e-12 is not a 6-decimal 0.000000
            w = FineSpinBox(a.min if a.min is not None else -1e12,
                            a.max if a.max is not None else 1e12,
                            step=0.1 if (a.max or 10) <= 10 else 1.0, parent=parent)
            w.setKeyboardTracking(False)
            w.valueChanged.connect(lambda v: self.committed.emit(float(v)))
            return w
        w = QLineEdit(parent)
        if a.optional:
            w.setPlaceholderText(translate("Inspector", "empty: inferred"))
        w.editingFinished.connect(self._text_done)
        return w

    def _text_done(self) -> None:
        w = self.widget
        if not w.isModified():
            return
        w.setModified(False)
        try:
            value = parse_text(self.attr, w.text())
        except ParseError as err:
            self.invalid.emit(str(err))
            return
        self.committed.emit(value)

    def show_value(self, value: Any) -> None:
        """Show the model's value without emitting a commit."""
        w = self.widget
        w.blockSignals(True)
        try:
            if isinstance(w, QCheckBox):
                w.setChecked(bool(value))
            elif isinstance(w, QComboBox):
                w.setCurrentIndex(max(0, w.findData(value)))
            elif isinstance(w, QSpinBox | QDoubleSpinBox):
                w.setValue(value)
            else:
                w.setText(format_value(self.attr, value))
                w.setModified(False)
        finally:
            w.blockSignals(False)
