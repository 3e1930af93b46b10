"""The step-through panel: backpropagation op by op on the canvas, with a chain-rule card.

Start asks the worker for a step-through of one batch (or one sample) with the current
weights; it comes back as a :class:`~graphlab.train.teach.record.StepRecord` that a
:class:`~graphlab.train.teach.record.Replay` reveals node by node. Each Step shows one node: forward steps put the node's value
on its badge and light its outgoing wires by magnitude; backward steps add the
gradient of the loss and restyle the incoming wires by the gradient's sign and size.
For the current node the card shows, for the chosen element, the upstream gradient,
the local derivative (its formula from the op table) and their product for each
consumer, their sum, the gradient shown on the canvas, and a finite-difference check
with its verdict. A layer's card adds dL/dW and dL/db with one element's sum written
out; the last step is the optimizer's update of a chosen weight element. The data is
the batch, one sample of it, a training row, or an input the user types.
"""

from __future__ import annotations

import re

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from graphlab.train.teach import BACKWARD, FORWARD
from graphlab.train.teach.stepper import UPDATE
from graphlab.ui import theme
from graphlab.ui.i18n import translate
from graphlab.ui.i18n.messages import translate_message
from graphlab.ui.live import encode
from graphlab.ui.live.step_cards import update_lines, weight_lines

WHOLE_BATCH = -1


class StepPanel(QWidget):
    start_requested = Signal()
    stepped = Signal(object)  # the TeachStep just done
    check_requested = Signal(str, int)  # node id, flat element index: a gradient check
    param_sum_requested = Signal(str, str, int)  # node id, weight key, flat index

    def __init__(self, overlay, parent=None) -> None:
        super().__init__(parent)
        self.overlay = overlay
        self.stepper = None
        self.current: str | None = None
        self.last_check = None
        self.check_error = ""
        self.checking = False
        self._source = ""
        self.at_update = False  # the optimizer step is shown
        self.sums: dict[tuple[str, str, int], object] = {}  # ParamSums known
        self.sum_errors: dict[tuple[str, str, int], str] = {}
        self.sums_pending: set[tuple[str, str, int]] = set()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        row = QHBoxLayout()
        row.addWidget(QLabel(translate("StepPanel", "Sample")))
        self.sample = QSpinBox(minimum=WHOLE_BATCH, maximum=100000)
        self.sample.setSpecialValueText(translate("StepPanel", "whole batch"))
        self.sample.setValue(WHOLE_BATCH)
        row.addWidget(self.sample)
        self.start_button = QPushButton(translate("StepPanel", "Start step-through"))
        self.start_button.setToolTip(
            translate("StepPanel", "pause training (if running) and step through one batch"))
        row.addWidget(self.start_button, 1)
        lay.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(QLabel(translate("StepPanel", "or row")))
        self.row = QSpinBox(minimum=-1, maximum=10_000_000)
        self.row.setSpecialValueText("—")
        self.row.setValue(-1)
        self.row.setToolTip(translate("StepPanel", "step through one row of the training set (its index)"))
        row.addWidget(self.row)
        self.typed = QLineEdit()
        self.typed.setPlaceholderText(translate("StepPanel", "or type an input: 0.5, -1.2 (; label)"))
        self.typed.setToolTip(translate("StepPanel", "numbers for the input, comma separated; after ';' the "
                                        "label (without one: the label of the row, or of row 0)"))
        row.addWidget(self.typed, 1)
        lay.addLayout(row)
        row = QHBoxLayout()
        self.back_button = QPushButton("◀ Back")
        self.step_button = QPushButton(translate("StepPanel", "Step ▶"))
        self.forward_button = QPushButton(translate("StepPanel", "Forward all"))
        self.end_button = QPushButton(translate("StepPanel", "To the end"))
        for b in (self.back_button, self.step_button, self.forward_button, self.end_button):
            row.addWidget(b)
        lay.addLayout(row)
        self.where = QLabel(translate("StepPanel", "press Start to step through backpropagation"))
        self.where.setWordWrap(True)
        # the generated statement as it is (reduction="mean"), never read as HTML
        self.where.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(self.where)
        row = QHBoxLayout()
        row.addWidget(QLabel(translate("StepPanel", "Element")))
        self.element = QSpinBox(minimum=0, maximum=0)
        self.element.setToolTip(translate("StepPanel", "flat index of the element the card explains"))
        row.addWidget(self.element, 1)
        self.check_button = QPushButton(translate("StepPanel", "Gradient check"))
        row.addWidget(self.check_button)
        lay.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(QLabel(translate("StepPanel", "Weight")))
        self.weight_key = QComboBox()
        self.weight_key.setToolTip(
            translate("StepPanel", "the weight whose gradient (or update) the card writes out"))
        row.addWidget(self.weight_key, 1)
        self.weight_element = QSpinBox(minimum=0, maximum=0)
        self.weight_element.setToolTip(translate("StepPanel", "flat index of the weight element"))
        row.addWidget(self.weight_element)
        lay.addLayout(row)
        self.card = QTextEdit()
        self.card.setReadOnly(True)
        self.card.setFont(theme.mono_font(9.0))
        lay.addWidget(self.card, 1)
        self.start_button.clicked.connect(self.start_requested)
        self.step_button.clicked.connect(self.step)
        self.back_button.clicked.connect(self.back)
        self.forward_button.clicked.connect(self.forward_all)
        self.end_button.clicked.connect(self.to_end)
        self.element.valueChanged.connect(lambda _: self.show_card())
        self.check_button.clicked.connect(self.grad_check)
        self.weight_key.currentTextChanged.connect(self._weight_chosen)
        self.weight_element.valueChanged.connect(lambda _: self.show_card())
        self._enable()

    # ----- driving ----------------------------------------------------------------------------
    @property
    def sample_index(self) -> int | None:
        v = self.sample.value()
        return None if v == WHOLE_BATCH else v

    @property
    def row_index(self) -> int | None:
        v = self.row.value()
        return None if v < 0 else v

    def pick_row(self, row: int) -> None:
        """Step through training row ``row`` next (e.g. a point clicked in a data view)."""
        self.typed.clear()
        self.row.setValue(int(row))

    def begin(self, stepper, source: str = "") -> None:
        """Show a fresh :class:`Replay` (nothing revealed yet) on the canvas; ``source``
        says which data it ran on (e.g. "the batch of step 120")."""
        stepper.seek(0)
        self.stepper = stepper
        self._source = source
        self.current = None
        self.last_check = None
        self.check_error = ""
        self.at_update = False
        self.sums, self.sum_errors, self.sums_pending = {}, {}, set()
        for n, per in stepper.record.param_sums.items():
            for k, ps in per.items():
                self.sums[(n, k, _flat(np.shape(stepper.record.param_grads[n][k]),
                                       ps.index))] = ps
        self.overlay.ensure()
        self.overlay.clear()
        on = f" on {source}" if source else ""
        phases = [s.phase for s in stepper.steps]
        upd = ", then the optimizer step" if UPDATE in phases else ""
        self.where.setText(f"{len(stepper.steps)} steps{on}: {phases.count(FORWARD)} forward, "
                           f"{phases.count(BACKWARD)} backward{upd}. Press Step.")
        self._weights_for(None)
        self.card.clear()
        self._enable()

    def step(self):
        if self.stepper is None or self.stepper.done:
            return None
        s = self.stepper.step()
        self._show_step(s)
        self.stepped.emit(s)
        return s

    def forward_all(self) -> None:
        while self.stepper is not None and not self.stepper.done and (
                self.stepper.steps[self.stepper.position].phase == FORWARD):
            self.step()

    def to_end(self) -> None:
        while self.stepper is not None and not self.stepper.done:
            self.step()

    def back(self) -> None:
        """One step back: show the record again up to the previous position."""
        st = self.stepper
        if st is None or st.position == 0:
            return
        target = st.position - 1
        known = self.sums
        self.begin(st, self._source)
        self.sums = {**known, **self.sums}
        while st.position < target:
            self.step()

    def stop(self) -> None:
        self.stepper = None
        self.current = None
        self.at_update = False
        self.checking = False
        self.overlay.clear()
        self.where.setText(translate("StepPanel", "press Start to step through backpropagation"))
        self.card.clear()
        self._enable()

    def _enable(self) -> None:
        on = self.stepper is not None
        more = on and not self.stepper.done
        self.step_button.setEnabled(more)
        self.forward_button.setEnabled(more)
        self.end_button.setEnabled(more)
        self.back_button.setEnabled(on and self.stepper.position > 0)
        self.check_button.setEnabled(on and not self.checking and self.current is not None
                                     and not self.at_update
                                     and self.stepper.grad(self.current) is not None)
        has = self.weight_key.count() > 0
        self.weight_key.setEnabled(has)
        self.weight_element.setEnabled(has)

    # ----- canvas -------------------------------------------------------------------------------
    def _show_step(self, s) -> None:
        st = self.stepper
        ov = self.overlay
        if s.phase == UPDATE:
            self._show_update()
            return
        if self.current is not None and self.current in ov.halos:
            prev_phase = FORWARD if st.grad(self.current) is None else BACKWARD
            glow = encode.FORWARD_GLOW if prev_phase == FORWARD else encode.BACKWARD_GLOW
            ov.halos[self.current].set_glow(glow, 0.2)
            self._badge(self.current, highlight=False)
        self.current = s.node_id
        self.at_update = False
        n = s.node_id
        if n in ov.halos:
            glow = encode.FORWARD_GLOW if s.phase == FORWARD else encode.BACKWARD_GLOW
            ov.halos[n].set_glow(glow, 0.9)
            self._badge(n, highlight=True)
            if s.phase == FORWARD:
                width, colour = encode.value_pen(encode.stats_of(st.value(n)))
                for w in ov.wires_out(n):
                    w.set_style(width, colour)
            else:  # each outgoing wire shows what its consumer sent back
                parts = {c.consumer: c.grad for c in st.contributions.get(n, [])}
                for w in ov.wires_out(n):
                    g = parts.get(w.edge.dst)
                    width, colour = encode.grad_pen(None if g is None else encode.stats_of(g))
                    w.set_style(width, colour)
        k = st.position
        phase = (translate("StepPanel", "forward") if s.phase == FORWARD
                 else translate("StepPanel", "backward"))
        text = statement_with_shape(st.text(n), st.record.names.get(n, ""), st.value(n))
        self.where.setText(translate("StepPanel", "step {k}/{n} ({phase}): {text}").format(
            k=k, n=len(st.steps), phase=phase, text=text))
        size = int(np.size(st.value(n)))
        self.element.blockSignals(True)
        self.element.setMaximum(max(size - 1, 0))
        if self.element.value() >= size:
            self.element.setValue(0)
        self.element.blockSignals(False)
        self._weights_for(n)
        self.last_check = None
        self.check_error = ""
        self.show_card()
        self._enable()

    def _show_update(self) -> None:
        """The last step: the optimizer turns every weight's gradient into its update."""
        st = self.stepper
        ov = self.overlay
        if self.current is not None and self.current in ov.halos:
            ov.halos[self.current].set_glow(encode.BACKWARD_GLOW, 0.2)
            self._badge(self.current, highlight=False)
        keep = self.weight_key.currentText()
        self.current, self.at_update = None, True
        if st.update is not None:  # every layer with weights: how far its weights move
            for n, per in st.param_grads.items():
                if n not in ov.halos:
                    continue
                moved = sum(float(np.sum((st.update.params[k].new_w.astype(np.float64)
                                          - st.update.params[k].w) ** 2))
                            for k in per if k in st.update.params)
                ov.halos[n].set_glow(encode.BACKWARD_GLOW, 0.6)
                badge = ov.badges[n]
                kept = [s for s in badge.lines if not s.startswith("Δw")]
                badge.set_text([*kept, f"Δw ‖{encode.num(moved ** 0.5)}‖"], highlight=True)
        self._weights_for(None, keep)
        name = (st.update.name.upper() if st.update is not None
                else translate("StepPanel", "the optimizer"))
        self.where.setText(translate(
            "StepPanel", "step {k}/{n} (optimizer step): {name} turns each weight's gradient "
            "into its update").format(k=st.position, n=len(st.steps), name=name))
        self.last_check, self.check_error = None, ""
        self.show_card()
        self._enable()

    def _weights_for(self, node_id: str | None, keep: str = "") -> None:
        """Fill the weight chooser: the node's weights, or every weight at the update."""
        st = self.stepper
        if st is None:
            keys = []
        elif self.at_update and st.update is not None:
            keys = list(st.update.params)
        else:
            keys = list(st.param_grads.get(node_id, {})) if node_id else []
        self.weight_key.blockSignals(True)
        self.weight_key.clear()
        self.weight_key.addItems(keys)
        if keep in keys:
            self.weight_key.setCurrentText(keep)
        self.weight_key.blockSignals(False)
        self._weight_chosen(self.weight_key.currentText(), keep in keys and bool(keep))

    def _weight_chosen(self, key: str, keep_element: bool = False) -> None:
        grads = self._weight_grads()
        g = grads.get(key)
        self.weight_element.blockSignals(True)
        self.weight_element.setMaximum(max(int(np.size(g)) - 1, 0) if g is not None else 0)
        if g is not None and not keep_element:  # start at the largest element
            self.weight_element.setValue(int(np.argmax(np.abs(g))) if np.size(g) else 0)
        self.weight_element.blockSignals(False)
        self.show_card()

    def _weight_grads(self) -> dict:
        st = self.stepper
        if st is None:
            return {}
        if self.at_update:
            return {k: p.g for k, p in st.update.params.items()} if st.update else {}
        return st.param_grads.get(self.current, {}) if self.current else {}

    def _badge(self, node_id: str, highlight: bool) -> None:
        st = self.stepper
        v, g = st.value(node_id), st.grad(node_id)
        lines = []
        if v is not None:
            if np.size(v) == 1:
                lines.append(f"= {encode.num(float(np.ravel(v)[0]))}")
            else:
                lines.append(encode.value_line(encode.stats_of(v)))
        if g is not None:
            if np.size(g) == 1:
                lines.append(f"∂L = {encode.num(float(np.ravel(g)[0]))}")
            else:
                lines.append(encode.grad_line(encode.stats_of(g)))
        self.overlay.badges[node_id].set_text(lines, highlight=highlight)
        tip = encode.stats_tooltip(f"{st.op(node_id)} \"{st.title(node_id)}\" (step-through)",
                                   None if v is None else encode.stats_of(v),
                                   None if g is None else encode.stats_of(g))
        self.overlay.set_node_tooltip(node_id, tip)

    # ----- the card -----------------------------------------------------------------------------
    def card_for(self, node_id: str | None = None):
        st = self.stepper
        node_id = node_id or self.current
        if st is None or node_id is None or st.grad(node_id) is None:
            return None
        return st.card(node_id, self.element.value())

    def show_card(self) -> None:
        st = self.stepper
        if st is not None and self.at_update:
            self.card.setPlainText("\n".join(update_lines(
                st.update, self.weight_key.currentText(), self.weight_element.value())))
            return
        n = self.current
        if st is None or n is None:
            return
        idx = self.element.value()
        v = st.value(n)
        lines = []
        if v is not None:
            flat = np.ravel(v)
            at = tuple(int(i) for i in np.unravel_index(idx, np.shape(v))) if np.ndim(v) else ()
            inside = f"inside {where}: " if (where := st.where(n)) else ""
            lines.append(f"{inside}{st.op(n)} \"{st.title(n)}\"  shape {list(np.shape(v))}")
            lines.append(f"value{list(at) if at else ''} = {encode.num(float(flat[idx]))}")
        card = self.card_for(n)
        if card is not None:
            lines.append("")
            lines.append(translate("StepPanel", "chain rule:"))
            lines += ["  " + translate_message(s) for s in card.lines()]
        elif v is not None:
            lines.append("")
            lines.append(translate("StepPanel", "(the gradient arrives in the backward pass)"))
        if n in st.param_grads:
            lines += self._weight_card(n)
        if self.checking:
            lines += ["", translate("StepPanel", "gradient check: computing the finite difference...")]
        elif self.check_error:
            lines += ["", self.check_error]
        elif self.last_check is not None:
            lines.append("")
            lines += self.last_check.lines()
        self.card.setPlainText("\n".join(lines))

    def _weight_card(self, n: str) -> list[str]:
        st = self.stepper
        grads = st.param_grads[n]
        key = self.weight_key.currentText()
        if key not in grads:
            return weight_lines(st.title(n), grads, None, 0, None, False)
        flat = self.weight_element.value()
        at = (n, key, flat)
        if at not in self.sums and at not in self.sum_errors and at not in self.sums_pending:
            self.sums_pending.add(at)
            self.param_sum_requested.emit(n, key, flat)
        return weight_lines(st.title(n), grads, key, flat, self.sums.get(at),
                            at in self.sums_pending, self.sum_errors.get(at, ""))

    def show_param_sum(self, node_id: str, key: str, flat: int, value=None,
                       error: str = "") -> None:
        """The worker's answer to :attr:`param_sum_requested`."""
        at = (node_id, key, flat)
        self.sums_pending.discard(at)
        if value is not None:
            self.sums[at] = value
        else:
            self.sum_errors[at] = error or "could not write the sum out"
        self.show_card()

    def grad_check(self) -> bool:
        """Ask for a finite-difference check of the card's element (the worker holds the
        model); :meth:`show_check` shows the answer."""
        st = self.stepper
        if st is None or self.current is None or st.grad(self.current) is None:
            return False
        self.checking = True
        self.last_check, self.check_error = None, ""
        self.check_requested.emit(self.current, self.element.value())
        self.show_card()
        self._enable()
        return True

    def show_check(self, check=None, error: str = "") -> None:
        self.checking = False
        self.last_check, self.check_error = check, error
        self.show_card()
        self._enable()

    def select(self, node_id: str) -> None:
        """Show the card of a node the user clicked (if it has been reached)."""
        st = self.stepper
        if st is None or node_id not in st.values:
            return
        self.current = node_id
        self.at_update = False
        size = int(np.size(st.value(node_id)))
        self.element.blockSignals(True)
        self.element.setMaximum(max(size - 1, 0))
        self.element.setValue(min(self.element.value(), size - 1))
        self.element.blockSignals(False)
        self._weights_for(node_id)
        self.last_check = None
        self.check_error = ""
        self.show_card()
        self._enable()


_SHAPE_COMMENT = re.compile(r"  # \[[^\]]*\]")


def statement_with_shape(text: str, name: str, value) -> str:
    """The node's generated statement with its shape comment (``# [N, 1]``, the shape
    for any batch) replaced by the shape it has here (``# [1, 1]`` for one sample), so
    the header and the card say the same shape."""
    if value is None or not name:
        return text
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith(f"{name} = ")), None)
    if start is None:
        return text
    for i in range(start, len(lines)):  # a long statement ends on a later line
        found = list(_SHAPE_COMMENT.finditer(lines[i]))
        if found:
            m = found[-1]
            lines[i] = lines[i][:m.start()] + f"  # {list(np.shape(value))}" + lines[i][m.end():]
            break
    return "\n".join(lines)


def _flat(shape, index: tuple) -> int:
    return int(np.ravel_multi_index(tuple(index), shape)) if shape else 0
